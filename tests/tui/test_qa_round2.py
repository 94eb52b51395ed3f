"""Issue 11, the QA engineer's second round: further instances of issue 11's kinds (one test per fault)."""

from __future__ import annotations

import pytest

from fstui.config import Profile
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen

from tests.tui.harness import make_app, open_service, quiet_config, wait_for


def _queue_ready(app) -> bool:
    return isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids)


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


def _switchable_app(sandbox_url, *, read_only=False):
    opened: list = []

    async def other(profile):
        service = await open_service(base_url=sandbox_url, read_only=bool(profile.read_only), config=quiet_config())
        opened.append(service)
        return service

    app = make_app(base_url=sandbox_url, read_only=read_only, config=quiet_config())
    app.profile_service_factory = other
    return app, opened


# -- 1. switching account works and never crashes (also from a read-only session) ----------------------------
async def test_switching_account_opens_the_other_account_and_its_tickets(sandbox_url):
    app, opened = _switchable_app(sandbox_url)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        first = app.service
        app.switch_profile(Profile(name="demo", demo=True))
        await wait_for(pilot, lambda: opened and app.service is opened[0] and _queue_ready(app))
        assert app.service is not first
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.current_ticket is not None)
        assert app.return_code is None


async def test_switching_account_from_a_read_only_session_stays_read_only(sandbox_url):
    from fstui.tui.commands import switch_account

    app, opened = _switchable_app(sandbox_url, read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        switch_account(app, "demo")
        await wait_for(pilot, lambda: opened and app.service is opened[0] and _queue_ready(app))
        assert app.started_read_only and app.status_info.read_only
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen))
        assert app.return_code is None


# -- 2. marks a filter hides are said in the queue and in the bulk flow -----------------------------------------
async def test_marks_hidden_by_the_filter_are_said_in_the_queue_and_the_bulk_picker(sandbox_url):
    from fstui.tui.screens.picker import PickerScreen

    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        queue = app.screen
        marked, other = queue.shown_ids[0], queue.shown_ids[1]
        subject = queue.tickets[other].subject
        assert subject.lower() not in queue.tickets[marked].subject.lower()
        await pilot.press("space")
        assert queue.marks == {marked}
        await pilot.press("slash", *subject, "enter")
        await wait_for(pilot, lambda: marked not in queue.shown_ids and other in queue.shown_ids)
        assert "1 marked (1 hidden by the filter)" in screen_text(app)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        assert "Agent for 1 marked ticket (1 hidden by the filter)" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is queue)
        await pilot.press("c")
        from fstui.tui.screens.bulk import BulkConfirmScreen

        await wait_for(pilot, lambda: isinstance(app.screen, BulkConfirmScreen))
        assert f"1 of them hidden by the filter: #{marked}" in screen_text(app)


# -- 3. writes held back (429 Retry-After) say so and until when, also after a restart --------------------------
def _status_bar(app) -> str:
    from fstui.tui.widgets.status_bar import StatusBar

    return str(app.screen.query_one(StatusBar).render())


async def test_a_write_held_back_by_retry_after_says_until_when_after_a_restart(sandbox_url):
    import httpx

    from fstui.tui.screens.outbox import OutboxScreen

    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        httpx.post(f"{sandbox_url}/_sandbox/faults", json={"rate_429": 1, "retry_after": 300}).raise_for_status()
        app.service.note(app.screen.shown_ids[0], "held back", private=True)
        await wait_for(pilot, lambda: "(wait 5m)" in _status_bar(app))
    httpx.post(f"{sandbox_url}/_sandbox/faults", json={"rate_429": 0}).raise_for_status()
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        await wait_for(pilot, lambda: "outbox 1 (wait 5m)" in _status_bar(app))
        await pilot.press("O")
        await wait_for(pilot, lambda: isinstance(app.screen, OutboxScreen))
        await pilot.pause(0.2)
        assert "Outbox: 1 waiting (held back: sent at " in screen_text(app)


# -- 4. NO_COLOR: the cursor row / highlighted choice is reversed in the queue, browse tables, pickers, palette --
def _reversed_lines(app) -> list[str]:
    """Lines of the screen most of whose cells are reversed (the cursor's look under NO_COLOR)."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        text = "".join(seg.text for seg in strip)
        reversed_cells = sum(len(seg.text) for seg in strip if seg.style is not None and seg.style.reverse)
        if reversed_cells * 2 > len(text.rstrip()) > 0:
            lines.append(text)
    return lines


async def test_no_color_cursor_and_highlighted_choices_are_reversed(sandbox_url, monkeypatch):
    from textual.widgets import OptionList

    from fstui.tui.screens.picker import PickerScreen

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        await pilot.press("j")
        await pilot.pause(0.2)
        cursor_id = str(app.screen.highlighted_id())
        assert any(line.strip().startswith(cursor_id) for line in _reversed_lines(app))
        await pilot.press("s")  # a picker: its highlighted status
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.pause(0.2)
        options = app.screen.query_one(OptionList)
        chosen = str(options.get_option_at_index(options.highlighted).prompt).strip()
        assert any(chosen in line for line in _reversed_lines(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, PickerScreen))
        await pilot.press("ctrl+p")  # the palette: its highlighted command
        await wait_for(pilot, lambda: "Go to" in screen_text(app))
        await pilot.press("down")
        await pilot.pause(0.2)
        from textual.command import CommandList

        def highlighted_command_reversed() -> bool:
            commands = app.screen.query_one(CommandList)
            if commands.highlighted is None:
                return False
            prompt = commands.get_option_at_index(commands.highlighted).prompt
            first = str(getattr(prompt, "plain", prompt)).strip().splitlines()[0].strip()
            return any(first in line for line in _reversed_lines(app))

        await wait_for(pilot, highlighted_command_reversed)
        await pilot.press("escape")
        await pilot.press("3")  # a browse table (agents): its cursor row
        await wait_for(pilot, lambda: "@" in "".join(_reversed_lines(app)))


# -- 5. names where names are known: query titles, asset type fields, a stale cached look-up list -----------------
async def test_query_titles_name_the_department_the_source_and_say_dates_in_words(sandbox_url):
    from fstui.service import QueueView

    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(160, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        departments = await app.service.lookups.departments()
        dept = departments[0]
        title = lambda: app.screen.query_one("#queue-title").render().plain  # noqa: E731
        app.screen.set_view(QueueView(kind="query", query=f"department_id:{dept.id} AND source:1001"))
        await wait_for(pilot, lambda: title().startswith(f"Tickets in department {dept.name} and source Vendor Portal"))
        app.screen.set_view(QueueView(kind="query", query="created_at:>'2026-11-20'"))
        await wait_for(pilot, lambda: title().startswith("Tickets created after 20 Nov 2026"))
        assert "created_at" not in title() and str(dept.id) not in title()


async def test_a_cached_list_that_lacks_an_id_is_read_again_and_type_fields_show_names(sandbox_url):
    import asyncio

    from fstui.tui import asset_type_fields

    earlier = await open_service(base_url=sandbox_url, config=quiet_config())
    known = (await earlier.lookups.locations())[0]
    # cached empty by an earlier session (an account, or sandbox, that did not serve /locations then)
    earlier.lookups.store.set_record("lookup:locations", [])
    earlier.lookups.names.replace("locations", {})
    await earlier.close()
    service = await open_service(base_url=sandbox_url, config=quiet_config())
    try:
        assert service.location_name(known.id) is None  # a miss: the out-of-date list is read again
        for _ in range(100):
            if service.location_name(known.id):
                break
            await asyncio.sleep(0.02)
        assert service.location_name(known.id) == known.name
        assert asset_type_fields.row(service, "location_id_25", known.id) == ("Location", known.name)
        assert asset_type_fields.row(service, "serial_number_25", "X1") == ("Serial number", "X1")
    finally:
        await service.close()


async def test_the_ticket_header_names_the_department(sandbox_url):
    from tests.tui.test_server_truth import header, open_ticket

    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        queue = app.screen
        tid = next(t for t in queue.shown_ids if queue.tickets[t].department_id)
        dept_id = queue.tickets[tid].department_id
        names = {d.id: d.name for d in await app.service.lookups.departments()}
        await open_ticket(pilot, app, tid)
        await wait_for(pilot, lambda: names[dept_id] in header(app))
        assert f"#{dept_id}" not in header(app)


# -- 6. j/k move in filterable pickers (agent, group); other letters go to the filter ---------------------------
async def test_j_and_k_move_in_the_agent_picker_and_letters_filter(sandbox_url):
    from textual.widgets import Input, OptionList

    from fstui.tui.screens.picker import PickerScreen

    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        options, box = picker.query_one(OptionList), picker.query_one("#picker-filter", Input)
        assert picker.filterable
        start = options.highlighted
        await pilot.press("j", "j")
        assert options.highlighted == start + 2 and box.value == ""
        await pilot.press("k")
        assert options.highlighted == start + 1 and box.value == ""
        chosen = options.get_option_at_index(options.highlighted).prompt.plain.strip(" *")
        needle = chosen.split()[0].lower()
        await pilot.press(*needle)  # letters (j/k included, once typing) go to the filter
        await pilot.pause(0.1)
        assert box.value == needle and box.has_focus
        assert all(needle in options.get_option_at_index(i).prompt.plain.lower() for i in range(options.option_count))
        await pilot.press("down", "up", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, PickerScreen))


# -- 8. Requesters: after a search's enter, the list's keys act on the first result -----------------------------
@pytest.mark.parametrize("typed_before", [False, True], ids=["first-search", "after-a-narrowing"])
async def test_t_after_a_requester_search_opens_the_first_results_tickets(sandbox_url, typed_before):
    import httpx

    from fstui.sandbox import DEMO_API_KEY

    with httpx.Client(base_url=f"{sandbox_url}/api/v2", auth=(DEMO_API_KEY, "X"), timeout=10) as api:
        people = [r for p in range(1, 20) for r in api.get("/requesters", params={"per_page": 100, "page": p})
                  .json()["requesters"]]
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        await pilot.press("4")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "RequestersScreen" and app.screen.loaded)
        screen = app.screen
        person = next(r for r in reversed(people) if r["id"] not in screen.loaded and r["primary_email"]
                      and f"{r['first_name']}{r['last_name']}".isalpha() and r["first_name"].isascii())
        name = f"{person['first_name']} {person['last_name']}"
        if typed_before:  # the cursor was on a row that the search then hid
            await pilot.press("j", "j")
        await pilot.press("slash", *name, "enter")
        await wait_for(pilot, lambda: screen.server_results is not None and screen.table.row_count > 0)
        await pilot.press("t")
        await wait_for(pilot, lambda: _queue_ready(app))
        assert person["primary_email"] in app.screen.query_one("#queue-title").render().plain


# -- 11. a stray Enter on a confirm is "no"; yes needs y, or moving to Yes first -----------------------------------
@pytest.mark.parametrize("key", ["c", "D"])
async def test_enter_on_a_confirm_is_no_unless_the_agent_moved_to_yes(sandbox_url, key):
    from fstui.tui.screens.confirm_modal import AnswerScreen

    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        queue = app.screen
        tid = next(t for t in queue.shown_ids if queue.tickets[t].status not in (4, 5))
        queue.table.move_cursor(row=queue.shown_ids.index(tid), animate=False)
        await pilot.pause()
        if key == "D":  # delete is asked in the ticket screen
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.ticket is not None)
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerScreen))
        await pilot.press("enter")  # the stray Enter: nothing happens
        await wait_for(pilot, lambda: not isinstance(app.screen, AnswerScreen))
        await pilot.pause(0.2)
        assert app.service.outbox.pending_count() == 0 and not app.service.outbox.entries()
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerScreen))
        await pilot.press("right", "enter")  # moved to Yes: now Enter says yes
        await wait_for(pilot, lambda: not isinstance(app.screen, AnswerScreen))
        await wait_for(pilot, lambda: len(app.service.outbox.entries()) == 1)


async def test_enter_on_the_bulk_confirm_is_no(sandbox_url):
    from fstui.tui.screens.bulk import BulkConfirmScreen

    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        await pilot.press("space", "space", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, BulkConfirmScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, BulkConfirmScreen))
        await pilot.pause(0.2)
        assert not app.service.outbox.entries() and len(app.screen.marks) == 2


# -- 10. who-am-I: GET /agents/me, one source for the bar, "yours" and e ---------------------------------------
async def test_the_status_bar_names_the_agent_at_80_columns(sandbox_url):
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        assert "Demo Agent" in _status_bar(app) and "outbox 0" in _status_bar(app)


async def test_e_edits_your_note_when_who_am_i_was_not_known_at_start(sandbox_url):
    from fstui.tui.screens.compose import ComposeScreen

    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        queue = app.screen
        tid = queue.shown_ids[0]
        entry = app.service.note(tid, "mine to edit", private=True)
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id).state == "sent")
        app.me = None  # GET /agents/me failed at start (offline, rate limited)
        app.service.lookups.store.delete(app.service.lookups.me_key())
        app.service.writes.core.store.delete(app.service.writes.whoami_key())
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded
                       and any("mine to edit" in (c.body_text or "") for c in app.screen.conversations))
        await pilot.press("end", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))


# -- 9. at 120 columns the Status column shows its labels whole; 80 columns stay as they were ------------------
@pytest.mark.parametrize("width", [80, 120, 160])
async def test_the_status_column_shows_whole_labels_when_the_width_allows(sandbox_url, width):
    from fstui.tui import format as fmt
    from fstui.tui import queue_columns

    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(width, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        queue = app.screen
        await wait_for(pilot, lambda: queue_columns.longest_status(fmt.labels_of(app.service)) > 8)  # labels read
        if queue.preview_visible():  # the preview pane (>= 120 columns) takes its share of the width first
            await pilot.press("P")
        await pilot.pause(0.1)
        sizes = {key: size for key, _label, size, _minimum in queue.columns}
        if width == 80:
            assert sizes["status"] == 8
            return
        assert sizes["status"] >= len("Waiting on Customer") and sizes["subject"] >= 16
        labels = fmt.labels_of(app.service)
        for tid in queue.shown_ids[:30]:
            label = fmt.status_label(queue.tickets[tid].status, labels)
            cell = queue._cells(queue.tickets[tid])[[c[0] for c in queue.columns].index("status")]
            assert cell.plain == label  # never "Waiting…" / "Awaitin…"


def test_query_titles_say_other_fields_in_words_not_api_names():
    from fstui.tui.view_titles import describe_query

    assert (describe_query("category:'Hardware' AND type:'Incident'")
            == "Tickets with category Hardware and type Incident")
    assert describe_query("cf_business_impact:'High'") == "Tickets with business impact High"
    assert describe_query("updated_at:<'2026-01-05'") == "Tickets updated before 5 Jan 2026"


def test_the_outbox_listing_says_when_a_held_write_is_tried_next():
    import time
    from types import SimpleNamespace
    from datetime import UTC, datetime

    from fstui.service.outbox_report import describe, status_text

    entry = SimpleNamespace(id="a1", state="pending", kind="note", ticket_id=7, created_at=datetime.now(UTC),
                            attempts=1, error="rate limited (429)", error_kind="rate_limited", error_status=429,
                            outcome_unknown=False, field_errors=[], confirmed_by=None, sent_at=None, twin=None,
                            result=None, next_attempt_at=time.time() + 290)
    row = describe(entry)
    assert row["next_attempt_in"] >= 289 and status_text(row) == "rate limited (429); next try in 5m"


def test_a_sent_write_says_what_it_made_by_its_kind():
    """QA of issue 12: a ticket update read "Update sent (conversation 2050)" — 2050 is the ticket itself."""
    from fstui.service.outbox_report import status_text

    sent = {"state": "sent", "confirmed_by": "sent", "result_id": 2050}
    assert status_text({**sent, "kind": "update_ticket"}) == "sent"
    assert status_text({**sent, "kind": "reply", "result_id": 77}) == "sent (conversation 77)"
    assert status_text({**sent, "kind": "create_ticket", "result_id": 2101}) == "sent (ticket #2101)"
    assert status_text({**sent, "kind": "create_time_entry", "result_id": 9,
                        "confirmed_by": "found"}) == "found on the server (time entry 9)"


async def test_help_cuts_a_long_line_with_an_ellipsis_never_wraps_it():
    """QA of issue 12: at 80 columns the ticket help wrapped ``ticket.delete_conversation`` onto a line
    of its own; a line too long for the help is cut with …."""
    from fstui.tui.screens.help import HelpScreen
    from tests.tui.harness import make_sandbox

    app = make_app(make_sandbox(tickets=30), config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.ticket is not None)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = next(line for line in lines if "Delete message" in line)
        assert "ticket.delete_conversat" in row and "\u2026" in row
        assert not any(line.strip("│ ").startswith("ion") for line in lines)  # no wrapped remainder

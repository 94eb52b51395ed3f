"""Issue 11, sections 1 and 2, driven like a user on the real DataService against an in-process sandbox:
never write what was not read (tags), and show the server's names, not its ids or internal names."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Input

from fstui.sandbox.seed import CI_TYPES
from fstui.service import QueueView
from fstui.tui.screens.picker import PickerScreen
from fstui.tui.screens.prompt import PromptScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen
from fstui.tui.widgets.conversation import ConversationEntry

from tests.tui.harness import make_app, make_sandbox, quiet_config, wait_for


def store_of(asgi) -> dict[int, dict]:
    return asgi.state.sandbox.store.tickets


def newest_open(asgi, *, skip: int = 0) -> int:
    """A ticket on page 1 of the default view (newest first, not deleted or spam)."""
    tickets = store_of(asgi)
    ids = sorted((t for t, x in tickets.items() if not x["deleted"] and not x["spam"]),
                 key=lambda t: (tickets[t]["created_at"], t), reverse=True)
    return ids[skip]


def queue_ready(app) -> bool:
    return isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids)


def header(app) -> str:
    return app.screen.query_one("#ticket-header").render().plain


async def open_ticket(pilot, app, ticket_id: int) -> TicketScreen:
    await wait_for(pilot, lambda: queue_ready(app))
    queue = app.screen
    queue.table.move_cursor(row=queue.shown_ids.index(ticket_id), animate=False)
    await pilot.pause()
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.ticket is not None
                   and app.screen.conversations_loaded)
    return app.screen


async def edit_tags(pilot, app, typed: str) -> str:
    """t, then what the editor offered; the editor's text is replaced by ``typed`` and Enter pressed."""
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
    box = app.screen.query_one(Input)
    offered = box.value
    box.value = typed
    await pilot.press("enter")
    return offered


def sent_updates(app) -> list:
    return [e for e in app.service.outbox.entries(include_sent=True) if e.kind == "update_ticket"]


# ----------------------------------------------------------------------------------- 1. tags


async def test_tags_are_shown_and_the_editor_starts_from_them():
    """A ticket tagged `printer` shows it; `t` offers `printer`; adding `vip` leaves the server with both."""
    asgi = make_sandbox()
    tid = newest_open(asgi)
    store_of(asgi)[tid]["tags"] = ["printer"]
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, app, tid)
        await wait_for(pilot, lambda: "Tags: printer" in header(app))
        offered = await edit_tags(pilot, app, "printer, vip")
        assert offered == "printer"
        await wait_for(pilot, lambda: store_of(asgi)[tid]["tags"] == ["printer", "vip"])
        assert [e.payload["fields"] for e in sent_updates(app)] == [{"tags": ["printer", "vip"]}]
        await wait_for(pilot, lambda: "Tags: printer, vip" in header(app))


async def test_tags_missing_from_the_listed_copy_are_read_before_anything_is_written():
    """When the queue's copy carries no tags (a server that does not embed them in lists), the ticket screen
    asks for them (include=tags) and the editor starts from what the server said."""
    asgi = make_sandbox()
    tid = newest_open(asgi)
    store_of(asgi)[tid]["tags"] = ["printer", "floor-3"]
    app = make_app(asgi, config=replace(quiet_config(), include_tags=False))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_ticket(pilot, app, tid)
        await wait_for(pilot, lambda: "Tags: printer, floor-3" in header(app))
        assert "tags" in screen.ticket.model_fields_set
        offered = await edit_tags(pilot, app, "floor-3")
        assert offered == "printer, floor-3"
        await wait_for(pilot, lambda: store_of(asgi)[tid]["tags"] == ["floor-3"])  # what the agent left


async def test_the_tag_editor_refuses_when_the_tags_cannot_be_read():
    asgi = make_sandbox()
    tid = newest_open(asgi)
    store_of(asgi)[tid]["tags"] = ["printer"]
    app = make_app(asgi, config=replace(quiet_config(), include_tags=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))

        async def unreachable(ticket_id):
            raise ConnectionError("offline")

        app.service.read_ticket = unreachable
        screen = await open_ticket(pilot, app, tid)
        await wait_for(pilot, lambda: "Tags: not read" in header(app))
        assert "Tags: -" not in header(app)
        await pilot.press("t")
        await pilot.pause(0.2)
        assert app.screen is screen  # no editor on an empty placeholder
        assert sent_updates(app) == []
        assert store_of(asgi)[tid]["tags"] == ["printer"]


async def test_a_status_change_sends_only_the_status():
    """Every field edit carries only what the agent changed (the queue's and the ticket screen's pickers)."""
    asgi = make_sandbox()
    tid = newest_open(asgi)
    store_of(asgi)[tid].update(tags=["printer"], status=2)
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        queue = app.screen
        queue.table.move_cursor(row=queue.shown_ids.index(tid), animate=False)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        labels = [str(label) for _value, label in picker.choices]
        assert "Waiting on Customer" in labels and "Awaiting Vendor" in labels  # the account's statuses
        picker.dismiss(12)
        await wait_for(pilot, lambda: store_of(asgi)[tid]["status"] == 12)
        assert [e.payload["fields"] for e in sent_updates(app)] == [{"status": 12}]
        assert store_of(asgi)[tid]["tags"] == ["printer"]


# ----------------------------------------------------------------------------------- 2. labels


async def test_custom_statuses_and_sources_show_their_labels_everywhere():
    asgi = make_sandbox()
    waiting, vendor, unnamed = newest_open(asgi), newest_open(asgi, skip=1), newest_open(asgi, skip=2)
    tickets = store_of(asgi)
    tickets[waiting].update(status=6, source=1001)
    tickets[vendor]["status"] = 12
    tickets[unnamed]["status"] = 13  # no ticket field names it
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        queue = app.screen

        def status_cell(tid: int) -> str:
            return queue._cells(queue.tickets[tid])[[c[0] for c in queue.columns].index("status")].plain

        await wait_for(pilot, lambda: status_cell(vendor).startswith("Await"))  # the fields arrived
        # the label, cut (the cut's mark is the sanitiser's), never a number cut short like "Status 1"
        assert not any(ch.isdigit() for ch in status_cell(vendor))
        assert status_cell(waiting).startswith("Waiti")
        assert status_cell(unnamed) == "#13"
        await open_ticket(pilot, app, waiting)
        assert "Status: Waiting on Customer" in header(app)
        assert "Source: Vendor Portal" in header(app)
        await pilot.press("escape")
        await open_ticket(pilot, app, vendor)
        assert "Status: Awaiting Vendor" in header(app)
        await pilot.press("escape")
        await open_ticket(pilot, app, unnamed)
        assert "Status: #13" in header(app)


async def test_custom_fields_show_labels_and_values_as_the_portal_does():
    asgi = make_sandbox()
    tid = newest_open(asgi)
    store_of(asgi)[tid]["custom_fields"] = {
        "custom_text": "REF-01994", "auto_checkbox": True, "business_impact": "Medium", "affected_users": 12,
        "expected_resolution": "2025-04-01",
    }
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(200, 40)) as pilot:
        await open_ticket(pilot, app, tid)
        await wait_for(pilot, lambda: "Reference: REF-01994" in header(app))
        shown = header(app)
        assert "Auto-created: yes" in shown
        assert "Business impact: Medium" in shown
        assert "Affected users: 12" in shown
        assert "Expected resolution: 2025-04-01" in shown
        assert "auto_checkbox" not in shown and "True" not in shown


async def test_closed_and_pending_tickets_show_no_running_sla():
    asgi = make_sandbox()
    closed, pending, running = newest_open(asgi), newest_open(asgi, skip=1), newest_open(asgi, skip=2)
    tickets = store_of(asgi)
    past = tickets[closed]["created_at"] - 40 * 86400
    tickets[closed].update(status=5, due_by=past, fr_due_by=past)
    tickets[pending].update(status=3, due_by=past, fr_due_by=past)
    tickets[running].update(status=2, due_by=past, fr_due_by=past)
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(160, 40)) as pilot:
        await open_ticket(pilot, app, closed)
        assert "Due: -" in header(app) and "late" not in header(app)
        await pilot.press("escape")
        await open_ticket(pilot, app, pending)
        assert "Due: paused" in header(app) and "late" not in header(app)
        await pilot.press("escape")
        await open_ticket(pilot, app, running)
        assert "late" in header(app)


async def test_the_requester_email_shows_on_every_open():
    """Opened from a filter query (no requester embedded), the header still shows the email."""
    asgi = make_sandbox()
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        app.screen.set_view(QueueView(kind="query", query="priority:4"))
        await wait_for(pilot, lambda: queue_ready(app) and app.screen.view.kind == "query")
        tid = app.screen.shown_ids[0]
        await open_ticket(pilot, app, tid)
        requester = asgi.state.sandbox.store.requesters.get(store_of(asgi)[tid]["requester_id"])
        await wait_for(pilot, lambda: f"<{requester['primary_email']}>" in header(app))


async def test_queue_titles_and_requesters_are_names():
    asgi = make_sandbox()
    app = make_app(asgi)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        agents = await app.service.agents()
        agent = next(a for a in agents if a.first_name)
        queue = app.screen
        queue.set_view(QueueView(kind="query", query=f"agent_id:{agent.id}"))
        title = lambda: app.screen.query_one("#queue-title").render().plain  # noqa: E731
        await wait_for(pilot, lambda: title().startswith(f"Tickets assigned to {agent.name}"))
        assert str(agent.id) not in title()
        queue.set_view(QueueView(kind="query", query="priority:4 AND status:2"))
        await wait_for(pilot, lambda: queue_ready(app))
        assert title() == "Tickets with priority Urgent and status Open (newest first)"
        # a filter query embeds no requester: each name is looked up once, never shown as #id
        column = [c[0] for c in queue.columns].index("requester")
        cells = lambda: [queue._cells(queue.tickets[t])[column].plain for t in queue.shown_ids]  # noqa: E731
        await wait_for(pilot, lambda: all(c not in ("…", "-") for c in cells()), timeout=20)
        assert not any(c.startswith("#") for c in cells())


async def test_the_focused_message_shows_its_exact_time_and_every_reply_its_recipients():
    asgi = make_sandbox()
    tid = newest_open(asgi)
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_ticket(pilot, app, tid)
        app.service.reply(tid, "Hello there", cc_emails=["boss@customer.example"], bcc_emails=["audit@x.example"])
        await wait_for(pilot, lambda: any("Hello there" in e.render().plain and e.conversation is not None
                                          for e in screen.query(ConversationEntry)))
        entry = next(e for e in screen.query(ConversationEntry) if "Hello there" in e.render().plain)
        shown = entry.render().plain
        assert "cc: boss@customer.example" in shown and "bcc: audit@x.example" in shown
        assert "2025-03-14" not in shown.splitlines()[0]  # relative only while not focused
        entry.focus()
        await pilot.pause()
        assert "2025-03-14 13:00:00 CET" in entry.render().plain.splitlines()[0]  # TZ=Europe/Berlin in tests
        # the header's "Updated" follows the server's answer to the reply; a reply ends the first-response SLA
        await wait_for(pilot, lambda: "Updated: now" in header(app))
        assert "First response due: -" in header(app)


async def test_r_in_the_ticket_screen_always_asks_the_server():
    asgi = make_sandbox()
    tid = newest_open(asgi)
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(160, 40)) as pilot:
        await open_ticket(pilot, app, tid)
        stats = asgi.state.sandbox.by_endpoint
        views, threads = stats["GET /api/v2/tickets/{id}"], stats["GET /api/v2/tickets/{id}/conversations"]
        description = lambda: app.screen.query_one("#description").render().plain  # noqa: E731
        assert "attachments: not listed" in description()  # a list row has none: never shown as "none"
        store_of(asgi)[tid]["subject"] = "Changed elsewhere"
        await pilot.press("R")
        await wait_for(pilot, lambda: "Changed elsewhere" in header(app))
        assert "attachments: not listed" not in description()  # the view carries them
        assert stats["GET /api/v2/tickets/{id}"] == views + 1
        assert stats["GET /api/v2/tickets/{id}/conversations"] == threads + 1


async def test_assets_name_their_user_type_and_department_and_sort_in_words():
    from fstui.tui.screens.assets import AssetDetailScreen, AssetsScreen

    asgi = make_sandbox()
    app = make_app(asgi)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, AssetsScreen) and bool(app.screen.assets))
        screen = app.screen
        assert "newest first" in screen.header_text().plain and "created_at" not in screen.header_text().plain
        assets = asgi.state.sandbox.store.assets
        used = [k for k, a in screen.assets.items() if a.user_id]
        people = asgi.state.sandbox.store.requesters | asgi.state.sandbox.store.agents

        def used_by_shown() -> bool:
            text = app.export_screenshot()
            return all(people[screen.assets[k].user_id]["first_name"] in text for k in used[:3])

        await wait_for(pilot, used_by_shown, timeout=20)  # looked up, never "#1000000370"
        key = next(k for k, a in screen.assets.items() if a.department_id)
        screen.table.move_cursor(row=list(screen.assets).index(key), animate=False)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AssetDetailScreen))
        asset = assets[int(key)]
        type_name = {tid: name for tid, name, _prefix in CI_TYPES}[asset["ci_type_id"]]
        await wait_for(pilot, lambda: _detail_line(app, "Type").endswith(type_name))  # not "Type id 3"
        department = _detail_line(app, "Department")
        assert department.endswith(f"#{asset['department_id']}") or not any(ch.isdigit() for ch in department)
        assert f"Department {asset['department_id']}" not in _detail_text(app)


def _detail_text(app) -> str:
    return app.screen.query_one("#asset-fields").render().plain


def _detail_line(app, label: str) -> str:
    return next(line for line in _detail_text(app).splitlines() if line.startswith(label))


async def test_bulk_offers_and_reports_the_accounts_statuses():
    from fstui.tui.screens.bulk import choices_for, value_label

    asgi = make_sandbox()
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        choices = await choices_for(app.service, "status")
        assert (12, "Awaiting Vendor") in [(value, label.plain) for value, label in choices]
        assert value_label("status", 12, choices) == "Awaiting Vendor"  # the progress title and results say it


async def test_a_reply_says_who_it_goes_to():
    from fstui.tui.screens.compose import ComposeScreen

    asgi = make_sandbox()
    tid = newest_open(asgi)
    requester = asgi.state.sandbox.store.requesters[store_of(asgi)[tid]["requester_id"]]
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ticket(pilot, app, tid)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        title = app.screen.query_one("#compose-title").render().plain
        assert f"To: {requester['first_name']} {requester['last_name']} <{requester['primary_email']}>" in title


async def test_already_has_that_value_is_asked_of_the_server_not_the_cached_row():
    """QA: another agent set a ticket to High while the queue still showed Medium; choosing Medium (the picker,
    or a bulk change of two marked tickets) sent nothing and said "already has priority Medium". The server
    is asked first: a ticket that differs there is changed, one that really has the value is not."""
    from fstui.tui.screens.bulk import BulkConfirmScreen

    asgi = make_sandbox()
    first, second, third = newest_open(asgi), newest_open(asgi, skip=1), newest_open(asgi, skip=2)
    for tid in (first, second, third):
        store_of(asgi)[tid]["priority"] = 2  # Medium, as the queue will list it
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app) and third in app.screen.shown_ids)
        queue = app.screen
        for tid in (first, second):
            store_of(asgi)[tid]["priority"] = 3  # another agent: High (the queue still shows Medium)
        # the picker on one ticket: Medium, as the row shows, is a change on the server
        queue.table.move_cursor(row=queue.shown_ids.index(first), animate=False)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        app.screen.dismiss(2)
        await wait_for(pilot, lambda: store_of(asgi)[first]["priority"] == 2)
        assert [e.payload["fields"] for e in sent_updates(app)] == [{"priority": 2}]
        # ... and one that really has it is left alone, and said so
        queue.table.move_cursor(row=queue.shown_ids.index(third), animate=False)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        app.screen.dismiss(2)
        await wait_for(pilot, lambda: any(f"#{third} already has priority Medium" in str(n.message)
                                          for n in app._notifications))
        assert len(sent_updates(app)) == 1
        # bulk: #second (High on the server) changes; #third (Medium) is counted as already so
        for tid in (second, third):
            queue.table.move_cursor(row=queue.shown_ids.index(tid), animate=False)
            await pilot.press("space")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        app.screen.dismiss(2)
        await wait_for(pilot, lambda: isinstance(app.screen, BulkConfirmScreen))
        assert app.screen.ticket_ids == [second] and app.screen.unchanged == [third]
        await pilot.press("y")
        await wait_for(pilot, lambda: store_of(asgi)[second]["priority"] == 2)
        assert store_of(asgi)[third]["priority"] == 2 and not any(e.ticket_id == third for e in sent_updates(app))

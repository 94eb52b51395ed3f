"""The queue an agent lives in (issue 15): saved views, SLA order, preview, live marks, keys, themes, copy."""

from __future__ import annotations

import pytest

from fstui.service.sla_order import sla_key
from fstui.tui.screens.queue import TicketQueueScreen

from tests.tui.harness import make_app, make_sandbox, quiet_config, wait_for

VIEWS = """\
# my views
[[views]]
name = "Urgent"
query = "priority:4 AND (status:2 OR status:3)"
sort = "sla"
columns = ["priority", "subject", "due"]

[[views]]
name = "Mine"
query = "agent_id:{me}"
sort = "updated"
"""


def queue_ready(app) -> bool:
    return isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids)


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


def write_config(isolated_dirs, text: str):
    path = isolated_dirs / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


async def test_saved_views_from_config_tabs_and_sla_order(isolated_dirs):
    write_config(isolated_dirs, VIEWS)
    app = make_app(make_sandbox(tickets=300), config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        queue = app.screen
        assert [v.name for v in app.saved_views] == ["Urgent", "Mine"]
        screen = screen_text(app)
        assert "Urgent" in screen and "Mine" in screen  # the tab strip
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: queue.saved is not None and queue.shown_ids and queue.view.kind == "query")
        await wait_for(pilot, lambda: not any(w.is_running for w in app.workers if w.group == "queue-first"))
        assert queue.view.query.startswith("priority:4")
        # its columns, and the Workspace column: every workspace is shown (the status bar's scope)
        assert [key for key, *_ in queue.columns] == ["id", "priority", "workspace", "subject", "due"]
        tickets = [queue.tickets[i] for i in queue.shown_ids]
        assert all(t.priority == 4 for t in tickets)
        now = app.now().timestamp()
        keys = [sla_key(t, now) for t in tickets]
        assert keys == sorted(keys)  # SLA first: breached, then nearest target
        assert "Urgent (SLA first)" in screen_text(app)
        assert f"[Urgent ({len(tickets)})]" in screen_text(app)  # its count, once known
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: queue.saved.name == "Mine" and queue.shown_ids
                       and not any(w.is_running for w in app.workers if w.group == "queue-first"))
        me = app.me.id
        assert all(queue.tickets[i].responder_id == me for i in queue.shown_ids)
        assert queue.view.query == f"agent_id:{me}"  # {me} filled in
        count, more = app.view_counts["Mine"]  # the filter query's total, not just the rows loaded
        assert not more and count >= len(queue.shown_ids) and f"Mine ({count})" in screen_text(app)


async def test_save_current_query_as_a_view_keeps_the_comments(isolated_dirs):
    path = write_config(isolated_dirs, VIEWS)
    app = make_app(make_sandbox(tickets=100), config=quiet_config())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        queue = app.screen
        await pilot.press("slash", *"priority:3", "enter")
        await wait_for(pilot, lambda: queue.view.kind == "query")
        await pilot.press("S")
        await pilot.pause(0.1)
        await pilot.press(*"High", "enter")
        await wait_for(pilot, lambda: len(app.saved_views) == 3)
    text = path.read_text()
    assert text.startswith("# my views") and 'name = "High"' in text and 'query = "priority:3"' in text


async def test_preview_follows_the_cursor_from_the_cache(isolated_dirs):
    from fstui.tui.widgets.preview import TicketPreview

    app = make_app(make_sandbox(tickets=100), config=quiet_config())
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        queue = app.screen
        pane = queue.query_one(TicketPreview)
        assert pane.display and pane.size.width >= 44
        await wait_for(pilot, lambda: queue.preview_id == queue.shown_ids[0])
        first = queue.tickets[queue.shown_ids[0]]
        await wait_for(pilot, lambda: app.service.cached_conversations(first.id) is not None
                       and "latest of" in screen_text(app) or "no replies" in screen_text(app))
        text = screen_text(app)
        assert f"#{first.id} " in text and "Requester:" in text and "Due:" in text
        await app.service.lookups.agents()  # the names a thread's authors need: read once a day, not per key
        await pilot.pause(0.6)
        calls = app.service.stats.api_calls
        await pilot.press(*"jjjjjjjj")  # moving fast: nothing is drawn or loaded per key
        assert queue.preview_id == first.id
        await wait_for(pilot, lambda: queue.preview_id == queue.shown_ids[8])
        await wait_for(pilot, lambda: not any(w.is_running for w in app.workers if w.group == "preview"))
        assert app.service.stats.api_calls - calls <= 1  # at most the thread of the row it rests on
        # narrower than 120 columns: the table alone, with its full width
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.1)
        assert not pane.display
        assert sum(c[2] for c in queue.columns) > 60
        await pilot.resize_terminal(130, 30)
        await pilot.pause(0.1)
        assert pane.display
        await pilot.press("P")
        await pilot.pause(0.05)
        assert not pane.display


async def test_live_refresh_marks_new_and_changed_until_opened(isolated_dirs):
    import httpx

    from fstui.sandbox import DEMO_API_KEY
    from tests.tui.harness import FROZEN_EPOCH

    asgi = make_sandbox(tickets=60)
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        queue = app.screen
        service = app.service
        service.sync.cursor = FROZEN_EPOCH - 5  # the sandbox's clock is frozen; the poll starts before it
        service.sync.session_start = FROZEN_EPOCH - 5
        served = asgi.state.sandbox.by_endpoint  # what the server answered (look-ups may run meanwhile)
        before = dict(served)
        await service.sync_now()  # nothing changed: one request, nothing reloaded, nothing marked
        await pilot.pause(0.1)
        asked = {k: n - before.get(k, 0) for k, n in served.items() if n != before.get(k, 0) and "/tickets" in k}
        assert asked == {"GET /api/v2/tickets": 1}
        assert "changed (" not in screen_text(app) and "new (" not in screen_text(app)
        changed_id = queue.shown_ids[2]
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://sandbox",
                                     auth=(DEMO_API_KEY, "X")) as other_agent:
            (await other_agent.put(f"/api/v2/tickets/{changed_id}", json={"priority": 4})).raise_for_status()
            created = (await other_agent.post("/api/v2/tickets", json={
                "subject": "Printer on fire", "description": "smoke", "email": "someone@customer.example",
                "priority": 2, "status": 2})).json()["ticket"]["id"]
        await service.sync_now()
        await wait_for(pilot, lambda: created in queue.shown_ids
                       and not any(w.is_running for w in app.workers if w.group == "queue-first"))
        await pilot.pause(0.1)
        rows = screen_text(app)
        assert f"{created}*" in rows and f"{changed_id}•" in rows  # marks are characters, not colour alone
        assert "1 new (*)" in rows and "1 changed (•)" in rows
        # opening the changed ticket clears its mark; the new one stays marked
        queue.table.move_cursor(row=queue.shown_ids.index(changed_id), animate=False)
        await pilot.press("enter")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.pause(0.2)
        rows = screen_text(app)
        assert f"{changed_id}•" not in rows and f"{created}*" in rows


def test_desktop_notification_is_cleaned_and_wrapped_for_tmux(monkeypatch):
    from fstui.tui.live import desktop_notification

    monkeypatch.delenv("TMUX", raising=False)
    seq = desktop_notification("fstui", "#5 evil\x07\x1b]52;c;AAAA\x07;x", "osc777")
    assert seq.startswith("\x1b]777;notify;fstui;") and seq.count("\x07") == 1 and seq.count("\x1b") == 1
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    seq = desktop_notification("fstui", "#5 hello")
    assert seq.startswith("\x1bPtmux;\x1b\x1b]9;fstui: #5 hello") and seq.endswith("\x1b\\")


async def test_live_refresh_pauses_when_the_budget_is_low_and_says_so(isolated_dirs):
    from fstui.service import BudgetChanged
    from fstui.service.config import ServiceConfig

    app = make_app(make_sandbox(tickets=40), config=ServiceConfig(prefetch_cursor=False, sync_interval=60.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        budget = app.service.client.budget
        assert app.service.live_state() == ("live", 60.0)
        budget.total, budget.remaining = 5000, 1400  # below 2x the reserve: slower
        app.service.core.emit(BudgetChanged(budget))
        await pilot.pause(0.05)
        assert app.service.live_state() == ("slowed", 120.0)
        assert "| refresh 2m" in screen_text(app)  # at 80 columns too
        budget.remaining = 300  # below the pause line: no polls until the budget recovers
        app.service.core.emit(BudgetChanged(budget))
        await pilot.pause(0.05)
        assert app.service.live_state()[0] == "paused"
        assert "| refresh paused" in screen_text(app)


KEYS = """\
[ui]
theme = "fstui-light"

[keys]
# my keys
"queue.refresh" = "ctrl+r"
"queue.open" = "o"
"queue.nonsense" = "x"
"""


async def test_keymap_override_footer_help_and_conflicts(isolated_dirs):
    from fstui.tui.screens.help import HelpScreen

    path = write_config(isolated_dirs, KEYS)
    app = make_app(make_sandbox(tickets=40), config=quiet_config())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        queue = app.screen
        problems = app.config_problems
        # "o" was the order toggle: the clash is reported with the file and line of the user's entry
        assert any(p.startswith(f"{path}:7: keys.queue.open") and "queue.toggle_order" in p for p in problems)
        assert any(p.startswith(f"{path}:8: keys.queue.nonsense") for p in problems)
        assert app.theme == "fstui-light"
        footer = screen_text(app).splitlines()[-1]
        assert " o Open" in footer and "enter Open" not in footer  # the footer shows the key in use
        await pilot.press("j", "o")  # o opens the ticket under the cursor now
        await wait_for(pilot, lambda: type(app.screen).__name__ == "TicketScreen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is queue)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(app)
        assert "ctrl+r" in text and "queue.refresh" in text


async def test_theme_from_the_command_line_wins_and_the_picker_previews(isolated_dirs):
    from fstui.tui.themes import ThemePickerScreen

    write_config(isolated_dirs, KEYS)
    app = make_app(make_sandbox(tickets=20), config=quiet_config(), theme="nord")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        assert app.theme == "nord"
        app.action_change_theme()
        await wait_for(pilot, lambda: isinstance(app.screen, ThemePickerScreen))
        await pilot.press("down")
        previewed = app.theme
        assert previewed != "nord"  # moving the highlight shows the theme at once
        await pilot.press("escape")
        await pilot.pause(0.05)
        assert app.theme == "nord"
        # chosen with enter: kept, and written to the config file with its comments
        app.action_change_theme()
        await wait_for(pilot, lambda: isinstance(app.screen, ThemePickerScreen))
        await pilot.press("down", "enter")
        await pilot.pause(0.05)
        chosen = app.theme
        text = (isolated_dirs / "config" / "config.toml").read_text()
        assert chosen != "nord" and f'theme = "{chosen}"' in text and "# my keys" in text


async def test_no_color_still_wins_over_a_theme(isolated_dirs, monkeypatch):
    from textual.filter import Monochrome

    monkeypatch.setenv("NO_COLOR", "1")
    write_config(isolated_dirs, KEYS)
    app = make_app(make_sandbox(tickets=20), config=quiet_config())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        assert app.theme == "fstui-light" and any(isinstance(f, Monochrome) for f in app._filters)


async def test_copy_id_url_and_message_text_through_osc52(isolated_dirs):
    from fstui.config import Profile
    from fstui.tui.screens.picker import PickerScreen

    app = make_app(make_sandbox(tickets=30), config=quiet_config())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        app.profile = Profile(name="acme", domain="acme", api_key="k")  # an account with a portal
        queue = app.screen
        ticket_id = queue.highlighted_id()
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.press("enter")
        await pilot.pause(0.05)
        assert app.clipboard == str(ticket_id)
        assert any(f"Copied the ticket id #{ticket_id}" in str(n.message) for n in app._notifications)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.press("down", "enter")
        await pilot.pause(0.05)
        assert app.clipboard == f"https://acme.freshservice.com/a/tickets/{ticket_id}"
        # the ticket screen: the URL in its header, and the focused message's text
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "TicketScreen" and app.screen.conversations_loaded)
        await pilot.pause(0.1)
        assert f"Portal: https://acme.freshservice.com/a/tickets/{ticket_id}" in screen_text(app)
        await pilot.press("j")  # the description
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.press("down", "down", "enter")
        await pilot.pause(0.05)
        ticket = app.screen.ticket
        assert app.clipboard and app.clipboard.split()[0] in (ticket.description_text or ticket.description or "")
        assert any("Copied the text of the description" in str(n.message) for n in app._notifications)


async def test_new_tickets_in_a_notify_view_ring_the_bell_and_notify_the_desktop(isolated_dirs):
    import httpx

    from fstui.sandbox import DEMO_API_KEY
    from tests.tui.harness import FROZEN_EPOCH

    write_config(isolated_dirs, '[ui]\nbell = true\ndesktop_notifications = "osc777"\n\n'
                                '[[views]]\nname = "Urgent"\nquery = "priority:4"\nnotify = true\n')
    asgi = make_sandbox(tickets=40)
    app = make_app(asgi, config=quiet_config())
    rang, written = [], []
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        app.bell = lambda: rang.append(True)
        real_write = app._driver.write
        app._driver.write = lambda data: (written.append(data), real_write(data))
        queue = app.screen
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: queue.saved is not None and queue.shown_ids
                       and not any(w.is_running for w in app.workers if w.group == "queue-first"))
        service = app.service
        service.sync.cursor = service.sync.session_start = FROZEN_EPOCH - 5
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://sandbox",
                                     auth=(DEMO_API_KEY, "X")) as other_agent:
            created = (await other_agent.post("/api/v2/tickets", json={
                "subject": "Server room\x1b]0;pwned\x07 flooded", "description": "water", "priority": 4, "status": 2,
                "email": "someone@customer.example"})).json()["ticket"]["id"]
        await service.sync_now()
        await wait_for(pilot, lambda: created in queue.shown_ids and rang)
        assert rang == [True]
        osc = [d for d in written if d.startswith("\x1b]777;notify;")]
        assert len(osc) == 1 and f"#{created} Server room" in osc[0] and "pwned\x07" not in osc[0]


async def test_sort_key_cycles_the_order_and_keeps_the_cursor_on_its_ticket(isolated_dirs):
    app = make_app(make_sandbox(tickets=60), config=quiet_config())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        queue = app.screen
        await pilot.press("j", "j", "j")
        chosen = queue.highlighted_id()
        await pilot.press("z")  # SLA first
        assert queue.sort == "sla" and "SLA first" in screen_text(app)
        now = app.now().timestamp()
        keys = [sla_key(queue.tickets[i], now) for i in queue.shown_ids]
        assert keys == sorted(keys)
        assert queue.highlighted_id() == chosen
        await pilot.press("z")  # priority: Urgent first
        priorities = [queue.tickets[i].priority for i in queue.shown_ids]
        assert priorities == sorted(priorities, reverse=True) and queue.highlighted_id() == chosen


async def test_preview_says_when_the_thread_cannot_be_loaded_without_a_toast(isolated_dirs):
    from fstui.api.errors import TransportError
    from tests.tui.fake_service import FakeService, fake_app

    service = FakeService(tickets=20)
    service.cached_conversations = lambda ticket_id: None

    async def unreachable(ticket_id):
        raise TransportError("connection refused")
        yield  # pragma: no cover

    service.conversations = unreachable
    app = fake_app(service)
    async with app.run_test(size=(130, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await wait_for(pilot, lambda: "could not load the conversation" in screen_text(app))
        assert not app._notifications  # the pane says it; no toast for each resting place


async def test_marks_cover_what_changed_while_fstui_was_closed(isolated_dirs):
    import httpx

    from fstui.sandbox import DEMO_API_KEY

    asgi = make_sandbox(tickets=60)
    first = make_app(asgi, config=quiet_config())
    async with first.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(first))
        await wait_for(pilot, lambda: not any(w.is_running for w in first.workers if w.group == "queue-first"))
        changed_id = first.screen.shown_ids[4]
        assert "changed (" not in screen_text(first) and "new (" not in screen_text(first)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://sandbox",
                                 auth=(DEMO_API_KEY, "X")) as other_agent:
        (await other_agent.put(f"/api/v2/tickets/{changed_id}", json={"priority": 4})).raise_for_status()
        created = (await other_agent.post("/api/v2/tickets", json={
            "subject": "Overnight outage", "description": "down", "email": "someone@customer.example",
            "priority": 3, "status": 2})).json()["ticket"]["id"]
    config = quiet_config()
    config.incremental_refresh = False  # (the sandbox's clock is frozen: an updated_since poll from now finds nothing)
    second = make_app(asgi, config=config)
    async with second.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(second) and created in second.screen.shown_ids)
        await wait_for(pilot, lambda: "changed (" in screen_text(second))
        rows = screen_text(second)
        assert f"{created}*" in rows and f"{changed_id}•" in rows
        assert "1 new (*)" in rows and "1 changed (•)" in rows


@pytest.mark.parametrize("width", [120, 130, 160])
async def test_the_table_beside_the_preview_fits_its_columns(isolated_dirs, width):
    """With the preview pane, the table keeps room for its columns (the workspace column included): no
    column cut off at the right edge, no sideways scrolling (it lost the Due column at 120 columns)."""
    app = make_app(make_sandbox(tickets=100), config=quiet_config())
    async with app.run_test(size=(width, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await pilot.pause(0.2)
        queue = app.screen
        assert queue.preview_visible() and "workspace" in [c[0] for c in queue.columns]
        needed = sum(size + 2 for _key, _label, size, _minimum in queue.columns) + 2  # padding, scrollbar
        assert needed <= queue.table.size.width
        assert "due" in [c[0] for c in queue.columns]


async def test_my_own_write_before_quitting_is_not_marked_changed_after_a_restart(isolated_dirs):
    """A reply sent just before quitting bumps the ticket's updated_at: after a restart it is the agent's
    own change (the outbox's receipt says so), not marked "changed"; another agent's change still is."""
    import httpx

    from fstui.sandbox import DEMO_API_KEY

    asgi = make_sandbox(tickets=60)
    first = make_app(asgi, config=quiet_config())
    async with first.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(first))
        await wait_for(pilot, lambda: not any(w.is_running for w in first.workers if w.group == "queue-first"))
        mine, theirs = first.screen.shown_ids[3], first.screen.shown_ids[5]
        entry = first.service.reply(mine, "<div>On it.</div>")
        await wait_for(pilot, lambda: first.service.outbox.get(entry.id).state == "sent")
    assert mine in first.service.own_write_times()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://sandbox",
                                 auth=(DEMO_API_KEY, "X")) as other_agent:
        (await other_agent.put(f"/api/v2/tickets/{theirs}", json={"priority": 4})).raise_for_status()
    config = quiet_config()
    config.incremental_refresh = False
    second = make_app(asgi, config=config)
    async with second.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(second))
        await wait_for(pilot, lambda: "changed (" in screen_text(second))
        rows = screen_text(second)
        assert f"{theirs}•" in rows and f"{mine}•" not in rows
        assert "1 changed (•)" in rows


async def test_a_refresh_the_server_is_slow_to_answer_says_it_is_asking():
    """brk §10: R on a server answering late showed "30 shown (cached)" for half a minute, no sign of the
    refresh. The cached rows shown meanwhile say the server is being asked; its answer replaces that."""
    import httpx as _httpx

    asgi = make_sandbox(tickets=40)
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        queue = app.screen
        async with _httpx.AsyncClient(transport=_httpx.ASGITransport(app=asgi), base_url="http://127.0.0.1:9") as c:
            (await c.post("/_sandbox/faults", json={"slow": 1.0, "slow_seconds": 1.5})).raise_for_status()
            await pilot.press("R")
            info = lambda: str(queue.query_one("#queue-info").render())  # noqa: E731
            await wait_for(pilot, lambda: "asking the server" in info())
            (await c.post("/_sandbox/faults", json={})).raise_for_status()
        await wait_for(pilot, lambda: "asking the server" not in info() and "(cached)" not in info())
        assert "shown" in info()

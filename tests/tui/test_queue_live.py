"""The queue an agent lives in (issue 15): saved views, SLA order, preview, live marks, keys, themes, copy."""

from __future__ import annotations

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
        assert [key for key, *_ in queue.columns] == ["id", "priority", "subject", "due"]
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

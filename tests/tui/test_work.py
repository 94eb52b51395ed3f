"""Tasks and time entries on the ticket screen (w), driven like a user against the in-process sandbox with
a frozen clock: overdue tasks stand out, add / status / delete go through the outbox, the timer shows in
the status bar on every screen, starting a second timer offers to stop the first, read-only hides the keys."""

from __future__ import annotations

from textual.widgets import DataTable

from fstui.tui.screens.confirm_modal import ConfirmScreen
from fstui.tui.screens.picker import PickerScreen
from fstui.tui.screens.prompt import PromptScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen
from fstui.tui.screens.work import TicketWorkScreen, parse_due
from fstui.tui.widgets.status_bar import StatusBar

from tests.tui.harness import FROZEN, make_app, make_sandbox, quiet_config, wait_for


def _app(read_only: bool = False):
    asgi = make_sandbox(tickets=120)
    app = make_app(asgi, config=quiet_config(), read_only=read_only)
    app.sandbox_store = asgi.state.sandbox.store
    return app


def task_ticket(app) -> int:
    """A ticket on the first queue page with seeded tasks, one of them unfinished and past due."""
    store = app.sandbox_store
    for tid in app.screen.shown_ids:
        tasks = store.rest.tasks.get(("tickets", tid)) or []
        if any(t["status"] != 3 and t["due_date"] < FROZEN.timestamp() for t in tasks):
            return tid
    raise AssertionError("no seeded overdue task on the first page")


async def open_work(pilot, app, ticket_id=None) -> TicketWorkScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
    queue = app.screen
    ticket_id = ticket_id or task_ticket(app)
    queue.table.move_cursor(row=queue.shown_ids.index(ticket_id), animate=False)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.ticket is not None)
    await pilot.press("w")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketWorkScreen) and app.screen.loaded)
    return app.screen


def rows(screen, table_id: str) -> list[str]:
    table = screen.query_one(table_id, DataTable)
    return [" | ".join(str(getattr(c, "plain", c)) for c in table.get_row_at(i)) for i in range(table.row_count)]


def sent(app, entry) -> bool:
    return app.service.outbox.get(entry.id).state == "sent"


async def answer(pilot, app, text: str) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
    app.screen.query_one("#prompt-input").value = text
    await pilot.press("enter")


async def test_tasks_overdue_add_status_delete(tmp_path):
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_work(pilot, app)
        tid = screen.ticket_id
        assert any("overdue" in r for r in rows(screen, "#tasks"))
        assert "overdue" in str(screen.query_one("#tasks-title").render())

        await pilot.press("a")
        await answer(pilot, app, "Replace the toner")
        await answer(pilot, app, "2d")
        await wait_for(pilot, lambda: app.screen is screen)
        (entry,) = [e for e in app.service.outbox.entries(tid) if e.kind == "create_task"]
        assert entry.payload["fields"]["due_date"] == "2025-03-16T12:00:00Z"
        await wait_for(pilot, lambda: sent(app, entry) and any("Replace the toner" in r for r in rows(screen, "#tasks")))
        server = app.sandbox_store.rest.tasks[("tickets", tid)]
        assert [t["title"] for t in server].count("Replace the toner") == 1

        table = screen.query_one("#tasks", DataTable)
        table.move_cursor(row=table.row_count - 1, animate=False)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.press("down", "down", "enter")  # Open, In Progress, Completed
        await wait_for(pilot, lambda: server[-1]["status"] == 3)
        (update,) = [e for e in app.service.outbox.entries(tid) if e.kind == "update_task"]
        assert update.payload["fields"] == {"status": 3}  # only what the agent changed

        count = len(server)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: len(app.sandbox_store.rest.tasks[("tickets", tid)]) == count - 1)
        await wait_for(pilot, lambda: not any("Replace the toner" in r for r in rows(screen, "#tasks")))


async def test_timer_in_status_bar_everywhere_and_one_per_agent():
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_work(pilot, app)
        tid = screen.ticket_id
        await pilot.press("m")
        await wait_for(pilot, lambda: app.service.work.timer is not None)
        bar = app.screen.query_one(StatusBar)
        assert f"timer #{tid} 0:00:00" in bar.render().plain
        assert any("running" in r for r in rows(screen, "#time"))
        await pilot.press("w", "escape")  # back to the queue: the timer is still shown
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen))
        assert f"timer #{tid}" in app.screen.query_one(StatusBar).render().plain

        other = next(t for t in app.screen.shown_ids if t != tid)
        second = await open_work(pilot, app, other)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert f"#{tid}" in app.screen.question.plain
        await pilot.press("y")
        await wait_for(pilot, lambda: app.service.work.timer is not None and app.service.work.timer[0] == other)
        running = [e for entries in app.sandbox_store.rest.time_entries.values() for e in entries
                   if e["timer_running"] and e["agent_id"] == app.my_id]
        assert len(running) == 1
        assert f"timer #{other}" in second.query_one(StatusBar).render().plain

        await pilot.press("m")  # stops it
        await wait_for(pilot, lambda: app.service.work.timer is None)
        assert "timer #" not in second.query_one(StatusBar).render().plain


async def test_read_only_hides_and_refuses_the_write_keys():
    app = _app(read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_work(pilot, app)
        # Textual's check_action: None = the binding is hidden and does nothing
        assert all(screen.check_action(a, ()) is None for a in ("add_task", "task_status", "log_time", "timer"))
        await pilot.press("a", "m", "l")
        await pilot.pause(0.1)
        assert app.screen is screen
        assert not app.service.outbox.entries(include_sent=True)


def test_due_dates():
    assert parse_due("2d", FROZEN).isoformat() == "2025-03-16T12:00:00+00:00"
    assert parse_due("2025-03-20 17:00", FROZEN).isoformat() == "2025-03-20T17:00:00+00:00"
    assert parse_due("next week", FROZEN) is None


async def test_m_never_stops_another_agents_timer_while_who_am_i_is_unknown():
    """Who-am-I not known yet (issue 12, "Mine"): `m` on a ticket where another agent's timer runs starts
    mine; it does not take theirs for mine and stop it."""
    app = _app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        service = app.service
        tid = task_ticket(app)
        me = app.my_id
        other = next(a.id for a in await service.agents() if a.id != me)
        theirs = await service.client.create_ticket_time_entry(tid, {"agent_id": other, "timer_running": True})
        app.me = None
        service.lookups.store.delete(service.lookups.me_key())
        service.core.store.delete(service.writes.whoami_key())
        assert app.my_id is None
        await open_work(pilot, app, tid)
        await pilot.press("m")
        await wait_for(pilot, lambda: any(e.kind == "start_timer" for e in service.outbox.entries(include_sent=True)))
        kinds = [(e.kind, e.payload.get("entry_id")) for e in service.outbox.entries(include_sent=True)]
        assert ("stop_timer", theirs.id) not in kinds and ("update_time_entry", theirs.id) not in kinds

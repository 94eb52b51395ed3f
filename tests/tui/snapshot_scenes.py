"""The screens as a user sees them, on a frozen sandbox: shared by the snapshot tests and
screenshots/make_screenshots.py (same code path, so the README pictures are what the tests check)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fstui.tui.screens.compose import ComposeScreen
from fstui.tui.screens.help import HelpScreen
from fstui.tui.screens.picker import PickerScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen

from tests.tui.harness import make_app, make_sandbox, quiet_config, wait_for

OPEN_TICKET_ROW = 3  # a seeded ticket with a thread of replies and notes


WAITING_ON_THE_USER = {"change-field", "choose-view", "confirm", "cancel", "send"}


async def _settle(pilot: Any) -> None:
    """Wait until every data-loading worker is done (workers waiting on a modal are the user's turn)."""
    app = pilot.app

    def idle() -> bool:
        workers = [w for node in [app, *app.screen_stack] for w in app.workers if w.group not in WAITING_ON_THE_USER]
        return all(w.is_finished for w in workers)

    await wait_for(pilot, idle)
    await pilot.pause(0.1)
    await wait_for(pilot, idle)


async def _queue(pilot: Any) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
    await app.service.agents()
    await app.service.groups()
    app.screen.row_cache.clear()
    for ticket_id in app.screen.shown_ids:
        app.screen._update_row(ticket_id)
    await _settle(pilot)
    queue = app.screen
    if queue.preview_visible():  # the pane is drawn once the cursor rests, its thread loaded after
        await wait_for(pilot, lambda: queue.preview_id == queue.highlighted_id())
        await _settle(pilot)


async def _ticket(pilot: Any) -> None:
    await _queue(pilot)
    app = pilot.app
    queue = app.screen
    ticket_id = _ticket_with_thread(app)
    queue.table.move_cursor(row=queue.shown_ids.index(ticket_id), animate=False)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded)
    await _settle(pilot)


def _ticket_with_thread(app: Any) -> int:
    store = app.sandbox_store
    queue = app.screen
    for ticket_id in queue.shown_ids:
        if 2 <= len(store.thread(ticket_id)) <= 4:
            return ticket_id
    return queue.shown_ids[OPEN_TICKET_ROW]


async def _thread(pilot: Any) -> None:
    await _ticket(pilot)
    await pilot.press("end")
    await _settle(pilot)


async def _compose(pilot: Any) -> None:
    await _ticket(pilot)
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))
    await pilot.press(*"Thanks, the new toner is in.")
    await _settle(pilot)


async def _picker(pilot: Any) -> None:
    await _queue(pilot)
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PickerScreen))
    await _settle(pilot)


async def _help(pilot: Any) -> None:
    await _queue(pilot)
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    await _settle(pilot)


async def _work(pilot: Any) -> None:
    """Tasks and time of a ticket with seeded tasks (one overdue), with my timer started on it."""
    from fstui.tui.screens.work import TicketWorkScreen

    await _queue(pilot)
    app = pilot.app
    queue = app.screen
    store = app.sandbox_store
    ticket_id = next(t for t in queue.shown_ids if len(store.rest.tasks.get(("tickets", t)) or []) >= 2)
    queue.table.move_cursor(row=queue.shown_ids.index(ticket_id), animate=False)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.ticket is not None)
    await pilot.press("w")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketWorkScreen) and app.screen.loaded)
    await pilot.press("m")
    await wait_for(pilot, lambda: app.service.work.timer is not None and not app.service.work.pending(ticket_id))
    await _settle(pilot)


async def _canned(pilot: Any) -> None:
    """Compose with the canned-response picker open on a response with placeholders filled in."""
    from fstui.tui.screens.compose_inserts import CannedResponsePicker

    # an IT ticket: F2 offers the ticket's workspace's responses and the global ones (the default queue's
    # first ticket with a thread is a Facilities one, whose workspace has only the global response)
    await _queue(pilot)
    app = pilot.app
    queue = app.screen
    store = app.sandbox_store
    ticket_id = next(t for t in queue.shown_ids
                     if queue.tickets[t].workspace_id == 2 and 2 <= len(store.thread(t)) <= 4)
    queue.table.move_cursor(row=queue.shown_ids.index(ticket_id), animate=False)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded)
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
    await pilot.press(*"Thanks, the new toner is in.")
    await pilot.press("f2")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CannedResponsePicker) and pilot.app.screen.shown)
    await pilot.press(*"resolved")
    await _settle(pilot)


async def _new_ticket(pilot: Any) -> None:
    from fstui.tui.screens.new_ticket import NewTicketScreen

    await _queue(pilot)
    await pilot.press("plus")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, NewTicketScreen) and pilot.app.screen.form_fields)
    await _settle(pilot)


async def _details(pilot: Any) -> None:
    """i on a ticket: linked records and the activity timeline (after a status change made in fstui)."""
    from fstui.tui.screens.ticket_details import TicketDetailsScreen

    await _ticket(pilot)
    app = pilot.app
    entry = app.service.update_ticket(app.screen.ticket_id, {"status": 3})
    await wait_for(pilot, lambda: app.service.outbox.get(entry.id).state == "sent")
    await _settle(pilot)
    app.clear_notifications()
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketDetailsScreen) and app.screen.loaded)
    await _settle(pilot)


SCENES: dict[str, Callable[[Any], Awaitable[None]]] = {
    "queue": _queue,
    "ticket": _ticket,
    "thread": _thread,
    "compose": _compose,
    "status_picker": _picker,
    "help": _help,
    "work": _work,
    "canned": _canned,
    "new_ticket": _new_ticket,
    "details": _details,
}


def scene_app(tickets: int = 120):
    asgi = make_sandbox(tickets=tickets)
    app = make_app(asgi, config=quiet_config())
    app.sandbox_store = asgi.state.sandbox.store  # type: ignore[attr-defined]
    app.sandbox_asgi = asgi  # type: ignore[attr-defined]
    return app

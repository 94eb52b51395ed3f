"""i on a ticket: the activity timeline follows the writes (a status change made through fstui appears),
older pages with ], the conversation merged with m; linked records by name, a child ticket opens;
CSAT shown; M promotes an incident to a major incident after asking."""

from __future__ import annotations

from textual.widgets import OptionList

from fstui.tui.screens.confirm_modal import ConfirmScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen
from fstui.tui.screens.ticket_details import TicketDetailsScreen

from tests.tui.harness import make_app, make_sandbox, quiet_config, wait_for


def _app(tickets=60):
    asgi = make_sandbox(tickets=tickets)
    app = make_app(asgi, config=quiet_config())
    app.sandbox_store = asgi.state.sandbox.store
    return app


async def _open(pilot, app, pick) -> TicketScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
    queue = app.screen
    tid = next(t for t in queue.shown_ids if pick(app.sandbox_store.tickets[t]))
    queue.table.move_cursor(row=queue.shown_ids.index(tid), animate=False)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.ticket is not None
                   and app.screen.conversations_loaded)
    return app.screen


def text(screen, selector) -> str:
    return str(screen.query_one(selector).render())


async def test_activity_follows_a_status_change_and_links_open():
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        ticket = await _open(pilot, app, lambda t: t["status"] == 2 and t["type"] == "Incident" and t["_nconv"] > 0)
        tid = ticket.ticket_id
        entry = app.service.update_ticket(tid, {"status": 3})
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id).state == "sent")
        child = app.service.links.create_child_ticket(tid, {"subject": "Child", "description": "d",
                                                            "email": "c@example.com", "status": 2, "priority": 1})
        await wait_for(pilot, lambda: app.service.outbox.get(child.id).state == "sent")
        child_id = app.service.outbox.get(child.id).result["id"]
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketDetailsScreen) and app.screen.loaded)
        details = app.screen
        activity = text(details, "#activity")
        assert "set Status as Pending" in activity and "Demo Agent" in activity
        assert activity.index("created the child ticket") < activity.index("set Status as Pending")  # newest first
        assert "created a new ticket" in activity
        assert ticket.conversations and "[reply]" not in activity and "[note]" not in activity
        await pilot.press("m")  # the conversation merged in time order
        merged = text(details, "#activity")
        assert "[reply]" in merged or "[note]" in merged
        links = details.query_one("#links", OptionList)
        index = next(i for i, (kind, target) in enumerate(details.link_targets) if target == child_id)
        assert f"#{child_id} Child" in str(links.get_option_at_index(index).prompt)
        links.highlighted = index
        links.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.ticket_id == child_id)


async def test_older_activity_pages_with_the_start_token():
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        ticket = await _open(pilot, app, lambda t: t["status"] == 2)
        for i in range(21):
            app.service.note(ticket.ticket_id, f"note {i}")
        await wait_for(pilot, lambda: app.service.outbox.pending_count() == 0)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketDetailsScreen) and app.screen.loaded)
        details = app.screen
        assert len(details.activities) == 20 and details.next_token
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: details.next_token is None)
        assert "created a new ticket" in text(details, "#activity")


async def test_csat_and_major_incident_promotion():
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        ticket = await _open(pilot, app, lambda t: t["status"] == 5 and t["id"] % 4 == 0)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketDetailsScreen) and app.screen.loaded)
        assert "Satisfaction:" in text(app.screen, "#request")
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen))
        ticket = await _open(pilot, app, lambda t: t["type"] == "Incident" and t["status"] == 2)
        tid = ticket.ticket_id
        await pilot.press("M")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.sandbox_store.tickets[tid]["type"] == "Major Incident")
        await wait_for(pilot, lambda: getattr(ticket.ticket, "type", None) == "Major Incident")


async def test_read_only_reads_details_but_cannot_promote_or_create_a_child():
    asgi = make_sandbox(tickets=60)
    app = make_app(asgi, config=quiet_config(), read_only=True)
    app.sandbox_store = asgi.state.sandbox.store
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app, lambda t: t["type"] == "Incident")
        ticket = app.screen
        await pilot.press("M", "plus")
        await pilot.pause(0.1)
        assert app.screen is ticket and not app.service.outbox.entries(include_sent=True)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketDetailsScreen) and app.screen.loaded)


async def test_service_request_items_and_approval_shown():
    app = _app(tickets=200)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        await _open(pilot, app, lambda t: t["type"] == "Service Request")
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketDetailsScreen) and app.screen.loaded)
        shown = text(app.screen, "#request")
        assert "Approval: " in shown and any(s in shown for s in ("Approved", "Requested", "Rejected"))
        assert "Item: " in shown and " × " in shown  # the seeded request's item, quantity and stage

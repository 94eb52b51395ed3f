"""brk QA §14: a question about a change reads the server's value first; the rows (and the ticket header)
then show what was read, and the bulk question says how many tickets another agent changed since they were
listed. Otherwise the agent is asked to set Low on rows that say Low."""

from __future__ import annotations

from fstui.tui.screens.bulk import BulkConfirmScreen
from fstui.tui.screens.picker import PickerScreen
from fstui.tui.screens.ticket import TicketScreen
from tests.tui.harness import make_app, make_sandbox, quiet_config, wait_for
from tests.tui.test_server_truth import newest_open, open_ticket, queue_ready, store_of

LOW, MEDIUM, HIGH, URGENT = 1, 2, 3, 4


def row_text(queue, tid) -> str:
    table = queue.table
    return " ".join(str(getattr(c, "plain", c)) for c in table.get_row(str(tid)))


async def test_bulk_question_rows_take_the_server_values_and_say_how_many_changed():
    asgi = make_sandbox()
    a, b = newest_open(asgi), newest_open(asgi, skip=1)
    for tid in (a, b):
        store_of(asgi)[tid]["priority"] = LOW
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app) and b in app.screen.shown_ids)
        queue = app.screen
        await pilot.pause(0.1)
        assert "Low" in row_text(queue, a) and "Urgent" not in row_text(queue, a)
        store_of(asgi)[a]["priority"] = URGENT  # another agent, behind fstui's back
        for tid in (a, b):
            queue.table.move_cursor(row=queue.shown_ids.index(tid), animate=False)
            await pilot.press("space")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        app.screen.dismiss(LOW)
        await wait_for(pilot, lambda: isinstance(app.screen, BulkConfirmScreen))
        assert app.screen.ticket_ids == [a] and app.screen.unchanged == [b]
        said = app.screen.query_one("#bulk-moved").render().plain
        assert said.startswith("1 changed on the server since it was listed") and f"#{a} is now Urgent" in said
        assert queue.tickets[a].priority == URGENT and "Urgent" in row_text(queue, a)  # the row: what was read
        await pilot.press("n")
        await pilot.pause(0.1)
        assert "Urgent" in row_text(queue, a) and store_of(asgi)[a]["priority"] == URGENT  # nothing sent


async def test_single_picker_shows_the_server_value_it_found_in_the_row_and_the_header():
    asgi = make_sandbox()
    tid = newest_open(asgi)
    store_of(asgi)[tid]["priority"] = MEDIUM
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_ticket(pilot, app, tid)
        queue = app.screen_stack[-2]
        store_of(asgi)[tid]["priority"] = HIGH  # another agent
        store_of(asgi)[tid]["status"] = 3  # and the status too: the header shows the whole server copy
        app.service.outbox.paused_until = float("inf")  # the write waits: what shows is the server's copy
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        app.screen.dismiss(MEDIUM)  # what the header showed
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and screen.ticket.priority == HIGH)
        assert screen.ticket.status == 3 and queue.tickets[tid].priority == HIGH
        await wait_for(pilot, lambda: any("the server had priority High" in str(n.message) for n in app._notifications))
        head = screen.query_one("#ticket-header").render().plain
        assert "Pending" in head  # status 3 as the server has it

"""Every triage flow, driven like a user with Pilot, on the real DataService against the sandbox."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, TextArea

from fstui.tui.screens.compose import ComposeScreen
from fstui.tui.screens.picker import PickerScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen
from fstui.tui.widgets.conversation import ConversationEntry

from tests.tui.harness import make_app, wait_for


def queue_ready(app) -> bool:
    return isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids)


def thread_ready(app) -> bool:
    return isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded and app.screen.ticket is not None


def screen_text(app) -> str:
    return "\n".join(line.text for line in app.screen._compositor.render_update(full=True).strips) if False else \
        app.export_screenshot()


async def start(pilot, app):
    await wait_for(pilot, lambda: queue_ready(app))


async def test_open_queue_and_ticket(sandbox_url):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app)
        queue = app.screen
        assert len(queue.shown_ids) >= 30  # one page (30 or 100 per page, the service decides)
        assert "DEMO" in app.export_screenshot()
        await pilot.press("j", "j")
        chosen = queue.highlighted_id()
        assert chosen == queue.shown_ids[2]
        await pilot.press("enter")
        await wait_for(pilot, lambda: thread_ready(app))
        assert app.screen.ticket_id == chosen
        assert f"#{chosen}" in app.export_screenshot()
        await pilot.press("escape")
        assert isinstance(app.screen, TicketQueueScreen)
        assert app.screen.highlighted_id() == chosen


async def test_ticket_screen_is_reused_for_the_next_ticket(sandbox_url):
    """One ticket screen is kept and shows the next ticket: nothing of the previous one stays."""
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot, app)
        queue = app.screen
        opened = []
        for row in (0, 3):
            queue.table.move_cursor(row=row, animate=False)
            await pilot.pause()
            chosen = queue.highlighted_id()
            await pilot.press("enter")
            await wait_for(pilot, lambda: thread_ready(app) and app.screen.ticket_id == chosen)
            screen = app.screen
            opened.append(screen)
            ticket = screen.ticket
            assert ticket.id == chosen
            shown = app.export_screenshot()
            assert f"#{chosen}" in shown
            entries = [e for e in screen.query(ConversationEntry) if e.conversation is not None]
            assert len(entries) == len(screen.conversations)
            assert all(e.conversation.ticket_id == chosen for e in entries if hasattr(e.conversation, "ticket_id"))
            await pilot.press("escape")
            assert app.screen is queue
        assert opened[0] is opened[1]


async def test_a_prefetched_ticket_opens_whole_in_one_go(sandbox_url):
    """Enter on a ticket whose thread the service prefetched: ticket and thread are shown by the key
    press itself (no load in the background, so the first frame of the screen has the thread)."""
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot, app)
        queue = app.screen
        await pilot.press("enter")
        await wait_for(pilot, lambda: thread_ready(app))
        screen = app.screen
        await pilot.press("escape")
        queue.table.move_cursor(row=4, animate=False)
        chosen = queue.highlighted_id()
        await wait_for(pilot, lambda: app.service._convs_record(chosen) is not None)
        await pilot.pause(0.1)
        loads: list[str] = []
        screen.load_ticket = lambda: loads.append("ticket")
        screen.load_conversations = lambda: loads.append("conversations")
        await pilot.press("enter")
        assert app.screen is screen and screen.ticket_id == chosen
        assert loads == [] and screen.conversations_loaded
        assert len(screen.query_one("#thread").entries()) == len(screen.conversations)


async def test_a_shorter_thread_after_a_longer_one_shows_only_its_own_messages(sandbox_url):
    """The reused ticket screen keeps spare message widgets hidden: j walks only the shown messages."""
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot, app)
        queue = app.screen
        counts: dict[int, int] = {}
        for row in range(60):  # until a ticket with a longer thread than another turns up
            queue.table.move_cursor(row=row, animate=False)
            await pilot.press("enter")
            await wait_for(pilot, lambda: thread_ready(app) and app.screen.ticket_id == queue.shown_ids[row])
            counts[row] = len(app.screen.conversations)
            await pilot.press("escape")
            if max(counts.values()) >= 2 and len(set(counts.values())) > 1:
                break
        longest = max(counts, key=counts.get)
        shortest = min(counts, key=counts.get)
        assert counts[longest] > counts[shortest]
        for row in (longest, shortest):
            if app.screen is not queue:
                await pilot.press("escape")
            queue.table.move_cursor(row=row, animate=False)
            await pilot.press("enter")
            await wait_for(pilot, lambda: thread_ready(app) and app.screen.ticket_id == queue.shown_ids[row])
        screen = app.screen
        shown = screen.query_one("#thread").entries()
        assert len(shown) == counts[shortest]
        assert {e.conversation.id for e in shown} == {c.id for c in screen.conversations}
        visited = []
        for _ in range(counts[shortest] + 3):
            await pilot.press("j")
            if isinstance(app.focused, ConversationEntry):
                assert app.focused.display
                visited.append(app.focused)
        assert set(visited) == {screen.query_one("#description"), *shown}


async def test_paging_is_invisible(sandbox_url):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app)
        queue = app.screen
        await pilot.press("G")
        await wait_for(pilot, lambda: len(queue.shown_ids) >= 60)
        for _ in range(35):
            await pilot.press("j")
        await wait_for(pilot, lambda: len(queue.shown_ids) >= 90)
        assert len(set(queue.shown_ids)) == len(queue.shown_ids)
        assert queue.table.row_count == len(queue.shown_ids)


async def test_a_prefetched_page_is_shown_within_the_key_press(sandbox_url):
    """j near the end of the loaded rows, once the service has prefetched the next page: the rows are
    appended by that key press itself (no worker, no list call), in the same frame as the move."""
    from fstui.tui.screens.queue import LOAD_AHEAD_ROWS

    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app)
        queue = app.screen
        first = len(queue.shown_ids)
        queue.table.move_cursor(row=first - LOAD_AHEAD_ROWS - 1, animate=False)
        await wait_for(pilot, lambda: app.service.store.get_record(queue.view.page_key(2)) is not None)
        fetched: list[int] = []
        queue.load_page = lambda page, generation: fetched.append(page)  # the worker path, watched
        await pilot.press("j")
        assert len(queue.shown_ids) > first
        assert queue.table.row_count == len(queue.shown_ids)
        assert fetched == []
        assert f"{len(queue.shown_ids)} shown" in str(queue.query_one("#queue-info").render())


async def test_filter_loaded_rows_and_server_query(sandbox_url):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app)
        queue = app.screen
        first = queue.tickets[queue.shown_ids[0]]
        word = first.subject.split()[0].lower()
        await pilot.press("slash")
        for char in word:
            await pilot.press(char if char != " " else "space")
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert queue.shown_ids and all(word in queue.tickets[i].subject.lower() for i in queue.shown_ids)
        await pilot.press("slash")
        queue.query_one("#queue-filter", Input).value = "priority:4"
        await pilot.press("enter")
        await wait_for(pilot, lambda: queue.view.kind == "query" and queue.shown_ids)
        assert all(int(queue.tickets[i].priority) == 4 for i in queue.shown_ids)


async def test_reply_goes_pending_then_sent(sandbox_url):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: thread_ready(app))
        ticket = app.screen
        before = len(ticket.conversations)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        compose = app.screen
        compose.query_one("#cc_emails", Input).value = "boss@example.com"
        compose.query_one("#body", TextArea).text = "We replaced the toner.\n\nPlease try again."
        states: list[str] = []
        app.service.subscribe(lambda e: states.append(e.entry.state) if type(e).__name__ == "OutboxChanged" else None)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is ticket)
        await wait_for(pilot, lambda: len(ticket.conversations) == before + 1)
        assert states[0] == "pending" and states[-1] == "sent"
        newest = ticket.query(ConversationEntry).last()
        assert newest.kind == "reply"
        assert "We replaced the toner." in newest.render().plain


async def test_private_note_is_labelled(sandbox_url):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: thread_ready(app))
        ticket = app.screen
        before = len(ticket.conversations)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        await pilot.press(*"toner ordered")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(ticket.conversations) == before + 1)
        entry = ticket.query(ConversationEntry).last()
        assert entry.kind == "private-note"
        assert "[PRIVATE NOTE]" in entry.render().plain


async def test_status_change_from_the_queue(sandbox_url):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app)
        queue = app.screen
        ticket_id = queue.highlighted_id()
        old = int(queue.tickets[ticket_id].status)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        target = 4 if old != 4 else 3
        picker = app.screen
        index = [value for value, _ in picker.choices].index(target)
        picker.query_one("OptionList").highlighted = index
        await pilot.press("enter")
        await wait_for(pilot, lambda: int(queue.tickets[ticket_id].status) == target, timeout=10)
        assert app.service.outbox.pending_count() == 0


async def test_server_field_error_shows_at_the_field(sandbox_url):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: thread_ready(app))
        screen = app.screen
        # An agent that no longer exists (a stale picker): the server says so at responder_id.
        await screen.queue_update(screen.ticket, {"responder_id": 999}, "Agent")
        await wait_for(pilot, lambda: screen.field_writes.get("responder_id") is not None
                       and screen.field_writes["responder_id"].state == "failed")
        await pilot.pause(0.1)
        header = screen.query_one("#ticket-header").render().plain
        agent_line = next(line for line in header.splitlines() if line.startswith("Agent:"))
        assert "not saved" in agent_line and "no agent matching" in agent_line


async def test_read_only_profile_sends_nothing(sandbox_url):
    app = make_app(base_url=sandbox_url, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app)
        await pilot.press("r")
        await pilot.pause(0.1)
        assert isinstance(app.screen, TicketQueueScreen)
        assert "READ-ONLY" in app.export_screenshot()

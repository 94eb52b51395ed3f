"""Issue 11, section 5: a key acts on the ticket under the cursor — always.

The cursor keeps to its ticket (by id) through width changes, refresh, rows arriving above it, sort and
filter changes; when its ticket left the view nothing is selected until the agent moves. The same for
every list screen. The README's list keys (j/k, home/end) work in every screen that lists things. The
focused message of a thread is marked without colour. c asks first; a bulk change counts only real changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest
from textual.widgets import OptionList

from fstui.sandbox import DEMO_API_KEY
from fstui.tui.screens.bulk import BulkConfirmScreen
from fstui.tui.screens.confirm_modal import ConfirmScreen
from fstui.tui.screens.help import HelpScreen
from fstui.tui.screens.picker import PickerScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen
from fstui.tui.widgets.conversation import FOCUS_MARK, ConversationEntry

from tests.tui.harness import make_app, quiet_config, wait_for, wait_for_notice

sys.path.insert(0, str(Path(__file__).parent))

from browse_support import BrowseHarness, FakeService, ticket_list_screen  # noqa: E402


def _queue_ready(app) -> bool:
    return isinstance(app.screen, TicketQueueScreen) and len(app.screen.shown_ids) >= 30


def _thread_ready(app) -> bool:
    return isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded and app.screen.ticket is not None


async def _queue(pilot, app) -> TicketQueueScreen:
    await wait_for(pilot, lambda: _queue_ready(app))
    await pilot.pause(0.1)
    return app.screen


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


async def _open_a_thread_of_three(pilot, app, queue: TicketQueueScreen) -> TicketScreen:
    """Open the first ticket (of the first 40 rows) whose thread shows at least three messages."""
    for row in range(min(40, len(queue.shown_ids))):
        queue.table.move_cursor(row=row)
        await pilot.press("enter")
        await wait_for(pilot, lambda: _thread_ready(app))
        if len(app.screen._entries()) >= 3:
            return app.screen
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is queue)
    raise AssertionError("no ticket with three messages in the first 40 rows")


def _on_row(queue: TicketQueueScreen, ticket_id: int) -> bool:
    """The cursor is shown, on the row of ``ticket_id``."""
    table = queue.table
    return table.show_cursor and queue.shown_ids[table.cursor_row] == ticket_id and queue.highlighted_id() == ticket_id


# -- the queue's cursor keeps to its ticket ----------------------------------------------------------------

@pytest.mark.parametrize("start,end", [(80, 84), (80, 120), (120, 20)], ids=["80-84", "80-120", "120-20"])
async def test_width_change_keeps_the_cursor_on_its_ticket(sandbox_url, start, end):
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(start, 24)) as pilot:
        queue = await _queue(pilot, app)
        await pilot.press("j", "j", "j", "j")
        chosen = queue.highlighted_id()
        assert chosen == queue.shown_ids[4]
        await pilot.resize_terminal(end, 24)
        await pilot.pause(0.2)
        assert _on_row(queue, chosen)
        await pilot.resize_terminal(start, 24)  # and back
        await pilot.pause(0.2)
        assert _on_row(queue, chosen)
        await pilot.press("enter")  # enter opens the ticket the agent chose, not the first row's
        await wait_for(pilot, lambda: _thread_ready(app))
        assert app.screen.ticket_id == chosen


async def test_rows_arriving_above_on_refresh_keep_the_cursor_on_its_ticket(sandbox_url):
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(100, 30)) as pilot:
        queue = await _queue(pilot, app)
        await pilot.press("j", "j")
        chosen = queue.highlighted_id()
        created = httpx.post(
            f"{sandbox_url}/api/v2/tickets", auth=(DEMO_API_KEY, "X"), timeout=10,
            json={"subject": "Arrives above", "description": "new", "email": "new.person@example.com",
                  "priority": 2, "status": 2},
        )
        created.raise_for_status()
        new_id = created.json()["ticket"]["id"]
        await pilot.press("R")
        await wait_for(pilot, lambda: new_id in queue.shown_ids)
        await pilot.pause(0.1)
        assert queue.shown_ids[0] == new_id
        assert _on_row(queue, chosen) and queue.table.cursor_row == 3  # one row lower: the same ticket
        await pilot.press("s")  # the status picker is for the chosen ticket
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        assert f"#{chosen}" in app.screen.title_text


async def test_local_filter_keeps_or_drops_the_selection(sandbox_url):
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(100, 30)) as pilot:
        queue = await _queue(pilot, app)
        await pilot.press("j", "j", "j")
        chosen = queue.highlighted_id()
        subject = queue.tickets[chosen].subject
        # a filter the ticket passes: the cursor stays on it (at another row)
        queue._apply_filter(subject[:10])  # (a short part: the cell may be cut at this width)
        await pilot.pause(0.1)
        assert _on_row(queue, chosen)
        # a filter it does not pass: nothing is selected, and keys acting on "the ticket" do nothing
        other = next(str(tid) for tid in queue.shown_ids if len(str(tid)) >= 3 and str(tid) not in str(chosen)
                     and subject.lower().find(str(tid)) < 0)
        queue._apply_filter(other)
        await pilot.pause(0.1)
        assert chosen not in queue.shown_ids and queue.shown_ids
        assert queue.highlighted_id() is None and not queue.table.show_cursor
        assert "no ticket selected" in str(queue.query_one("#queue-info").render())
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert app.screen is queue and any("Nothing selected" in str(n.message) for n in app._notifications)
        for key in ("r", "s", "c", "space"):
            await pilot.press(key)
            await pilot.pause(0.1)
            assert app.screen is queue, key  # nothing opened (or marked) for a ticket nobody chose
        assert not queue.marks
        assert any("No ticket selected" in str(n.message) for n in app._notifications)
        # the ticket comes back before the agent moved: the cursor is on it again
        queue._apply_filter("")
        await pilot.pause(0.1)
        assert _on_row(queue, chosen)


async def test_sort_change_drops_the_selection_until_the_agent_moves(sandbox_url):
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(100, 30)) as pilot:
        queue = await _queue(pilot, app)
        await pilot.press("j", "j")
        chosen = queue.highlighted_id()
        await pilot.press("o")  # oldest first: the chosen (recent) ticket is not on the first page
        await wait_for(pilot, lambda: queue.view.order_type == "asc" and len(queue.shown_ids) >= 30)
        await pilot.pause(0.1)
        assert chosen not in queue.shown_ids
        assert queue.highlighted_id() is None
        await pilot.press("c")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")  # the first move selects a row
        await pilot.pause(0.1)
        assert queue.highlighted_id() == queue.shown_ids[queue.table.cursor_row]
        picked = queue.highlighted_id()
        await pilot.press("o")  # back to newest first: the picked (old) ticket is not on its first page
        await wait_for(pilot, lambda: queue.view.order_type == "desc" and len(queue.shown_ids) >= 30)
        await pilot.pause(0.1)
        assert picked not in queue.shown_ids and queue.highlighted_id() is None


async def test_home_and_end_in_the_queue(sandbox_url):
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await _queue(pilot, app)
        loaded = len(queue.shown_ids)
        await pilot.press("end")  # the last loaded row (and the next page starts loading)
        await pilot.pause(0.1)
        assert queue.table.cursor_row == loaded - 1 and queue.highlighted_id() == queue.shown_ids[loaded - 1]
        await pilot.press("home")
        await pilot.pause(0.1)
        assert queue.table.cursor_row == 0 and queue.highlighted_id() == queue.shown_ids[0]


# -- the thread: a focus mark without colour, home/end ------------------------------------------------------

@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
async def test_focused_message_is_marked_and_end_focuses_the_last(sandbox_url, monkeypatch, no_color):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids))
        ticket = await _open_a_thread_of_three(pilot, app, app.screen)
        entries = ticket._entries()
        assert len(entries) >= 3

        def marked() -> list[ConversationEntry]:
            return [e for e in ticket._entries() if e.render().plain.startswith(FOCUS_MARK)]

        assert marked() == []
        await pilot.press("j")
        assert marked() == [entries[0]] and entries[0].has_focus
        await pilot.press("j")
        assert marked() == [entries[1]]
        # only one mark on the screen, whatever the colours
        assert screen_text(app).count(FOCUS_MARK.strip()) == 1
        await pilot.press("end")
        await pilot.pause(0.05)
        assert ticket.focused is entries[-1] and marked() == [entries[-1]]
        await pilot.press("home")
        await pilot.pause(0.05)
        assert ticket.focused is entries[0] and marked() == [entries[0]]


# -- j/k and home/end in every screen that lists things -----------------------------------------------------

async def test_j_and_k_move_in_pickers_and_help(sandbox_url):
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await _queue(pilot, app)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        options = app.screen.query_one(OptionList)
        start = options.highlighted
        await pilot.press("j")
        assert options.highlighted == (start + 1) % options.option_count
        await pilot.press("k")
        assert options.highlighted == start
        await pilot.press("escape")
        await pilot.pause(0.05)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause(0.1)
        scroll = app.screen.query_one("#help-scroll")
        assert scroll.max_scroll_y > 0  # the help is longer than 80x24 shows
        await pilot.press("j", "j")
        assert scroll.scroll_y == 2
        await pilot.press("k")
        assert scroll.scroll_y == 1


@pytest.mark.parametrize("section", ["assets", "agents", "requesters", "groups"])
async def test_browse_lists_home_end_and_cursor_by_row(section):
    from fstui.tui.screens.agents import AgentsScreen
    from fstui.tui.screens.assets import AssetsScreen
    from fstui.tui.screens.groups import GroupsScreen
    from fstui.tui.screens.requesters import RequestersScreen

    factory = {"assets": AssetsScreen, "agents": AgentsScreen, "requesters": RequestersScreen,
               "groups": GroupsScreen}[section]
    app = BrowseHarness(factory, FakeService())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause(0.2)
        screen = app.screen
        table = screen.table
        assert table.row_count >= 2
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("j")
        chosen = table.selected_key
        assert chosen is not None and table.cursor_row == 1
        # a width that changes the columns: the cursor stays on its row (by key)
        await pilot.resize_terminal(60, 30)
        await pilot.pause(0.1)
        assert table.selected_key == chosen
        # a refill of the list (refresh): the same
        await pilot.press("R")
        await pilot.pause(0.2)
        assert table.selected_key == chosen
        # its row leaves the list: nothing is selected, enter opens nothing, the next move selects
        rows = [(key, cells) for key, cells in screen._row_data if key != chosen]
        screen.clear_rows()
        for key, cells in rows:
            screen.add_row(key, **cells)
        screen.show_empty(None)
        assert table.selected_key is None and table.selection_lost
        before = app.screen
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert app.screen is before
        await pilot.press("j")
        assert table.selected_key is not None


async def test_requesters_loading_more_keeps_the_cursor_on_its_person():
    from fstui.tui.screens.requesters import RequestersScreen

    app = BrowseHarness(RequestersScreen, FakeService())
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause(0.2)
        table = app.screen.table
        await pilot.press("end")
        chosen = table.selected_key
        await pilot.press("right_square_bracket")  # the next page; rows are sorted by name
        await pilot.pause(0.2)
        assert table.row_count == 4 and table.selected_key == chosen


# -- bulk: only real changes ------------------------------------------------------------------------------

async def test_bulk_close_counts_only_tickets_that_are_not_closed_yet():
    service = FakeService()
    ids = sorted(service.tickets)[:3]
    service.tickets[ids[1]] = service.tickets[ids[1]].model_copy(update={"status": 5})
    app = BrowseHarness(ticket_list_screen, service)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.1)
        app.screen.tickets = service.tickets
        await pilot.press("space", "space", "space")
        assert app.screen.marks == set(ids)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, BulkConfirmScreen))
        confirm = app.screen
        assert confirm.ticket_ids == [ids[0], ids[2]]
        text = screen_text(app)
        assert "on 2 tickets" in text and "2 API credits" in text
        assert "1 marked ticket already has status Closed" in text
        await pilot.press("y")
        await pilot.pause(0.5)
        assert sorted(e.ticket_id for e in service.outbox.entries()) == [ids[0], ids[2]]


async def test_bulk_set_status_to_what_they_have_changes_nothing():
    service = FakeService()
    ids = sorted(service.tickets)[:2]
    for tid in ids:
        service.tickets[tid] = service.tickets[tid].model_copy(update={"status": 2})
    app = BrowseHarness(ticket_list_screen, service)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.1)
        app.screen.tickets = service.tickets
        await pilot.press("space", "space")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        picker.query_one(OptionList).highlighted = [v for v, _ in picker.choices].index(2)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, BulkConfirmScreen)
        assert not service.outbox.entries()
        assert any("Nothing to change" in str(n.message) for n in app._notifications)


async def test_a_focused_message_that_is_gone_leaves_nothing_focused(sandbox_url):
    """Thread entries are reused for other messages: the focus follows the message, not the widget."""
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids))
        queue = app.screen
        for row in range(40):
            queue.table.move_cursor(row=row)
            await pilot.press("enter")
            await wait_for(pilot, lambda: _thread_ready(app))
            if len(app.screen.conversations) >= 2:
                break
            await pilot.press("escape")
        ticket = app.screen
        await pilot.press("j", "j")  # the description, then the first reply or note
        focused = ticket.focused
        assert isinstance(focused, ConversationEntry) and focused.conversation is not None
        gone = focused.conversation.id
        keep = focused.conversation
        # the thread without that message (deleted elsewhere): the widget now shows another message
        ticket.conversations = [c for c in ticket.conversations if c.id != gone]
        ticket._show_thread()
        await pilot.pause(0.1)
        assert not isinstance(ticket.focused, ConversationEntry)
        await pilot.press("d")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, ConfirmScreen)  # nothing to delete: no message chosen
        # the message comes back and is focused again: the focus follows it
        await pilot.press("j", "j")
        other = ticket.focused.conversation.id
        ticket.conversations = sorted([*ticket.conversations, keep], key=lambda c: c.created_at)
        ticket._show_thread()
        await pilot.pause(0.1)
        assert ticket.focused.conversation.id == other


async def test_choosing_the_value_a_ticket_has_sends_nothing_and_says_so(sandbox_url):
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(100, 30)) as pilot:
        queue = await _queue(pilot, app)
        ticket = queue.current_ticket()
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        assert picker.query_one(OptionList).highlighted == [v for v, _ in picker.choices].index(int(ticket.status))
        await pilot.press("enter")  # the current status, as the picker opened on it
        await pilot.pause(0.2)
        assert app.screen is queue and not app.service.outbox.entries(ticket.id)
        assert any("nothing to change" in str(n.message) for n in app._notifications)


async def test_palette_opened_detail_scrolls_with_the_list_keys():
    from textual.containers import VerticalScroll

    from fstui.tui.screens.agents import AgentDetailScreen

    service = FakeService()
    agent = service.agents_list[0]
    app = BrowseHarness(lambda: AgentDetailScreen(agent), service)
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause(0.2)
        body = app.screen.query_one(VerticalScroll)
        assert body.max_scroll_y > 2
        await pilot.press("end")
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("home")
        assert body.scroll_y == 0
        await pilot.press("j")
        assert body.scroll_y == 1


async def test_bulk_result_list_scrolls_with_the_list_keys():
    from textual.widgets import DataTable

    from fstui.tui.screens.bulk import BulkProgressScreen

    service = FakeService()
    app = BrowseHarness(ticket_list_screen, service)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause(0.1)
        await pilot.press(*["space"] * 10, "s")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        picker.query_one(OptionList).highlighted = [v for v, _ in picker.choices].index(3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BulkConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, BulkProgressScreen) and app.screen.done)
        results = app.screen.query_one(DataTable)
        assert results.max_scroll_y > 1
        await pilot.press("j")
        assert results.scroll_y == 1
        await pilot.press("end")
        assert results.scroll_y == results.max_scroll_y
        await pilot.press("home")
        assert results.scroll_y == 0


async def test_a_picker_on_a_short_terminal_shows_its_highlighted_choice(sandbox_url):
    """The agent picker at 80x12: the list fits its box and scrolls, so the choice enter takes is seen."""
    from textual.containers import Vertical

    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(80, 12)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.pause(0.2)
        box = app.screen.query_one(Vertical)
        options = app.screen.query_one(OptionList)
        assert options.region.bottom <= box.region.bottom - 1  # inside the box's bottom border
        start = options.highlighted  # the ticket's agent
        await pilot.press(*["down"] * 10)  # (the filter box keeps the focus; down moves in the list)
        await pilot.pause(0.1)
        assert options.highlighted == start + 10 and options.scroll_y > 0  # scrolled to keep it in view


async def test_a_key_in_an_empty_view_says_why_nothing_is_selected(sandbox_url):
    """A key for "the ticket under the cursor" in a view with no rows says so: the filter hides every row, or
    the view has no tickets (not "it left the view", which is about a row that was there)."""
    from fstui.views import SavedView

    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await _queue(pilot, app)
        queue._apply_filter("no ticket says zqxj")
        await wait_for(pilot, lambda: not queue.shown_ids)
        for key in ("enter", "r", "s"):
            await pilot.press(key)
            await pilot.pause(0.05)
            assert app.screen is queue, key
        said = await wait_for_notice(pilot, app, "matches the filter")
        assert said == "No ticket in this view matches the filter (/ changes it, esc clears it)."
        assert not any("left the view" in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        await wait_for(pilot, lambda: bool(queue.shown_ids))

        queue.open_saved_view(SavedView(name="Nothing", view="query", query="priority:4 AND status:99"))
        await wait_for(pilot, lambda: bool(queue.pages) and not queue.shown_ids)
        await pilot.press("a")
        assert await wait_for_notice(pilot, app, "No tickets") == "No tickets in this view."
        assert app.screen is queue


def _cursor_row_on_screen(table) -> bool:
    """The cursor's row is inside the table's visible part (below its header)."""
    top = int(table.scroll_y)
    rows_shown = table.scrollable_content_region.height - (table.header_height if table.show_header else 0)
    return table.show_cursor and top <= table.cursor_row < top + rows_shown


@pytest.mark.parametrize("start", [(80, 40), (120, 40), (80, 34)], ids=["80x40", "120x40", "80x34"])
async def test_a_smaller_terminal_keeps_the_cursor_row_in_sight(sandbox_url, start):
    """The terminal shrinks while the cursor is on a low row: that row stays on screen (the table scrolls to
    it), so the ticket a key acts on is one the agent sees."""
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=start) as pilot:
        queue = await _queue(pilot, app)
        await pilot.press(*["j"] * 25)
        chosen = queue.highlighted_id()
        assert chosen == queue.shown_ids[25] and _cursor_row_on_screen(queue.table)
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: _cursor_row_on_screen(queue.table))
        assert _on_row(queue, chosen)
        row = next(line for line in screen_text(app).splitlines() if line.strip().startswith(str(chosen)))
        assert row  # its row is drawn
        await pilot.press("enter")
        await wait_for(pilot, lambda: _thread_ready(app))
        assert app.screen.ticket_id == chosen


async def test_a_smaller_terminal_keeps_a_browse_lists_cursor_row_in_sight():
    from fstui.tui.screens.agents import AgentsScreen

    service = FakeService()
    first = service.agents_list[0]
    service.agents_list = [first.model_copy(update={"id": first.id + n, "first_name": f"Agent{n:02d}",
                                                     "email": f"agent{n}@example.com"}) for n in range(40)]
    app = BrowseHarness(AgentsScreen, service)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause(0.2)
        table = app.screen.table
        row = min(table.row_count - 1, 30)
        assert row > 20  # far enough down to leave a 24-row terminal's view
        await pilot.press(*["j"] * row)
        chosen = table.selected_key
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: _cursor_row_on_screen(table))
        assert table.selected_key == chosen


async def test_a_smaller_terminal_keeps_a_pickers_highlighted_choice_in_sight(sandbox_url):
    """The agent picker (a ModalScreen of choices): after the terminal shrinks, the highlighted agent is
    still on screen, and enter picks that one."""
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(80, 30)) as pilot:
        await _queue(pilot, app)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        options = picker.query_one(OptionList)
        await wait_for(pilot, lambda: options.option_count > 12)
        for _ in range(12):
            await pilot.press("down")
        chosen = options.highlighted
        await pilot.resize_terminal(80, 12)

        def in_sight() -> bool:  # the highlighted choice's lines are inside the list's visible part
            top, line = int(options.scroll_y), options._index_to_line[chosen]
            return top <= line and line + options._heights[chosen] <= top + options.scrollable_content_region.height

        await wait_for(pilot, in_sight)
        assert options.highlighted == chosen


async def test_a_smaller_terminal_keeps_the_focused_message_in_sight(sandbox_url):
    """e, d and x act on the focused message: after the terminal shrinks it is still on screen, marked."""
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(100, 40)) as pilot:
        ticket = await _open_a_thread_of_three(pilot, app, await _queue(pilot, app))
        await pilot.press("end")
        await pilot.pause(0.05)
        last = ticket._entries()[-1]
        assert ticket.focused is last and FOCUS_MARK.strip() in screen_text(app)
        await pilot.resize_terminal(100, 16)
        await wait_for(pilot, lambda: FOCUS_MARK.strip() in screen_text(app))
        assert ticket.focused is last


def test_every_list_a_key_acts_on_keeps_its_cursor_in_sight():
    """The tables and choice lists keys act on are ListTable / ChoiceList (they scroll to the cursor when the
    terminal shrinks); a bare DataTable or OptionList would not. The bulk results table has no cursor."""
    import re

    import fstui.tui

    root = Path(fstui.tui.__file__).parent
    bare = []
    for path in sorted(root.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b(DataTable|OptionList)\(", line) and "show_cursor=False" not in line:
                bare.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert bare == []

"""QA round "brk": the row a key acts on is in sight on a short terminal (tasks and time, the theme
picker), and a key with nothing to act on says why (an empty queue view, an empty tasks/time screen);
an unchanged note edit closes without asking."""

from __future__ import annotations

import copy

import pytest
from textual.widgets import DataTable, OptionList

from fstui.tui.screens.picker import PickerScreen

from tests.tui.harness import make_app, make_sandbox, quiet_config, wait_for
from tests.tui.test_work import open_work


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


def _work_app():
    asgi = make_sandbox(tickets=120)
    app = make_app(asgi, config=quiet_config())
    app.sandbox_store = asgi.state.sandbox.store
    return app


def _fill(app, ticket_id: int, count: int = 15) -> None:
    """``count`` tasks "BRK task N" and time entries "BRK entry N" on the ticket, server side."""
    rest = app.sandbox_store.rest
    task = copy.deepcopy(next(t for ts in rest.tasks.values() for t in ts))
    entry = copy.deepcopy(next(e for es in rest.time_entries.values() for e in es))
    entry["timer_running"] = False
    rest.tasks[("tickets", ticket_id)] = [dict(task, id=900000 + n, title=f"BRK task {n}", status=1)
                                          for n in range(1, count + 1)]
    rest.time_entries[("tickets", ticket_id)] = [dict(entry, id=900000 + n, note=f"BRK entry {n}")
                                                 for n in range(1, count + 1)]


def _cursor_row_seen(app, table) -> bool:
    """The cursor's row is drawn on the screen: inside the table's shown part and the body's."""
    row = table._get_row_region(table.cursor_row)
    y = table.content_region.y + row.y - int(table.scroll_y)
    body = app.screen.query_one("#work-body")
    return (table.show_cursor and table.content_region.y + table.header_height <= y < table.content_region.bottom
            and body.content_region.y <= y < body.content_region.bottom)


@pytest.mark.parametrize("size", [(80, 15), (60, 15)], ids=["80x15", "60x15"])
async def test_tasks_and_time_keep_the_cursor_row_in_sight_on_a_short_terminal(size):
    """120x40, end on the tasks: the terminal shrinks to 15 rows: the cursor's task is still on screen and
    `s` asks about that task; the same for the time entries table."""
    app = _work_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "shown_ids", None))
        tid = app.screen.shown_ids[0]
        _fill(app, tid)
        screen = await open_work(pilot, app, tid)
        tasks = screen.query_one("#tasks", DataTable)
        await pilot.press("end")
        assert tasks.cursor_row == 14
        await pilot.resize_terminal(*size)
        await wait_for(pilot, lambda: _cursor_row_seen(app, tasks))
        await pilot.pause(0.05)
        assert "BRK task 15" in screen_text(app)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        assert "BRK task 15" in app.screen.title_text
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)

        await pilot.resize_terminal(120, 40)
        await pilot.press("tab")
        time = screen.query_one("#time", DataTable)
        await wait_for(pilot, lambda: screen.focused is time)
        await pilot.press("end")
        await pilot.resize_terminal(*size)
        await wait_for(pilot, lambda: _cursor_row_seen(app, time))
        await pilot.pause(0.05)
        assert "BRK entry 15" in screen_text(app)
        await pilot.press("k")  # moving keeps it in sight too
        await wait_for(pilot, lambda: _cursor_row_seen(app, time))


def _highlight_in_sight(options: OptionList) -> bool:
    """The highlighted choice's lines are inside the list's visible part, and the list inside its box."""
    chosen = options.highlighted
    top, line = int(options.scroll_y), options._index_to_line[chosen]
    box = options.parent
    return (top <= line and line + options._heights[chosen] <= top + options.scrollable_content_region.height
            and options.region.bottom <= box.content_region.bottom)


@pytest.mark.parametrize("size", [(80, 24), (80, 15)], ids=["80x24", "80x15"])
async def test_the_theme_pickers_highlighted_theme_is_in_sight(size):
    """end, up/down: the highlighted theme (previewed, and saved by enter) is always drawn on screen."""
    from fstui.tui.themes import ThemePickerScreen

    app = _work_app()
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "shown_ids", None))
        app.push_screen(ThemePickerScreen())
        await wait_for(pilot, lambda: isinstance(app.screen, ThemePickerScreen) and app.screen.query(OptionList))
        options = app.screen.query_one(OptionList)
        await pilot.press("end")
        await wait_for(pilot, lambda: _highlight_in_sight(options))
        last = options.get_option_at_index(options.highlighted).id
        assert last == app.theme and last in screen_text(app)
        await pilot.press("home", *["down"] * 12)
        await wait_for(pilot, lambda: _highlight_in_sight(options))
        assert options.get_option_at_index(options.highlighted).id in screen_text(app)


async def test_the_theme_picker_keeps_its_highlight_in_sight_when_the_terminal_shrinks():
    from fstui.tui.themes import ThemePickerScreen

    app = _work_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "shown_ids", None))
        app.push_screen(ThemePickerScreen())
        await wait_for(pilot, lambda: isinstance(app.screen, ThemePickerScreen) and app.screen.query(OptionList))
        options = app.screen.query_one(OptionList)
        await pilot.press(*["down"] * 14)
        chosen = options.get_option_at_index(options.highlighted).id
        await pilot.resize_terminal(80, 15)
        await wait_for(pilot, lambda: _highlight_in_sight(options))
        assert chosen in screen_text(app)


async def _said_after(pilot, app, key: str) -> list[str]:
    app.clear_notifications()
    await pilot.press(key)
    await pilot.pause(0.1)
    return [str(n.message) for n in app._notifications]


@pytest.mark.parametrize("key", ["enter", "y", "space"])
async def test_enter_y_and_space_in_an_empty_view_say_why(key):
    """The key bar's "enter Open", y (copy) and space (mark) in a view with no rows say why, like r/s/c:
    a filter hiding every row, then a view with no tickets."""
    from fstui.tui.screens.queue import TicketQueueScreen
    from fstui.views import SavedView

    app = _work_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        queue = app.screen
        queue._apply_filter("no ticket says zqxj")
        await wait_for(pilot, lambda: not queue.shown_ids)
        assert await _said_after(pilot, app, key) == [
            "No ticket in this view matches the filter (/ changes it, esc clears it)."]
        assert app.screen is queue
        await pilot.press("escape")
        await wait_for(pilot, lambda: bool(queue.shown_ids))

        queue.open_saved_view(SavedView(name="Nothing", view="query", query="priority:4 AND status:99"))
        await wait_for(pilot, lambda: bool(queue.pages) and not queue.shown_ids)
        assert await _said_after(pilot, app, key) == ["No tickets in this view."]
        assert app.screen is queue


@pytest.mark.parametrize("key", ["enter", "r", "x"])
async def test_keys_on_an_empty_outbox_say_why(key):
    from fstui.tui.screens.outbox import OutboxScreen
    from fstui.tui.screens.queue import TicketQueueScreen

    app = _work_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        app.push_screen(OutboxScreen())
        await wait_for(pilot, lambda: isinstance(app.screen, OutboxScreen))
        assert await _said_after(pilot, app, key) == ["Nothing in the outbox to act on."]
        assert isinstance(app.screen, OutboxScreen)


async def test_enter_on_an_empty_browse_list_says_why():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from browse_support import BrowseHarness, FakeService

    from fstui.tui.screens.agents import AgentsScreen

    service = FakeService()
    service.agents_list = []
    app = BrowseHarness(AgentsScreen, service)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        assert app.screen.table.row_count == 0
        assert await _said_after(pilot, app, "enter") == ["Nothing listed here to act on."]


async def test_tasks_and_time_with_nothing_listed_say_why_s_e_d_do_nothing():
    """A ticket with no tasks and no time entries: s, e and d say why (the key bar offers "s Status")."""
    app = _work_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "shown_ids", None))
        tid = app.screen.shown_ids[0]
        _fill(app, tid, count=0)
        screen = await open_work(pilot, app, tid)
        assert screen.query_one("#tasks", DataTable).row_count == 0
        assert await _said_after(pilot, app, "s") == ["No task to change: a adds one."]
        assert await _said_after(pilot, app, "e") == ["No task to edit: a adds one."]
        assert await _said_after(pilot, app, "d") == ["No task to delete: a adds one."]
        await pilot.press("tab")
        await wait_for(pilot, lambda: screen.focused is screen.query_one("#time", DataTable))
        assert await _said_after(pilot, app, "d") == ["No time entry to delete: l logs time."]
        assert await _said_after(pilot, app, "s") == ["s and e act on the tasks: tab goes to them."]
        assert app.screen is screen


async def test_an_unchanged_note_edit_closes_without_asking_and_leaves_no_draft(sandbox_url):
    """e on the agent's plain note, esc at once: nothing changed, nothing to discard: back without the
    "Discard this draft?" question, and no draft kept. ctrl+s unchanged sends nothing. A change still asks."""
    from textual.widgets import TextArea

    from fstui.tui.drafts import DraftStore
    from fstui.tui.screens.compose import ComposeScreen
    from fstui.tui.screens.confirm_modal import ConfirmScreen
    from tests.tui.test_note_edit_formatting import _my_note_focused

    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(80, 24)) as pilot:
        ticket, note_id = await _my_note_focused(pilot, app, sandbox_url, "<div>plain note only</div>",
                                                 "plain note only")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        compose = app.screen
        assert compose.query_one("#body", TextArea).text.strip() == "plain note only"
        await pilot.press("ctrl+s")  # unchanged: nothing to send
        await pilot.pause(0.2)
        assert app.screen is compose and "Nothing changed" in str(compose.query_one("#body-error").render())
        await pilot.pause(0.6)  # (past the draft save's delay)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is ticket)
        assert DraftStore("test").load(f"{ticket.ticket_id}-edit_note-{note_id}") is None
        assert not [e for e in app.service.outbox.entries(include_sent=True) if e.kind == "edit_note"]

        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        await pilot.press("end", "x")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))


async def test_the_highlighted_link_of_the_ticket_details_stays_in_sight():
    """i: the links list scrolls with the page; on a short terminal the highlighted link (enter opens it)
    is brought into view when it moves and when the terminal shrinks."""
    from types import SimpleNamespace

    from fstui.tui.screens.ticket_details import TicketDetailsScreen
    from fstui.tui.screens.queue import TicketQueueScreen

    app = _work_app()
    async with app.run_test(size=(80, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        await pilot.press("enter")
        await wait_for(pilot, lambda: getattr(app.screen, "ticket", None) is not None)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketDetailsScreen) and app.screen.loaded)
        details = app.screen
        details._show_links(SimpleNamespace(problem=None, changes=[], assets=[], parent_id=None,
                                            child_ids=list(range(9001, 9009))))
        links = details.query_one("#links", OptionList)

        def seen() -> bool:
            label = str(links.get_option_at_index(links.highlighted).prompt)
            return label.split()[-1] in screen_text(app)

        await pilot.press("end")
        await pilot.resize_terminal(80, 9)
        await wait_for(pilot, seen)
        await pilot.resize_terminal(80, 30)
        await pilot.press("home")
        await pilot.resize_terminal(80, 9)
        await pilot.press(*["down"] * 7)
        await wait_for(pilot, seen)
        assert "#9008" in screen_text(app)

"""ListTable: a row-cursor DataTable whose cursor belongs to a row (its key), not to a position.

Every list screen (the ticket queue, assets, agents, requesters, groups/roles) shows one of these. The
rules a user relies on (issue 11, section 5: a key acts on the row under the cursor — always):

- The README's list keys work here: ``j``/``k`` and the arrows move, ``home``/``end`` go to the first/last
  row (DataTable binds them to a sideways scroll, which a row table never needs), pageup/pagedown page.
- The cursor stays on its row (by key) while the rows are rebuilt — a resize that changes the columns,
  a refresh, rows arriving above it, a sort or a filter: :meth:`remember_cursor` before the change,
  :meth:`restore_cursor` after.
- When its row left the list, nothing is selected (the cursor is hidden and :attr:`selected_key` is None)
  until the user moves: the first move shows the cursor where the row was (``j``/``down``: the row that
  took its place, ``k``/``up``: the row above), ``home``/``end`` go to the ends, a click selects.
- The same list read again in another scope (a workspace switch, a saved view re-read with the account's
  names): :meth:`follow_cursor` before, :meth:`restore_cursor` once its rows are there — the cursor stays on
  its row when the new rows hold it, else the first row is selected, as for a new list.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Region
from textual.widgets import DataTable

from fstui.tui.widgets.in_sight import in_scrolling_container, show_in_containers


NOTHING_SELECTED = "Nothing selected (its row left the list): move the cursor (j/k) to choose one."


class ListTable(DataTable):
    BINDINGS = [
        Binding("home", "first_row", "First row", show=False),
        Binding("end", "last_row", "Last row", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._kept_key: str | None = None
        self._kept_row = 0
        self._or_first = False  # follow_cursor: a kept row the new rows lack gives the first row

    def on_resize(self, _event: events.Resize) -> None:
        """A smaller table (the terminal shrank, the preview pane opened) keeps the cursor's row in sight:
        a key acts on the row under the cursor, so that row is always one the agent can see. (DataTable
        scrolls to the cursor only when it moves.) After the refresh: the new size is laid out by then."""
        if self.show_cursor and self.row_count:
            self.call_after_refresh(self._scroll_cursor_into_view)

    def _scroll_cursor_into_view(self, animate: bool = False) -> None:
        """DataTable scrolls the cursor's row into the table's own view; a table inside a scrolling
        container (taller than the part of it the container shows: the tasks and time tables of ``w``)
        also needs the container scrolled to that row, or the row a key acts on is out of sight."""
        super()._scroll_cursor_into_view(animate)
        # (only the focused table's: two tables in one container must not pull it back and forth)
        if self.has_focus and in_scrolling_container(self):
            self.call_after_refresh(self._cursor_row_into_containers_view)  # the table's own scroll is done

    def _cursor_row_into_containers_view(self) -> None:
        """The cursor's row, as the table shows it now, into view in every container around the table."""
        if not self.show_cursor or not self.is_valid_row_index(self.cursor_row):
            return
        row = self._get_row_region(self.cursor_row)
        show_in_containers(self, Region(0, self.styles.gutter.top + row.y - int(self.scroll_y), self.size.width,
                                        row.height))

    # -- what is selected ----------------------------------------------------------------------------
    @property
    def selection_lost(self) -> bool:
        """True while nothing is selected because the selected row left the list."""
        return not self.show_cursor and self.row_count > 0

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor; None when nothing is selected (or no rows)."""
        if not self.show_cursor or not self.is_valid_row_index(self.cursor_row):
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - a row being removed
            return None

    @property
    def remembered_key(self) -> str | None:
        """The row the cursor belongs to (kept through rebuilds; see remember_cursor)."""
        return self._kept_key

    def remember_cursor(self) -> None:
        """Note which row the cursor is on, before the rows are cleared or rebuilt.

        A remembered row whose cursor is hidden stays remembered (it may come back before the user moves)."""
        if self.row_count:
            self._kept_row = self.cursor_row
            key = self.selected_key
            if key is not None:
                self._kept_key = key

    def forget_cursor(self) -> None:
        """A new list (another view): the first row will be selected, as when the screen opened."""
        self._kept_key = None
        self._kept_row = 0
        self._or_first = False

    def follow_cursor(self) -> None:
        """The same list is read again in another scope (another workspace) or with its definition
        refreshed: the cursor goes back to its row if the new rows hold it, else to the first row (not
        "nothing selected": it is the list the agent chose, shown anew). Decided by the first
        :meth:`restore_cursor` that has rows."""
        self.remember_cursor()
        self._or_first = self._kept_key is not None

    @property
    def following(self) -> bool:
        """True while a followed row (:meth:`follow_cursor`) was neither found nor given up for the first row."""
        return self._or_first and self._kept_key is not None

    def restore_cursor(self, *, more_coming: bool = False) -> None:
        """Put the cursor back on the remembered row; hide it when that row is no longer listed.

        With nothing remembered (a new list), the first row is selected. ``more_coming``: rows that may hold a
        followed row are still being read (the next page): until they come nothing is selected (not the
        first row, which the cursor would leave under the agent's key when its row arrives)."""
        key = self._kept_key
        if key is None:
            if not self.show_cursor:
                self.show_cursor = True
            return
        row = self._row_index(key)
        if row is not None:
            self._or_first = False
            if self.cursor_row != row:
                self.move_cursor(row=row, animate=False)
            if not self.show_cursor:
                self.show_cursor = True
            return
        if self._or_first:  # followed into a list without its row: the first row, as for a new list
            if self.row_count and more_coming:
                if self.show_cursor:
                    self.show_cursor = False
            elif self.row_count:  # (no rows yet: decided when they come)
                self.forget_cursor()
                self._reveal(0)
            return
        # its row left the list: nothing selected until the user moves
        if self.show_cursor:
            self.show_cursor = False
        if self.row_count:
            target = max(0, min(self._kept_row, self.row_count - 1))
            if self.cursor_row != target:
                self.move_cursor(row=target, animate=False, scroll=True)

    def _row_index(self, key: str) -> int | None:
        try:
            return self.get_row_index(key)
        except Exception:  # noqa: BLE001 - RowDoesNotExist
            return None

    def _reveal(self, row: int) -> None:
        """The first move after the selection was lost: select ``row`` (clamped) and show the cursor."""
        self._kept_key = None
        self._or_first = False  # (a followed row not found yet: the agent chose another)
        if self.row_count:
            self.move_cursor(row=max(0, min(row, self.row_count - 1)), animate=False)
        self.show_cursor = True

    # -- moves ---------------------------------------------------------------------------------------
    def action_cursor_down(self) -> None:
        if self.selection_lost:
            self._reveal(self.cursor_row)
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.selection_lost:
            self._reveal(self.cursor_row - 1)
            return
        super().action_cursor_up()

    def action_page_down(self) -> None:
        if self.selection_lost:
            self._reveal(self.cursor_row)
            return
        super().action_page_down()

    def action_page_up(self) -> None:
        if self.selection_lost:
            self._reveal(self.cursor_row)
            return
        super().action_page_up()

    def action_first_row(self) -> None:
        self._reveal(0)
        self.scroll_to(x=0, y=0, animate=False)

    def action_last_row(self) -> None:
        self._reveal(self.row_count - 1)

    def action_select_cursor(self) -> None:
        if self.selection_lost:  # enter on nothing: say so (DataTable would do nothing, silently)
            self.app.notify(NOTHING_SELECTED, severity="warning", timeout=4)
            return
        if not self.row_count:
            # An empty list: the key goes on to the screen's own enter binding ("enter Open" in the key
            # bar), which says why there is nothing to open (an empty view, a filter hiding every row).
            raise SkipAction()
        super().action_select_cursor()

    # DataTable's ctrl+home/ctrl+end: the same as home/end
    def action_scroll_top(self) -> None:
        self.action_first_row()

    def action_scroll_bottom(self) -> None:
        self.action_last_row()

    async def _on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if not self.show_cursor and "row" in meta and meta.get("row", -1) >= 0:
            self._kept_key = None
            self.show_cursor = True  # a click on a row selects it
        await super()._on_click(event)


class ListTableScroll(Vertical):
    """A vertical container that scrolls (overflow-y auto) holding ListTables of a fixed or capped height
    (the tasks and time tables of ``w``). On a resize the container, not the table, changes size, so the
    table's own on_resize does not run: here the focused table's cursor row is brought into view, as the
    list keys act on it."""

    DEFAULT_CSS = "ListTableScroll { overflow-y: auto; }"

    def on_resize(self, _event: events.Resize) -> None:
        table = self.screen.focused
        if isinstance(table, ListTable) and table.show_cursor and table.row_count and self in table.ancestors:
            self.call_after_refresh(table._scroll_cursor_into_view)

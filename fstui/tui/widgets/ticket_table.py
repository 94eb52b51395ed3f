"""The queue's table: DataTable with per-row line caches, lazy cells and arithmetic row offsets.

Written against Textual 8.2.8 internals (DataTable's caches, row bookkeeping and StylesCache); the
queue's columns all have fixed widths and its rows are one line high, which is what makes the
shortcuts exact. tests/tui (flows and snapshots) and tests/benchmarks watch them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from itertools import zip_longest
from typing import Any

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from textual._styles_cache import StylesCache
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets.data_table import DuplicateKey, Row, RowKey

from fstui.tui.widgets.list_table import ListTable


class PlainLinesCache(StylesCache):
    """StylesCache for a widget with no border, padding, outline, tint or opacity: a line of content
    is its own styled line (StylesCache would wrap it in a new Strip each time the widget is drawn).

    StylesCache keys its lines by y, so every scroll restyles every visible line, and the new strips
    have empty filter caches. Handing back the content line itself keeps its Strip, whose filter
    results are cached: a line drawn before (e.g. a row scrolled back into view) costs nothing."""

    def render_line(self, styles: Any, y: int, size: Size, content_size: Size, padding: Spacing,
                    base_background: Any, background: Any, render_content_line: Callable[[int], Strip],
                    border_title: Any, border_subtitle: Any, opacity: float, ansi_theme: Any,
                    native_ansi: bool) -> Strip:
        if (
            size == content_size and y < content_size.height and opacity == 1.0 and not any(padding)
            and not any(styles.gutter) and not any(edge for edge, _color in styles.outline)
            and not styles.tint.a and styles.text_opacity == 1.0
            and not (styles.has_rule("hatch") and styles.hatch != "none")
        ):
            inner, _outer = self.get_inner_outer(base_background, background)
            return render_content_line(y).adjust_cell_length(content_size.width, inner.rich_style)
        return super().render_line(styles, y, size, content_size, padding, base_background, background,
                                   render_content_line, border_title, border_subtitle, opacity, ansi_theme,
                                   native_ansi)


class LazyCells(MutableMapping):
    """One row's cells (column key -> cell), made on first use.

    A page appends 100 rows of which a few are on screen; the others are made when they are drawn
    (scrolled to) or looked up, and a row never drawn never has its cells made."""

    __slots__ = ("_columns", "_make", "_cells")

    def __init__(self, columns: list[Any], make: Callable[[], tuple[Any, ...]]) -> None:
        self._columns: list[Any] | None = columns
        self._make: Callable[[], tuple[Any, ...]] | None = make
        self._cells: dict[Any, Any] | None = None

    @property
    def built(self) -> bool:
        return self._cells is not None

    def _mapping(self) -> dict[Any, Any]:
        cells = self._cells
        if cells is None:
            assert self._make is not None and self._columns is not None
            values = self._make()
            if len(values) > len(self._columns):
                raise ValueError("More values provided than there are columns.")
            cells = self._cells = {column.key: value for column, value in zip_longest(self._columns, values)}
            self._make = self._columns = None
        return cells

    def __getitem__(self, key: Any) -> Any:
        return self._mapping()[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._mapping()[key] = value

    def __delitem__(self, key: Any) -> None:
        del self._mapping()[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())


class TicketTable(ListTable):
    """The queue's table; navigation keys are the screen's (j/k/g/G/home/end as well as arrows), so that
    the next page loads as the cursor nears the end. Its cursor keeps to its ticket (see ListTable).

    Two costs of DataTable are avoided here (Textual 8.2.8 internals; every column has a fixed width
    and every row is one line high, which is what makes both shortcuts exact):

    - Rendered lines are cached per ROW (its key, index and content version, and whether the cursor or
      hover is on it). DataTable's own caches are keyed by the cursor's coordinate and by a table-wide
      update counter, so a cursor move that scrolls re-rendered every visible line through Rich (9 cells
      each), and appending a page re-rendered every visible cell. Now only lines whose look changed are
      rendered.
    - A cell's text is rendered once per content version and width, unstyled; the row's, cursor's and
      hover's styles are laid over those segments (what DataTable's Styled does while rendering), so
      the cursor arriving on a row that was drawn before does not render its cells through Rich again.
    - Appended rows are not measured cell by cell (measurements only matter for auto-width columns).
    - Row positions are arithmetic: with one-line rows, row i is line i (plus the header). DataTable
      rebuilds a list of every row and every line after each change and sums the heights of all rows
      above the cursor on each move (O(rows): it made 10k rows slower than 1k).
    """

    DEFAULT_CSS = """
    TicketTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("j", "screen.cursor_down", "Down", show=False),
        Binding("k", "screen.cursor_up", "Up", show=False),
        Binding("home", "screen.top", "Top", show=False),
        Binding("end", "screen.bottom", "Bottom", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        self._tall_rows = 0  # rows added with a height other than 1 (none in the queue)
        super().__init__(**kwargs)
        self._styles_cache = PlainLinesCache()
        self._row_line_cache: LRUCache[tuple, Strip] = LRUCache(2000)
        self._row_versions: dict[Any, int] = {}
        self._cell_segments: LRUCache[tuple, list[list[Segment]]] = LRUCache(4000)

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None, label: Any = None) -> RowKey:
        if height != 1:
            self._tall_rows += 1
        return super().add_row(*cells, height=height, key=key, label=label)

    def clear(self, columns: bool = False) -> Any:
        self._tall_rows = 0
        return super().clear(columns)

    def _one_line_rows(self) -> bool:
        return not self._tall_rows and self._fixed_layout()

    @property
    def _total_row_height(self) -> int:
        if self._one_line_rows():
            return len(self.rows)
        return super()._total_row_height

    def _get_offsets(self, y: int) -> tuple[RowKey, int]:
        if not self._one_line_rows():
            return super()._get_offsets(y)
        if self.show_header:
            header_height = self.header_height
            if y < header_height:
                return self._header_row_key, y
            y -= header_height
        if not 0 <= y < len(self.rows):
            raise LookupError(f"Y coord {y!r} is outside the rows")
        return self._row_locations.get_key(y), 0

    def _row_top(self, row_index: int) -> int:
        return row_index + (self.header_height if self.show_header else 0)

    def _get_row_region(self, row_index: int) -> Region:
        if not self._one_line_rows() or not self.is_valid_row_index(row_index):
            return super()._get_row_region(row_index)
        row_width = sum(column.get_render_width(self) for column in self.columns.values()) + self._row_label_column_width
        return Region(0, self._row_top(row_index), max(self.size.width, row_width), 1)

    def _get_cell_region(self, coordinate: Any) -> Region:
        if not self._one_line_rows() or not self.is_valid_coordinate(coordinate):
            return super()._get_cell_region(coordinate)
        row_index, column_index = coordinate
        x = sum(column.get_render_width(self) for column in self.ordered_columns[:column_index])
        width = self.columns[self._column_locations.get_key(column_index)].get_render_width(self)
        return Region(x + self._row_label_column_width, self._row_top(row_index), width, 1)

    def _get_fixed_offset(self) -> Spacing:
        if not self._one_line_rows():
            return super()._get_fixed_offset()
        top = (self.header_height if self.show_header else 0) + min(self.fixed_rows, len(self.rows))
        left = sum(column.get_render_width(self) for column in self.ordered_columns[: self.fixed_columns])
        return Spacing(top, 0, 0, left + self._row_label_column_width)

    def render_lines(self, crop: Region) -> list[Strip]:
        # DataTable.render_line recomputes the widget's Rich style (a walk over its CSS ancestors) for
        # every line; it is the same for every line of one render.
        self._lines_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._lines_style = None

    def render_line(self, y: int) -> Strip:
        base_style = getattr(self, "_lines_style", None)
        if base_style is None or self.fixed_rows:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        if y >= (self.get_row_height(self._header_row_key) if self.show_header else 0):
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + self.size.width, base_style)

    def append_rows(self, rows: list[tuple[str, tuple[Any, ...] | Callable[[], tuple[Any, ...]]]]) -> list[RowKey]:
        """Add one-line rows (key, cells) at the bottom: DataTable.add_row, once for the lot (the cursor
        re-validation, the update counter and the idle check are per call, not per row). ``cells`` may
        be a function that makes them: it is called when the row is first drawn or looked up."""
        if not rows:
            return []
        columns = self.ordered_columns
        keys: list[RowKey] = []
        locations, data, table_rows, new_rows = self._row_locations, self._data, self.rows, self._new_rows
        for key, cells in rows:
            row_key = RowKey(key)
            if row_key in locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            if callable(cells):
                row_data: Any = LazyCells(columns, cells)
            elif len(cells) > len(columns):
                raise ValueError("More values provided than there are columns.")
            else:
                row_data = {column.key: cell for column, cell in zip_longest(columns, cells)}
            was_empty = not table_rows
            locations[row_key] = len(table_rows)
            data[row_key] = row_data
            table_rows[row_key] = Row(row_key, 1, None, False)
            keys.append(row_key)
            if was_empty and columns and self.show_cursor and self.cursor_type != "none":
                self.cursor_coordinate = self.cursor_coordinate
                self._highlight_cursor()
        if self._fixed_layout():
            # only the scrollable size changes: set now, so that the rows and the scrollbar are drawn in
            # the same frame (DataTable waits for idle, which cost a second frame per page)
            self._update_dimensions(keys)
        else:
            new_rows.update(keys)
            self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        self._update_count += 1
        self.check_idle()
        return keys

    def row_built(self, row_key: Any) -> bool:
        """Whether the row's cells were made (False for a row appended with a maker and not drawn yet)."""
        row_data = self._data.get(row_key if isinstance(row_key, RowKey) else RowKey(row_key))
        return not isinstance(row_data, LazyCells) or row_data.built

    def _clear_caches(self) -> None:
        super()._clear_caches()
        self._row_line_cache.clear()
        self._row_versions.clear()
        self._cell_segments.clear()

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        if (row_index < self.fixed_rows or column_index < self.fixed_columns or not self._one_line_rows()):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        key = (row_key, self._row_versions.get(row_key, 0), column_key, width)
        lines = self._cell_segments.get(key)
        if lines is None:
            cell = self._get_row_renderables(row_index).cells[column_index]
            options = self.app.console_options.update_dimensions(width, 1).update(no_wrap=True)
            lines = self.app.console.render_lines(Padding(cell, (0, self.cell_padding)), options)
            self._cell_segments[key] = lines
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
        )
        style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        return [list(Segment.apply_style(line, style, post_style)) for line in lines]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._row_line_cache.clear()

    def update_cell(self, row_key: Any, column_key: Any, value: Any, *, update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, value, update_width=update_width)
        key = row_key if isinstance(row_key, RowKey) else RowKey(row_key)
        self._row_versions[key] = self._row_versions.get(key, 0) + 1

    def remove_row(self, row_key: Any) -> None:
        super().remove_row(row_key)
        self._row_line_cache.clear()

    def _fixed_layout(self) -> bool:
        return not self._labelled_row_exists and not any(column.auto_width for column in self.columns.values())

    def _update_dimensions(self, new_rows: Any) -> None:
        rows = self.rows
        if not self._fixed_layout() or any(
            (row := rows.get(key)) is not None and (row.label is not None or row.auto_height) for key in new_rows
        ):
            super()._update_dimensions(new_rows)
            return
        # Fixed widths and one-line rows: only the scrollable size changes.
        width = sum(column.get_render_width(self) for column in self.columns.values()) + self._row_label_column_width
        header_height = self.header_height if self.show_header else 0
        self._set_virtual_size(Size(width, self._total_row_height + header_height))

    def _set_virtual_size(self, size: Size) -> None:
        """Set the scrollable size; a layout of the whole screen only when the table's size depends on it.

        ``virtual_size`` is a layout reactive: every change (a page of rows appended) re-arranged the
        whole screen. The table's own size comes from CSS (1fr, not auto), so more rows change only its
        scrollbars: they are updated here, and a scrollbar appearing or going still asks for the layout
        (``show_vertical_scrollbar`` is itself a layout reactive)."""
        old = self.virtual_size
        if size == old:
            return
        if not self.is_mounted or self.styles.auto_dimensions or not self.container_size:
            self.virtual_size = size
            return
        self.set_reactive(Widget.virtual_size, size)
        self._scroll_update(size)
        if size.width == old.width and size.height > old.height:
            self.refresh_lines(old.height, size.height - old.height)  # rows appended: only their lines
        else:
            self.refresh()

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        if self.cursor_type != "row" or not self._fixed_layout():
            return super()._render_line(y, x1, x2, base_style)
        try:
            row_key, line_in_row = self._get_offsets(y)
        except LookupError:
            return super()._render_line(y, x1, x2, base_style)
        row_index = -1 if row_key is self._header_row_key else self._row_locations.get(row_key)
        # What the line's look depends on: the row's cells (their version), its index (mouse metadata),
        # the widget's size and style, and whether the cursor or the hover is on this row.
        key = (
            row_key, self._row_versions.get(row_key, 0), row_index, line_in_row, x1, x2, self.size.width,
            base_style, self.show_cursor, self._show_hover_cursor, self._pseudo_class_state,
            self.cursor_coordinate.row == row_index, self.hover_coordinate.row == row_index,
        )
        strip = self._row_line_cache.get(key)
        if strip is None:
            strip = super()._render_line(y, x1, x2, base_style)
            self._row_line_cache[key] = strip
        return strip

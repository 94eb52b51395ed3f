"""What the browse screens (assets, agents, requesters, groups/roles) share.

Each browse screen is a list (a DataTable) with a one-line header saying what is shown, and a detail
screen for the row under the cursor. Data comes from the DataService (``app.service``) in workers; every
string from the API goes through :mod:`fstui.tui.text`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState

from fstui.tui import text as T
from fstui.tui.format import ago
from fstui.tui.load_retry import LoadRetry, retry_words
from fstui.tui.widgets.key_bar import KeyBar
from fstui.tui.widgets.list_table import NOTHING_SELECTED, ListTable
from fstui.tui.widgets.status_bar import StatusBar


def service_of(node: Any) -> Any:
    """The DataService the app was opened with."""
    return node.app.service


def now_of(node: Any) -> datetime:
    clock = getattr(node.app, "clock", None)
    return clock() if callable(clock) else datetime.now(UTC)


def when(value: datetime | None, now: datetime) -> str:
    """Absolute UTC time plus how long ago (our own text)."""
    if value is None:
        return "-"
    return f"{value.astimezone(UTC):%Y-%m-%d %H:%M} UTC ({ago(value, now)})"


def person_name(first: str | None, last: str | None, fallback: str | None = None) -> str:
    name = " ".join(part for part in (first, last) if part)
    return name or (fallback or "")


def error_text(error: BaseException) -> str:
    """A one-line description of an error for a notification (plain: notify it with ``markup=False``)."""
    title = getattr(error, "title", None) or error.__class__.__name__
    detail = str(error)
    if detail and detail != title:
        return T.notice("{}: {}", title, detail)
    return T.notice("{}", title)


def open_ticket(node: Any, ticket_id: int) -> None:
    handler = getattr(node.app, "open_ticket", None)
    if callable(handler):
        handler(ticket_id)
    else:
        node.app.notify(f"Ticket #{ticket_id}: the ticket screen is not available", severity="warning")


def open_queue(node: Any, view: Any, description: str) -> None:
    """Show the ticket queue for ``view`` (an agent's, a requester's, a group's tickets...)."""
    handler = getattr(node.app, "open_queue", None)
    if callable(handler):
        handler(view)
    else:
        node.app.notify(T.notice("{}: the queue screen is not available", description), severity="warning",
                        markup=False)


def queue_view(**kwargs: Any) -> Any:
    from fstui.service import QueueView

    return QueueView(**kwargs)


class KeyValue(Static):
    """Label/value lines; values are API text made safe (never markup)."""

    DEFAULT_CSS = """
    KeyValue { height: auto; padding: 0 1; }
    """

    def __init__(self, rows: Iterable[tuple[str, Any]] = (), *, label_width: int = 14, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.label_width = label_width
        self.set_rows(rows)

    def set_rows(self, rows: Iterable[tuple[str, Any]]) -> None:
        lines: list[Content] = []
        for label, value in rows:
            shown = value if isinstance(value, Content) else T.safe(value if value not in (None, "") else "-")
            lines.append(Content.assemble((f"{label:<{self.label_width}}", "bold"), " ", shown))
        self.update(Content("\n").join(lines) if lines else Content(""))


ColumnSpec = tuple[str, str, int, int]
"""(key, label, preferred width, narrowest screen that shows it)."""

ID_WIDTH = 10
"""Freshservice ids are 10 digits (1000000807): an id column is never narrower, ids are never cut."""


def fit_columns(specs: list[ColumnSpec], width: int, flex: str | None) -> list[tuple[str, str, int]]:
    """The columns that fit ``width``: drop those whose minimum screen is wider, then let the ``flex``
    column absorb the difference (between 8 and twice its preferred width). Ids are never shrunk."""
    shown = [(key, label, size) for key, label, size, minimum in specs if width >= minimum]
    used = sum(size + 2 for _key, _label, size in shown) + 2  # cell padding + vertical scrollbar
    spare = width - used
    fitted = []
    for key, label, size in shown:
        if key == flex:
            size = max(8, min(size * 2, size + spare))
        fitted.append((key, label, size))
    return fitted


class BrowseScreen(Screen):
    """A list screen: header line, table, status bar, key bar. Subclasses fill the table in :meth:`load`
    with :meth:`clear_rows`, :meth:`add_row` (cells by column key, so columns can be dropped on a narrow
    screen) and end with :meth:`show_empty`.

    The cursor keeps to its row (by key) through a refill — a resize, a refresh, more rows, a sort or a
    filter — and nothing is selected when its row is gone, until the user moves (ListTable). A new list
    (another page, the trash, groups/roles) calls ``self.table.forget_cursor()`` first: its first row is
    selected."""

    COLUMNS: list[ColumnSpec] = []
    FLEX_COLUMN: str | None = "name"

    DEFAULT_CSS = """
    BrowseScreen #browse-header { height: 1; padding: 0 1; background: $boost; }
    BrowseScreen DataTable { height: 1fr; }
    BrowseScreen #browse-empty { height: auto; padding: 1 2; color: $text-muted; display: none; }
    """

    BINDINGS = [
        Binding("R", "refresh", "Refresh"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "top", "Top", show=False),
        Binding("G", "bottom", "Bottom", show=False),
    ]

    title_text = "Browse"

    def compose(self) -> ComposeResult:
        yield Static(id="browse-header")
        yield from self.compose_top()
        yield ListTable(id="browse-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="browse-empty")
        yield StatusBar()
        yield KeyBar()

    def compose_top(self) -> ComposeResult:
        """Widgets between the header and the table (e.g. a search box)."""
        return iter(())

    @property
    def service(self) -> Any:
        return service_of(self)

    @property
    def table(self) -> ListTable:
        return self.query_one("#browse-table", ListTable)

    def on_mount(self) -> None:
        self.sub_title = self.title_text
        #: a failed load tries again by itself (2, 4, 8 … 60 s) and at once when the connection is back
        self.load_retry = LoadRetry(self, self.load)
        self.setup_columns(self.table)
        self.update_header()
        self.load()

    def on_service_changed(self, event: Any) -> None:
        if type(event).__name__ == "OnlineChanged" and event.online and hasattr(self, "load_retry"):
            self.load_retry.online()

    # columns and rows -----------------------------------------------------------------------------
    def column_specs(self) -> list[ColumnSpec]:
        return list(self.COLUMNS)

    def setup_columns(self, table: DataTable) -> None:
        width = self.size.width or self.app.size.width
        self._shown_columns = fit_columns(self.column_specs(), width, self.FLEX_COLUMN)
        if isinstance(table, ListTable):
            table.remember_cursor()
        table.clear(columns=True)
        for key, label, size in self._shown_columns:
            table.add_column(label, key=key, width=size)
        self._row_data: list[tuple[str, dict[str, Any]]] = []

    def clear_rows(self) -> None:
        self.table.remember_cursor()  # put back on its row by show_empty, which ends every fill
        self.table.clear()
        self._row_data = []

    def add_row(self, key: str, **cells: Any) -> None:
        """Add a row; ``cells`` by column key (Text/Content already made safe, or API values)."""
        self._row_data.append((key, cells))
        self._add_table_row(key, cells)

    def _add_table_row(self, key: str, cells: dict[str, Any]) -> None:
        values = []
        for column, _label, _size in self._shown_columns:
            value = cells.get(column, "")
            values.append(value if isinstance(value, Text) else self.cell(value))
        self.table.add_row(*values, key=key)

    def on_resize(self, event: Any) -> None:
        if not hasattr(self, "_shown_columns"):
            return
        fitted = fit_columns(self.column_specs(), event.size.width, self.FLEX_COLUMN)
        if fitted == self._shown_columns:
            return
        table = self.table
        rows = list(self._row_data)
        self.setup_columns(table)
        for key, cells in rows:
            self.add_row(key, **cells)
        table.restore_cursor()  # on the same row (by key), not the same position

    # subclasses -----------------------------------------------------------------------------------

    def load(self) -> None:
        raise NotImplementedError

    def header_text(self) -> Content:
        return Content(self.title_text)

    # shared ---------------------------------------------------------------------------------------
    def update_header(self) -> None:
        self.query_one("#browse-header", Static).update(self.header_text())

    def show_empty(self, message: str | None) -> None:
        """Ends a fill of the table: says when it is empty, and puts the cursor back on its row."""
        empty = self.query_one("#browse-empty", Static)
        empty.update(message or "")
        empty.display = bool(message)
        self.table.restore_cursor()

    def cell(self, value: Any, style: str = "", max_chars: int | None = 200) -> Text:
        return T.safe_text("" if value is None else value, style, max_chars=max_chars)

    def current_key(self) -> str | None:
        """The key of the row under the cursor (None, said, when its row left the list)."""
        table = self.table
        if table.selection_lost:
            self.notify(NOTHING_SELECTED, severity="warning", timeout=4)
            return None
        key = table.selected_key
        if key is None:  # a key never does nothing silently: an empty list (or a search still asking) says so
            busy = any(w.is_running for w in self.workers)
            self.notify("Still looking: the key acts on the first result once it shows." if busy
                        else "Nothing listed here to act on.", severity="warning", timeout=4)
        return key

    def action_refresh(self) -> None:
        self.load()

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def action_top(self) -> None:
        self.table.action_first_row()

    def action_bottom(self) -> None:
        self.table.action_last_row()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        retry = getattr(self, "load_retry", None)
        if event.state == WorkerState.SUCCESS and retry is not None and retry.failures:
            retry.succeeded()
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.notify(error_text(event.worker.error), title="Could not load", severity="error", markup=False)
            if retry is not None and not self.table.row_count:
                delay = retry.failed(event.worker.error)
                self.show_empty(f"Nothing loaded: {retry_words(delay)}")
            else:
                self.show_empty("Nothing loaded (press R to retry).")


class SearchBrowseScreen(BrowseScreen):
    """A browse screen with a search box: typing filters the loaded rows by name (no API call);
    enter on an email or a phone number asks the server."""

    DEFAULT_CSS = """
    SearchBrowseScreen #browse-search { height: 1; border: none; padding: 0 1; }
    """

    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("enter", "open", "Open", show=False),
    ]

    search_placeholder = "type a name to narrow; enter asks the server (name, email or phone)"

    def compose_top(self) -> ComposeResult:
        yield Input(placeholder=self.search_placeholder, id="browse-search")

    def on_mount(self) -> None:
        # (Textual also runs BrowseScreen.on_mount: handlers are dispatched along the MRO.)
        self.table.focus()

    @property
    def search_text(self) -> str:
        return self.query_one("#browse-search", Input).value.strip()

    def action_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    @on(Input.Changed, "#browse-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.apply_search()

    @on(Input.Submitted, "#browse-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        kind = lookup_kind(value)
        if kind is not None:
            self.server_lookup(kind, value)
        self.table.focus()
        if self.table.selection_lost:  # enter in the search box goes to the results: the first is selected
            self.table.action_first_row()

    def key_escape(self) -> bool | None:
        search = self.query_one("#browse-search", Input)
        if search.has_focus:
            self.table.focus()
            return True
        return None

    #: "agent" / "requester": the wording of the empty-table and not-found messages
    noun = "person"
    #: the DataService method that finds people by email or phone on the server
    find_method = ""

    def __init__(self) -> None:
        super().__init__()
        self.server_results: list[Any] | None = None
        self.by_key: dict[str, Any] = {}

    def visible(self) -> list[Any]:
        """The people to list, in order (the loaded ones narrowed by the search, or the server's)."""
        raise NotImplementedError

    def row_cells(self, person: Any) -> dict[str, Any]:
        """The cells of one row, by column key."""
        raise NotImplementedError

    def detail_screen(self, person: Any) -> Screen:
        raise NotImplementedError

    def apply_search(self) -> None:
        if self.server_results is not None and not self.search_text:
            self.server_results = None
        self.clear_rows()
        self.by_key.clear()
        for person in self.visible():
            key = str(person.id)
            self.by_key[key] = person
            self.add_row(key, **self.row_cells(person))
        self.update_header()
        self.show_empty(None if self.table.row_count else f"No {self.noun}s match.")

    def server_lookup(self, kind: str, value: str) -> None:
        self._server_lookup(kind, value)

    @work(exclusive=True, group="people-lookup", exit_on_error=False, description="Looking people up")
    async def _server_lookup(self, kind: str, value: str) -> None:
        if kind == "name":
            # the server's starts-with filter finds people beyond the loaded pages; the loaded matches stay
            self.server_results = None
            local = self.visible()
            found = list(await getattr(self.service, f"{self.find_method}_by_name")(value))
            found = list({person.id: person for person in [*local, *found]}.values())
        else:
            found = await find_by_contact(getattr(self.service, self.find_method), kind, value)
        self.server_results = found
        self.apply_search()
        if self.table.selection_lost:  # the person asked for (enter in the search box): the first found
            self.table.action_first_row()
        if not found and kind == "name":
            self.notify(T.notice(f"No {self.noun} matches {{}}", value), severity="warning", markup=False)
        elif not found:
            self.notify(T.notice(f"No {self.noun} with {{}} {{}}", kind, value), severity="warning", markup=False)

    def current_person(self) -> Any | None:
        key = self.current_key()
        return self.by_key.get(key) if key else None

    def action_open(self) -> None:
        person = self.current_person()
        if person is not None:
            self.app.push_screen(self.detail_screen(person))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()


def lookup_kind(value: str) -> str | None:
    """"email" / "phone" when the text is one, "name" for other text of 2+ characters (the server filters
    by each), else None."""
    value = value.strip()
    if "@" in value and " " not in value:
        return "email"
    digits = sum(ch.isdigit() for ch in value)
    if digits >= 4 and all(ch.isdigit() or ch in "+-() ." for ch in value):
        return "phone"
    if len(value) >= 2:
        return "name"  # the server's ~[first_name|last_name|email]:'...' filter
    return None


async def find_by_contact(find: Any, kind: str, value: str) -> list[Any]:
    """People the server finds by email, or by work then mobile phone (each person once).

    ``find`` is ``service.find_agents`` or ``service.find_requesters``; ``kind`` comes from :func:`lookup_kind`."""
    if kind == "email":
        return list(await find(email=value))
    found = list(await find(work_phone_number=value))
    seen = {person.id for person in found}
    return found + [person for person in await find(mobile_phone_number=value) if person.id not in seen]


def name_matches(query: str, *fields: str | None) -> bool:
    """Case-insensitive: every word of the query appears in one of the fields."""
    words = query.lower().split()
    haystack = " ".join(f for f in fields if f).lower()
    return all(word in haystack for word in words)


class DetailScreen(Screen):
    """A read-only detail view; escape goes back."""

    DEFAULT_CSS = """
    DetailScreen #detail-title { height: 1; padding: 0 1; background: $boost; text-style: bold; }
    DetailScreen VerticalScroll { height: 1fr; }
    DetailScreen .detail-section { margin-top: 1; padding: 0 1; text-style: bold; color: $accent; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", key_display="esc"),
        Binding("q", "back", "Back", show=False),
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("home", "scroll_top", "Top", show=False),
        Binding("end", "scroll_bottom", "Bottom", show=False),
    ]

    def __init__(self, title: Content | str) -> None:
        super().__init__()
        self._title = title

    def compose(self) -> ComposeResult:
        yield Static(self._title, id="detail-title")
        with VerticalScroll(id="detail-body"):
            yield from self.compose_body()
        yield StatusBar()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        return iter(())

    @property
    def service(self) -> Any:
        return service_of(self)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()

    def action_scroll_top(self) -> None:
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def action_scroll_bottom(self) -> None:
        self.query_one(VerticalScroll).scroll_end(animate=False)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.notify(error_text(event.worker.error), title="Could not load", severity="error", markup=False)


def section(title: str) -> Static:
    return Static(title, classes="detail-section")


__all__ = [
    "BrowseScreen",
    "DetailScreen",
    "KeyValue",
    "error_text",
    "now_of",
    "open_queue",
    "open_ticket",
    "person_name",
    "queue_view",
    "section",
    "service_of",
    "when",
    "work",
]

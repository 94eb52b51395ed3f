"""The ticket queue: a table of tickets for a view, paged invisibly, filterable, with triage keys.

Performance: rows are added incrementally as pages arrive, a refreshed page updates only the cells that
changed, and cells are cheap Rich Text built once per ticket version.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from functools import partial
from datetime import UTC, datetime, timedelta
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import RowDoesNotExist

from fstui.service.sla_order import is_overdue, order_ids
from fstui.tui import format as fmt
from fstui.tui import people
from fstui.tui.copy import CopyMixin
from fstui.tui.errors import WorkerErrorsMixin, describe
from fstui.tui import queue_columns
from fstui.tui.live import CHANGED, NEW, SeenViews, alert_new
from fstui.tui.marks import MARK, MarksMixin, hidden_marks, hidden_why, marks_text
from fstui.tui.saved_views import SavedViewsMixin, ViewTabs
from fstui.tui.messages import QueuePageLoaded, WriteQueued
from fstui.tui.load_retry import LoadRetry, retry_words
from fstui.tui.text import notice, one_line, safe_text
from fstui.tui.ticket_actions import TicketActionsMixin
from fstui.tui.widgets.key_bar import KeyBar
from fstui.tui.widgets.preview import PreviewMixin, TicketPreview
from fstui.tui.widgets.status_bar import StatusBar
from fstui.tui.view_titles import VIEW_TITLES, view_title
from fstui.tui.widgets.ticket_table import TicketTable

# (key, label, width or 0 for "the rest", minimum screen width to show it)
COLUMNS: list[tuple[str, str, int, int]] = [
    ("id", "ID", 6, 0),
    ("status", "Status", 8, 0),
    ("priority", "Pri", 6, 0),
    ("workspace", "Workspace", 10, 0),  # only while several workspaces are shown (workspace_id=0)
    ("subject", "Subject", 0, 0),
    ("requester", "Requester", 14, 0),
    ("agent", "Agent", 14, 100),
    ("group", "Group", 12, 112),
    ("due", "Due", 8, 0),
    ("updated", "Updated", 7, 90),
]
MIN_SUBJECT = 16
NARROW_WORKSPACE_COLUMNS = 100
NARROW_WIDTHS = {"workspace": 9, "requester": 11}  # "Workspace" fits its header
LOAD_AHEAD_ROWS = 5
"""Start loading the next page when the cursor is this close to the last loaded row."""

def _queue_view(**kwargs: Any) -> Any:
    from fstui.service import QueueView

    return QueueView(**kwargs)


def parse_since(text: str, now: datetime) -> datetime | None:
    """"2h", "3d", "45m", "1w" or an ISO date/time -> aware UTC datetime."""
    text = text.strip().lower()
    if not text:
        return None
    units = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
    if text[-1] in units and text[:-1].isdigit():
        return now - timedelta(seconds=int(text[:-1]) * units[text[-1]])
    try:
        value = datetime.fromisoformat(text.upper() if "t" in text else text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _shown_fields(ticket: Any) -> tuple:
    """What a row shows of a ticket (names, marks and the "new" flag invalidate the row cache apart)."""
    return (ticket.updated_at, ticket.status, ticket.priority, ticket.subject, ticket.requester_id,
            ticket.responder_id, ticket.group_id, ticket.due_by, getattr(ticket, "requester", None))


class TicketQueueScreen(WorkerErrorsMixin, MarksMixin, SavedViewsMixin, PreviewMixin, CopyMixin, TicketActionsMixin,
                        Screen):
    HELP_TITLE = "ticket queue"
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="queue.cursor_down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="queue.cursor_up"),
        Binding("g,home", "top", "Top", show=False, id="queue.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="queue.bottom"),
        Binding("pagedown", "page_down", "Page down", show=False, id="queue.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="queue.page_up"),
        Binding("enter", "open", "Open", id="queue.open"),
        Binding("slash", "filter", "Filter", key_display="/", id="queue.filter"),
        Binding("plus", "new_ticket", "New", key_display="+", id="queue.new_ticket"),
        Binding("R", "refresh", "Refresh", show=False, id="queue.refresh"),
        Binding("r", "reply", "Reply", id="queue.reply"),
        Binding("n", "note", "Note", id="queue.note"),
        Binding("s", "status", "Status", id="queue.status"),
        Binding("c", "close", "Close", id="queue.close"),
        Binding("p", "priority", "Priority", show=False, id="queue.priority"),
        Binding("a", "assign", "Assign", show=False, id="queue.assign"),
        Binding("v", "choose_view", "View", id="queue.choose_view"),
        Binding("o", "toggle_order", "Order", show=False, id="queue.toggle_order"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="queue.clear_filter"),
        Binding("right_square_bracket", "next_view", "Next view", key_display="]", show=False, id="queue.next_view"),
        Binding("left_square_bracket", "previous_view", "Previous view", key_display="[", show=False,
                id="queue.previous_view"),
        Binding("S", "save_view", "Save view", show=False, id="queue.save_view"),
        Binding("P", "toggle_preview", "Preview", show=False, id="queue.toggle_preview"),
        Binding("y", "copy", "Copy id/URL", show=False, id="queue.copy"),
        Binding("z", "cycle_sort", "Sort", show=False, id="queue.cycle_sort"),
    ]

    def __init__(self, view: Any = None) -> None:
        super().__init__()
        self.view = view or _queue_view()
        #: a failed first load tries again by itself (and at once when the connection is back)
        self.load_retry = LoadRetry(self, self.reload)
        self._offline_copy = False  # page 1 shown is the offline copy (fstui.tui.back_online)
        self.generation = 0
        self.pages: dict[int, list[int]] = {}  # page -> ticket ids, as the server sent them
        self.tickets: dict[int, Any] = {}
        self.row_cache: dict[int, tuple[tuple, tuple[Text, ...]]] = {}  # id -> (_shown_fields, cells)
        self.new_ids: set[int] = set()
        self.alerted: set[int] = set()  # new tickets the bell/desktop notification was given for
        self.seen_view: Any = None  # the view whose "since you last saw it" marks were set
        self.has_next = False
        self.loading_next = False
        self.filter_text = ""
        self.shown_ids: list[int] = []
        self.columns: list[tuple[str, str, int, int]] = []
        self._filter_timer: Timer | None = None
        self._width = 0
        self._row_keys: dict[int, Any] = {}
        self.displayed: dict[int, tuple[Text, ...]] = {}
        self._quiet_row: int | None = None
        self._info_text = ""
        self._lost_shown = False
        #: page 1 is being read from the server (load_first_page): a cached copy shown meanwhile says so
        self.asking_server = False
        #: a re-opened view (set_view reopen) looks for the cursor's ticket this many pages deep: as deep as
        #: the list it replaces was read (no page the agent had not loaded is read for it)
        self._follow_pages = 1

    # -- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(Content(self.saved_title() or view_title(self.view, self.app.service)), id="queue-title")
        yield ViewTabs(id="queue-tabs")
        with Horizontal(id="queue-body"):
            yield TicketTable(cursor_type="row", zebra_stripes=False, id="queue-table")
            yield TicketPreview(id="queue-preview")
        yield Input(placeholder="filter loaded rows; a query like priority:4 AND status:2 asks the server",
                    id="queue-filter")
        yield Static(Content("loading..."), id="queue-info")
        yield StatusBar()
        yield KeyBar()

    @property
    def table(self) -> TicketTable:
        return self.query_one(TicketTable)

    def on_mount(self) -> None:
        if not self.query("#queue-filter") or not self.query(TicketPreview):
            # Mounted without its children: this screen was replaced while it composed (a start that
            # narrows the workspaces opens the queue again at once). Lay out once they are there, if ever.
            # (The body's own children, table and preview, can be missing while the filter is there.)
            self._mount_retries = getattr(self, "_mount_retries", 0) + 1
            if self._mount_retries <= 20:
                self.call_after_refresh(self.on_mount)
            return
        self.query_one("#queue-filter", Input).display = False
        self.preview_on = getattr(getattr(self.app, "ui", None), "preview", True)
        self.layout_preview(self.size.width or self.app.size.width)
        self._setup_columns(self.size.width or self.app.size.width)
        self.table.focus()
        self.show_tabs()
        self.reload()

    def on_resize(self, event: Any) -> None:
        self.layout_preview(event.size.width)
        self.on_resize_columns(event.size.width)

    def on_resize_columns(self, width: int) -> None:
        if self._columns_for(width) != self.columns:
            self.table.remember_cursor()  # before the columns (and so the rows) are cleared
            self._setup_columns(width)
            self._rebuild_rows()

    def _columns_for(self, width: int) -> list[tuple[str, str, int, int]]:
        width = self.table_width(width)  # the preview pane takes its share first
        several = getattr(self.view, "workspace_id", None) == 0
        columns = [column for column in COLUMNS if width >= column[3] and (several or column[0] != "workspace")]
        columns = queue_columns.drop_group(columns, width, several)
        if several and width < NARROW_WORKSPACE_COLUMNS:  # room for the workspace at 80 columns
            columns = [(k, label, NARROW_WIDTHS.get(k, size), m) for k, label, size, m in columns]
        if self.view_columns:  # the saved view's column set, in its order
            chosen = {column[0]: column for column in columns}
            columns = [chosen[key] for key in self.view_columns if key in chosen]
            if several:  # not a column a view names: shown whenever several workspaces are
                columns = queue_columns.with_workspace(columns, chosen["workspace"], [c[0] for c in COLUMNS])
        fixed = sum(column[2] for column in columns) + 2 * len(columns) + 2  # cell padding + scrollbar
        subject = max(MIN_SUBJECT, width - fixed)
        sized = [(key, label, subject if size == 0 else size, minimum) for key, label, size, minimum in columns]
        return queue_columns.widen_status(sized, width, fmt.labels_of(getattr(self.app, "service", None)))

    def _setup_columns(self, width: int) -> None:
        self.columns = self._columns_for(width)
        self._width = width
        table = self.table
        table.clear(columns=True)
        for key, label, size, _minimum in self.columns:
            table.add_column(Text(label), width=size, key=key)
        self.row_cache.clear()

    # -- cells ------------------------------------------------------------------------------------
    def _cells(self, ticket: Any) -> tuple[Text, ...]:
        shown = _shown_fields(ticket)
        cached = self.row_cache.get(ticket.id)
        if cached is not None and cached[0] == shown:  # a fresh copy of an unchanged ticket: same cells
            return cached[1]
        service = self.app.service  # type: ignore[attr-defined]
        now = self.app.now()  # type: ignore[attr-defined]
        labels = fmt.labels_of(service)
        cells: list[Text] = []
        for key, _label, size, _minimum in self.columns:
            if key == "id":
                marked = ticket.id in self.marks
                new = self.app.live_marks.mark(ticket.id, ticket.id in self.new_ids)  # type: ignore[attr-defined]
                label = f"{MARK if marked else ''}{ticket.id}{new}"
                cells.append(Text(label, style="bold reverse" if marked else ("bold" if new else "")))
            elif key == "status":  # the account's label ("Waiting on Customer", cut with …; #12 if unnamed)
                cells.append(safe_text(fmt.status_label(ticket.status, labels), max_chars=size))
            elif key == "priority":
                priority = fmt.priority_label(ticket.priority, labels)
                urgent = fmt.as_int(ticket.priority) == 4
                cells.append(safe_text(priority, max_chars=size, style="bold" if urgent else ""))
            elif key == "workspace":
                name = service.workspace_name(ticket.workspace_id) if ticket.workspace_id else None
                cells.append(safe_text(name or (f"#{ticket.workspace_id}" if ticket.workspace_id else "-"),
                                       max_chars=size))
            elif key == "subject":
                cells.append(safe_text(ticket.subject or "(no subject)", max_chars=size))
            elif key == "requester":
                name = people.requester_name(service, ticket)
                if name:
                    cells.append(safe_text(name, max_chars=size))
                elif ticket.requester_id:  # looked up once in the background (1 credit): "…" until it comes
                    lookup = getattr(service, "requester_in_background", None)
                    if callable(lookup):
                        lookup(ticket.requester_id)
                    cells.append(Text("…", style="dim"))
                else:
                    cells.append(Text("-", style="dim"))
            elif key == "agent":
                name = service.agent_name(ticket.responder_id) if ticket.responder_id else None
                cells.append(safe_text(name or ("-" if not ticket.responder_id else f"#{ticket.responder_id}"), max_chars=size))
            elif key == "group":
                name = service.group_name(ticket.group_id) if ticket.group_id else None
                cells.append(safe_text(name or ("-" if not ticket.group_id else f"#{ticket.group_id}"), max_chars=size))
            elif key == "due":
                text, late = fmt.sla(ticket.due_by, now, ticket.status)  # only while the SLA clock runs
                cells.append(Text(text, style="bold reverse" if late else ("dim" if text == "paused" else "")))
            elif key == "updated":
                cells.append(Text(fmt.short_ago(ticket.updated_at, now)))
        result = tuple(cells)
        self.row_cache[ticket.id] = (shown, result)
        return result

    def marks_changed(self, ticket_ids: set[int]) -> None:
        for ticket_id in ticket_ids:
            self.row_cache.pop(ticket_id, None)
            self._update_row(ticket_id)
        self.marks_summary()
        self._set_info(self._info_text)

    def action_status(self) -> None:
        if self.marks:
            self.start_bulk("status")
            return
        super().action_status()

    def action_close(self) -> None:
        if self.marks:
            self.start_bulk("close")
            return
        super().action_close()

    def action_priority(self) -> None:
        if self.marks:
            self.start_bulk("priority")
            return
        super().action_priority()

    def action_assign(self) -> None:
        if self.marks:
            self.start_bulk("agent")
            return
        super().action_assign()

    def _matches(self, ticket: Any) -> bool:
        if not self.filter_text:
            return True
        from fstui.tui.queue_filter import matches

        return matches(self.filter_text, ticket, self.app.service)  # type: ignore[attr-defined]

    # -- loading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Load the view from page 1 (cached copy first, then the server's)."""
        self.generation += 1
        self.pages.clear()
        self.has_next = False
        self.loading_next = False
        self._set_info("loading...")
        self.load_first_page(self.generation)

    @work(exclusive=True, exit_on_error=False, group="queue-first", description="Loading tickets")
    async def load_first_page(self, generation: int, force: bool = False) -> None:
        options = {"force": True} if force else {}  # the user's refresh; otherwise cached-then-fresh
        self.asking_server = True  # the cached copy shown meanwhile says the server is being asked
        try:
            async for cached in self.app.service.queue_page(self.view, 1, **options):  # type: ignore[attr-defined]
                self.post_message(QueuePageLoaded(cached, generation))
                if not cached.fresh:
                    # the cache's rows are drawn before the server is asked: the request (and, at start-up,
                    # making the HTTP client) does not hold up the first frame (a bound, should no frame come)
                    try:
                        await asyncio.wait_for(self.wait_for_refresh(), 0.25)
                    except asyncio.TimeoutError:
                        pass
        finally:
            self.asking_server = False

    @work(exclusive=True, exit_on_error=False, group="queue-more", description="Loading more tickets")
    async def load_page(self, page: int, generation: int) -> None:
        try:
            async for cached in self.app.service.queue_page(self.view, page):  # type: ignore[attr-defined]
                self.post_message(QueuePageLoaded(cached, generation))
        finally:
            if generation == self.generation:
                self.loading_next = False

    @on(QueuePageLoaded)
    def _page_loaded(self, message: QueuePageLoaded) -> None:
        if message.generation != self.generation:
            return
        cached = message.cached
        qpage = cached.value
        if qpage.view != self.view:
            return
        page = qpage.page
        if page == 1 and cached.fresh:
            self.load_retry.succeeded()
        appended = (page not in self.pages and bool(self.pages) and page > max(self.pages) and not self.filter_text
                    and self.sort == "server" and not (self.saved and self.saved.only))  # sorted: rows go between
        ids = [ticket.id for ticket in qpage.tickets]
        same_rows = self.pages.get(page) == ids  # the same page again (cached, then fresh): update in place
        refreshed = bool(self.pages)  # not the view's first page: new rows are news
        self.pages[page] = ids
        for ticket in qpage.tickets:
            self.tickets[ticket.id] = ticket
        new_ids = set(qpage.new_ids or ()) - self.new_ids
        for ticket_id in new_ids:
            self.row_cache.pop(ticket_id, None)
        if page == 1 and cached.fresh and self.seen_view != self.view:  # the server's copy, first time here
            self.seen_view = self.view
            self._mark_since_last_seen(qpage.tickets)
        arrived = [t for t in qpage.tickets if t.id in (qpage.new_ids or ()) and t.id not in self.alerted]
        self.alerted.update(t.id for t in arrived)
        if arrived and refreshed and self.saved is not None and self.saved.notify:
            alert_new(self.app, self.saved.name, arrived)
        self.new_ids |= new_ids
        if page == max(self.pages):
            self.has_next = bool(qpage.has_next)
        if appended:
            # The next page: only its rows are added (no walk over the pages already shown).
            added: list[int] = []
            seen: set[int] = set()
            for ticket in qpage.tickets:
                if ticket.id not in self._row_keys and ticket.id not in seen:
                    seen.add(ticket.id)
                    added.append(ticket.id)
            self.shown_ids.extend(added)
            self._append_rows(added)
        elif same_rows and not self.filter_text:
            for ticket_id in ids:
                self._update_row(ticket_id)
        else:
            self._sync_rows([])
        try:
            self.app.service.queue_shown(self.view, page)  # type: ignore[attr-defined]
        except Exception:
            pass
        state = "" if cached.fresh else (" (offline copy)" if getattr(cached, "stale", False) else
                                         " (cached; asking the server…)" if page == 1 and self.asking_server
                                         else " (cached)")
        if page == 1:
            self._offline_copy = bool(getattr(cached, "stale", False))  # re-read when back online
        self._set_info(f"{len(self.shown_ids)} shown{state}")
        if not self.filter_text:
            total = getattr(qpage, "total", None)  # the filter query's count of the whole view
            if total is not None and not (self.saved and self.saved.only):
                self.note_count(total, False)
            else:
                self.note_count(len(self.shown_ids), self.has_next)
        if not same_rows:  # rows that stay: frozen out of garbage collections once the user pauses
            self.app.memory.data_arrived()  # type: ignore[attr-defined]
        if self.table.following:
            self._follow_deeper()

    def _follow_deeper(self) -> None:
        """A re-opened view whose rows so far lack the cursor's ticket: the next page is read while the old
        list was read that deep (nothing selected meanwhile), then the first row is selected."""
        self._restore_cursor()
        if self.table.following:
            self._load_more()
        self._set_info(self._info_text)

    def _deeper(self) -> bool:
        """Whether a followed ticket may still be in a page to come (see _follow_deeper)."""
        return bool(self.pages) and max(self.pages) < self._follow_pages and (self.has_next or self.loading_next)

    def _mark_since_last_seen(self, tickets: list[Any]) -> None:
        """Tickets created or updated since the agent last saw this view (an earlier session too)."""
        seen = SeenViews(getattr(self.app.profile, "name", None) or "default")  # type: ignore[attr-defined]
        key = self.view.key()
        last = seen.last_seen(key)
        if last is not None:
            own = getattr(self.app.service, "own_write_times", None)  # type: ignore[attr-defined]
            self.app.live_marks.since_last_seen(tickets, last, own() if callable(own) else None)  # type: ignore[attr-defined]
            for ticket in tickets:
                self.row_cache.pop(ticket.id, None)
        newest = max((t.updated_at.timestamp() for t in tickets if t.updated_at is not None), default=None)
        if newest is not None:
            seen.saw(key, max(newest, last or 0.0))

    def _ordered_ids(self) -> list[int]:
        seen: set[int] = set()
        ordered: list[int] = []
        for page in sorted(self.pages):
            for ticket_id in self.pages[page]:
                if ticket_id not in seen:
                    seen.add(ticket_id)
                    ordered.append(ticket_id)
        if self.sort != "server" or (self.saved is not None and self.saved.only):
            now = self.app.now().timestamp()  # type: ignore[attr-defined]
            if self.saved is not None and self.saved.only == "overdue":
                ordered = [i for i in ordered if is_overdue(self.tickets[i], now)]
            ordered = order_ids(ordered, self.tickets, self.sort, now)
        return ordered

    def _sync_rows(self, before: list[int]) -> None:
        """Bring the table in line with the loaded pages, touching as little as possible."""
        ordered = [ticket_id for ticket_id in self._ordered_ids() if self._matches(self.tickets[ticket_id])]
        shown = self.shown_ids
        if ordered[: len(shown)] == shown:
            # Same rows in the same order (plus maybe more at the end): update changed cells, append.
            for ticket_id in shown:
                self._update_row(ticket_id)
            self._append_rows(ordered[len(shown):])
            self.shown_ids = ordered
            if not shown:  # the first rows of a view: the cursor goes to its ticket, or the first row
                self._restore_cursor()
            return
        self.shown_ids = ordered
        self._rebuild_rows()

    def _rebuild_rows(self) -> None:
        """Rebuild the table from the loaded pages; the cursor stays on its ticket (by id), or, when that
        ticket is no longer shown, nothing is selected until the user moves (ListTable)."""
        table = self.table
        table.remember_cursor()
        table.clear()
        self._row_keys = {}
        ordered = [ticket_id for ticket_id in self._ordered_ids() if self._matches(self.tickets[ticket_id])]
        self.shown_ids = ordered
        self.displayed = {}
        self._append_rows(ordered)
        self._restore_cursor()

    def _restore_cursor(self) -> None:
        table = self.table
        kept = table.remembered_key
        if kept is not None and int(kept) in self._row_keys:
            self._quiet_row = self.shown_ids.index(int(kept))  # not the user's move: no prefetch hint for it
        table.restore_cursor(more_coming=table.following and self._deeper())

    def _update_row(self, ticket_id: int) -> None:
        ticket = self.tickets.get(ticket_id)
        row_key = self._row_keys.get(ticket_id)
        if ticket is None or row_key is None:
            return
        if not self.table.row_built(row_key):  # not drawn yet: made from the ticket as it is then
            return
        new = self._cells(ticket)
        old = self.displayed.get(ticket_id)
        if old is new:
            return
        self.displayed[ticket_id] = new
        table = self.table
        for (key, *_rest), old_cell, new_cell in zip(self.columns, old or [None] * len(new), new):
            if old_cell is None or old_cell.plain != new_cell.plain or old_cell.style != new_cell.style:
                try:
                    table.update_cell(row_key, key, new_cell)
                except (RowDoesNotExist, KeyError):
                    return

    def _append_rows(self, ticket_ids: list[int]) -> None:
        """Add rows at the bottom; a row's cells are made when it is first drawn (see LazyCells)."""
        rows = [(str(ticket_id), partial(self._shown_cells, ticket_id)) for ticket_id in ticket_ids]
        for row_key in self.table.append_rows(rows):
            self._row_keys[int(row_key.value)] = row_key

    def _shown_cells(self, ticket_id: int) -> tuple[Text, ...]:
        cells = self._cells(self.tickets[ticket_id])
        self.displayed[ticket_id] = cells
        return cells

    def _set_info(self, text: str) -> None:
        self._info_text = text
        more = "  (more below)" if self.has_next else ""
        marks = self.app.live_marks  # type: ignore[attr-defined]
        if self.new_ids or marks.changed or marks.new_since:  # (a walk over the rows only when something is marked)
            shown = [marks.mark(i, i in self.new_ids) for i in self.shown_ids]
            fresh, changed = shown.count(NEW), shown.count(CHANGED)
            text += "".join([f"  {fresh} new ({NEW})" if fresh else "", f"  {changed} changed ({CHANGED})" if changed else ""])
        filtered = f"  filter: {one_line(self.filter_text, 40)}" if self.filter_text else ""
        lost = "  no ticket selected (it left the view): j/k selects" if self.table.selection_lost else ""
        if self.table.following and self.table.selection_lost:
            lost = f"  looking for #{self.table.remembered_key} further down…"
        self._lost_shown = bool(lost)
        marked = marks_text(len(self.marks), len(hidden_marks(self.marks, self.shown_ids)), hidden_why(self))
        marked = f"  {marked}" if marked else ""  # marks a filter hides are still acted on: said
        info = self.query_one("#queue-info", Static)
        # its size is fixed (one line, full width): a new text needs no layout of the screen
        info.update(Content(f"{text}{filtered}{more}{lost}{marked}"), layout=info.styles.auto_dimensions)

    def worker_failed(self, worker: Any) -> None:
        if worker.group == "queue-more" and self.table.following:  # the page read for the cursor's ticket
            self.table.restore_cursor()  # failed: the first row, as when the ticket is not in the view
        if worker.group in ("queue-first", "queue-more"):
            title, _detail = describe(worker.error, getattr(self.app, "profile", None))
            what = "Could not load more tickets" if worker.group == "queue-more" else "Could not load tickets"
            shown = f"{len(self.shown_ids)} shown. " if self.shown_ids else ""
            if worker.group == "queue-first":
                delay = self.load_retry.failed(worker.error)
                self._set_info(f"{shown}{what}: {title}. {retry_words(delay)}")
            else:
                self._set_info(f"{shown}{what}: {title}. R retries.")

    # -- service events ---------------------------------------------------------------------------
    def on_service_changed(self, event: Any) -> None:
        self.preview_event(event)
        name = type(event).__name__
        if name == "OnlineChanged" and event.online:
            retrying = self.load_retry.waiting  # a failed load goes again now: that read is the re-read
            self.load_retry.online()
            if self._offline_copy and not retrying:  # back online: not an offline copy any more
                self._back_online()
        if name == "TicketsChanged":
            if not event.ids and not event.new_ids:  # names (agents/groups/requesters) arrived: re-render
                if self.names_arrived():  # the title (a saved view's name and order), the default views
                    return  # the open default view changed with the account's statuses: read again
                self.row_cache.clear()
                if self._width and self._columns_for(self._width) != self.columns:  # status labels: its width
                    self.table.remember_cursor()
                    self._setup_columns(self._width)
                    self._rebuild_rows()
                    return
                for ticket_id in self.shown_ids:
                    self._update_row(ticket_id)
                return
            for ticket_id in set(event.new_ids or ()) - self.new_ids:
                self.row_cache.pop(ticket_id, None)
            by_others = self.app.live_marks.note_changed(set(event.ids or ()) & set(self.tickets))  # type: ignore[attr-defined]
            for ticket_id in by_others:
                self.row_cache.pop(ticket_id, None)
            self.new_ids |= set(event.new_ids or ())
            if set(event.ids or ()) & set(self.tickets) or event.new_ids:
                # the live refresh found tickets new or changed by others: the view's page 1 from the
                # server (a query view may gain or lose rows; the recent view's costs one updated_since call)
                self.refresh_loaded(force=bool(event.new_ids or by_others))

    def _back_online(self) -> None:
        """The page shown was the offline copy: read again once (quietly, when the budget allows), else said
        to be cached (fstui.tui.back_online)."""
        from fstui.tui.back_online import may_reread, relabel

        self._offline_copy = False
        if may_reread(self.app):
            self.refresh_loaded(force=True)
        else:
            self._set_info(relabel(self._info_text))

    def refresh_loaded(self, force: bool = False) -> None:
        """Re-read page 1 (and the ticket rows it touches) without resetting the table."""
        self.load_first_page(self.generation, force=force)

    # -- cursor and paging --------------------------------------------------------------------------
    def highlighted_id(self) -> int | None:
        """The ticket under the cursor; None when nothing is selected (its ticket left the view)."""
        table = self.table
        if not table.show_cursor or not self.shown_ids or not 0 <= table.cursor_row < len(self.shown_ids):
            return None
        return self.shown_ids[table.cursor_row]

    def view_title(self) -> str:
        return view_title(self.view, self.app.service)  # type: ignore[attr-defined]

    def copy_ticket_id(self) -> int | None:
        return self.highlighted_id()

    def say_nothing_selected(self) -> None:
        """Why a key for "the ticket under the cursor" did nothing: its row left the view, or there is none."""
        if self.shown_ids:
            super().say_nothing_selected()
            return
        if not self.pages:
            why = "The view is still loading: press the key again once its tickets show."
        elif self.filter_text:
            why = "No ticket in this view matches the filter (/ changes it, esc clears it)."
        else:
            why = "No tickets in this view."
        self.app.toast(why, severity="warning", timeout=4)  # type: ignore[attr-defined]

    def current_ticket(self) -> Any:
        ticket_id = self.highlighted_id()
        return self.tickets.get(ticket_id) if ticket_id is not None else None

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = event.cursor_row
        if row < 0 or row >= len(self.shown_ids):
            return
        if self._lost_shown and not self.table.selection_lost:  # the user selected a row again
            self._set_info(self._info_text)
        quiet, self._quiet_row = self._quiet_row, None
        self.preview_soon()
        service = self.app.service  # type: ignore[attr-defined]
        try:
            if self.pages:  # where the cursor is, for the service's next-page prefetch (quiet moves too)
                service.queue_cursor(self.view, max(self.pages), len(self.shown_ids) - 1 - row)
            if quiet != row:
                service.cursor_on(self.shown_ids[row : row + 3])
        except Exception:
            pass
        if quiet == row:
            return
        if row >= len(self.shown_ids) - LOAD_AHEAD_ROWS:
            self._load_more()

    def _load_more(self) -> None:
        if not self.has_next or self.loading_next or not self.pages:
            return
        page = max(self.pages) + 1
        # already prefetched: shown within this key press (one frame, no worker)
        cached = self.app.service.current_queue_page(self.view, page)  # type: ignore[attr-defined]
        if cached is not None:
            self._page_loaded(QueuePageLoaded(cached, self.generation))
            return
        self.loading_next = True
        self.load_page(page, self.generation)

    def action_cursor_down(self) -> None:
        table = self.table
        # The next page before the move (not on the move's RowHighlighted): a prefetched page is then
        # appended in the same frame as the move instead of one frame later.
        if table.cursor_row + 1 >= len(self.shown_ids) - LOAD_AHEAD_ROWS:
            self._load_more()
        table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def action_top(self) -> None:
        self.table.action_first_row()

    def action_bottom(self) -> None:
        if self.shown_ids:
            self.table.action_last_row()
        self._load_more()

    def action_page_down(self) -> None:
        self.table.action_page_down()

    def action_page_up(self) -> None:
        self.table.action_page_up()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        ticket_id = self.highlighted_id()
        if ticket_id is None:
            self.say_nothing_selected()
            return
        marks = self.app.live_marks  # type: ignore[attr-defined]
        if marks.mark(ticket_id, ticket_id in self.new_ids):  # opened: its new/changed mark goes
            marks.open(ticket_id)
            self.row_cache.pop(ticket_id, None)
            self._update_row(ticket_id)
        self.app.open_ticket(ticket_id, self.tickets.get(ticket_id))  # type: ignore[attr-defined]

    def action_refresh(self) -> None:
        """R: ask the server for page 1 again (force: never the cache); loaded pages and the cursor's
        ticket stay where they are."""
        if not self.pages:
            self.reload()
            return
        self._set_info("refreshing...")
        self.load_first_page(self.generation, force=True)

    # -- filter -----------------------------------------------------------------------------------
    def action_filter(self) -> None:
        box = self.query_one("#queue-filter", Input)
        box.display = True
        box.value = self.filter_text
        box.focus()

    @on(Input.Changed, "#queue-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if ":" in event.value:  # a server query: applied on enter
            return
        if self._filter_timer is not None:
            self._filter_timer.stop()
        value = event.value
        self._filter_timer = self.set_timer(0.15, lambda: self._apply_filter(value))

    def _apply_filter(self, value: str) -> None:
        self.filter_text = value.strip().lower()
        self._rebuild_rows()
        self._set_info(f"{len(self.shown_ids)} shown")
        self.marks_summary()

    @on(Input.Submitted, "#queue-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        box = self.query_one("#queue-filter", Input)
        if ":" in value:
            self.filter_text = ""
            box.value = ""
            box.display = False
            self.set_view(_queue_view(kind="query", query=value, order_type=self.view.order_type,
                                      workspace_id=self.view.workspace_id), keep_cursor=True)
        else:
            if self._filter_timer is not None:
                self._filter_timer.stop()
            self._apply_filter(value)
            box.display = bool(value)
        self.table.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#queue-filter", Input)
        had = bool(self.filter_text) or box.display
        box.value = ""
        box.display = False
        self.table.focus()
        if had and self.filter_text:
            self._apply_filter("")

    def on_key(self, event: Any) -> None:
        if event.key == "escape" and isinstance(self.focused, Input):
            self.action_clear_filter()
            event.stop()

    # -- views ------------------------------------------------------------------------------------
    def set_view(self, view: Any, saved: Any = None, *, keep_cursor: bool = False, reopen: bool = False,
                 keep_filter: bool = False) -> None:
        """Show ``view``; ``saved``: the saved view it comes from (its order and columns), else None.
        ``keep_cursor``: the same list re-sorted or filtered on the server, so the cursor stays on its
        ticket if the new rows hold it (else nothing is selected until the user moves); ``reopen``: the view
        shown, read again in another workspace or with its definition refreshed (workspace_scope.set_scope,
        names_arrived), so the sort (z), the order (o, in ``view``) and the / filter the agent chose stay and the
        cursor stays on its ticket if the new rows hold it (else the first row); otherwise a new list, whose
        first row is selected. ``keep_filter``: the same rows in another order (o): the / filter stays.
        Shown in the session's workspaces (workspace_scope.scoped: the one place every
        view, saved or not, gets them)."""
        from fstui.tui.workspace_scope import scoped

        view = scoped(self.app, view)
        self._follow_pages = max(self.pages, default=1) if reopen else 1
        if reopen:
            self.table.follow_cursor()
        elif keep_cursor:
            self.table.remember_cursor()
        else:
            self.table.forget_cursor()
        columns = self.view_columns
        chosen = self.sort != (self.saved.sort if self.saved is not None else "server")  # z pressed here
        if not ((keep_cursor or reopen) and chosen):  # the same list: the agent's z stays; else the view's own
            self.sort = saved.sort if saved is not None else "server"
        self.saved = saved
        self.view_columns = saved.columns if saved is not None else None
        if columns != self.view_columns:
            self._setup_columns(self._width)
        self.view = view
        box = self.query_one("#queue-filter", Input)
        if not (reopen or keep_filter):  # a filter belongs to the rows it was typed over, not to the next view
            self.filter_text = ""
            box.value = ""
            box.display = False
        self.pages.clear()
        self.tickets.clear()
        self.row_cache.clear()
        self.new_ids.clear()
        self.shown_ids = []
        self._row_keys = {}
        self.table.clear()
        self.update_title()
        self.show_tabs()
        if self._columns_for(self._width or self.size.width) != self.columns:  # the workspace column
            self._setup_columns(self._width or self.size.width)
        self.reload()

    def action_new_ticket(self) -> None:
        """+: the new-ticket form (fstui.tui.screens.new_ticket)."""
        from fstui.tui.screens.new_ticket import NewTicketScreen
        from fstui.tui.screens.work import read_only_refused

        if not read_only_refused(self.app, "created"):
            self.app.push_screen(NewTicketScreen())

    def action_toggle_order(self) -> None:
        self.set_view(replace(self.view, order_type="asc" if self.view.order_type == "desc" else "desc"),
                      saved=self.saved, keep_cursor=True, keep_filter=True)  # the same list: its / filter stays

    @work(exclusive=True, exit_on_error=False, group="choose-view", description="Choosing a view")
    async def action_choose_view(self) -> None:
        from fstui.tui.screens.picker import PickerScreen
        from fstui.tui.screens.prompt import PromptScreen

        from fstui.tui import workspace_scope

        saved_views = {f"saved:{saved.name}": saved for saved in self.saved_views()}
        choices = [(key, Content(f"{one_line(saved.name, 50)}  (saved view)")) for key, saved in saved_views.items()]
        choices += [(kind, Content(title)) for kind, title in VIEW_TITLES.items() if kind != "query"]
        choices.append(("query", Content("Server filter query...")))
        if workspace_scope.several(self.app):
            choices.append(("workspace", Content("Workspace: ") + Content(workspace_scope.label(self.app) or "-")
                            + Content("...")))
        current = f"saved:{self.saved.name}" if self.saved is not None else self.view.kind
        kind = await self.app.push_screen_wait(PickerScreen("Show tickets", choices, current=current))
        if kind is None:
            return
        if kind in saved_views:
            self.open_saved_view(saved_views[kind])
            return
        if kind == "workspace":
            await workspace_scope.choose(self.app)
            return
        order = self.view.order_type
        ws = self.view.workspace_id  # a new view keeps the workspaces shown
        if kind == "requester":
            from fstui.tui.requester_lookup import requester_email

            answer = await self.app.push_screen_wait(PromptScreen("Tickets of the requester (email or name):",
                                                                  placeholder="name@example.com or Gita Ahmed"))
            email = await requester_email(self, answer or "")
            if email:
                self.set_view(_queue_view(kind="requester", email=email, order_type=order, workspace_id=ws))
        elif kind == "updated_since":
            answer = await self.app.push_screen_wait(
                PromptScreen("Tickets updated since:", hint="e.g. 2h, 3d, 1w or 2024-05-01", value="1d")
            )
            since = parse_since(answer or "", self.app.now())  # type: ignore[attr-defined]
            if since is None:
                if answer:
                    self.app.toast(notice("Not a time: {}", answer), severity="warning")  # type: ignore[attr-defined]
                return
            self.set_view(_queue_view(kind="updated_since", updated_since=since, order_type=order, workspace_id=ws))
        elif kind == "query":
            query = await self.app.push_screen_wait(
                PromptScreen("Server filter query:", hint='e.g. priority:4 AND status:2, or agent_id:null',
                             value=self.view.query or "")
            )
            if query:
                self.set_view(_queue_view(kind="query", query=query.strip(), order_type=order, workspace_id=ws))
        else:
            self.set_view(_queue_view(kind=kind, order_type=order, workspace_id=ws))

    @on(WriteQueued)
    def _write_queued(self, message: WriteQueued) -> None:
        pass  # the outbox's events (status bar) and TicketsChanged (rows) show the outcome

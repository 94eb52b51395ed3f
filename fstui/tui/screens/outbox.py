"""The outbox screen (O, or "Outbox" in the palette): every write still waiting, failed, damaged on disk, or
confirmed in the last day, with its ticket, age and last error. r retries the write under the cursor,
x discards it (asks first), enter opens its ticket. Nothing waits unseen (issue 11 §6, issue 13 §1/§3).
"""

from __future__ import annotations

import time
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from fstui.service.outbox_report import already_sent, describe, kind_label, kind_words, status_text
from fstui.tui.discard_write import discard_question
from fstui.tui.format import span
from fstui.tui.screens.confirm_modal import ConfirmScreen
from fstui.tui.text import notice, one_line, safe_line, safe_text
from fstui.tui.widgets.key_bar import KeyBar
from fstui.tui.widgets.list_table import ListTable
from fstui.tui.widgets.status_bar import StatusBar

COLUMNS = (("ticket", "Ticket", 10), ("kind", "Write", 14), ("state", "State", 7), ("age", "Age", 4),
           ("status", "Last error / outcome", None))
TICK_SECONDS = 2.0
"""How often the open outbox screen redraws its ages and the held-back wait."""
STATE_ORDER = {"damaged": 0, "failed": 1, "sending": 2, "pending": 3, "sent": 4}


def cut(text: str, width: int) -> str:
    """`text` in `width` cells, ending with … when cut (the whole text is in `fstui outbox --json`)."""
    from rich.cells import cell_len, set_cell_size

    text = one_line(text)
    return text if cell_len(text) <= width else set_cell_size(text, max(0, width - 1)).rstrip() + "…"


def status_of(entry: Any) -> str:
    """The last column: the error, what is being done about it, or how a sent write went."""
    return status_text(describe(entry))


class OutboxScreen(Screen[None]):
    """Writes waiting, failed, damaged or recently sent; retry (r), discard (x), open the ticket (enter)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("r", "retry", "Retry"),
        Binding("x", "discard", "Discard"),
        Binding("enter", "open", "Open ticket"),
        Binding("R", "reload", "Refresh", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
    DEFAULT_CSS = """
    OutboxScreen #outbox-title { height: 1; text-style: bold; padding: 0 1; }
    OutboxScreen DataTable { height: 1fr; }
    OutboxScreen #outbox-empty { padding: 1 2; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Static(Content("Outbox"), id="outbox-title")
        table = ListTable(cursor_type="row", zebra_stripes=False)  # its cursor's row stays in sight on a resize
        yield table
        yield Static(Content("Nothing waiting, failed or sent in the last day."), id="outbox-empty")
        yield KeyBar()
        yield StatusBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width or self.status_width())
        self.refresh_rows()
        # the ages and the held-back wait move on while the screen is open, as the status bar's does
        self.set_interval(TICK_SECONDS, self.refresh_rows)

    def status_width(self) -> int:
        """The last column takes the width left (each column has 1 cell of padding on either side)."""
        fixed = sum((w or 0) + 2 for _, _, w in COLUMNS)
        return max(12, (self.app.size.width or 80) - fixed - 3)

    def on_resize(self) -> None:
        table = self.query_one(DataTable)
        column = table.columns.get("status")  # type: ignore[call-overload]
        if column is not None and column.width != self.status_width():
            column.width = self.status_width()
            self.refresh_rows()

    @property
    def outbox(self) -> Any:
        return getattr(getattr(self.app, "service", None), "outbox", None)

    def refresh_rows(self) -> None:
        outbox = self.outbox
        table = self.query_one(DataTable)
        keep = self.current_entry()
        entries = list(outbox.entries()) if outbox is not None else []
        entries.sort(key=lambda e: (STATE_ORDER.get(e.state, 9), e.id))
        self.rows = entries
        table.clear()
        now = time.time()
        for entry in entries:
            style = "bold $error" if entry.state in ("failed", "damaged") or (
                getattr(entry, "twin", None) or {}).get("action") == "reported" else ""
            ticket = "new" if entry.ticket_id is None else f"#{entry.ticket_id}"
            table.add_row(
                safe_text(ticket), safe_text(kind_label(entry.kind)),
                safe_text(entry.state, style), safe_text(span(now - entry.created_at.timestamp())),
                safe_text(cut(status_of(entry), self.status_width()), style), key=entry.id,
            )
        if keep is not None:
            for index, entry in enumerate(entries):
                if entry.id == keep.id:
                    table.move_cursor(row=index)
        pending = sum(1 for e in entries if e.is_open)
        failed = sum(1 for e in entries if e.state in ("failed", "damaged"))
        from fstui.tui import outbox_wait

        until = outbox_wait.send_at(self.outbox) if pending else None
        held = (f" (held back: sent at {outbox_wait.until_text(until)}, {outbox_wait.wait_text(until)})"
                if until else "")
        self.query_one("#outbox-title", Static).update(
            safe_line(f"Outbox: {pending} waiting{held}, {failed} failed, "
                      f"{len(entries) - pending - failed} sent today"))
        self.query_one("#outbox-empty", Static).display = not entries
        table.display = bool(entries)

    def current_entry(self) -> Any:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def selected_entry(self) -> Any:
        """``current_entry()``, or None after saying why (enter, r and x never do nothing silently)."""
        entry = self.current_entry()
        if entry is None:
            self.app.toast("Nothing in the outbox to act on.", severity="warning", timeout=4)  # type: ignore[attr-defined]
        return entry

    def on_service_changed(self, event: Any) -> None:
        if type(event).__name__ in ("OutboxChanged", "NoticeAdded") and self.is_mounted:
            self.refresh_rows()

    # -- keys --------------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.refresh_rows()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_open(self) -> None:
        entry = self.selected_entry()
        if entry is not None and entry.ticket_id is not None:
            self.app.open_ticket(entry.ticket_id)  # type: ignore[attr-defined]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_retry(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        if entry.state not in ("failed", "damaged", "pending"):
            self.app.toast(f"This write is {entry.state}: nothing to retry.")  # type: ignore[attr-defined]
            return
        if getattr(getattr(self.app, "service", None), "read_only", False):
            self.app.toast("Read-only: nothing is sent (discarding is allowed).")  # type: ignore[attr-defined]
            return
        try:
            self.outbox.resend(entry.id)
        except Exception as exc:  # noqa: BLE001 - e.g. damaged beyond repair: say where the text is
            self.app.toast(notice("Cannot retry: {}", str(exc)), severity="error", timeout=15)  # type: ignore[attr-defined]
            return
        from fstui.tui import outbox_wait

        until = outbox_wait.held_until(self.outbox, getattr(self.app.service, "client_budget", None))  # type: ignore[attr-defined]
        held = f" Writes are held back: sent at {outbox_wait.until_text(until)} ({outbox_wait.wait_text(until)})." \
            if until else ""
        self.app.toast(notice("{} to #{} queued again.{}", kind_label(entry.kind), entry.ticket_id, held))  # type: ignore[attr-defined]
        self.refresh_rows()

    def action_discard(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        what = f"{kind_words(entry.kind)} to #{entry.ticket_id}"
        refused = already_sent(entry, "discard")
        if refused:  # its receipt stays: the late-twin check and "sent in the last day" read it
            self.app.toast(notice("{}", refused))  # type: ignore[attr-defined]
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.outbox.discard(entry.id)
            except Exception as exc:  # noqa: BLE001 - being sent right now
                self.app.toast(notice("Could not discard: {}", str(exc)), severity="error")  # type: ignore[attr-defined]
                return
            self.app.toast(notice("Discarded: {}", what))  # type: ignore[attr-defined]
            self.refresh_rows()

        # the same question as the thread's x (fstui.tui.discard_write): what, never sent, its typed text
        self.app.push_screen(ConfirmScreen(discard_question([entry]), yes="y: discard", no="n: keep it"), answered)

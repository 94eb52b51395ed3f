"""Marks on the ticket queue, and bulk actions on the marked tickets.

``MarksMixin`` goes in front of ``Screen`` on a screen with a DataTable whose row keys are ticket ids
(as strings): space marks/unmarks the row under the cursor and moves down, shift+up/down extend a range
from the last marked row, ctrl+backslash clears. ``start_bulk(kind)`` runs the bulk flow for status,
priority, agent or close (see :mod:`fstui.tui.screens.bulk`).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable

MARK = "+"
"""Shown before a marked ticket's id (plain ASCII: works on every terminal and without colour)."""


class Marks:
    """The set of marked ticket ids plus the anchor for shift-ranges (no Textual: easy to test)."""

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self.anchor: int | None = None  # row index the next shift-range starts from

    def toggle(self, ticket_id: int, row: int) -> bool:
        if ticket_id in self.ids:
            self.ids.discard(ticket_id)
            marked = False
        else:
            self.ids.add(ticket_id)
            marked = True
        self.anchor = row
        return marked

    def extend(self, order: list[int], from_row: int, to_row: int) -> set[int]:
        """Mark every row between the anchor (or ``from_row``) and ``to_row``; returns what changed."""
        start = self.anchor if self.anchor is not None else from_row
        low, high = sorted((start, to_row))
        added = {tid for tid in order[low: high + 1] if tid not in self.ids}
        self.ids.update(order[low: high + 1])
        if self.anchor is None:
            self.anchor = from_row
        return added

    def clear(self) -> set[int]:
        cleared, self.ids = self.ids, set()
        self.anchor = None
        return cleared

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, ticket_id: object) -> bool:
        return ticket_id in self.ids


def hidden_marks(marked: set[int] | list[int], shown_ids: list[int] | None) -> list[int]:
    """The marked ticket ids not in the rows shown (a filter hides them); sorted."""
    if not marked:  # the usual case: no walk over every row shown (the queue asks on each page appended)
        return []
    shown = set(shown_ids or ())
    return sorted(tid for tid in marked if tid not in shown)


def marks_text(count: int, hidden: int, why: str = "hidden by the filter") -> str:
    """``"3 marked"`` / ``"3 marked (1 hidden by the filter)"`` (``why``: "not in this view" once another
    view is shown, marks are kept); "" when nothing is marked.

    Marks outside the view are acted on by the bulk keys, so the queue always says they exist (QA of
    issue 11: a filter hid the one marked ticket and ``a`` still offered to assign it)."""
    if not count:
        return ""
    return f"{count} marked" + (f" ({hidden} {why})" if hidden else "")


def hidden_why(screen: Any) -> str:
    """Why marked tickets are not shown: the queue's filter, or another view."""
    return "hidden by the filter" if getattr(screen, "filter_text", "") else "not in this view"


class MarksMixin(Screen):
    """Marks + bulk actions for a ticket list screen (the queue).

    A Screen subclass because Textual only merges BINDINGS from DOMNode classes; use it as
    ``class TicketQueueScreen(MarksMixin, TicketActionsMixin, Screen)``.
    """

    BINDINGS = [
        Binding("space", "toggle_mark", "Mark", show=False, id="queue.toggle_mark"),
        Binding("shift+down", "mark_down", "Mark down", show=False, id="queue.mark_down"),
        Binding("shift+up", "mark_up", "Mark up", show=False, id="queue.mark_up"),
        Binding("ctrl+backslash", "clear_marks", "Clear marks", show=False, id="queue.clear_marks"),
    ]

    _marks: Marks | None = None

    @property
    def marks_state(self) -> Marks:
        if self._marks is None:
            self._marks = Marks()
        return self._marks

    @property
    def marks(self) -> set[int]:
        return self.marks_state.ids

    # -- what the mixin needs from the screen (override if the table is different) ----------------
    def marks_table(self) -> DataTable:
        return self.query_one(DataTable)  # type: ignore[attr-defined]

    def marks_row_ids(self) -> list[int]:
        """Ticket ids in row order."""
        table = self.marks_table()
        ids = []
        for row_key in table.rows:
            try:
                ids.append(int(row_key.value))
            except (TypeError, ValueError):
                continue
        return ids

    def marks_changed(self, ticket_ids: set[int]) -> None:
        """Re-render rows whose mark changed: writes MARK before the id in the "id" column."""
        table = self.marks_table()
        for ticket_id in ticket_ids:
            key = str(ticket_id)
            if key not in table.rows:
                continue
            try:
                current = table.get_cell(key, "id")
            except Exception:
                continue
            plain = str(getattr(current, "plain", current)).lstrip(MARK)
            label = f"{MARK}{plain}" if ticket_id in self.marks else plain
            style = "bold reverse" if ticket_id in self.marks else str(getattr(current, "style", "") or "")
            table.update_cell(key, "id", Text(label, style=style))
        self.marks_summary()

    def marks_summary(self) -> None:
        """Tell the user how many are marked (a quiet notification)."""
        hidden = hidden_marks(self.marks, getattr(self, "shown_ids", None))
        self.sub_title = marks_text(len(self.marks), len(hidden), hidden_why(self))  # type: ignore[attr-defined]

    # -- actions ---------------------------------------------------------------------------------
    def _cursor(self) -> tuple[int, list[int]]:
        table = self.marks_table()
        return table.cursor_row, self.marks_row_ids()

    def _nothing_selected(self) -> bool:
        """True (said) when the cursor's row left the list (ListTable): marks follow the agent's choice;
        also when the list is empty (a filter hiding every row): space says why instead of nothing."""
        table = self.marks_table()
        if getattr(table, "selection_lost", False) or not table.row_count:
            say = getattr(self, "say_nothing_selected", None)
            if callable(say):
                say()
            return True
        return False

    def action_toggle_mark(self) -> None:
        if self._nothing_selected():
            return
        row, order = self._cursor()
        if not order or row >= len(order):
            return
        ticket_id = order[row]
        self.marks_state.toggle(ticket_id, row)
        self.marks_changed({ticket_id})
        self.marks_table().move_cursor(row=min(row + 1, len(order) - 1))

    def _mark_step(self, step: int) -> None:
        if self._nothing_selected():
            return
        row, order = self._cursor()
        if not order:
            return
        target = max(0, min(len(order) - 1, row + step))
        state = self.marks_state
        if state.anchor is None:
            state.ids.add(order[row])
            state.anchor = row
        changed = state.extend(order, row, target) | {order[row]}
        self.marks_table().move_cursor(row=target)
        self.marks_changed(changed)

    def action_mark_down(self) -> None:
        self._mark_step(1)

    def action_mark_up(self) -> None:
        self._mark_step(-1)

    def action_clear_marks(self) -> None:
        cleared = self.marks_state.clear()
        self.marks_changed(cleared)

    def start_bulk(self, kind: str) -> None:
        """Run a bulk change ("status", "priority", "agent", "close") on the marked tickets."""
        from fstui.tui.screens.bulk import run_bulk

        run_bulk(self, kind, sorted(self.marks))  # type: ignore[arg-type]

    def bulk_finished(self, succeeded: set[int]) -> None:
        """After a bulk run: unmark what went through; failures stay marked to retry."""
        for ticket_id in succeeded:
            self.marks.discard(ticket_id)
        self.marks_changed(set(succeeded))

"""Bulk changes on marked tickets: pick a value, confirm (count + estimated credits), watch progress.

Every change is one outbox entry per ticket (``service.update_ticket``), so each is persisted before it is
sent, retried after Retry-After, and reported on its own: the progress screen lists per ticket whether it
was sent or why it failed. Failed tickets stay marked so the user can retry them.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, ProgressBar, Static

from fstui.service import workspace_choices
from fstui.tui.ticket_actions import same_value
from fstui.tui.errors import WorkerErrorsMixin
from fstui.tui.screens.confirm_modal import AnswerScreen
from fstui.tui.widgets.choice_list import fit_list_to_box
from fstui.tui import format as fmt
from fstui.tui import text as T
from fstui.tui.ticket_actions import field_choices

KINDS = {
    "status": ("status", "Status"),
    "priority": ("priority", "Priority"),
    "agent": ("responder_id", "Agent"),
    "close": ("status", "Status"),
}
CLOSED = 5
UNASSIGNED = "__unassigned__"


def estimate_credits(service: Any, count: int) -> int:
    """Credits for ``count`` ticket updates (the service knows the per-write cost; default 1)."""
    per_write = 1
    estimator = getattr(service, "estimate_credits", None)
    if callable(estimator):
        try:
            per_write = int(estimator("update_ticket"))
        except Exception:
            per_write = 1
    return per_write * count


def workspaces_of(tickets: Any, ticket_ids: list[int]) -> set[int | None]:
    """The workspaces of the marked tickets (None for one not loaded or without a workspace)."""
    loaded = tickets if isinstance(tickets, dict) else {}
    return {getattr(loaded.get(tid), "workspace_id", None) for tid in ticket_ids}


async def choices_for(service: Any, kind: str, workspaces: set[int | None] | None = None) -> list[tuple[Any, Content]]:
    """The picker's choices for the marked tickets of ``workspaces``: the agents who belong to every one
    of them; the statuses/priorities of their workspace when they share one (else the account's)."""
    workspaces = workspaces or {None}
    if kind in ("status", "priority"):  # the account's labels (custom statuses included)
        only = next(iter(workspaces)) if len(workspaces) == 1 else None
        try:
            fields = await (service.ticket_fields(only) if only is not None else service.ticket_fields())
        except Exception:  # noqa: BLE001 - offline: the documented values
            fields = []
        return [(value, T.safe_line(label, max_chars=60)) for value, label in field_choices(fields, kind)]
    agents = await workspace_choices.ticket_agents(service, workspaces)
    out: list[tuple[Any, Content]] = [(UNASSIGNED, Content("(unassigned)"))]
    for agent in sorted(agents, key=lambda a: f"{a.first_name or ''} {a.last_name or ''}".lower()):
        name = " ".join(p for p in (agent.first_name, agent.last_name) if p) or agent.email or f"agent {agent.id}"
        out.append((agent.id, T.safe_line(name, max_chars=60)))
    return out


def value_label(kind: str, value: Any, choices: list[tuple[Any, Content]] | None = None,
                service: Any = None) -> str:
    if kind == "close":  # the account's name for status 5
        return fmt.labels_of(service).status(CLOSED)
    for choice, label in choices or []:
        if choice == value:
            return label.plain
    return str(value)


def server_value_label(kind: str, value: Any, choices: list[tuple[Any, Content]] | None, service: Any) -> str:
    """A value read from the server as the picker names it ('Urgent', an agent's name; 'unassigned')."""
    if value is None:
        return "unassigned" if kind == "agent" else "(none)"
    if kind == "close":  # the status field: the account's label
        return fmt.labels_of(service).status(value)
    return value_label(kind, value, choices, service)


def split_unchanged(tickets: Any, field: str, value: Any, ticket_ids: list[int]) -> tuple[list[int], list[int]]:
    """(tickets the change would change, tickets that already have ``value``), from the loaded tickets
    (``tickets``: id -> Ticket). A ticket not loaded counts as changing (the server decides)."""
    changing: list[int] = []
    unchanged: list[int] = []
    for tid in ticket_ids:
        ticket = tickets.get(tid) if tickets is not None else None
        if ticket is not None and same_value(getattr(ticket, field, None), value):
            unchanged.append(tid)
        else:
            changing.append(tid)
    return changing, unchanged


def run_bulk(screen: Any, kind: str, ticket_ids: list[int]) -> None:
    """Start the bulk flow from ``screen`` (the queue, with MarksMixin)."""
    if kind not in KINDS:
        raise ValueError(kind)
    _bulk_flow(screen, kind, ticket_ids)


def _bulk_flow(screen: Any, kind: str, ticket_ids: list[int]) -> None:
    app = screen.app
    service = app.service

    async def flow() -> None:
        if not ticket_ids:
            return
        from fstui.tui.read_only import refuse_write

        if refuse_write(app):
            return
        field, title = KINDS[kind]
        from fstui.tui.marks import hidden_marks, hidden_why

        hidden = hidden_marks(ticket_ids, getattr(screen, "shown_ids", None)) if hasattr(screen, "shown_ids") else []
        unseen = f" ({len(hidden)} {hidden_why(screen)})" if hidden else ""
        marked = f"{len(ticket_ids)} marked ticket{'s' if len(ticket_ids) != 1 else ''}{unseen}"
        if kind == "close":
            value: Any = CLOSED
            choices = None
        else:
            from fstui.tui.screens.picker import PickerScreen

            choices = await choices_for(service, kind, workspaces_of(getattr(screen, "tickets", None), ticket_ids))
            value = await app.push_screen_wait(
                PickerScreen(f"{title} for {marked}", choices,
                             filterable=kind == "agent" and len(choices) > 8)
            )
            if value is None:
                return
        label = value_label(kind, value, choices, service)
        target = None if value == UNASSIGNED else value
        # Only real changes are counted, confirmed and sent: a ticket already closed is not "closed" again
        # (issue 11, section 5). The ones left as they are are unmarked with the ones that went through.
        changing, unchanged = split_unchanged(getattr(screen, "tickets", None), field, target, ticket_ids)
        moved: list[str] = []  # "#2102 is now Urgent": what another agent set since the rows were listed
        if unchanged and hasattr(service, "server_tickets"):  # "already has" only from what the server has now
            server = await service.server_tickets(unchanged)  # 1 read each
            differ, _ = split_unchanged(server, field, target, unchanged)  # (one not read: the server decides)
            changing = [t for t in ticket_ids if t in changing or t in differ]
            unchanged = [t for t in unchanged if t not in differ]
            # the rows show what was just read (brk QA §14), and the question says who changed on the server
            from fstui.tui.server_copies import changed_since_listed, take_server_copies

            others = changed_since_listed(getattr(screen, "tickets", None), server, field)
            take_server_copies(app, server, others)
            moved = [f"#{tid} is now {server_value_label(kind, getattr(server[tid], field, None), choices, service)}"
                     for tid in others]
        finished = getattr(screen, "bulk_finished", None)
        if not changing:
            app.notify(T.notice("Nothing to change: the {} marked ticket{} already {} {}.", len(unchanged),
                                "s" if len(unchanged) != 1 else "", "have" if len(unchanged) != 1 else "has",
                                f"{title.lower()} {label}"), title="Bulk change", markup=False)
            if callable(finished):
                finished(set(unchanged))
            return
        credits = estimate_credits(service, len(changing))
        confirmed = await app.push_screen_wait(BulkConfirmScreen(title, label, changing, credits, unchanged=unchanged,
                                                                   hidden=[t for t in hidden if t in changing],
                                                                   hidden_why=hidden_why(screen), moved=moved))
        if not confirmed:
            return
        fields = {field: target}
        result = await app.push_screen_wait(BulkProgressScreen(f"{title} -> {label}", changing, fields))
        if callable(finished) and result is not None:
            finished(set(result) | set(unchanged))

    screen.run_worker(flow(), exclusive=True, group="bulk", exit_on_error=False, description="Bulk change")


class BulkConfirmScreen(AnswerScreen):
    """y starts, n/escape cancels, Enter takes the focused button (No first: confirm_modal.AnswerScreen);
    says how many tickets and about how many API credits."""

    DEFAULT_CSS = """
    BulkConfirmScreen { align: center middle; }
    BulkConfirmScreen > Vertical { width: 64; max-width: 100%; height: auto; border: round $warning;
        background: $surface; padding: 0 1; }
    BulkConfirmScreen #bulk-ids { color: $text-muted; }
    """
    yes_label = "y: start"
    no_label = "n: cancel"

    def __init__(self, title: str, label: str, ticket_ids: list[int], credits: int, *,
                 unchanged: list[int] | None = None, hidden: list[int] | None = None,
                 hidden_why: str = "hidden by the filter", moved: list[str] | None = None) -> None:
        super().__init__()
        #: "#2102 is now Urgent" per marked ticket another agent changed since it was listed (read just now)
        self.moved = list(moved or ())
        #: marked tickets the queue does not show (its filter, another view): said, so nothing changes unseen
        self.hidden = list(hidden or ())
        self.hidden_why = hidden_why
        self.title_text = title
        self.label = label
        self.ticket_ids = ticket_ids
        self.credits = credits
        self.unchanged = list(unchanged or ())

    def compose(self) -> ComposeResult:
        count = len(self.ticket_ids)
        ids = ", ".join(f"#{tid}" for tid in self.ticket_ids[:12]) + (" ..." if count > 12 else "")
        with Vertical():
            yield Static(Content.assemble(("Bulk change", "bold")))
            yield Static(Content.assemble(f"Set {self.title_text.lower()} to ", T.safe_line(self.label, "bold"),
                                          f" on {count} ticket{'s' if count != 1 else ''}?"))
            yield Static(Content(f"Estimated cost: {self.credits} API credit{'s' if self.credits != 1 else ''} "
                                 f"({count} update{'s' if count != 1 else ''} through the outbox)."))
            yield Static(Content(ids), id="bulk-ids")
            if self.hidden:
                unseen = ", ".join(f"#{tid}" for tid in self.hidden[:8]) + (" ..." if len(self.hidden) > 8 else "")
                yield Static(Content(f"{len(self.hidden)} of them {self.hidden_why}: {unseen}"), id="bulk-hidden")
            if self.moved:
                many = len(self.moved)
                shown = ", ".join(self.moved[:4]) + (", …" if many > 4 else "")
                yield Static(Content(f"{many} changed on the server since {'they were' if many != 1 else 'it was'} "
                                     f"listed: ") + T.safe_line(shown, max_chars=200), id="bulk-moved")
            if self.unchanged:
                same = len(self.unchanged)
                yield Static(Content.assemble(
                    f"{same} marked ticket{'s' if same != 1 else ''} already {'have' if same != 1 else 'has'} "
                    f"{self.title_text.lower()} ", T.safe_line(self.label), ": left as they are."), id="bulk-unchanged")
            yield self.answer_buttons()


class BulkProgressScreen(WorkerErrorsMixin, ModalScreen[set[int]]):
    """Queues one update per ticket and shows each one's outcome as the outbox delivers it.

    Dismisses with the set of ticket ids that went through (close with escape/enter when done; closing
    early leaves the rest in the outbox, which keeps sending them).
    """

    DEFAULT_CSS = """
    BulkProgressScreen { align: center middle; }
    BulkProgressScreen > Vertical { width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1; }
    BulkProgressScreen DataTable { height: auto; max-height: 12; }
    BulkProgressScreen #bulk-summary { margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape,enter", "close", "Close"),
        # the result list scrolls with the list keys (it takes no focus: enter/escape close)
        Binding("j,down", "scroll_results(1)", "Down", show=False),
        Binding("k,up", "scroll_results(-1)", "Up", show=False),
        Binding("pagedown", "scroll_results(10)", "Page down", show=False),
        Binding("pageup", "scroll_results(-10)", "Page up", show=False),
        Binding("home,g", "scroll_results(-1000000)", "Top", show=False),
        Binding("end,G", "scroll_results(1000000)", "Bottom", show=False),
    ]

    def __init__(self, title: str, ticket_ids: list[int], fields: dict[str, Any]) -> None:
        super().__init__()
        self.title_text = title
        self.ticket_ids = list(ticket_ids)
        self.fields = fields
        self.entries: dict[int, Any] = {}      # ticket id -> latest outbox entry
        self.outcome: dict[int, str] = {}      # ticket id -> "sent" / "failed" / "refused"
        self.done = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble(("Bulk: ", "bold"), T.safe_line(self.title_text)))
            yield ProgressBar(total=len(self.ticket_ids), show_eta=False, id="bulk-progress")
            table = DataTable(id="bulk-results", cursor_type="row", show_cursor=False)
            table.can_focus = False  # enter/escape belong to the screen (close)
            yield table
            yield Static(Content("queueing..."), id="bulk-summary")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Ticket", key="ticket", width=8)
        table.add_column("Result", key="result", width=56)
        for tid in self.ticket_ids:
            table.add_row(Content(f"#{tid}"), Content("pending"), key=str(tid))
        self.call_after_refresh(self._fit_results)  # once the title, bar and summary have their sizes
        self._queue_all()
        self.set_interval(0.2, self._poll)

    def on_resize(self, _event: Any) -> None:
        self._fit_results()

    def _fit_results(self) -> None:
        """The result list is at most 12 lines, and never taller than the screen leaves it (the box may
        take it all, less the title, progress bar, summary and border): on a short terminal it scrolls
        (j/k) instead of its last rows being cut off."""
        fit_list_to_box(self.query_one(Vertical), self.query_one(DataTable), lines=12, share=1.0, least=3)

    @work(exclusive=True, group="bulk-queue", exit_on_error=False, description="Queueing bulk changes")
    async def _queue_all(self) -> None:
        service = self.app.service  # type: ignore[attr-defined]
        for tid in self.ticket_ids:
            try:
                entry = service.update_ticket(tid, dict(self.fields))
                if hasattr(entry, "__await__"):
                    entry = await entry
            except Exception as exc:  # read-only refusal, or anything else before the outbox
                self.outcome[tid] = "refused"
                title = getattr(exc, "title", None) or type(exc).__name__
                self._show(tid, Content.assemble(("refused: ", "bold $error"), T.safe_line(title, max_chars=48)))
                continue
            self.entries[tid] = entry
            self._show_entry(tid, entry)
        self._update_summary()

    def on_service_changed(self, event: Any) -> None:
        """OutboxChanged events (forwarded by the app) update the rows at once."""
        entry = getattr(event, "entry", None)
        if entry is None:
            return
        for tid, known in list(self.entries.items()):
            if getattr(known, "id", None) == getattr(entry, "id", object()):
                self.entries[tid] = entry
                self._show_entry(tid, entry)
        self._update_summary()

    def _poll(self) -> None:
        outbox = getattr(self.app.service, "outbox", None)  # type: ignore[attr-defined]
        getter = getattr(outbox, "get", None)
        if not callable(getter):
            return
        for tid, entry in list(self.entries.items()):
            if tid in self.outcome:
                continue
            latest = getter(entry.id)
            if latest is not None and latest is not entry:
                self.entries[tid] = latest
                self._show_entry(tid, latest)
        self._update_summary()

    def _show_entry(self, tid: int, entry: Any) -> None:
        state = getattr(entry, "state", "pending")
        if state == "sent":
            self.outcome[tid] = "sent"
            self._show(tid, Content.styled("sent", "bold $success"))
        elif state == "failed":
            self.outcome[tid] = "failed"
            reason = getattr(entry, "error", None) or "failed"
            for fe in getattr(entry, "field_errors", None) or []:
                reason += f" ({fe.get('field') or '-'}: {fe.get('message') or ''})"
            self._show(tid, Content.assemble(("failed: ", "bold $error"), T.safe_line(reason, max_chars=48)))
        else:
            attempts = getattr(entry, "attempts", 0)
            self._show(tid, Content(f"{state}" + (f" (attempt {attempts})" if attempts else "")))

    def _show(self, tid: int, content: Content) -> None:
        table = self.query_one(DataTable)
        if str(tid) in table.rows:
            table.update_cell(str(tid), "result", content)

    def _update_summary(self) -> None:
        finished = len(self.outcome)
        self.query_one(ProgressBar).update(progress=finished)
        sent = sum(1 for o in self.outcome.values() if o == "sent")
        failed = finished - sent
        total = len(self.ticket_ids)
        if finished >= total:
            self.done = True
            text = f"Done: {sent} changed, {failed} failed. enter: close"
        else:
            text = f"{finished}/{total} finished ({sent} changed, {failed} failed). escape: close (outbox keeps sending)"
        self.query_one("#bulk-summary", Static).update(Content(text))
        self.call_after_refresh(self._fit_results)  # a longer summary (wrapped) leaves the list less room

    def action_scroll_results(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.scroll_to(y=max(0, min(table.max_scroll_y, table.scroll_y + step)), animate=False)

    def action_close(self) -> None:
        self.dismiss({tid for tid, outcome in self.outcome.items() if outcome == "sent"})

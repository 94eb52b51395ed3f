"""A ticket's tasks and time entries (issue 14): the "work" view of the ticket screen (``w`` toggles).

Tasks: status, title, owner, due (an unfinished task past its due date is marked "overdue" in the error
colour); add, edit (title, due), change status (Open / In Progress / Completed), delete (asks).
Time entries: agent, time spent, billable, note, executed at; log time; start/stop my timer (one per
agent: starting one while another runs offers to stop that one first).
Every change goes through the outbox; its pending/failed state is shown on the row it changes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from fstui.api.tasks import SETTABLE_TASK_STATUSES, TASK_STATUSES
from fstui.api.time_entries import parse_duration
from fstui.tui import format as fmt
from fstui.tui.errors import WorkerErrorsMixin
from fstui.tui.text import notice, one_line, safe_line, safe_text
from fstui.tui.widgets.key_bar import KeyBar
from fstui.tui.widgets.list_table import ListTable, ListTableScroll
from fstui.tui.widgets.status_bar import StatusBar

COMPLETED = 3
WRITE_KEYS = {"add_task", "edit_task", "task_status", "delete", "log_time", "timer"}


def read_only_refused(app: Any, what: str = "changed") -> bool:
    """The check every write key of issue 14's screens makes: the one in fstui.tui.read_only."""
    from fstui.tui.read_only import refuse_write

    return refuse_write(app, what)


def parse_due(text: str, now: datetime) -> datetime | None:
    """``2d``, ``4h``, ``30m``, ``2025-03-20`` or ``2025-03-20 17:00`` (UTC) -> a datetime; None if not."""
    t = (text or "").strip().lower()
    if not t:
        return None
    units = {"d": "days", "h": "hours", "m": "minutes", "w": "weeks"}
    if t[-1] in units and t[:-1].isdigit():
        return now + timedelta(**{units[t[-1]]: int(t[:-1])})
    for form in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(t.upper() if "T" in form else t, form).replace(tzinfo=now.tzinfo)
        except ValueError:
            continue
    return None


def hms(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _state_mark(entry: Any) -> str:
    if entry.state == "failed":
        # x does nothing on this screen: the outbox (O, any session) is where it is retried or discarded
        return f"failed: {one_line(entry.error or 'error', 40)} (O: outbox)"
    return "sending…" if entry.state == "sending" else "pending"


class TicketWorkScreen(WorkerErrorsMixin, Screen):
    """Tasks and time entries of one ticket."""

    HELP_TITLE = "tasks and time"
    BINDINGS = [
        Binding("escape,w", "back", "Thread", key_display="w"),
        Binding("a", "add_task", "Add task"),
        Binding("s", "task_status", "Status"),
        Binding("e", "edit_task", "Edit task", show=False),
        Binding("d", "delete", "Delete", show=False),
        Binding("l", "log_time", "Log time"),
        Binding("m", "timer", "Timer"),
        Binding("R", "refresh", "Refresh", show=False),
    ]
    DEFAULT_CSS = """
    TicketWorkScreen #work-header { height: auto; padding: 0 1; border-bottom: solid $primary; }
    TicketWorkScreen .work-title { height: 1; padding: 0 1; text-style: bold; margin-top: 1; }
    TicketWorkScreen DataTable { height: auto; max-height: 12; }
    TicketWorkScreen #work-pending { height: auto; padding: 0 1; color: $warning; }
    """

    def __init__(self, ticket: Any) -> None:
        super().__init__()
        self.ticket = ticket
        self.ticket_id: int = ticket.id
        self.tasks: list[Any] = []
        self.entries: list[Any] = []
        self.loaded = False

    # -- layout -------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(Content.assemble((f"Ticket #{self.ticket_id}", "bold"), "  ",
                                      safe_line(getattr(self.ticket, "subject", "") or "", max_chars=200)),
                     id="work-header")
        with ListTableScroll(id="work-body"):  # short terminal: scrolls to the cursor row
            yield Static(Content("Tasks"), classes="work-title", id="tasks-title")
            tasks = ListTable(id="tasks", cursor_type="row", zebra_stripes=False)
            tasks.add_columns("Status", "Title", "Owner", "Due")
            yield tasks
            yield Static(Content("Time entries"), classes="work-title", id="time-title")
            entries = ListTable(id="time", cursor_type="row", zebra_stripes=False)
            self._time_column = entries.add_columns("Agent", "Time", "Billable", "Note", "Executed")[1]
            yield entries
            yield Static(Content(""), id="work-pending")
        yield StatusBar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)  # a running timer's row counts up like the status bar
        self.query_one("#tasks", DataTable).focus()
        work_ = self.app.service.work  # type: ignore[attr-defined]
        tasks, entries = work_.cached_tasks(self.ticket_id), work_.cached_time_entries(self.ticket_id)
        if tasks is not None and entries is not None:
            self.tasks, self.entries, self.loaded = list(tasks), list(entries), True
            self._show()
        else:
            self.query_one("#tasks-title", Static).update(Content("Tasks: loading…"))
            self.load()

    @work(exclusive=True, exit_on_error=False, group="work", description="Loading tasks and time entries")
    async def load(self, force: bool = False) -> None:
        service = self.app.service  # type: ignore[attr-defined]
        tasks = await service.work.tasks(self.ticket_id, force=force)
        entries = await service.work.time_entries(self.ticket_id, force=force)
        ids = {t.agent_id for t in tasks} | {e.agent_id for e in entries}
        if any(i and not service.agent_name(i) for i in ids):
            await service.agents()  # a cached look-up: names, not ids
        self.tasks, self.entries, self.loaded = list(tasks), list(entries), True
        self._show()

    def worker_failed(self, worker: Any) -> None:
        if worker.group == "work" and not self.loaded:
            self.query_one("#tasks-title", Static).update(Content("Tasks: could not load them. R retries."))

    # -- rendering ------------------------------------------------------------------------------------
    def _agent_name(self, agent_id: Any) -> str:
        if not agent_id:
            return "-"
        return self.app.service.agent_name(agent_id) or "(unknown agent)"  # type: ignore[attr-defined]

    def _pending(self) -> list[Any]:
        return self.app.service.work.pending(self.ticket_id)  # type: ignore[attr-defined]

    def _show(self) -> None:
        now = self.app.now()  # type: ignore[attr-defined]
        pending = self._pending()
        by_task = {e.payload.get("task_id"): e for e in pending if e.kind in ("update_task", "delete_task")}
        by_entry = {e.payload.get("entry_id"): e for e in pending if e.kind in ("update_time_entry",
                                                                               "delete_time_entry")}
        table = self.query_one("#tasks", DataTable)
        row = table.cursor_row
        table.clear()
        overdue = 0
        for task in self.tasks:
            due, late = fmt.countdown(task.due_date, now)
            late = late and task.status != COMPLETED
            overdue += late
            style = "bold red" if late else ("dim" if task.status == COMPLETED else "")
            status = TASK_STATUSES.get(task.status or 0, "?")
            write = by_task.get(task.id)
            if write is not None:
                change = write.payload.get("fields", {}).get("status")
                status = ("deleting" if write.kind == "delete_task" else
                          f"→ {TASK_STATUSES.get(change, status)}" if change else status) + f" ({_state_mark(write)})"
            table.add_row(Text(one_line(status, 60), style=style), safe_text(task.title or "", style, max_chars=80),
                          safe_text(self._agent_name(task.agent_id), style, max_chars=30),
                          Text(("overdue " + due.replace(" late", "")) if late else due, style=style),
                          key=f"task:{task.id}")
        for write in pending:
            if write.kind == "create_task":
                f = write.payload.get("fields", {})
                table.add_row(Text(f"new ({_state_mark(write)})", style="italic"),
                              safe_text(f.get("title") or "", "italic", max_chars=80), Text("-"), Text("-"),
                              key=f"pending:{write.id}")
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)
        title = f"Tasks ({len(self.tasks)})" + (f" · {overdue} overdue" if overdue else "")
        self.query_one("#tasks-title", Static).update(
            Content.styled(title, "bold $error") if overdue else Content(title))

        table = self.query_one("#time", DataTable)
        row = table.cursor_row
        table.clear()
        total = 0
        for entry in self.entries:
            seconds = entry.elapsed_seconds(now)
            total += seconds
            spent = hms(seconds) + (" ▶ running" if entry.timer_running else "")
            write = by_entry.get(entry.id)
            if write is not None:
                spent += f" ({'stopping' if write.kind == 'update_time_entry' else 'deleting'}: {_state_mark(write)})"
            table.add_row(safe_text(self._agent_name(entry.agent_id), max_chars=30),
                          Text(spent, style="bold" if entry.timer_running else ""),
                          Text("yes" if entry.billable else "no"), safe_text(entry.note or "", max_chars=60),
                          Text(fmt.timestamp(entry.executed_at)), key=f"time:{entry.id}")
        for write in pending:
            if write.kind in ("create_time_entry", "start_timer"):
                f = write.payload.get("fields", {})
                what = "timer" if write.kind == "start_timer" else f.get("time_spent") or ""
                table.add_row(Text(self._agent_name(f.get("agent_id")) if f.get("agent_id") else "me"),
                              Text(f"{what} ({_state_mark(write)})", style="italic"),
                              Text("yes" if f.get("billable", True) else "no"),
                              safe_text(f.get("note") or "", max_chars=60), Text("-"), key=f"pending:{write.id}")
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)
        self.query_one("#time-title", Static).update(
            Content(f"Time entries ({len(self.entries)}) · total {hms(total)}"))
        failed = [w for w in pending if w.state == "failed"]
        self.query_one("#work-pending", Static).update(
            Content("\n".join(notice("Not saved: {}: {}", w.kind.replace("_", " "), w.error or "error")
                              for w in failed)))

    def _tick(self) -> None:
        """Only the running entries' time cells change (the rows, cursor and scroll stay)."""
        running = [e for e in self.entries if e.timer_running] if self.loaded else []
        if not running:
            return
        table = self.query_one("#time", DataTable)
        now = self.app.now()  # type: ignore[attr-defined]
        changing = {w.payload.get("entry_id") for w in self._pending()}  # their cells say what is pending
        for entry in running:
            if entry.id not in changing and f"time:{entry.id}" in table.rows:
                table.update_cell(f"time:{entry.id}", self._time_column,
                                  Text(hms(entry.elapsed_seconds(now)) + " ▶ running", style="bold"))

    # -- service events -------------------------------------------------------------------------------
    def on_service_changed(self, event: Any) -> None:
        name = type(event).__name__
        if name == "WorkChanged" and event.ticket_id == self.ticket_id:
            work_ = self.app.service.work  # type: ignore[attr-defined]
            self.tasks = list(work_.cached_tasks(self.ticket_id) or self.tasks)
            self.entries = list(work_.cached_time_entries(self.ticket_id) or self.entries)
            self._show()
        elif name == "OutboxChanged" and getattr(event.entry, "ticket_id", None) == self.ticket_id:
            if event.entry.state == "failed":
                message = notice("#{}: not saved: {}", self.ticket_id, event.entry.error or "error")
                self.app.toast(message, severity="error")  # type: ignore[attr-defined]
            if self.loaded:
                self._show()

    # -- helpers ----------------------------------------------------------------------------------------
    def _writable(self) -> bool:
        return not read_only_refused(self.app)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only profiles do not show the write keys (and they do nothing)."""
        if action in WRITE_KEYS and getattr(self.app.status_info, "read_only", False):  # type: ignore[attr-defined]
            return None
        return True

    def _focused_table(self) -> DataTable:
        return self.focused if isinstance(self.focused, DataTable) else self.query_one("#tasks", DataTable)

    def _say_why_not(self, verb: str) -> None:
        """s, e or d found nothing to act on under the cursor: say why (a key never does nothing silently).
        ``verb``: "change", "edit" or "delete"."""
        key = self._focused_key() or ""
        in_time = self._focused_table().id == "time"
        if key.startswith("pending:"):
            why = "Still being saved: it can be changed once it is (the ticket's outbox shows it)."
        elif in_time and verb == "delete":
            why = "No time entry to delete: l logs time."
        elif in_time:
            why = "s and e act on the tasks: tab goes to them."
        else:
            why = f"No task to {verb}: a adds one."
        self.app.toast(why, severity="warning", timeout=4)  # type: ignore[attr-defined]

    def _focused_key(self) -> str | None:
        table = self._focused_table()
        if not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None

    def _focused_task(self) -> Any:
        key = self._focused_key() or ""
        if not key.startswith("task:"):
            return None
        task_id = int(key.split(":", 1)[1])
        return next((t for t in self.tasks if t.id == task_id), None)

    def _focused_entry(self) -> Any:
        key = self._focused_key() or ""
        if not key.startswith("time:"):
            return None
        entry_id = int(key.split(":", 1)[1])
        return next((e for e in self.entries if e.id == entry_id), None)

    async def _ask(self, question: str, *, value: str = "", hint: str = "") -> str | None:
        from fstui.tui.screens.prompt import PromptScreen

        return await self.app.push_screen_wait(PromptScreen(question, value=value, hint=hint))

    def _queued(self, entry: Any) -> None:
        self._show()

    # -- actions ----------------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh(self) -> None:
        self.load(force=True)

    @work(exclusive=True, exit_on_error=False, group="change-field", description="Adding a task")
    async def action_add_task(self) -> None:
        if not self._writable():
            return
        title = await self._ask("New task: title")
        if not title or not title.strip():
            return
        now = self.app.now()  # type: ignore[attr-defined]
        due_text = await self._ask("Due (2d, 4h, 2025-03-20 17:00 UTC)", value="1d")
        if due_text is None:
            return
        due = parse_due(due_text, now)
        if due is None:
            self.app.toast(notice("Not a due date: {}", due_text), severity="warning")  # type: ignore[attr-defined]
            return
        fields: dict[str, Any] = {"title": title.strip(), "description": title.strip(),
                                  "due_date": due.strftime("%Y-%m-%dT%H:%M:%SZ"), "notify_before": 0, "status": 1}
        me = getattr(self.app, "my_id", None)
        if me:
            fields["agent_id"] = me
        self._queued(self.app.service.work.add_task(self.ticket_id, fields))  # type: ignore[attr-defined]

    @work(exclusive=True, exit_on_error=False, group="change-field", description="Editing a task")
    async def action_edit_task(self) -> None:
        task = self._focused_task()
        if task is None:
            self._say_why_not("edit")
            return
        if not self._writable():
            return
        changes: dict[str, Any] = {}
        title = await self._ask("Task title", value=one_line(task.title or ""))
        if title is None:
            return
        if title.strip() and title.strip() != (task.title or ""):
            changes["title"] = title.strip()
        now = self.app.now()  # type: ignore[attr-defined]
        shown = task.due_date.strftime("%Y-%m-%d %H:%M") if task.due_date else ""
        due_text = await self._ask("Due (2d, 4h, 2025-03-20 17:00 UTC)", value=shown)
        if due_text is None:
            return
        if due_text.strip() != shown:
            due = parse_due(due_text, now)
            if due is None:
                self.app.toast(notice("Not a due date: {}", due_text), severity="warning")  # type: ignore[attr-defined]
                return
            changes["due_date"] = due.strftime("%Y-%m-%dT%H:%M:%SZ")
        if changes:  # only what the agent changed
            work_ = self.app.service.work  # type: ignore[attr-defined]
            self._queued(work_.update_task(self.ticket_id, task.id, changes))

    @work(exclusive=True, exit_on_error=False, group="change-field", description="Changing a task's status")
    async def action_task_status(self) -> None:
        from fstui.tui.screens.picker import PickerScreen

        task = self._focused_task()
        if task is None:
            self._say_why_not("change")
            return
        if not self._writable():
            return
        choices = [(s, Content(TASK_STATUSES[s])) for s in SETTABLE_TASK_STATUSES]
        chosen = await self.app.push_screen_wait(PickerScreen(notice("Status of: {}", task.title or ""), choices,
                                                              current=task.status))
        if chosen is None or chosen == task.status:
            return
        work_ = self.app.service.work  # type: ignore[attr-defined]
        self._queued(work_.update_task(self.ticket_id, task.id, {"status": chosen}))

    @work(exclusive=True, exit_on_error=False, group="confirm", description="Deleting")
    async def action_delete(self) -> None:
        from fstui.tui.screens.confirm_modal import ConfirmScreen

        if not self._writable():
            return
        task, entry = self._focused_task(), self._focused_entry()
        service = self.app.service  # type: ignore[attr-defined]
        if task is not None:
            question = Content.assemble("Delete the task ", safe_line(task.title or "", max_chars=60),
                                        "? It cannot be restored.")
            if await self.app.push_screen_wait(ConfirmScreen(question)):
                self._queued(service.work.delete_task(self.ticket_id, task.id))
        elif entry is not None:
            spent = hms(entry.elapsed_seconds(self.app.now()))  # type: ignore[attr-defined]
            who = safe_line(self._agent_name(entry.agent_id))
            question = Content.assemble(f"Delete the time entry {spent} of ", who, "?")
            if await self.app.push_screen_wait(ConfirmScreen(question)):
                self._queued(service.work.delete_time_entry(self.ticket_id, entry.id))
        else:
            self._say_why_not("delete")

    @work(exclusive=True, exit_on_error=False, group="change-field", description="Logging time")
    async def action_log_time(self) -> None:
        if not self._writable():
            return
        spent_text = await self._ask("Time spent (1:30, 90m, 1.5h)")
        if spent_text is None:
            return
        spent = parse_duration(spent_text)
        if spent is None:
            self.app.toast(notice("Not a duration: {}", spent_text), severity="warning")  # type: ignore[attr-defined]
            return
        note = await self._ask("Note (optional)")
        if note is None:
            return
        billable = await self._ask("Billable? (y/n)", value="y")
        if billable is None:
            return
        self._queued(self.app.service.work.add_time_entry(  # type: ignore[attr-defined]
            self.ticket_id, spent, note.strip(), billable.strip().lower() not in ("n", "no")))

    @work(exclusive=True, exit_on_error=False, group="confirm", description="Starting or stopping the timer")
    async def action_timer(self) -> None:
        from fstui.tui.screens.confirm_modal import ConfirmScreen

        if not self._writable():
            return
        work_ = self.app.service.work  # type: ignore[attr-defined]
        me = getattr(self.app, "my_id", None)
        running = work_.timer
        # who-am-I not known (yet): only the timer fstui started here is mine, never another agent's
        here = next((e for e in self.entries if e.timer_running and (
            e.agent_id == me if me is not None else work_.is_mine(self.ticket_id, e))), None)
        if here is not None:  # my timer on this ticket: stop it
            self._queued(work_.stop_timer(self.ticket_id, here.id))
            return
        if any(e.kind == "start_timer" for e in self._pending()):
            self.app.toast("A timer is already being started on this ticket.",  # type: ignore[attr-defined]
                           severity="warning")
            return
        stop_first = None
        if running is not None:
            other_ticket, other = running
            elapsed = hms(other.elapsed_seconds(self.app.now()))  # type: ignore[attr-defined]
            question = Content(f"Your timer runs on #{other_ticket} ({elapsed}). "
                               f"Stop it and start one on #{self.ticket_id}?")
            if not await self.app.push_screen_wait(ConfirmScreen(question, yes="y: stop it and start",
                                                                 no="n: keep it")):
                return
            stop_first = (other_ticket, other.id)
        self._queued(work_.start_timer(self.ticket_id, stop_first=stop_first))

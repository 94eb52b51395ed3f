"""Working a ticket (issue 14): its tasks and time entries, and the agent's running timer.

Reads: a ticket's tasks / time entries are fetched only when the agent opens them (never prefetched, so a
triage session that does not open them spends nothing), then kept for the session (cache key
``work:tasks:<id>`` / ``work:time:<id>``) and updated from the responses of our own writes.

Writes go through the outbox; each kind is one row of :meth:`TicketWork.write_kinds` (how to send it, how
to look on the server whether an earlier attempt was applied, how a confirmed write updates the cache).

The running timer lives on the server (one per agent, account-wide). fstui remembers which entry it
started (``work:timer``) and, after a restart, reads that ticket's time entries back to show it again
(one request, only when such a record exists). A timer started elsewhere (the portal) is not found
until fstui is told by the server (the 400 when starting another one).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fstui.api.tasks import Task
from fstui.api.time_entries import TimeEntry
from fstui.service.core import ServiceCore, iso_epoch
from fstui.service.errors import ReadOnlyError
from fstui.service.outbox import Outbox, OutboxEntry

TIMER_KEY = "work:timer"
WORK_KINDS = ("create_task", "update_task", "delete_task", "create_time_entry", "update_time_entry",
              "delete_time_entry", "start_timer")


@dataclass(frozen=True)
class WorkChanged:
    """A ticket's tasks or time entries changed in the cache (our confirmed write, or a fresh read)."""

    ticket_id: int


@dataclass(frozen=True)
class TimerChanged:
    """The agent's running timer: (ticket id, entry) or None when none runs."""

    ticket_id: int | None
    entry: TimeEntry | None


@dataclass(frozen=True)
class WriteKind:
    """One kind of outbox write: send it; look whether an earlier attempt was applied; apply the result."""

    send: Callable[[OutboxEntry], Awaitable[dict[str, Any] | None]]
    reconcile: Callable[[OutboxEntry, set[int]], Awaitable[tuple[bool, dict[str, Any] | None]]]
    apply: Callable[[OutboxEntry], None]


def _dump(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json")


class TicketWork:
    def __init__(self, core: ServiceCore, outbox: Outbox, me_id: Callable[[], int | None],
                 read_only: Callable[[], bool], me: Callable[[], Awaitable[Any]] | None = None) -> None:
        self.core = core
        self.me = me
        self.outbox = outbox
        self.me_id = me_id
        self.read_only = read_only
        self._tasks: dict[int, list[Task]] = {}
        self._entries: dict[int, list[TimeEntry]] = {}
        self.timer: tuple[int, TimeEntry] | None = None

    # ------------------------------------------------------------------ reads

    def cached_tasks(self, ticket_id: int) -> list[Task] | None:
        return self._tasks.get(ticket_id)

    def cached_time_entries(self, ticket_id: int) -> list[TimeEntry] | None:
        return self._entries.get(ticket_id)

    async def tasks(self, ticket_id: int, *, force: bool = False) -> list[Task]:
        """GET /tickets/[id]/tasks once per session (``force``: again)."""
        if not force and ticket_id in self._tasks:
            return self._tasks[ticket_id]
        items: list[Task] = []
        async for task in self._all(self.core.client.list_ticket_tasks, ticket_id):
            items.append(task)
        self._tasks[ticket_id] = items
        return items

    async def time_entries(self, ticket_id: int, *, force: bool = False) -> list[TimeEntry]:
        if not force and ticket_id in self._entries:
            return self._entries[ticket_id]
        items: list[TimeEntry] = []
        async for entry in self._all(self.core.client.list_ticket_time_entries, ticket_id):
            items.append(entry)
        self._entries[ticket_id] = items
        self._note_timer(ticket_id, items)
        return items

    async def _all(self, fn: Any, ticket_id: int):
        page_no = 1
        while True:
            page = await self.core.api(fn, ticket_id, page=page_no, per_page=100)
            for item in page.items:
                yield item
            if not page.next_url or page_no >= 50:
                return
            page_no += 1

    def _note_timer(self, ticket_id: int, items: list[TimeEntry]) -> None:
        """A fresh list of a ticket's entries says whether my timer runs there."""
        mine = next((e for e in items if e.timer_running and self.is_mine(ticket_id, e)), None)
        if mine is not None:
            self._set_timer(ticket_id, mine)
        elif self.timer is not None and self.timer[0] == ticket_id:
            self._set_timer(None, None)

    def is_mine(self, ticket_id: int, entry: TimeEntry, *, started: bool = False) -> bool:
        """Whether ``entry`` is the signed-in agent's. Who-am-I not known (yet): only the timer fstui itself
        started (``started``: the answer to our start) is, never another agent's (issue 12, "Mine")."""
        me = self.me_id()
        if me is not None:
            return entry.agent_id == me
        return started or (self.timer is not None and self.timer[0] == ticket_id and self.timer[1].id == entry.id)

    def _set_timer(self, ticket_id: int | None, entry: TimeEntry | None) -> None:
        if ticket_id is None or entry is None:
            self.timer = None
            self.core.store.delete(TIMER_KEY)
        else:
            self.timer = (ticket_id, entry)
            self.core.store.set(TIMER_KEY, {"ticket_id": ticket_id, "entry_id": entry.id})
        self.core.emit(TimerChanged(ticket_id, entry))

    async def restore_timer(self) -> None:
        """After a restart: read back the timer fstui started (it lives on the server)."""
        record = self.core.store.get(TIMER_KEY)
        if not isinstance(record, dict) or not isinstance(record.get("ticket_id"), int):
            return
        ticket_id = record["ticket_id"]
        entry = None
        try:
            entry = await self.core.api(self.core.client.get_ticket_time_entry, ticket_id, record.get("entry_id"))
        except Exception:  # noqa: BLE001 - gone, or offline: look again when the ticket's time is opened
            self.core.store.delete(TIMER_KEY) if self.core.online else None
            return
        if entry.timer_running:
            self._set_timer(ticket_id, entry)
        else:
            self._set_timer(None, None)

    def pending(self, ticket_id: int) -> list[OutboxEntry]:
        """This ticket's task/time writes not confirmed yet (pending, sending or failed)."""
        return [e for e in self.outbox.entries(ticket_id, include_sent=False) if e.kind in WORK_KINDS]

    # ------------------------------------------------------------------ writes (through the outbox)

    def _write(self, kind: str, ticket_id: int, payload: dict[str, Any]) -> OutboxEntry:
        if self.read_only():
            raise ReadOnlyError(f"{kind.replace('_', ' ')}: this profile is read-only")
        return self.outbox.add(kind, ticket_id, payload)

    def add_task(self, ticket_id: int, fields: dict[str, Any]) -> OutboxEntry:
        """fields: title, description, due_date (ISO), notify_before (s), status, agent_id, group_id."""
        return self._write("create_task", ticket_id, {"fields": dict(fields)})

    def update_task(self, ticket_id: int, task_id: int, fields: dict[str, Any]) -> OutboxEntry:
        """Only the fields the agent changed."""
        return self._write("update_task", ticket_id, {"task_id": task_id, "fields": dict(fields)})

    def delete_task(self, ticket_id: int, task_id: int) -> OutboxEntry:
        return self._write("delete_task", ticket_id, {"task_id": task_id})

    def add_time_entry(self, ticket_id: int, time_spent: str, note: str = "", billable: bool = True,
                       executed_at: str | None = None) -> OutboxEntry:
        """time_spent "hh:mm", logged for the signed-in agent."""
        fields: dict[str, Any] = {"agent_id": self.me_id(), "time_spent": time_spent, "note": note,
                                  "billable": bool(billable)}
        if executed_at:
            fields["executed_at"] = executed_at
        return self._write("create_time_entry", ticket_id, {"fields": fields})

    def start_timer(self, ticket_id: int, note: str = "", *, stop_first: tuple[int, int] | None = None) -> OutboxEntry:
        """A new running entry for me. ``stop_first`` = (ticket id, entry id) of my running timer: it is
        stopped in the same outbox entry, before the new one starts (the API allows one per agent)."""
        payload: dict[str, Any] = {"fields": {"agent_id": self.me_id(), "timer_running": True, "note": note,
                                              "billable": True}}
        if stop_first is not None:
            payload["stop_first"] = {"ticket_id": stop_first[0], "entry_id": stop_first[1]}
        return self._write("start_timer", ticket_id, payload)

    def stop_timer(self, ticket_id: int, entry_id: int) -> OutboxEntry:
        return self._write("update_time_entry", ticket_id, {"entry_id": entry_id,
                                                            "fields": {"timer_running": False}})

    def delete_time_entry(self, ticket_id: int, entry_id: int) -> OutboxEntry:
        return self._write("delete_time_entry", ticket_id, {"entry_id": entry_id})

    # ------------------------------------------------------------------ the kinds, as data

    def write_kinds(self) -> dict[str, WriteKind]:
        c = self.core
        api = c.api

        def client() -> Any:
            return c.client

        async def create_task(e: OutboxEntry) -> dict[str, Any]:
            return _dump(await api(client().create_ticket_task, e.ticket_id, e.payload["fields"]))

        async def update_task(e: OutboxEntry) -> dict[str, Any]:
            return _dump(await api(client().update_ticket_task, e.ticket_id, e.payload["task_id"],
                                   e.payload["fields"]))

        async def delete_task(e: OutboxEntry) -> None:
            await api(client().delete_ticket_task, e.ticket_id, e.payload["task_id"])

        async def create_entry(e: OutboxEntry) -> dict[str, Any]:
            fields = dict(e.payload["fields"])
            if fields.get("agent_id") is None and self.me is not None:  # queued before who-am-I was known
                agent = await self.me()
                fields["agent_id"] = getattr(agent, "id", None)
            return _dump(await api(client().create_ticket_time_entry, e.ticket_id, fields))

        async def update_entry(e: OutboxEntry) -> dict[str, Any]:
            return _dump(await api(client().update_ticket_time_entry, e.ticket_id, e.payload["entry_id"],
                                   e.payload["fields"]))

        async def delete_entry(e: OutboxEntry) -> None:
            await api(client().delete_ticket_time_entry, e.ticket_id, e.payload["entry_id"])

        async def start_timer(e: OutboxEntry) -> dict[str, Any]:
            first = e.payload.get("stop_first")
            if first:
                # looked at first: a resend after an unknown outcome must not "stop" a stopped timer (400)
                old = await api(client().get_ticket_time_entry, first["ticket_id"], first["entry_id"])
                if old.timer_running:
                    stopped = await api(client().update_ticket_time_entry, first["ticket_id"], first["entry_id"],
                                        {"timer_running": False})
                    self._replace_entry(first["ticket_id"], stopped)
            return await create_entry(e)

        def since(e: OutboxEntry) -> float:
            return (e.first_attempt_at or e.created_at.timestamp()) - c.config.clock_skew

        def new_enough(created: Any, e: OutboxEntry) -> bool:
            t = iso_epoch(created)
            return t is None or t >= since(e)

        async def find_task(e: OutboxEntry, exclude: set[int]) -> tuple[bool, dict[str, Any] | None]:
            title = e.payload["fields"].get("title")
            for task in await self.tasks(e.ticket_id, force=True):
                if task.id not in exclude and task.title == title and new_enough(task.created_at, e):
                    return True, _dump(task)
            return False, None

        async def task_gone(e: OutboxEntry, exclude: set[int]) -> tuple[bool, dict[str, Any] | None]:
            tasks = await self.tasks(e.ticket_id, force=True)
            return all(t.id != e.payload["task_id"] for t in tasks), None

        async def find_entry(e: OutboxEntry, exclude: set[int]) -> tuple[bool, dict[str, Any] | None]:
            f = e.payload["fields"]
            for entry in await self.time_entries(e.ticket_id, force=True):
                if entry.id in exclude or not new_enough(entry.created_at, e):
                    continue
                same = (entry.agent_id == (f.get("agent_id") or self.me_id())
                        and (entry.note or "") == (f.get("note") or "")
                        and bool(entry.timer_running) == bool(f.get("timer_running")))
                if same:
                    return True, _dump(entry)
            return False, None

        async def entry_updated(e: OutboxEntry, exclude: set[int]) -> tuple[bool, dict[str, Any] | None]:
            # only the timer switch is not idempotent (setting it to its value is a 400): look at it
            f = e.payload["fields"]
            if "timer_running" not in f:
                return False, None
            entry = await api(client().get_ticket_time_entry, e.ticket_id, e.payload["entry_id"])
            return (True, _dump(entry)) if bool(entry.timer_running) == bool(f["timer_running"]) else (False, None)

        async def entry_gone(e: OutboxEntry, exclude: set[int]) -> tuple[bool, dict[str, Any] | None]:
            entries = await self.time_entries(e.ticket_id, force=True)
            return all(x.id != e.payload["entry_id"] for x in entries), None

        async def idempotent(e: OutboxEntry, exclude: set[int]) -> tuple[bool, dict[str, Any] | None]:
            return False, None  # sending it again gives the same result

        return {
            "create_task": WriteKind(create_task, find_task, self._apply_task),
            "update_task": WriteKind(update_task, idempotent, self._apply_task),
            "delete_task": WriteKind(delete_task, task_gone, self._apply_task),
            "create_time_entry": WriteKind(create_entry, find_entry, self._apply_entry),
            "update_time_entry": WriteKind(update_entry, entry_updated, self._apply_entry),
            "delete_time_entry": WriteKind(delete_entry, entry_gone, self._apply_entry),
            "start_timer": WriteKind(start_timer, find_entry, self._apply_entry),
        }

    # ------------------------------------------------------------------ confirmed writes -> cache

    def _apply_task(self, e: OutboxEntry) -> None:
        tid = e.ticket_id
        items = self._tasks.get(tid)
        if items is not None:
            if e.kind == "delete_task":
                items[:] = [t for t in items if t.id != e.payload["task_id"]]
            elif isinstance(e.result, dict):
                task = Task.model_validate(e.result)
                items[:] = [task if t.id == task.id else t for t in items]
                if all(t.id != task.id for t in items):
                    items.append(task)
        self.core.emit(WorkChanged(tid))

    def _replace_entry(self, ticket_id: int, entry: TimeEntry, *, started: bool = False) -> None:
        items = self._entries.get(ticket_id)
        if items is not None:
            items[:] = [entry if x.id == entry.id else x for x in items]
            if all(x.id != entry.id for x in items):
                items.append(entry)
        if entry.timer_running and self.is_mine(ticket_id, entry, started=started):
            self._set_timer(ticket_id, entry)
        elif self.timer is not None and self.timer[1].id == entry.id:
            self._set_timer(None, None)
        self.core.emit(WorkChanged(ticket_id))

    def _apply_entry(self, e: OutboxEntry) -> None:
        tid = e.ticket_id
        if e.kind == "delete_time_entry":
            items = self._entries.get(tid)
            if items is not None:
                items[:] = [x for x in items if x.id != e.payload["entry_id"]]
            if self.timer is not None and self.timer[1].id == e.payload["entry_id"]:
                self._set_timer(None, None)
            self.core.emit(WorkChanged(tid))
        elif isinstance(e.result, dict):
            self._replace_entry(tid, TimeEntry.model_validate(e.result), started=e.kind == "start_timer")
        first = e.payload.get("stop_first")
        if first and self.timer is not None and self.timer[1].id == first.get("entry_id"):
            self._set_timer(None, None)

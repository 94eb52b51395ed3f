"""Time entries of a ticket (API-SUPPLEMENT §3.4): GET/POST /tickets/{id}/time_entries,
GET/PUT/DELETE /tickets/{id}/time_entries/{entry_id}.

Bodies are wrapped ``{"time_entry": {...}}`` (the tickets' documented form). ``time_spent`` is
``"hh:mm"`` (hours may exceed 24); it is mandatory unless ``timer_running`` is true and cannot be set
while the timer runs. One running timer per agent across the account; setting ``timer_running`` to its
current value is a 400. Stopping a timer adds the time since ``start_time`` to ``time_spent``.
DELETE answers 200. Errors: fstui.api.errors (400 ValidationError with field errors, 404 NotFound).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fstui.api.models import FSModel, UTCDateTime, check_fields
from fstui.api.paging import Page, check_paging
from fstui.api.params import page_params
from fstui.api.transport import Transport

TIME_ENTRY_FIELDS = frozenset({"agent_id", "note", "time_spent", "timer_running", "billable", "executed_at",
                               "task_id"})
_HHMM = re.compile(r"^\s*(\d{1,4}):([0-5]\d)\s*$")


def hhmm_seconds(value: str | None) -> int | None:
    """``"01:30"`` -> 5400; None when the text is not hh:mm."""
    m = _HHMM.match(value or "")
    return int(m.group(1)) * 3600 + int(m.group(2)) * 60 if m else None


def parse_duration(text: str) -> str | None:
    """What an agent types as time spent -> ``"hh:mm"``: ``1:30``, ``90m``, ``1h30m``, ``1.5h``, ``45``
    (minutes). None when it is not a duration (or is zero)."""
    t = (text or "").strip().lower().replace(" ", "")
    if not t:
        return None
    minutes: float | None = None
    if (s := hhmm_seconds(t)) is not None:
        minutes = s / 60
    elif m := re.fullmatch(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+)m)?", t):
        if m.group(1) or m.group(2):
            minutes = float(m.group(1) or 0) * 60 + int(m.group(2) or 0)
    elif t.isdigit():
        minutes = int(t)
    if not minutes or minutes <= 0:
        return None
    total = int(round(minutes))
    return f"{total // 60:02d}:{total % 60:02d}"


class TimeEntry(FSModel):
    id: int
    agent_id: int | None = None
    note: str | None = None
    time_spent: str | None = None  # "hh:mm" (time before the current run when the timer runs)
    timer_running: bool | None = None
    billable: bool | None = None
    start_time: UTCDateTime = None
    executed_at: UTCDateTime = None
    task_id: int | None = None
    workspace_id: int | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None

    def elapsed_seconds(self, now: datetime) -> int:
        """Time spent in seconds, with the running timer's time since ``start_time`` added."""
        spent = hhmm_seconds(self.time_spent) or 0
        if self.timer_running and self.start_time is not None:
            spent += max(0, int((now - self.start_time).total_seconds()))
        return spent


class TimeEntriesApi(Transport):
    async def list_ticket_time_entries(self, ticket_id: int, page: int = 1,
                                       per_page: int = 100) -> Page[TimeEntry]:
        """GET /tickets/[id]/time_entries."""
        check_paging(page, per_page)
        return await self._get_page(TimeEntry, f"/tickets/{int(ticket_id)}/time_entries", "time_entries", page,
                                    page_params(page, per_page), "time_entry")

    async def get_ticket_time_entry(self, ticket_id: int, entry_id: int) -> TimeEntry:
        return await self._get_one(TimeEntry, f"/tickets/{int(ticket_id)}/time_entries/{int(entry_id)}",
                                   "time_entry")

    async def create_ticket_time_entry(self, ticket_id: int, fields: Mapping[str, Any]) -> TimeEntry:
        """POST /tickets/[id]/time_entries; ``agent_id`` mandatory; ``time_spent`` unless timer_running."""
        payload = check_fields(dict(fields), TIME_ENTRY_FIELDS, "create time entry")
        return await self._write_one("POST", TimeEntry, f"/tickets/{int(ticket_id)}/time_entries", "time_entry",
                                     {"time_entry": payload})

    async def update_ticket_time_entry(self, ticket_id: int, entry_id: int, fields: Mapping[str, Any]) -> TimeEntry:
        """PUT …/time_entries/[entry_id]; ``{"timer_running": false}`` stops the timer."""
        payload = check_fields(dict(fields), TIME_ENTRY_FIELDS, "update time entry")
        return await self._write_one("PUT", TimeEntry,
                                     f"/tickets/{int(ticket_id)}/time_entries/{int(entry_id)}", "time_entry",
                                     {"time_entry": payload})

    async def delete_ticket_time_entry(self, ticket_id: int, entry_id: int) -> None:
        await self._delete(f"/tickets/{int(ticket_id)}/time_entries/{int(entry_id)}")

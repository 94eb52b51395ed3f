"""Child tickets and the major-incident switch (issue 14), through the outbox; each kind is one
:class:`~fstui.service.work.WriteKind` row (send, look whether an earlier attempt was applied, apply).

- ``create_child_ticket`` (ticket_id = the parent, so it is ordered after the parent's other writes): an
  unknown outcome is looked for like a new ticket (subject, requester, description, created since).
- ``promote_ticket`` / ``demote_ticket``: idempotent (the same type again), so resent rather than looked for.
"""

from __future__ import annotations

import time
from typing import Any

from fstui.service.core import ServiceCore
from fstui.service.errors import ReadOnlyError
from fstui.service.events import TicketsChanged
from fstui.service.outbox import Outbox, OutboxEntry
from fstui.service.records import TicketRecords
from fstui.service.uploads import uploads_from_paths
from fstui.service.work import WriteKind

LINK_KINDS = ("create_child_ticket", "promote_ticket", "demote_ticket")


class TicketLinks:
    def __init__(self, core: ServiceCore, outbox: Outbox, records: TicketRecords, writes: Any, read_only: Any) -> None:
        self.core = core
        self.outbox = outbox
        self.records = records
        self.writes = writes
        self.read_only = read_only

    def _write(self, kind: str, ticket_id: int, payload: dict[str, Any]) -> OutboxEntry:
        if self.read_only():
            raise ReadOnlyError(f"{kind.replace('_', ' ')}: this profile is read-only")
        return self.outbox.add(kind, ticket_id, payload)

    def create_child_ticket(self, parent_id: int, fields: dict[str, Any], attachments: Any = ()) -> OutboxEntry:
        payload: dict[str, Any] = {"fields": dict(fields)}
        if attachments:
            payload["attachments"] = [str(p) for p in attachments]
        return self._write("create_child_ticket", parent_id, payload)

    def promote(self, ticket_id: int) -> OutboxEntry:
        """Incident -> Major Incident."""
        return self._write("promote_ticket", ticket_id, {})

    def demote(self, ticket_id: int) -> OutboxEntry:
        """Major Incident -> Incident."""
        return self._write("demote_ticket", ticket_id, {})

    def write_kinds(self) -> dict[str, WriteKind]:
        c = self.core

        async def child(e: OutboxEntry) -> dict[str, Any]:
            ticket = await c.api(c.client.create_child_ticket, e.ticket_id, e.payload["fields"],
                                 uploads_from_paths(e.payload.get("attachments")))
            return ticket.model_dump(mode="json")

        async def promote(e: OutboxEntry) -> dict[str, Any]:
            return (await c.api(c.client.promote_ticket, e.ticket_id)).model_dump(mode="json")

        async def demote(e: OutboxEntry) -> dict[str, Any]:
            return (await c.api(c.client.demote_ticket, e.ticket_id)).model_dump(mode="json")

        async def find_child(e: OutboxEntry, exclude: set[int]) -> tuple[bool, dict[str, Any] | None]:
            since = (e.first_attempt_at or e.created_at.timestamp()) - c.config.clock_skew
            return await self.writes._find_created_ticket(e, exclude, since)

        async def idempotent(e: OutboxEntry, exclude: set[int]) -> tuple[bool, dict[str, Any] | None]:
            return False, None

        def applied_child(e: OutboxEntry) -> None:
            result = e.result
            if isinstance(result, dict) and isinstance(result.get("id"), int):
                self.records.put_ticket(result, time.time(), merge=False)
                self.records.new_ids.add(result["id"])
                c.emit(TicketsChanged(frozenset({result["id"], e.ticket_id}), frozenset({result["id"]})))

        def applied_type(e: OutboxEntry) -> None:
            if isinstance(e.result, dict):
                self.records.put_ticket(e.result, time.time(), merge=True)
            c.emit(TicketsChanged(frozenset({e.ticket_id})))

        return {
            "create_child_ticket": WriteKind(child, find_child, applied_child),
            "promote_ticket": WriteKind(promote, idempotent, applied_type),
            "demote_ticket": WriteKind(demote, idempotent, applied_type),
        }

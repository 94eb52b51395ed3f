"""A ticket's child tickets and major-incident switch (API-SUPPLEMENT §3.4):
POST /tickets/{parent_id}/create_child_ticket (the create body; 201 ``{"ticket": {...}}``; not under a
deleted or spam ticket, no nesting: 400), PUT /tickets/{id}/promote ``{"type": "Major Incident"}`` and
PUT /tickets/{id}/demote ``{"type": "Incident"}`` (``{"ticket": {...}}``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fstui.api.models import TICKET_CREATE_FIELDS, Ticket, Upload, check_fields
from fstui.api.transport import Transport


class TicketLinksApi(Transport):
    async def create_child_ticket(self, parent_id: int, fields: Mapping[str, Any],
                                  attachments: Sequence[Upload] = ()) -> Ticket:
        payload = check_fields(dict(fields), TICKET_CREATE_FIELDS, "create child ticket")
        return await self._write_one("POST", Ticket, f"/tickets/{int(parent_id)}/create_child_ticket", "ticket",
                                     payload, attachments)

    async def promote_ticket(self, id: int) -> Ticket:
        return await self._write_one("PUT", Ticket, f"/tickets/{int(id)}/promote", "ticket",
                                     {"type": "Major Incident"})

    async def demote_ticket(self, id: int) -> Ticket:
        return await self._write_one("PUT", Ticket, f"/tickets/{int(id)}/demote", "ticket", {"type": "Incident"})

"""What the ticket's details view reads (issue 14), each only when the agent opens it and then kept for
the session: the activity pages, the linked records (one ticket view with include=problem,changes,
assets,related_tickets: 1 + 4 credits), and for service requests the requested items and approvals, for
closed tickets the CSAT response."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fstui.api.ticket_details import ActivityPage
from fstui.service.core import ServiceCore

LINK_INCLUDES = ("problem", "changes", "assets", "related_tickets")


@dataclass
class Linked:
    problem: dict[str, Any] | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    assets: list[Any] = field(default_factory=list)
    parent_id: int | None = None
    child_ids: list[int] = field(default_factory=list)


@dataclass
class RequestInfo:
    items: list[Any] = field(default_factory=list)
    approvals: list[Any] = field(default_factory=list)
    csat: Any = None


class TicketDetails:
    def __init__(self, core: ServiceCore) -> None:
        self.core = core
        self._pages: dict[tuple[int, str | None], ActivityPage] = {}
        self._linked: dict[int, Linked] = {}
        self._requests: dict[int, RequestInfo] = {}

    async def activities(self, ticket_id: int, start_token: str | None = None, *, force: bool = False) -> ActivityPage:
        key = (ticket_id, start_token)
        if force or key not in self._pages:
            self._pages[key] = await self.core.api(self.core.client.list_ticket_activities, ticket_id, start_token)
        return self._pages[key]

    def forget_activities(self, ticket_id: int) -> None:
        for key in [k for k in self._pages if k[0] == ticket_id]:
            del self._pages[key]

    async def linked(self, ticket_id: int) -> Linked:
        if ticket_id not in self._linked:
            t = await self.core.api(self.core.client.get_ticket, ticket_id, LINK_INCLUDES)
            extra = t.model_extra or {}
            changes = [*(extra.get("changes_initiated_by_ticket") or []), *(extra.get("changes_initiating_ticket") or [])]
            related = t.related_tickets or {}
            self._linked[ticket_id] = Linked(
                problem=t.problem or None, changes=[c for c in changes if isinstance(c, dict)],
                assets=list(t.assets or []),
                parent_id=related.get("parent_id"), child_ids=list(related.get("child_ids") or []))
        return self._linked[ticket_id]

    async def request_info(self, ticket: Any) -> RequestInfo:
        tid = ticket.id
        if tid not in self._requests:
            info = RequestInfo()
            c = self.core.client
            if getattr(ticket, "type", None) == "Service Request":
                info.items = await self.core.api(c.list_requested_items, tid)
                info.approvals = await self.core.api(c.list_ticket_approvals, tid)
            if getattr(ticket, "status", None) in (4, 5):
                info.csat = await self.core.api(c.get_csat_response, tid)
            self._requests[tid] = info
        return self._requests[tid]

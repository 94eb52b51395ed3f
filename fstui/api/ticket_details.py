"""Read-only sub-resources of a ticket (API-SUPPLEMENT §3.4): the activity timeline (20 newest per call,
paged with ``start_token`` from ``next_page_url``), a service request's requested items and approvals,
and the CSAT response. A ticket without them answers 404 (requested items of an incident) or 403 (CSAT
module off): the methods return an empty result for those, and raise every other error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fstui.api import errors as E
from fstui.api.models import FSModel, UTCDateTime
from fstui.api.transport import Transport


class Activity(FSModel):
    actor: dict[str, Any] | None = None  # {"id", "name"}; id 0 = a workflow or the system
    content: str | None = None
    sub_contents: list[str] | None = None
    created_at: UTCDateTime = None


@dataclass(frozen=True)
class ActivityPage:
    items: list[Activity]
    next_token: str | None  # start_token of the next (older) page


class RequestedItem(FSModel):
    id: int
    quantity: int | None = None
    stage: Any = None  # 1 Requested, 2 Delivered, 3 Cancelled, 4 Fulfilled, 5 Partially Fulfilled (or {id,name})
    service_item_id: int | None = None
    service_item_name: str | None = None
    remarks: str | None = None
    created_at: UTCDateTime = None


class Approval(FSModel):
    id: int
    approver_id: int | None = None
    approver_name: str | None = None
    approval_status: Any = None  # {id: 0 requested, 1 approved, 2 rejected, 3 cancelled, name}
    level: int | None = None
    latest_remark: str | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class CsatResponse(FSModel):
    id: int | None = None
    overall_rating: int | None = None
    overall_rating_text: str | None = None
    primary_question: str | None = None
    questionnaire_responses: list[dict[str, Any]] | None = None
    created_at: UTCDateTime = None


STAGES = {1: "Requested", 2: "Delivered", 3: "Cancelled", 4: "Fulfilled", 5: "Partially Fulfilled"}
APPROVAL_STATUSES = {0: "Requested", 1: "Approved", 2: "Rejected", 3: "Cancelled"}


def _token(next_url: Any) -> str | None:
    if not isinstance(next_url, str) or not next_url:
        return None
    values = parse_qs(urlsplit(next_url).query).get("start_token")
    return values[0] if values else None


class TicketDetailsApi(Transport):
    async def list_ticket_activities(self, ticket_id: int, start_token: str | None = None) -> ActivityPage:
        """GET /tickets/[id]/activities[?start_token=T] (newest first, 20 per call)."""
        path = f"/tickets/{int(ticket_id)}/activities"
        data, _ = await self._call("GET", path, params={"start_token": start_token})
        items = self._parse(lambda: [Activity.model_validate(a) for a in (data or {}).get("activities") or []],
                            "GET", path)
        return ActivityPage(items, _token((data or {}).get("next_page_url")))

    async def list_requested_items(self, ticket_id: int) -> list[RequestedItem]:
        """GET /tickets/[id]/requested_items ([] for a ticket that is not a service request: 404)."""
        try:
            return await self._get_list(RequestedItem, f"/tickets/{int(ticket_id)}/requested_items",
                                        "requested_items", "requested_item")
        except E.NotFound:
            return []

    async def list_ticket_approvals(self, ticket_id: int) -> list[Approval]:
        try:
            return await self._get_list(Approval, f"/tickets/{int(ticket_id)}/approvals", "approvals", "approval")
        except E.NotFound:
            return []

    async def get_csat_response(self, ticket_id: int) -> CsatResponse | None:
        """GET /tickets/[id]/csat_response (None when there is none: 404, or the module is off: 403)."""
        try:
            return await self._get_one(CsatResponse, f"/tickets/{int(ticket_id)}/csat_response", "csat_response")
        except (E.NotFound, E.AccessDenied):
            return None

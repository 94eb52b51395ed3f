"""SLA policies and business hours (API-SUPPLEMENT §6; reads): ``GET /sla_policies``,
``GET /business_hours[?workspace_id]``, ``GET /business_hours/{id}``."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from fstui.api.models import FSModel, UTCDateTime
from fstui.api.paging import Page, check_paging
from fstui.api.params import page_params
from fstui.api.transport import Transport
from fstui.api.workspaces import WorkspaceParam, with_workspace


class SlaTarget(FSModel):
    priority: int | None = None
    escalation_enabled: bool | None = None
    respond_within: int | None = None  # seconds
    resolve_within: int | None = None  # seconds
    business_hours: bool | None = None


class SlaPolicy(FSModel):
    id: int
    workspace_id: int | None = None
    name: str | None = None
    position: int | None = None
    is_default: bool | None = None
    active: bool | None = None
    deleted: bool | None = None
    description: str | None = None
    sla_targets: Annotated[list[SlaTarget], BeforeValidator(lambda v: [] if v is None else v)] = []
    applicable_to: dict[str, Any] | None = None
    escalation: dict[str, Any] | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class BusinessHours(FSModel):
    id: int
    name: str | None = None
    description: str | None = None
    is_default: bool | None = None
    time_zone: str | None = None
    service_desk_hours: dict[str, Any] | None = None  # {"monday": {"beginning_of_workday": "08:00", ...}}
    list_of_holidays: Annotated[list[dict[str, Any]], BeforeValidator(lambda v: [] if v is None else v)] = []
    workspace_id: int | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class SlaApi(Transport):
    """GET /sla_policies, /business_hours, /business_hours/{id}."""

    # --- SLA policies, business hours (§6) ------------------------------------------------------
    async def list_sla_policies(self, *, workspace_id: WorkspaceParam = None, page: int = 1,
                                per_page: int = 30) -> Page[SlaPolicy]:
        """GET /sla_policies: no workspace_id -> global + primary; 1 -> global; N -> N + global."""
        check_paging(page, per_page)
        params = with_workspace(page_params(page, per_page), workspace_id)
        return await self._get_page(SlaPolicy, "/sla_policies", "sla_policies", page, params, "sla_policy")

    async def list_business_hours(self, *, workspace_id: WorkspaceParam = None, page: int = 1,
                                  per_page: int = 30) -> Page[BusinessHours]:
        """GET /business_hours (the list's key is ``business_hours`` too); 1 = global."""
        check_paging(page, per_page)
        params = with_workspace(page_params(page, per_page), workspace_id)
        return await self._get_page(BusinessHours, "/business_hours", "business_hours", page, params,
                                    "business_hours")

    async def get_business_hours(self, id: int) -> BusinessHours:
        return await self._get_one(BusinessHours, f"/business_hours/{int(id)}", "business_hours")

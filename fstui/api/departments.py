"""Departments (API-SUPPLEMENT: ``GET /departments``, ``GET /departments/[id]``; not in the reference).

``{"departments": [{id, name, description, head_user_id, prime_user_id, domains[], custom_fields{},
workspace_id, created_at, updated_at}]}``, paged like every list (page/per_page, Link header).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from fstui.api.models import FSModel, UTCDateTime
from fstui.api.paging import Page, check_paging
from fstui.api.params import page_params


class Department(FSModel):
    id: int
    name: str | None = None
    description: str | None = None
    head_user_id: int | None = None
    prime_user_id: int | None = None
    domains: list[str] | None = None
    custom_fields: dict[str, Any] | None = None
    workspace_id: int | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class DepartmentsMixin:
    """Mixed into FreshserviceClient (uses its ``_get_page``/``_iterate``/``_get_one``)."""

    async def list_departments(self, page: int = 1, per_page: int = 30) -> Page[Department]:
        """GET /departments (one page)."""
        check_paging(page, per_page)
        return await self._get_page(Department, "/departments", "departments", page,  # type: ignore[attr-defined]
                                    page_params(page, per_page), "department")

    def iter_departments(self, per_page: int = 100) -> AsyncIterator[Department]:
        """Every department, page after page."""
        check_paging(1, per_page)
        return self._iterate(Department, "/departments", "departments",  # type: ignore[attr-defined]
                             page_params(1, per_page), "department")

    async def get_department(self, id: int) -> Department:
        """GET /departments/[id]."""
        return await self._get_one(Department, f"/departments/{int(id)}", "department")  # type: ignore[attr-defined]

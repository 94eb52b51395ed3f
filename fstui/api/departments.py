"""Departments (API-SUPPLEMENT §6): ``GET /departments[?query="name:'Sales'"]``, ``GET /departments/{id}``,
``GET /department_fields``. Paged like every list (page, per_page <= 100, Link)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from pydantic import BeforeValidator

from fstui.api.models import FSModel, UTCDateTime
from fstui.api.paging import Page, check_paging
from fstui.api.params import page_params, quoted_query
from fstui.api.transport import Transport


def _none_to_dict(value: Any) -> Any:
    return {} if value is None else value


def _domains(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return [d.strip() for d in value.split(",") if d.strip()]
    return value


def query_params(query: str | None, page: int, per_page: int) -> dict[str, Any]:
    """page/per_page plus the quoted ``query`` when one is given."""
    params = page_params(page, per_page)
    if query is not None:
        params["query"] = quoted_query(query)
    return params


class Department(FSModel):
    id: int
    name: str | None = None
    description: str | None = None
    head_user_id: int | None = None
    prime_user_id: int | None = None
    domains: Annotated[list[str], BeforeValidator(_domains)] = []
    custom_fields: Annotated[dict[str, Any], BeforeValidator(_none_to_dict)] = {}
    workspace_id: int | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class DepartmentField(FSModel):
    name: str | None = None
    label: str | None = None
    mandatory: bool | None = None
    is_default_field: bool | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class DepartmentsApi(Transport):
    """GET /departments, /departments/{id}, /department_fields."""

    # --- departments (§6) -----------------------------------------------------------------------
    async def list_departments(self, *, query: str | None = None, page: int = 1,
                               per_page: int = 30) -> Page[Department]:
        """GET /departments[?query="name:'Sales'"]."""
        check_paging(page, per_page)
        return await self._get_page(Department, "/departments", "departments", page,
                                    query_params(query, page, per_page), "department")

    def iter_departments(self, *, query: str | None = None, per_page: int = 100) -> AsyncIterator[Department]:
        check_paging(1, per_page)
        return self._iterate(Department, "/departments", "departments", query_params(query, 1, per_page),
                             "department")

    async def get_department(self, id: int) -> Department:
        return await self._get_one(Department, f"/departments/{int(id)}", "department")

    async def list_department_fields(self) -> list[DepartmentField]:
        return await self._get_list(DepartmentField, "/department_fields", "department_fields", "department_field")

"""Workspaces (API-SUPPLEMENT §1): ``GET /workspaces``, ``GET /workspaces/{id}``, and the
``workspace_id`` query parameter the workspace-aware lists share.

``workspace_id``: absent (None) -> the primary workspace only; ``0`` (or ``"all"``) -> every
workspace the key's agent can access, with only global-level fields (workspace custom fields are
dropped); ``N`` -> that workspace. A sequence of ids is sent as a comma list (``2,4``; seen from one
public client, undocumented).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from fstui.api.models import FSModel, UTCDateTime
from fstui.api.paging import Page, check_paging
from fstui.api.params import page_params
from fstui.api.transport import Transport

#: ``workspace_id=0``: every workspace the caller can access (global fields only).
ALL_WORKSPACES = 0
#: Well-known ids: 1 = the global level (account-wide objects), 2 = the primary workspace by default.
GLOBAL_WORKSPACE_ID = 1

WorkspaceParam = int | str | Iterable[int] | None


def workspace_param(value: WorkspaceParam) -> str | int | None:
    """The wire value of a ``workspace_id`` argument (None, an id >= 0, "all", or several ids).

    Raises ValueError for a negative id or an unknown word."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("workspace_id must be an id, 'all' or a list of ids")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"workspace_id must be >= 0, not {value}")
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "all":
            return ALL_WORKSPACES
        if text.isdigit():
            return int(text)
        raise ValueError(f"workspace_id must be an id, 'all' or a list of ids, not {value!r}")
    ids = [workspace_param(v) for v in value]
    if not ids:
        return None
    return ",".join(str(i) for i in ids)


class Workspace(FSModel):
    """``{id, name, description, primary, restricted, state, template_name, type, created_at,
    updated_at}``; ``state`` is "active"/"inactive" in the docs and ``1`` in a real 2023 response,
    so any value is kept."""

    id: int
    name: str | None = None
    description: str | None = None
    primary: bool | None = None
    restricted: bool | None = None
    state: str | int | None = None
    template_name: str | None = None
    type: str | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None

    @property
    def active(self) -> bool:
        return self.state in (None, "active", 1)


class WorkspacesApi(Transport):
    """GET /workspaces (paged, Link) and GET /workspaces/{id}."""

    async def list_workspaces(self, page: int = 1, per_page: int = 30) -> Page[Workspace]:
        check_paging(page, per_page)
        return await self._get_page(Workspace, "/workspaces", "workspaces", page, page_params(page, per_page),
                                    "workspace")

    def iter_workspaces(self, per_page: int = 100) -> AsyncIterator[Workspace]:
        check_paging(1, per_page)
        return self._iterate(Workspace, "/workspaces", "workspaces", page_params(1, per_page), "workspace")

    async def get_workspace(self, id: int) -> Workspace:
        return await self._get_one(Workspace, f"/workspaces/{int(id)}", "workspace")


def with_workspace(params: dict[str, Any], workspace_id: WorkspaceParam) -> dict[str, Any]:
    """``params`` with ``workspace_id`` set when one is given (None leaves it out: the primary one)."""
    value = workspace_param(workspace_id)
    if value is not None:
        params["workspace_id"] = value
    return params

"""Departments, locations, asset types and workspaces by name (the service's cached look-ups), for every screen that
shows them: the ticket header, the asset and people detail screens. A name not cached yet shows as
``#id`` while the service loads the list in the background (one request, cached a day)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.content import Content

from fstui.tui.text import one_line, safe_line


def _lookup(service: Any, method: str, ident: int | None) -> str | None:
    func = getattr(service, method, None)
    if ident is None or not callable(func):
        return None
    try:
        return func(ident)
    except Exception:  # noqa: BLE001 - a name is a nicety
        return None


def department(service: Any, department_id: int | None) -> str | None:
    """The department's name, ``#id`` until it is known, None when there is none."""
    if department_id is None:
        return None
    return one_line(_lookup(service, "department_name", department_id) or "") or f"#{department_id}"


def departments(service: Any, department_ids: Iterable[int] | None) -> str:
    names = [department(service, d) for d in department_ids or ()]
    return ", ".join(n for n in names if n) or "-"


def location(service: Any, location_id: int | None) -> str | None:
    if location_id is None:
        return None
    return one_line(_lookup(service, "location_name", location_id) or "") or f"#{location_id}"


def asset_type(service: Any, asset_type_id: int | None) -> str | None:
    """The asset type's name (``asset_type_id`` or the reference's ``ci_type_id``), ``#id`` until known."""
    if asset_type_id is None:
        return None
    return one_line(_lookup(service, "asset_type_name", asset_type_id) or "") or f"#{asset_type_id}"


def org_fields(app: Any, ticket: Any) -> list[tuple[str, Content]]:
    """The ticket header's Department and (on a multi-workspace account) Workspace."""
    from fstui.tui import workspace_scope

    service = getattr(app, "service", None)
    out: list[tuple[str, Content]] = []
    dept = department(service, getattr(ticket, "department_id", None))
    if dept:
        out.append(("Department", safe_line(dept, max_chars=40)))
    wid = getattr(ticket, "workspace_id", None)
    if wid is not None and workspace_scope.several(app):
        name = _lookup(service, "workspace_name", wid) or f"#{wid}"
        out.append(("Workspace", safe_line(name, max_chars=30)))
    return out

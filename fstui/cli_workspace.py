"""``--workspace NAME|ID|all`` for the CLI's ticket commands (the TUI takes it too, see
fstui/tui/workspace_scope.py): which workspaces ``fstui tickets list`` reads.

Without the option the CLI reads what the TUI's queue shows by default: every workspace the agent
can see on a multi-workspace account, the primary one (no ``workspace_id`` sent) otherwise.
"""

from __future__ import annotations

from typing import Any


async def scope_for(service: Any, requested: str | None) -> int | None:
    """The scope to list; ValueError (a usage error) when ``requested`` names no workspace."""
    workspaces = getattr(service, "workspaces", None)
    if workspaces is None:
        return None
    me = None
    try:
        me = await service.me()
    except Exception:  # noqa: BLE001 - who-am-I only narrows the visible workspaces
        me = None
    if requested is None:
        scope = await workspaces.prepare(me)
    else:
        await workspaces.workspaces()
        scope = workspaces.resolve(requested, me)
    service.set_workspace_scope(scope)
    return scope


def workspace_cell(service: Any, ticket: Any) -> str:
    wid = getattr(ticket, "workspace_id", None)
    if wid is None:
        return ""
    name = service.workspace_name(wid) if hasattr(service, "workspace_name") else None
    return name or f"#{wid}"

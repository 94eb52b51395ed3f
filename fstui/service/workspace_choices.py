"""The choices a ticket's workspace allows (API-SUPPLEMENT §1): its groups, its agents and its form
fields, for every place an agent picks a group or an agent for a ticket (the TUI's ``g``/``a`` pickers,
bulk changes, the new-ticket form, ``fstui tickets create``).

- Groups carry ``workspace_id``; a group without one counts as the primary workspace's (accounts
  without workspaces: every group).
- Agents carry ``workspace_ids``; an agent without the list is offered everywhere (unknown is not
  "none"), and when no agent carries it (an older account) every agent is offered.
- A ticket without ``workspace_id`` (an account without workspaces) is offered everything.

``service`` is the DataService (duck-typed: ``groups()``, ``agents()``, and, when present,
``workspaces`` and ``lookups``), so the screens' test doubles work without workspaces.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def primary_id(service: Any) -> int | None:
    workspaces = getattr(service, "workspaces", None)
    try:
        return workspaces.primary_id() if workspaces is not None else None
    except Exception:  # noqa: BLE001 - a test double or an account without workspaces
        return None


def groups_of(groups: Iterable[Any], workspace_id: int | None, primary: int | None = None) -> list[Any]:
    """The groups of this workspace (all of them when ``workspace_id`` is None)."""
    groups = list(groups)
    if workspace_id is None:
        return groups
    return [g for g in groups
            if (getattr(g, "workspace_id", None) or primary or workspace_id) == workspace_id]


def agents_of(agents: Iterable[Any], workspace_ids: Iterable[int | None]) -> list[Any]:
    """The agents who belong to every one of these workspaces (None in ``workspace_ids``: unknown,
    no narrowing by it); an agent without ``workspace_ids`` belongs everywhere."""
    agents = list(agents)
    wanted = {w for w in workspace_ids if w is not None}
    if not wanted or not any(getattr(a, "workspace_ids", None) for a in agents):
        return agents
    return [a for a in agents if not getattr(a, "workspace_ids", None) or wanted <= set(a.workspace_ids)]


async def ticket_groups(service: Any, workspace_id: int | None) -> list[Any]:
    """The groups a ticket of this workspace can be given. When the cached groups hold none of a
    workspace other than the primary (a list read before the account was known to have several),
    that workspace's are read (``GET /groups?workspace_id=N``, cached like the groups)."""
    primary = primary_id(service)
    found = groups_of(await service.groups(), workspace_id, primary)
    lookups = getattr(service, "lookups", None)
    if not found and workspace_id is not None and workspace_id != primary and lookups is not None:
        found = groups_of(await lookups.workspace_groups(workspace_id), workspace_id, primary)
    return found


async def ticket_agents(service: Any, workspace_ids: Iterable[int | None]) -> list[Any]:
    """The agents a ticket of these workspaces can be assigned to (bulk: every marked ticket's)."""
    return agents_of(await service.agents(), workspace_ids)


async def form_fields(service: Any, workspace_id: int | None) -> list[Any]:
    """The new-ticket form of this workspace: ``GET /ticket_form_fields?workspace_id=N`` for a
    workspace other than the primary; the primary's (global + primary, the cached default) otherwise."""
    workspaces = getattr(service, "workspaces", None)
    if workspaces is None:
        return list(await service.lookups.form_fields(None))
    if workspace_id is not None and primary_id(service) is None:
        await workspaces.workspaces()  # which one is the primary (a cached look-up)
    return list(await service.lookups.form_fields(workspaces.fields_scope(workspace_id)))

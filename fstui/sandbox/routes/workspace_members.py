"""What belongs to one workspace, for the ticket writes and the ticket form (API-SUPPLEMENT §1, §3.3):
its groups (a group's ``workspace_id``; a group without one is the primary workspace's) and its agents
(an agent's ``workspace_ids``; an agent without the list belongs everywhere). Its custom ticket fields
(the global ones and its own) are ``tickets.custom_specs``.

- ``GET /ticket_form_fields?workspace_id=N``: the ``group`` and ``agent`` choices are N's groups and
  agents (``0``: those of every workspace the caller sees), read from the store on each call, so a
  group or agent made later is offered too.
- A ticket create/update whose ``group_id`` or ``responder_id`` names a group/agent of another
  workspace -> 400 ``invalid_value`` (a task's ``group_id``/``agent_id`` likewise, by its workspace). The fact sheet names no message; the sandbox says
  "It should be a group of the ticket's workspace (HR, workspace_id 3)" (the "It should be ..." style of
  the documented validation messages).

This module imports no other route module (``workspaces`` and ``tickets`` both use it).
"""

from __future__ import annotations

from typing import Any

DEFAULT_PRIMARY = 2


def primary_of(store: Any) -> int:
    for wid, ws in (getattr(store, "workspaces", None) or {}).items():
        if ws.get("primary"):
            return wid
    return DEFAULT_PRIMARY


def group_in(store: Any, group: dict, workspace_ids: set[int]) -> bool:
    return group.get("workspace_id", primary_of(store)) in workspace_ids


def agent_in(agent: dict, workspace_ids: set[int]) -> bool:
    mine = agent.get("workspace_ids")
    return mine is None or bool(set(mine) & workspace_ids)


def form_choices(store: Any, name: str, workspace_ids: set[int]) -> list[dict] | None:
    """The ``group``/``agent`` form field's choices for these workspaces (None: another field)."""
    if name == "group":
        return [{"id": gid, "value": g["name"]} for gid, g in store.groups.items()
                if group_in(store, g, workspace_ids)]
    if name == "agent":
        return [{"id": aid, "value": f"{a.get('first_name') or ''} {a.get('last_name') or ''}".strip()}
                for aid, a in store.agents.items() if agent_in(a, workspace_ids)]
    return None


def _label(store: Any, workspace_id: int) -> str:
    ws = (getattr(store, "workspaces", None) or {}).get(workspace_id) or {}
    return f"{ws.get('name') or 'workspace'}, workspace_id {workspace_id}"


def check_members(v: Any, store: Any, workspace_id: int, values: dict, agent_field: str = "responder_id",
                  whose: str = "ticket") -> None:
    """``group_id`` / ``responder_id`` (a task's ``agent_id``) sent, and existing, must be of the ticket's
    (the task's) workspace."""
    group_id, agent_id = values.get("group_id"), values.get(agent_field)
    if group_id in store.groups and not group_in(store, store.groups[group_id], {workspace_id}):
        v.add("group_id", f"It should be a group of the {whose}'s workspace ({_label(store, workspace_id)})",
              "invalid_value")
    if agent_id in store.agents and not agent_in(store.agents[agent_id], {workspace_id}):
        v.add(agent_field, f"It should be an agent of the {whose}'s workspace ({_label(store, workspace_id)})",
              "invalid_value")

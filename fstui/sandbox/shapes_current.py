"""The fields current accounts add to the reference's objects (../shared/API-SUPPLEMENT.md §2.2, §2.4,
§3.1, §6 "Assets (delta)"), appended after the reference's keys by the store's serializers.

Choices (written down, as DESIGN.md asks):
- Agents answer in the current shape only: ``roles`` (role id, assignment scope, groups), ``member_of``,
  ``observer_of``, ``workspace_ids``; the reference's ``role_ids``/``group_ids``/``scopes`` are omitted,
  as current responses omit them (API-SUPPLEMENT §0 "Deprecated agent attrs"; QA item 12). On input the
  sandbox accepts both (routes/people.py): the reference stays the contract for writes. Groups likewise
  answer ``members``/``observers`` for the reference's ``agent_ids`` and take all three (routes/groups.py).
- Assets answer with the reference's integer ``impact``/``usage_type`` and ``ci_type_id`` by default;
  ``asset_type_id`` carries the same id (the current name). Clients accept both.
- ``requested_for_id`` is the requester unless a ticket says otherwise.
"""

from __future__ import annotations

from .dates import fmt

PRIMARY = 2

# The keys each shape gains, appended (in this order) to the reference's keys in store.py.
TICKET_LIST_EXTRA = ("workspace_id", "requested_for_id")
TICKET_VIEW_EXTRA = TICKET_LIST_EXTRA + (
    "resolution_notes", "resolution_notes_html", "bcc_emails", "tasks_dependency_type", "applied_business_hours",
    "created_within_business_hours", "approval_status", "approval_status_name", "planned_start_date",
    "planned_end_date", "planned_effort")
AGENT_EXTRA = (
    "active", "has_logged_in", "department_ids", "department_names", "location_name",
    "can_see_all_tickets_from_associated_departments", "address", "background_information", "signature",
    "time_format", "member_of", "observer_of", "member_of_pending_approval", "observer_of_pending_approval", "roles",
    "workspace_ids", "workspace_info", "last_active_at", "vip_user", "auto_assign_tickets", "external_id",
    "custom_fields")
REQUESTER_EXTRA = (
    "active", "has_logged_in", "is_agent", "time_format", "external_id", "vip_user", "department_names",
    "location_name", "can_see_all_changes_from_associated_departments", "work_schedule_id")
ASSET_EXTRA = (
    "asset_type_id", "workspace_id", "description", "location_id", "group_id", "assigned_on", "created_by_source",
    "last_updated_by_source", "created_by_user", "last_updated_by_user", "sources")
GROUP_EXTRA = ("workspace_id", "members", "observers")  # members/observers replace agent_ids
ASSIGNMENT_SCOPE = {1: "entire_helpdesk", 2: "entire_helpdesk", 3: "entire_helpdesk", 4: "member_groups",
                    5: "entire_helpdesk", 6: "assigned_items"}


def current_ticket_fields(ticket: dict, out: dict, kind: str) -> None:
    out["workspace_id"] = ticket.get("workspace_id", PRIMARY)
    out["requested_for_id"] = ticket.get("requested_for_id", ticket.get("requester_id"))
    if kind == "list":
        return
    out["resolution_notes"] = ticket.get("resolution_notes")
    out["resolution_notes_html"] = ticket.get("resolution_notes_html")
    out["bcc_emails"] = []
    out["tasks_dependency_type"] = 0
    out["applied_business_hours"] = 2 if out["workspace_id"] == PRIMARY else 1
    out["created_within_business_hours"] = False
    out["approval_status"] = 4
    out["approval_status_name"] = "Not Requested"
    out["planned_start_date"] = None
    out["planned_end_date"] = None
    out["planned_effort"] = None


def _department_names(store, ids) -> list[str]:
    by_id = {d["id"]: d["name"] for d in store.departments}
    return [by_id[i] for i in ids or () if i in by_id]


def _location_name(store, location_id) -> str | None:
    loc = store.locations.get(location_id) if location_id is not None else None
    return loc["name"] if loc else None


ADMIN_ROLE_NAMES = ("Account Admin", "Admin")


def role_type(role: dict) -> int:
    """A role's ``role_type``: 1 an admin role, 2 an agent role (API-SUPPLEMENT §2.2)."""
    return 1 if role.get("name") in ADMIN_ROLE_NAMES else 2


def agent_roles(agent: dict) -> list[dict]:
    """The agent's ``roles`` as served: as written (``_roles``), else one per role id with its role's scope."""
    if agent.get("_roles") is not None:
        return [dict(r, groups=list(r.get("groups") or [])) for r in agent["_roles"]]
    return [{"role_id": rid, "assignment_scope": ASSIGNMENT_SCOPE.get(rid, "member_groups"), "groups": []}
            for rid in agent.get("role_ids") or ()]


def current_agent_fields(store, agent: dict, out: dict) -> None:
    groups = store.agent_group_ids(agent["id"])
    observing = [gid for gid, g in store.groups.items() if agent["id"] in (g.get("observers") or ())]
    roles = agent_roles(agent)
    workspaces = list(agent.get("workspace_ids") or [PRIMARY])
    out.update(
        active=agent.get("active", True),
        has_logged_in=agent.get("last_login_at") is not None,
        department_ids=list(agent.get("department_ids") or []),
        department_names=_department_names(store, agent.get("department_ids")),
        location_name=_location_name(store, agent.get("location_id")),
        can_see_all_tickets_from_associated_departments=False,
        address=agent.get("address"),
        background_information=agent.get("background_information"),
        signature=agent.get("signature"),
        time_format="24h",
        member_of=list(groups),
        observer_of=observing,
        member_of_pending_approval=[],
        observer_of_pending_approval=[],
        roles=roles,
        workspace_ids=workspaces,
        workspace_info=[{"workspace_id": w, "scoreboard_level_id": agent.get("scoreboard_level_id"), "points": 0}
                        for w in workspaces],
        last_active_at=fmt(agent.get("last_login_at")),
        vip_user=False,
        auto_assign_tickets=False,
        external_id=None,
        custom_fields={},
    )


def current_requester_fields(store, req: dict, out: dict) -> None:
    custom = req.get("custom_fields") or {}
    out.update(
        active=req.get("active", True),
        has_logged_in=False,
        is_agent=False,
        time_format="12h",
        external_id=None,
        vip_user=bool(custom.get("vip")),
        department_names=_department_names(store, req.get("department_ids")),
        location_name=_location_name(store, req.get("location_id")),
        can_see_all_changes_from_associated_departments=False,
        work_schedule_id=None,
    )


def current_asset_fields(asset: dict, out: dict) -> None:
    out.update(
        asset_type_id=asset.get("ci_type_id"),
        workspace_id=asset.get("workspace_id", PRIMARY),
        description=asset.get("description"),
        location_id=asset.get("_location_id"),
        group_id=asset.get("group_id"),
        assigned_on=fmt(asset.get("created_at")) if asset.get("user_id") else None,
        created_by_source="User",
        last_updated_by_source="User",
        created_by_user=None,
        last_updated_by_user=None,
        sources=[],
    )

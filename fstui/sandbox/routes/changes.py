"""/changes: list (query | view, updated_since, workspace_id, order_by, order_type), view (include=stats),
create, update (partial), delete (204, soft), restore (204).

API-SUPPLEMENT §6 and §8.8. Statuses 1 Open, 2 Planning, 3 Awaiting Approval, 4 Pending Release,
5 Pending Review, 6 Closed; risk 1-4; change_type 1 Minor, 2 Standard, 3 Major, 4 Emergency. A new change has
approval_status 4 (not requested). ``query`` and ``view`` are exclusive (400 when both). ``query`` uses the
ticket filter's grammar (``:``, ``:>``, ``:<``, AND/OR, parentheses); ``!:`` is not supported.
``view`` takes my_open (the caller's changes that are not closed) and unassigned; the sandbox has no custom
views, so a view id is 400 invalid_value.
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..dates import fmt
from ..limits import request_cost
from ..store_rest import change_out
from ..validation import field_error, validation_failed
from . import itsm
from .common import check_params, choice_param, compile_filter, includes, order_type
from .kit import paged, workspace_scope

MAINTENANCE_WINDOWS = {
    1000000900: ("Saturday night", "Approved maintenance window"),
    1000000901: ("Sunday morning", "Approved maintenance window"),
}

CHANGES = itsm.Kind(
    plural="changes", singular="change",
    spec={**itsm.COMMON_SPEC, "requester_id": "int", "email": "email", "impact": "int", "risk": "int",
          "change_type": "int", "planned_start_date": "date", "planned_end_date": "date", "planning_fields": "dict",
          "maintenance_window": "dict", "impacted_services": "int_list"},
    required=("subject", "description", "status", "priority", "impact", "risk", "change_type",
              "planned_start_date", "planned_end_date"),
    choices={"status": [1, 2, 3, 4, 5, 6], "priority": [1, 2, 3, 4], "impact": [1, 2, 3], "risk": [1, 2, 3, 4],
             "change_type": [1, 2, 3, 4]},
    out=change_out, custom_fields=("cab_reviewed",),
    text_groups={"planning_fields": ("reason_for_change", "change_impact", "rollout_plan", "backout_plan")},
    delete_status=204,
    defaults={"approval_status": 4, "impacted_services": [], "maintenance_window": {}, "blackout_window": {}},
)
CHANGE_QUERY_FIELDS = {
    "status": "int", "priority": "int", "impact": "int", "risk": "int", "change_type": "int", "agent_id": "int",
    "group_id": "int", "requester_id": "int", "department_id": "int", "approval_status": "int",
    "workspace_id": "int", "category": "str", "subject": "str", "created_at": "date", "updated_at": "date",
    "planned_start_date": "date", "planned_end_date": "date",
}
CHANGE_ORDER_BY = ("created_at", "updated_at", "planned_start_date", "planned_end_date", "priority", "status")


def list_changes(ctx: Ctx) -> Resp:
    check_params(ctx, {"query", "view", "updated_since", "workspace_id", "order_by", "order_type", "page",
                       "per_page"})
    q = ctx.query
    if q.get("query") is not None and q.get("view") is not None:
        raise validation_failed([field_error("view", "query and view cannot be used together", "incompatible_field")])
    scope = workspace_scope(ctx)
    since = itsm.updated_since(ctx)
    order_by = choice_param(ctx, "order_by", CHANGE_ORDER_BY, "created_at")
    desc = order_type(ctx)
    pred = compile_filter(ctx, CHANGE_QUERY_FIELDS) if q.get("query") is not None else None
    view = q.get("view")
    if view is not None and view not in ("my_open", "unassigned"):
        raise validation_failed([field_error("view", f"There is no view {view!r}; it should be one of "
                                             "'my_open,unassigned' or a view id", "invalid_value")])
    me = ctx.agent["id"]
    items = []
    for c in ctx.store.changes.values():
        if c["deleted"] or not scope.has(c) or (since is not None and c["updated_at"] < since):
            continue
        if view == "my_open" and (c["agent_id"] != me or c["status"] == 6):
            continue
        if view == "unassigned" and c["agent_id"] is not None:
            continue
        if pred is not None and not pred(c.get):
            continue
        items.append(c)
    items.sort(key=lambda c: (c[order_by] if c[order_by] is not None else 0, c["id"]), reverse=desc)
    return paged(ctx, items, "changes", scope.fields(change_out))


def view_change(ctx: Ctx) -> Resp:
    check_params(ctx, {"include"})
    names = includes(ctx, ("stats",))
    extra = {}
    if names:
        change = itsm.live(ctx, CHANGES)
        closed = change["updated_at"] if change["status"] == 6 else None
        extra["stats"] = {"change_id": change["id"], "created_at": fmt(change["created_at"]),
                          "updated_at": fmt(change["updated_at"]), "closed_at": fmt(closed)}
    return itsm.view(ctx, CHANGES, extra, cost=request_cost(len(names), collection=False))


def _maintenance_window(ctx: Ctx) -> None:
    """maintenance_window: {"id": N} names a seeded window; the change gets the whole window."""
    body = itsm.unwrap(ctx, "change")
    window = body.get("maintenance_window")
    if not isinstance(window, dict) or window == {}:  # {}: no window
        return
    known = MAINTENANCE_WINDOWS.get(window.get("id"))
    if set(window) != {"id"} or known is None:
        raise validation_failed([field_error("maintenance_window", "There is no maintenance window with the "
                                             "given id", "invalid_value")])


def create_change(ctx: Ctx) -> Resp:
    _maintenance_window(ctx)
    resp = itsm.create(ctx, CHANGES)
    return _fill_window(ctx, resp)


def update_change(ctx: Ctx) -> Resp:
    _maintenance_window(ctx)
    return _fill_window(ctx, itsm.update(ctx, CHANGES))


def _fill_window(ctx: Ctx, resp: Resp) -> Resp:
    change = ctx.store.changes[resp.body["change"]["id"]]
    window = change.get("maintenance_window") or {}
    if window.get("id") in MAINTENANCE_WINDOWS and "name" not in window:
        name, desc = MAINTENANCE_WINDOWS[window["id"]]
        change["maintenance_window"] = {"id": window["id"], "name": name, "description": desc,
                                        "window_start_date": change["planned_start_date"],
                                        "window_end_date": change["planned_end_date"]}
        resp.body["change"] = change_out(change)
    return resp


ROUTES = itsm.routes(CHANGES, {
    "list": list_changes, "view": view_change, "create": create_change, "update": update_change,
    "delete": lambda ctx: itsm.delete(ctx, CHANGES), "restore": lambda ctx: itsm.restore(ctx, CHANGES),
})

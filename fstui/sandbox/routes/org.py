"""/departments, /department_fields, /locations, /asset_types, /sla_policies, /business_hours (reads).

API-SUPPLEMENT §6. Lists page like the others (page, per_page <= 100, Link); departments and
locations take ``query="name:'X'"`` (the ticket-filter grammar; fields: name, plus
parent_location_id for locations). ``/sla_policies``: no workspace_id -> global + primary; 1 ->
global; N -> N + global. ``/business_hours``: no workspace_id -> every one the caller sees;
N -> that workspace's (1 = global).
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..dates import fmt
from .common import check_params, compile_filter, get_or_404, page_of, paging
from .workspaces import GLOBAL, primary_id, visible_ids, workspace_scope

_TIME_KEYS = ("created_at", "updated_at")


def _out(record: dict) -> dict:
    out = {k: v for k, v in record.items() if not k.startswith("_")}
    for key in _TIME_KEYS:
        if key in out:
            out[key] = fmt(out[key])
    return out


def _list(ctx: Ctx, records, plural: str, query_fields: dict[str, str] | None = None,
          extra_params: frozenset[str] = frozenset()) -> Resp:
    allowed = {"page", "per_page"} | set(extra_params) | ({"query"} if query_fields else set())
    check_params(ctx, allowed)
    page, per_page = paging(ctx)
    items = sorted(records, key=lambda r: r["id"])
    if query_fields and ctx.query.get("query") is not None:
        pred = compile_filter(ctx, query_fields)
        items = [r for r in items if pred(r.get)]
    chunk, headers = page_of(ctx, items, page, per_page)
    return Resp(200, {plural: [_out(r) for r in chunk]}, headers)


def _view(ctx: Ctx, records: dict, key: str) -> Resp:
    check_params(ctx, set())
    return Resp(200, {key: _out(get_or_404(records, ctx.params["id"]))})


def list_departments(ctx: Ctx) -> Resp:
    return _list(ctx, ctx.store.departments, "departments", {"name": "str"})


def view_department(ctx: Ctx) -> Resp:
    return _view(ctx, {d["id"]: d for d in ctx.store.departments}, "department")


def list_department_fields(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    made = fmt(min(d["created_at"] for d in ctx.store.departments)) if ctx.store.departments else None
    fields = [{"name": n, "label": label, "mandatory": n == "name", "is_default_field": True,
               "created_at": made, "updated_at": made}
              for n, label in (("name", "Department Name"), ("description", "Description"),
                               ("head_user_id", "Head"), ("prime_user_id", "Prime User"), ("domains", "Domains"))]
    return Resp(200, {"department_fields": fields})


def list_locations(ctx: Ctx) -> Resp:
    return _list(ctx, ctx.store.locations.values(), "locations", {"name": "str", "parent_location_id": "int"})


def view_location(ctx: Ctx) -> Resp:
    return _view(ctx, ctx.store.locations, "location")


def list_asset_types(ctx: Ctx) -> Resp:
    return _list(ctx, ctx.store.asset_types.values(), "asset_types")


def view_asset_type(ctx: Ctx) -> Resp:
    return _view(ctx, ctx.store.asset_types, "asset_type")


def list_sla_policies(ctx: Ctx) -> Resp:
    check_params(ctx, {"workspace_id", "page", "per_page"})
    raw = ctx.query.get("workspace_id")
    if raw is None:
        wanted = {GLOBAL, primary_id(ctx)}
    else:
        scope = workspace_scope(ctx)
        wanted = set(scope.ids) | {GLOBAL}
    return _list_scoped(ctx, ctx.store.sla_policies.values(), "sla_policies", wanted)


def list_business_hours(ctx: Ctx) -> Resp:
    check_params(ctx, {"workspace_id", "page", "per_page"})
    if ctx.query.get("workspace_id") is None:
        wanted = {GLOBAL} | set(visible_ids(ctx))  # every one the caller sees
    else:
        wanted = set(workspace_scope(ctx).ids)
    return _list_scoped(ctx, ctx.store.business_hours.values(), "business_hours", wanted)


def _list_scoped(ctx: Ctx, records, plural: str, wanted: set[int]) -> Resp:
    page, per_page = paging(ctx)
    items = sorted((r for r in records if r.get("workspace_id") in wanted), key=lambda r: r["id"])
    chunk, headers = page_of(ctx, items, page, per_page)
    return Resp(200, {plural: [_out(r) for r in chunk]}, headers)


def view_business_hours(ctx: Ctx) -> Resp:
    return _view(ctx, ctx.store.business_hours, "business_hours")

"""/assets: list (with ``query`` it is the asset filter) and view."""

from __future__ import annotations

from ..app import Ctx, Resp
from ..limits import request_cost
from .common import (
    FILTER_MAX_PAGE,
    FILTER_PER_PAGE,
    check_params,
    choice_param,
    compile_filter,
    filter_chunk,
    filter_page,
    get_or_404,
    includes,
    next_link,
    order_type,
    page_of,
    paging,
)
from ..validation import field_error, validation_failed
from .workspaces import can_access, workspace_scope

ASSET_QUERY_FIELDS = {
    "ci_type_id": "int", "department_id": "int", "location_id": "int", "asset_state": "str", "user_id": "int",
    "agent_id": "int", "name": "str", "asset_tag": "str", "created_at": "date", "updated_at": "date",
}
# The current ``filter=`` (API-SUPPLEMENT §6; replaces the deprecated ``query=``): asset_type_id beside
# ci_type_id, workspace_id and serial_number; ``search=`` looks up identifiers only.
ASSET_FILTER_FIELDS = {**ASSET_QUERY_FIELDS, "asset_type_id": "int", "workspace_id": "int", "serial_number": "str"}
# ``search="name:'Samsung'"`` finds every asset whose name holds the value ("Samsung Laptop 0013", any case):
# a search, not the filter's equality (the sheet gives the fields, not the matching; Freshservice's asset
# search matches part of a name, so the sandbox does for every search field - a choice).
ASSET_SEARCH_FIELDS = {"name": "text", "asset_tag": "text", "serial_number": "text"}
ASSET_ORDER_BY = ("id", "created_at", "updated_at")


def _asset_value(a: dict, name: str):
    if name in ("location_id", "asset_state"):
        return a["_" + name]
    if name == "asset_type_id":
        return a.get("ci_type_id")
    if name == "serial_number":
        return (a.get("_type_fields") or {}).get("serial_number")
    return a.get(name)


def list_assets(ctx: Ctx) -> Resp:
    check_params(ctx, {"order_by", "order_type", "trashed", "include", "query", "filter", "search", "page",
                       "per_page", "workspace_id"})
    names = includes(ctx, ("type_fields",))
    store = ctx.store
    cost = request_cost(len(names), collection=True)
    trashed = choice_param(ctx, "trashed", ("true", "false")) == "true"
    scope = workspace_scope(ctx)
    given = [k for k in ("query", "filter", "search") if ctx.query.get(k) is not None]
    if len(given) > 1:
        raise validation_failed([field_error(given[1], f"{given[1]} cannot be combined with {given[0]}",
                                             "incompatible_field")])
    if given:
        kind = given[0]
        fields = {"query": ASSET_QUERY_FIELDS, "filter": ASSET_FILTER_FIELDS, "search": ASSET_SEARCH_FIELDS}[kind]
        page = filter_page(ctx)
        pred = compile_filter(ctx, fields, param=kind)
        in_filter = kind == "filter" and "workspace_id" in (ctx.query.get("filter") or "")
        matches = []
        for a in store.assets.values():
            if a["_trashed"] != trashed:
                continue
            if not in_filter and not scope.has(a):
                continue
            if in_filter and not can_access(ctx, a.get("workspace_id")):
                continue  # workspace_id inside the filter narrows within the caller's workspaces
            if pred(lambda name, a=a: _asset_value(a, name)):
                matches.append(a)
        matches.sort(key=lambda a: (a["created_at"], a["id"]), reverse=True)
        chunk = filter_chunk(matches, page)
        headers = {"X-Total-Count": str(len(matches))}
        if len(matches) > page * FILTER_PER_PAGE and page < FILTER_MAX_PAGE:
            headers["Link"] = next_link(ctx, page)
        return Resp(200, {"assets": [store.asset_out(a, bool(names)) for a in chunk]}, headers, cost=cost)
    page, per_page = paging(ctx)
    desc = order_type(ctx)
    order_by = choice_param(ctx, "order_by", ASSET_ORDER_BY, "created_at")
    items = [a for a in store.assets.values() if a["_trashed"] == trashed and scope.has(a)]
    items.sort(key=lambda a: (a[order_by], a["id"]), reverse=desc)
    chunk, headers = page_of(ctx, items, page, per_page)
    return Resp(200, {"assets": [store.asset_out(a, bool(names)) for a in chunk]}, headers, cost=cost)


def view_asset(ctx: Ctx) -> Resp:
    check_params(ctx, {"include"})
    names = includes(ctx, ("type_fields",))
    asset = get_or_404(ctx.store.assets, ctx.params["id"])
    return Resp(200, {"asset": ctx.store.asset_out(asset, bool(names))},
                cost=request_cost(len(names), collection=False))

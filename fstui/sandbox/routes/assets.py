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

ASSET_QUERY_FIELDS = {
    "ci_type_id": "int", "department_id": "int", "location_id": "int", "asset_state": "str", "user_id": "int",
    "agent_id": "int", "name": "str", "asset_tag": "str", "created_at": "date", "updated_at": "date",
}
ASSET_ORDER_BY = ("id", "created_at", "updated_at")


def list_assets(ctx: Ctx) -> Resp:
    check_params(ctx, {"order_by", "order_type", "trashed", "include", "query", "page", "per_page"})
    names = includes(ctx, ("type_fields",))
    store = ctx.store
    cost = request_cost(len(names), collection=True)
    trashed = choice_param(ctx, "trashed", ("true", "false")) == "true"
    if ctx.query.get("query") is not None:
        page = filter_page(ctx)
        pred = compile_filter(ctx, ASSET_QUERY_FIELDS)
        matches = []
        for a in store.assets.values():
            if a["_trashed"] != trashed:
                continue

            def get(name: str, a=a):
                if name in ("location_id", "asset_state"):
                    return a["_" + name]
                return a.get(name)

            if pred(get):
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
    items = [a for a in store.assets.values() if a["_trashed"] == trashed]
    items.sort(key=lambda a: (a[order_by], a["id"]), reverse=desc)
    chunk, headers = page_of(ctx, items, page, per_page)
    return Resp(200, {"assets": [store.asset_out(a, bool(names)) for a in chunk]}, headers, cost=cost)


def view_asset(ctx: Ctx) -> Resp:
    check_params(ctx, {"include"})
    names = includes(ctx, ("type_fields",))
    asset = get_or_404(ctx.store.assets, ctx.params["id"])
    return Resp(200, {"asset": ctx.store.asset_out(asset, bool(names))},
                cost=request_cost(len(names), collection=False))

"""/asset_types: list and view (API-SUPPLEMENT §6), read-only and minimal; the fields are in
asset_type_fields.py.

    GET /asset_types                 {"asset_types": [{id, name, description, parent_asset_type_id, visible, ...}]}
    GET /asset_types/{id}            {"asset_type": {...}}

Other branches serve these two as well (the API issue from the account's seed): routes/__init__.py keeps
the first handler of a method, so whichever is registered first answers.
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..store_rest import out
from .common import check_params, get_or_404
from .kit import asset_types, simple_list

ASSET_TYPE_KEYS = ("id", "name", "description", "parent_asset_type_id", "visible", "created_at", "updated_at")


def asset_type_out(asset_type: dict) -> dict:
    return out(asset_type, ASSET_TYPE_KEYS)


def list_asset_types(ctx: Ctx) -> Resp:
    return simple_list(ctx, asset_types(ctx).values(), "asset_types", asset_type_out)


def view_asset_type(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"asset_type": asset_type_out(get_or_404(asset_types(ctx), ctx.params["id"]))})


ROUTES = [
    ("/api/v2/asset_types", {"GET": list_asset_types}),
    ("/api/v2/asset_types/{id}", {"GET": view_asset_type}),
]

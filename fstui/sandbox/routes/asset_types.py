"""/asset_types: list, view and an asset type's fields (API-SUPPLEMENT §6), read-only and minimal.

The API issue serves /asset_types and /asset_types/{id} from the account's seed; where it does, its
handlers answer (routes/__init__.py keeps the first handler of a method) and these serve only the fields.

    GET /asset_types                 {"asset_types": [{id, name, description, parent_asset_type_id, visible, ...}]}
    GET /asset_types/{id}            {"asset_type": {...}}
    GET /asset_types/{id}/fields     {"asset_type_fields": [{"field_header", "fields": [...]}]}

Field names carry the type's id (``serial_number_3``): the keys an asset's ``type_fields`` take on create.
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..store_rest import out
from ..seed_asset_types import fields_for
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


def list_asset_type_fields(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    groups = fields_for(get_or_404(asset_types(ctx), ctx.params["id"]))
    return Resp(200, {"asset_type_fields": [
        {"field_header": g["field_header"], "fields": [out(f, tuple(f)) for f in g["fields"]]} for g in groups]})


ROUTES = [
    ("/api/v2/asset_types", {"GET": list_asset_types}),
    ("/api/v2/asset_types/{id}", {"GET": view_asset_type}),
    ("/api/v2/asset_types/{id}/fields", {"GET": list_asset_type_fields}),
]

"""/products: list, view, create, update, delete (API-SUPPLEMENT §6, §8.2).

    {"product": {id, name, asset_type_id, manufacturer, status, mode_of_procurement, depreciation_type_id,
                 description, description_text, created_at, updated_at}}

name and asset_type_id are mandatory (asset_type_id names an asset type); status is one of In Production,
In Pipeline, Retired; mode_of_procurement one of Buy, Lease, Both. Choices where the sources are silent:
create 201 with Location; a name already used (any case) is 409 duplicate_value; lists are in id order.
"""

from __future__ import annotations

from ..app import Ctx
from ..html_text import html_to_text
from ..store_rest import out
from ..validation import Validator
from .crud import Collection
from .kit import asset_types, unique_name

PRODUCT_KEYS = ("id", "name", "asset_type_id", "manufacturer", "status", "mode_of_procurement",
                "depreciation_type_id", "description", "description_text", "created_at", "updated_at")
PRODUCT_SPEC = {"name": "str", "asset_type_id": "int", "manufacturer": "str", "status": "str",
                "mode_of_procurement": "str", "depreciation_type_id": "int", "description": "str"}
STATUSES = ["In Production", "In Pipeline", "Retired"]
PROCUREMENT = ["Buy", "Lease", "Both"]


def product_out(product: dict) -> dict:
    result = out(product, PRODUCT_KEYS)
    result["description_text"] = html_to_text(product.get("description"))
    return result


def _checks(ctx: Ctx, v: Validator, product: dict | None) -> None:
    v.choice("status", STATUSES)
    v.choice("mode_of_procurement", PROCUREMENT)
    if v.clean.get("asset_type_id") is not None and v.clean["asset_type_id"] not in asset_types(ctx):
        v.add("asset_type_id", "There is no asset type matching the given asset_type_id", "invalid_value")
    if "asset_type_id" in v.payload and v.payload["asset_type_id"] is None:
        v.add("asset_type_id", "It should not be blank", "invalid_value")
    unique_name(v, ctx.store.rest.products.values(), (product or {}).get("id"))


def _new(ctx: Ctx, pid: int) -> dict:
    return {"id": pid, "manufacturer": None, "status": "In Production", "mode_of_procurement": "Buy",
            "depreciation_type_id": None, "description": None, "created_at": ctx.now, "updated_at": ctx.now}


PRODUCTS = Collection("products", "product", PRODUCT_SPEC, ("name", "asset_type_id"), product_out, _new, _checks)
ROUTES = PRODUCTS.routes()

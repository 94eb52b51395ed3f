"""/products: list, view, create, update, delete (API-SUPPLEMENT §6, §8.2).

    {"product": {id, name, asset_type_id, manufacturer, status, mode_of_procurement, depreciation_type_id,
                 description, description_text, created_at, updated_at}}

name and asset_type_id are mandatory (asset_type_id names an asset type); status is one of In Production,
In Pipeline, Retired; mode_of_procurement one of Buy, Lease, Both. Choices where the sources are silent:
create 201 with Location; a name already used (any case) is 409 duplicate_value; lists are in id order.
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..html_text import html_to_text
from ..store_rest import out
from ..validation import Validator
from .common import check_params, created, delete_record, get_or_404
from .kit import asset_types, simple_list, unique_name

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


def _checks(ctx: Ctx, v: Validator, except_id: int | None) -> None:
    v.choice("status", STATUSES)
    v.choice("mode_of_procurement", PROCUREMENT)
    if v.clean.get("asset_type_id") is not None and v.clean["asset_type_id"] not in asset_types(ctx):
        v.add("asset_type_id", "There is no asset type matching the given asset_type_id", "invalid_value")
    if "asset_type_id" in v.payload and v.payload["asset_type_id"] is None:
        v.add("asset_type_id", "It should not be blank", "invalid_value")
    unique_name(v, ctx.store.rest.products.values(), except_id)


def list_products(ctx: Ctx) -> Resp:
    return simple_list(ctx, ctx.store.rest.products.values(), "products", product_out)


def view_product(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"product": product_out(get_or_404(ctx.store.rest.products, ctx.params["id"]))})


def create_product(ctx: Ctx) -> Resp:
    products = ctx.store.rest.products
    v = Validator(ctx.payload, PRODUCT_SPEC, form=ctx.form)
    v.require("name", "asset_type_id")
    _checks(ctx, v, None)
    pid = ctx.store.rest.next_id("product", products)
    product = {"id": pid, "manufacturer": None, "status": "In Production", "mode_of_procurement": "Buy",
               "depreciation_type_id": None, "description": None, "created_at": ctx.now, "updated_at": ctx.now}
    product.update(v.clean)
    products[pid] = product
    return created(ctx, "product", product_out(product), f"products/{pid}")


def update_product(ctx: Ctx) -> Resp:
    product = get_or_404(ctx.store.rest.products, ctx.params["id"])
    v = Validator(ctx.payload, PRODUCT_SPEC, form=ctx.form)
    _checks(ctx, v, product["id"])
    product.update(v.clean)
    product["updated_at"] = ctx.now
    return Resp(200, {"product": product_out(product)})


def delete_product(ctx: Ctx) -> Resp:
    return delete_record(ctx, ctx.store.rest.products)


ROUTES = [
    ("/api/v2/products", {"GET": list_products, "POST": create_product}),
    ("/api/v2/products/{id}", {"GET": view_product, "PUT": update_product, "DELETE": delete_product}),
]

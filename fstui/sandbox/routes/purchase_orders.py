"""/purchase_orders: list and view (API-SUPPLEMENT §8.4), read-only here.

    GET /purchase_orders[?workspace_id,include=custom_fields,purchase_items]   {"purchase_orders": [...]}
    GET /purchase_orders/{id}          {"purchase_order": {... custom_fields, purchase_items, currency}}

Lists are newest first; each include costs two credits on the list (the general rule). The view's key is
``purchase_order`` (the docs' create/update samples and the OpenAPI file; the docs' view sample spells it
``purchase-order``). ``status`` codes 20 and 25 are the ones seen on real accounts (their names are not
documented anywhere).
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..limits import request_cost
from ..store_rest import out
from .common import check_params, get_or_404, includes
from .kit import paged, workspace_scope

PO_KEYS = ("id", "name", "po_number", "vendor_id", "vendor_details", "department_id", "created_by",
           "expected_delivery_date", "status", "shipping_address", "billing_address", "billing_same_as_shipping",
           "currency_code", "discount_percentage", "tax_percentage", "shipping_cost", "total_cost", "workspace_id",
           "created_at", "updated_at")
PO_TIMES = frozenset({"expected_delivery_date", "created_at", "updated_at"})
PO_INCLUDES = ("custom_fields", "purchase_items")
CURRENCIES = {"USD": {"id": "USD", "conversion_rate": 1.0, "symbol": "$", "name": "US Dollar"}}


def purchase_order_out(po: dict, names: tuple[str, ...] | list[str] = ()) -> dict:
    result = out(po, PO_KEYS, PO_TIMES)
    for name in names:
        result[name] = out({name: po[name]}, (name,))[name]
    return result


def list_purchase_orders(ctx: Ctx) -> Resp:
    check_params(ctx, {"workspace_id", "include", "page", "per_page"})
    names = includes(ctx, PO_INCLUDES)
    scope = workspace_scope(ctx)
    items = sorted((p for p in ctx.store.rest.purchase_orders.values() if scope.has(p)),
                   key=lambda p: (p["created_at"], p["id"]), reverse=True)
    return paged(ctx, items, "purchase_orders", scope.fields(lambda p: purchase_order_out(p, names)),
                 cost=request_cost(len(names), collection=True))


def view_purchase_order(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    po = get_or_404(ctx.store.rest.purchase_orders, ctx.params["id"])
    body = purchase_order_out(po, PO_INCLUDES)
    body["currency"] = dict(CURRENCIES.get(po["currency_code"]) or {"id": po["currency_code"]})
    return Resp(200, {"purchase_order": body})


ROUTES = [
    ("/api/v2/purchase_orders", {"GET": list_purchase_orders}),
    ("/api/v2/purchase_orders/{id}", {"GET": view_purchase_order}),
]

"""/purchase_orders, list and view (API-SUPPLEMENT §8.4), black-box."""

from __future__ import annotations

from .helpers import credits, every


async def test_list_includes_and_view(client):
    r = await client.get("/api/v2/purchase_orders")
    orders = r.json()["purchase_orders"]
    assert orders and credits(r) == 1
    assert {"po_number", "vendor_id", "status", "total_cost", "currency_code", "workspace_id"} <= set(orders[0])
    assert "purchase_items" not in orders[0] and "custom_fields" not in orders[0]
    created = [o["created_at"] for o in orders]
    assert created == sorted(created, reverse=True)
    r = await client.get("/api/v2/purchase_orders", params={"include": "custom_fields,purchase_items"})
    assert credits(r) == 5  # two per include on a list
    full = r.json()["purchase_orders"][0]
    assert full["purchase_items"] and {"item_type", "item_name", "cost", "quantity"} <= set(full["purchase_items"][0])
    assert (await client.get("/api/v2/purchase_orders", params={"include": "vendor"})).status_code == 400
    view = (await client.get(f"/api/v2/purchase_orders/{orders[0]['id']}")).json()["purchase_order"]
    assert view["currency"]["id"] == view["currency_code"] and view["purchase_items"] and "custom_fields" in view
    vendors = {v["id"] for v in await every(client, "/api/v2/vendors", "vendors")}
    assert view["vendor_id"] in vendors
    assert (await client.get("/api/v2/purchase_orders/1")).status_code == 404

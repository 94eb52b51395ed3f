"""/products (API-SUPPLEMENT §6, §8.2), black-box."""

from __future__ import annotations

from .helpers import errors, every

FIELDS = {"id", "name", "asset_type_id", "manufacturer", "status", "mode_of_procurement", "depreciation_type_id",
          "description", "description_text", "created_at", "updated_at"}


async def test_list_and_view(client):
    products = await every(client, "/api/v2/products", "products")
    assert products and set(products[0]) == FIELDS
    types = {t["id"] for t in await every(client, "/api/v2/asset_types", "asset_types")}
    assert {p["asset_type_id"] for p in products} <= types
    assert {p["status"] for p in products} <= {"In Production", "In Pipeline", "Retired"}
    one = (await client.get(f"/api/v2/products/{products[0]['id']}")).json()["product"]
    assert one == products[0]
    assert (await client.get("/api/v2/products/1")).status_code == 404


async def test_crud(client):
    r = await client.post("/api/v2/products", json={"name": "Framework Laptop 13", "asset_type_id": 1,
                                                    "manufacturer": "Framework", "status": "In Pipeline",
                                                    "mode_of_procurement": "Buy", "description": "<p>Repairable</p>"})
    assert r.status_code == 201, r.text
    product = r.json()["product"]
    assert product["description_text"] == "Repairable" and product["status"] == "In Pipeline"
    url = f"/api/v2/products/{product['id']}"
    r = await client.put(url, json={"status": "In Production"})
    assert r.status_code == 200 and r.json()["product"]["manufacturer"] == "Framework"
    r = await client.post("/api/v2/products", json={"name": "framework laptop 13", "asset_type_id": 1})
    assert r.status_code == 409 and errors(r) == [("name", "duplicate_value")]
    assert (await client.delete(url)).status_code == 204
    assert (await client.get(url)).status_code == 404


async def test_validation(client):
    r = await client.post("/api/v2/products", json={"manufacturer": "x"})
    assert set(errors(r)) == {("name", "missing_field"), ("asset_type_id", "missing_field")}
    r = await client.post("/api/v2/products", json={"name": "x", "asset_type_id": 999, "status": "Sold",
                                                    "mode_of_procurement": "Rent", "price": 3})
    assert set(errors(r)) == {("asset_type_id", "invalid_value"), ("status", "invalid_value"),
                              ("mode_of_procurement", "invalid_value"), ("price", "invalid_field")}

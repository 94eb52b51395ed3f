"""/vendors (API-SUPPLEMENT §6, §8.2), black-box."""

from __future__ import annotations

from .helpers import errors, every

FIELDS = {"id", "name", "description", "primary_contact_id", "address", "contact_name", "email", "phone", "mobile",
          "custom_fields", "created_at", "updated_at"}


async def test_list_and_view(client):
    vendors = await every(client, "/api/v2/vendors", "vendors")
    assert vendors and set(vendors[0]) == FIELDS
    assert set(vendors[0]["address"]) == {"line1", "city", "state", "country", "zipcode"}
    assert (await client.get(f"/api/v2/vendors/{vendors[0]['id']}")).json()["vendor"] == vendors[0]


async def test_crud_and_validation(client):
    requester = (await client.get("/api/v2/requesters", params={"per_page": 1})).json()["requesters"][0]
    r = await client.post("/api/v2/vendors", json={"name": "Northwind", "primary_contact_id": requester["id"],
                                                   "address": {"city": "Oslo", "country": "Norway"},
                                                   "email": "sales@northwind.example"})
    assert r.status_code == 201, r.text
    vendor = r.json()["vendor"]
    assert vendor["address"]["city"] == "Oslo" and vendor["address"]["line1"] is None
    url = f"/api/v2/vendors/{vendor['id']}"
    r = await client.put(url, json={"address": {"zipcode": "0150"}})
    assert r.json()["vendor"]["address"] == {"line1": None, "city": "Oslo", "state": None, "country": "Norway",
                                             "zipcode": "0150"}
    r = await client.post("/api/v2/vendors", json={"name": "NORTHWIND"})
    assert r.status_code == 409
    r = await client.post("/api/v2/vendors", json={"description": "x", "address": {"street": "x"}, "email": "nope",
                                                   "primary_contact_id": 7})
    assert set(errors(r)) == {("name", "missing_field"), ("address.street", "invalid_field"),
                              ("email", "invalid_value"), ("primary_contact_id", "invalid_value")}
    assert (await client.delete(url)).status_code == 204
    assert (await client.delete(url)).status_code == 404

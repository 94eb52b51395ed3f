"""The service catalog and placing a request (API-SUPPLEMENT §8.1, §3.4 requested items), black-box."""

from __future__ import annotations

from .helpers import errors, every

ROW_FIELDS = {"id", "display_id", "name", "category_id", "product_id", "ci_type_id", "quantity", "delivery_time",
              "deleted", "icon_name", "group_visibility", "agent_group_visibility", "item_type", "visibility",
              "cost_visibility", "delivery_time_visibility", "botified", "allow_attachments", "allow_quantity",
              "is_bundle", "create_child", "configs", "workspace_id", "created_at", "updated_at"}


async def _items(client) -> list[dict]:
    return await every(client, "/api/v2/service_catalog/items", "service_items")


async def _orderable(client, *, bundle: bool | None = None, fields: bool | None = None) -> dict:
    for row in await _items(client):
        if row["visibility"] != 2 or row["deleted"]:
            continue
        item = (await client.get(f"/api/v2/service_catalog/items/{row['display_id']}")).json()["service_item"]
        if bundle is not None and bool(item["child_items"]) != bundle:
            continue
        if fields is not None and bool(item["custom_fields"]) != fields:
            continue
        return item
    raise AssertionError("no such item")


async def test_categories_and_items(client):
    categories = await every(client, "/api/v2/service_catalog/categories", "service_categories")
    assert categories and set(categories[0]) == {"id", "name", "description", "position", "workspace_id",
                                                 "created_at", "updated_at"}
    one = (await client.get(f"/api/v2/service_catalog/categories/{categories[0]['id']}")).json()
    assert one["service_category"] == categories[0]
    items = await _items(client)
    assert set(items[0]) == ROW_FIELDS  # rows carry no description, cost, custom_fields or child_items
    in_first = await every(client, "/api/v2/service_catalog/items", "service_items", category_id=categories[0]["id"])
    assert in_first and {i["category_id"] for i in in_first} == {categories[0]["id"]}
    assert (await client.get("/api/v2/service_catalog/items/999999")).status_code == 404


async def test_item_view_custom_fields_and_children(client):
    item = await _orderable(client, fields=True)
    assert {"description", "short_description", "cost", "custom_fields", "child_items", "icon_url"} <= set(item)
    field = item["custom_fields"][0]
    assert isinstance(field["id"], str) and field["item_id"] == item["id"]
    assert field["field_options"]["displayed_to_requester"] == "true"  # option flags are strings
    bundle = await _orderable(client, bundle=True)
    assert bundle["is_bundle"] and all(set(c) >= {"display_id", "name"} for c in bundle["child_items"])


async def test_search(client):
    r = await client.get("/api/v2/service_catalog/items/search", params={"search_term": "access"})
    assert r.status_code == 200
    body = r.json()
    named = {i["id"] for i in await _items(client)
             if "access" in i["name"].lower() and i["visibility"] == 2 and not i["deleted"]}
    assert named and named <= {i["id"] for i in body["service_items"]}
    assert body["meta"]["total_items"] == len(body["service_items"]) and body["meta"]["current_page"] == 1
    assert all(i["visibility"] == 2 and not i["deleted"] for i in body["service_items"])
    assert (await client.get("/api/v2/service_catalog/items/search")).status_code == 400


async def test_place_request_creates_a_service_request_with_its_items(client):
    item = await _orderable(client, fields=True)
    values = {}
    for f in item["custom_fields"]:
        if f["required"]:
            values[f["name"]] = f["choices"][0][1] if f["choices"] else (
                "2026-02-01" if f["field_type"] == "custom_date" else "value")
    requester = (await client.get("/api/v2/requesters", params={"per_page": 1})).json()["requesters"][0]
    r = await client.post(f"/api/v2/service_catalog/items/{item['display_id']}/place_request", json={
        "email": "demo.agent@fstui-sandbox.example", "requested_for": requester["primary_email"],
        "quantity": 1, "custom_fields": values})
    assert r.status_code in (200, 201), r.text
    sr = r.json()["service_request"]
    assert sr["type"] == "Service Request" and sr["source"] == 2 and sr["status"] == 2
    assert sr["approval_status"] is None and sr["approval_status_name"] == "Not Requested"
    assert sr["requested_for_id"] == requester["id"]
    ticket = (await client.get(f"/api/v2/tickets/{sr['id']}")).json()["ticket"]
    assert ticket["type"] == "Service Request" and ticket["subject"] == sr["subject"]
    rows = (await client.get(f"/api/v2/tickets/{sr['id']}/requested_items")).json()["requested_items"]
    assert len(rows) == 1 and rows[0]["service_item_id"] == item["display_id"] and rows[0]["is_parent"]
    assert rows[0]["stage"] == 1 and rows[0]["custom_fields"] == values


async def test_bundle_request_and_child_service_request(client):
    bundle = await _orderable(client, bundle=True)
    values = {f["name"]: ("2026-02-01" if f["field_type"] == "custom_date" else "Ada Lovelace")
              for f in bundle["custom_fields"] if f["required"]}
    url = f"/api/v2/service_catalog/items/{bundle['display_id']}/place_request"
    child = bundle["child_items"][0]["display_id"]
    r = await client.post(url, json={"custom_fields": values, "child_items": [{"service_item_id": child}]})
    assert r.status_code in (200, 201), r.text
    parent_id = r.json()["service_request"]["id"]
    rows = (await client.get(f"/api/v2/tickets/{parent_id}/requested_items")).json()["requested_items"]
    assert [(x["service_item_id"], x["is_parent"]) for x in rows] == [(bundle["display_id"], True), (child, False)]
    r = await client.post(url, json={"custom_fields": values, "parent_ticket_id": parent_id})
    assert r.status_code in (200, 201)
    related = (await client.get(f"/api/v2/tickets/{parent_id}", params={"include": "related_tickets"})).json()
    assert r.json()["service_request"]["id"] in related["ticket"]["related_tickets"]["child_ids"]
    child_sr = r.json()["service_request"]["id"]  # no nesting: a child cannot be a parent
    r = await client.post(url, json={"custom_fields": values, "parent_ticket_id": child_sr})
    assert errors(r) == [("parent_ticket_id", "invalid_value")]


async def test_place_request_validation(client):
    item = await _orderable(client, fields=True)
    url = f"/api/v2/service_catalog/items/{item['display_id']}/place_request"
    r = await client.post(url, json={"custom_fields": {"not_a_field": 1}, "colour": "red"})
    found = set(errors(r))
    assert ("colour", "invalid_field") in found and ("not_a_field", "invalid_field") in found
    assert {(f["name"], "missing_field") for f in item["custom_fields"] if f["required"]} <= found
    r = await client.post(url, json={"requested_for": "nobody@nowhere.example"})
    assert ("requested_for", "invalid_value") in set(errors(r))
    single = next(i for i in await _items(client) if not i["allow_quantity"] and i["visibility"] == 2
                  and not i["deleted"])
    r = await client.post(f"/api/v2/service_catalog/items/{single['display_id']}/place_request",
                          json={"quantity": 3})
    assert ("quantity", "invalid_value") in set(errors(r))
    deleted = next(i for i in await _items(client) if i["deleted"])
    r = await client.post(f"/api/v2/service_catalog/items/{deleted['display_id']}/place_request", json={})
    assert r.status_code == 404


async def test_requested_items_of_seeded_requests_and_incidents(client):
    tickets = (await client.get("/api/v2/tickets", params={"per_page": 100})).json()["tickets"]
    sr = next(t for t in tickets if t["type"] == "Service Request")
    rows = (await client.get(f"/api/v2/tickets/{sr['id']}/requested_items")).json()["requested_items"]
    assert rows and {"id", "quantity", "stage", "service_item_id", "is_parent", "custom_fields"} <= set(rows[0])
    incident = next(t for t in tickets if t["type"] == "Incident")
    assert (await client.get(f"/api/v2/tickets/{incident['id']}/requested_items")).status_code == 404

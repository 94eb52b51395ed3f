"""An asset's requests, contracts and components; asset types and their fields (API-SUPPLEMENT §6, §8.7)."""

from __future__ import annotations

from .helpers import errors, every


async def test_requests_list_the_linked_tickets_problems_changes_releases(client):
    problems = await every(client, "/api/v2/problems", "problems", workspace_id=0)
    problem = next(p for p in problems if p["assets"])
    display_id = problem["assets"][0]["display_id"]
    rows = (await client.get(f"/api/v2/assets/{display_id}/requests")).json()["requests"]
    assert set(rows[0]) == {"id", "request_type", "request_id", "request_details", "request_status", "created_at",
                            "updated_at"}
    mine = next(r for r in rows if r["request_type"] == "Problem" and r["id"] == problem["id"])
    assert mine["request_id"] == f"PRB-{problem['id']}" and mine["request_details"] == problem["subject"]
    assert isinstance(mine["request_status"], str)
    # A new ticket on the asset is one of its requests.
    r = await client.post("/api/v2/tickets", json={"email": "someone@customer.example", "subject": "Broken",
                                                   "description": "d", "status": 2, "priority": 1,
                                                   "associate_ci": {"display_id": display_id}})
    assert r.status_code == 201
    rows = (await client.get(f"/api/v2/assets/{display_id}/requests")).json()["requests"]
    ticket = next(x for x in rows if x["request_type"] == "Ticket" and x["id"] == r.json()["ticket"]["id"])
    assert ticket["request_id"] == f"INC-{ticket['id']}" and ticket["request_status"] == "Open"
    assert (await client.get("/api/v2/assets/999999/requests")).status_code == 404


async def test_contracts(client):
    assets = (await client.get("/api/v2/assets", params={"per_page": 100})).json()["assets"]
    for asset in assets:
        rows = (await client.get(f"/api/v2/assets/{asset['display_id']}/contracts")).json()["contracts"]
        if rows:
            assert set(rows[0]) == {"id", "contract_id", "contract_type", "contract_name", "contract_status"}
            assert rows[0]["contract_id"].startswith("CNTR-")
            return
    raise AssertionError("no asset with a contract on the first page")


async def test_components(client):
    assets = (await client.get("/api/v2/assets", params={"per_page": 100})).json()["assets"]
    seeded = None
    for asset in assets:
        rows = (await client.get(f"/api/v2/assets/{asset['display_id']}/components")).json()["components"]
        if rows:
            seeded = asset, rows
            break
    assert seeded, "no asset with components"
    asset, rows = seeded
    assert {"Processor", "Memory"} <= {c["component_type"] for c in rows}
    url = f"/api/v2/assets/{asset['display_id']}/components"
    r = await client.post(url, json={"component_type": "Hard Disk", "component_data": [{"capacity": "2 TB"}]})
    assert errors(r) == [("component_data.model", "missing_field")]
    r = await client.post(url, json={"component_type": "Flux Capacitor", "component_data": [{"x": 1}]})
    assert errors(r) == [("component_type", "invalid_value")]
    r = await client.post(url, json={"component_type": "Hard Disk",
                                     "component_data": [{"capacity": "2 TB", "model": "HD-9"}]})
    assert r.status_code == 201
    component = r.json()["component"]
    r = await client.put(f"{url}/{component['id']}", json={"component_data": [{"capacity": "4 TB", "model": "HD-9"}]})
    assert r.status_code == 200 and r.json()["component"]["component_data"][0]["capacity"] == "4 TB"
    listed = (await client.get(url)).json()["components"]
    assert component["id"] in {c["id"] for c in listed}


async def test_asset_types_and_fields(client):
    types = await every(client, "/api/v2/asset_types", "asset_types")
    assert types and set(types[0]) == {"id", "name", "description", "parent_asset_type_id", "visible",
                                       "created_at", "updated_at"}
    one = (await client.get(f"/api/v2/asset_types/{types[0]['id']}")).json()["asset_type"]
    assert one == types[0]
    groups = (await client.get(f"/api/v2/asset_types/{types[0]['id']}/fields")).json()["asset_type_fields"]
    fields = [f for g in groups for f in g["fields"]]
    assert groups[0]["field_header"] and fields
    assert all(f["asset_type_id"] == types[0]["id"] and f["name"].endswith(f"_{types[0]['id']}") for f in fields)
    assert (await client.get("/api/v2/asset_types/999999")).status_code == 404

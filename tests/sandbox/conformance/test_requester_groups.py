"""/requester_groups and their members (API-SUPPLEMENT §8.5), black-box."""

from __future__ import annotations

from .helpers import every


async def test_list_view_members(client):
    groups = await every(client, "/api/v2/requester_groups", "requester_groups")
    assert {g["type"] for g in groups} == {"manual", "rule_based"}
    assert set(groups[0]) >= {"id", "name", "description", "type"}
    assert (await client.get(f"/api/v2/requester_groups/{groups[0]['id']}")).json()["requester_group"] == groups[0]
    members = await every(client, f"/api/v2/requester_groups/{groups[0]['id']}/members", "requesters")
    assert members and set(members[0]) == {"id", "first_name", "last_name", "email"}
    person = (await client.get(f"/api/v2/requesters/{members[0]['id']}")).json()["requester"]
    assert person["primary_email"] == members[0]["email"]


async def test_manual_group_writes(client):
    r = await client.post("/api/v2/requester_groups", json={"name": "Beta testers", "description": "Early access"})
    assert r.status_code == 201
    group = r.json()["requester_group"]
    assert group["type"] == "manual"
    url = f"/api/v2/requester_groups/{group['id']}"
    requester = (await client.get("/api/v2/requesters", params={"per_page": 1})).json()["requesters"][0]
    assert (await client.post(f"{url}/members/{requester['id']}")).status_code == 200
    assert (await client.post(f"{url}/members/{requester['id']}")).status_code == 409
    assert [m["id"] for m in await every(client, f"{url}/members", "requesters")] == [requester["id"]]
    assert (await client.delete(f"{url}/members/{requester['id']}")).status_code == 204
    assert (await client.delete(f"{url}/members/{requester['id']}")).status_code == 404
    r = await client.put(url, json={"name": "Beta testers (2026)"})
    assert r.json()["requester_group"]["name"] == "Beta testers (2026)"
    assert (await client.put(url, json={"type": "rule_based"})).status_code == 400
    assert (await client.post("/api/v2/requester_groups", json={"name": "beta testers (2026)"})).status_code == 409
    assert (await client.delete(url)).status_code == 204
    assert (await client.get(url)).status_code == 404


async def test_rule_based_groups_are_read_only(client):
    groups = await every(client, "/api/v2/requester_groups", "requester_groups")
    rule = next(g for g in groups if g["type"] == "rule_based")
    requester = (await client.get("/api/v2/requesters", params={"per_page": 1})).json()["requesters"][0]
    r = await client.post(f"/api/v2/requester_groups/{rule['id']}/members/{requester['id']}")
    assert r.status_code == 400
    assert (await client.delete(f"/api/v2/requester_groups/{rule['id']}")).status_code == 400

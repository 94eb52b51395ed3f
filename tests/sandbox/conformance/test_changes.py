"""/changes as API-SUPPLEMENT §6 and §8.8 describe them, black-box."""

from __future__ import annotations

from .helpers import credits, errors, every

NEW = {"subject": "Upgrade the VPN concentrator", "description": "<p>New firmware</p>", "status": 1, "priority": 2,
       "impact": 2, "risk": 2, "change_type": 2, "planned_start_date": "2026-02-01T22:00:00Z",
       "planned_end_date": "2026-02-02T02:00:00Z", "email": "demo.agent@fstui-sandbox.example"}


async def test_list_filters(client, sb):
    changes = await every(client, "/api/v2/changes", "changes")
    assert changes and {c["workspace_id"] for c in changes} == {2}
    assert len(await every(client, "/api/v2/changes", "changes", workspace_id=0)) > len(changes)
    urgent = await every(client, "/api/v2/changes", "changes", query='"priority:4"')
    assert urgent and {c["priority"] for c in urgent} == {4}
    assert {c["id"] for c in urgent} == {c["id"] for c in changes if c["priority"] == 4}
    r = await client.get("/api/v2/changes", params={"query": '"priority:4"', "view": "my_open"})
    assert r.status_code == 400
    assert (await client.get("/api/v2/changes", params={"query": "priority:4"})).status_code == 400  # unquoted
    unassigned = await every(client, "/api/v2/changes", "changes", view="unassigned")
    assert all(c["agent_id"] is None for c in unassigned)
    assert (await client.get("/api/v2/changes", params={"view": "everything"})).status_code == 400
    ordered = await every(client, "/api/v2/changes", "changes", order_by="planned_start_date", order_type="asc")
    starts = [c["planned_start_date"] for c in ordered]
    assert starts == sorted(starts)


async def test_my_open_view_follows_assignment(client):
    me = (await client.get("/api/v2/agents", params={"email": "demo.agent@fstui-sandbox.example"})).json()["agents"][0]
    r = await client.post("/api/v2/changes", json={**NEW, "agent_id": me["id"]})
    assert r.status_code == 201
    mine = await every(client, "/api/v2/changes", "changes", view="my_open")
    assert r.json()["change"]["id"] in {c["id"] for c in mine}
    assert all(c["agent_id"] == me["id"] and c["status"] != 6 for c in mine)


async def test_create_defaults_validation_and_window(client):
    r = await client.post("/api/v2/changes", json={"subject": "x", "description": "y"})
    missing = {f for f, code in errors(r) if code == "missing_field"}
    assert missing == {"status", "priority", "impact", "risk", "change_type", "planned_start_date",
                       "planned_end_date", "requester_id"}
    r = await client.post("/api/v2/changes", json={**NEW, "planned_end_date": "2026-01-01T00:00:00Z"})
    assert errors(r) == [("planned_end_date", "invalid_value")]
    r = await client.post("/api/v2/changes", json={**NEW, "risk": 5, "change_type": 0})
    assert set(errors(r)) == {("risk", "invalid_value"), ("change_type", "invalid_value")}
    r = await client.post("/api/v2/changes", json={**NEW, "maintenance_window": {"id": 1}})
    assert r.status_code == 400
    r = await client.post("/api/v2/changes", json=NEW)
    assert r.status_code == 201
    change = r.json()["change"]
    assert change["approval_status"] == 4 and change["workspace_id"] == 2
    assert change["planned_start_date"] == "2026-02-01T22:00:00Z"
    windowed = (await every(client, "/api/v2/changes", "changes", workspace_id=0))
    window = next(c["maintenance_window"] for c in windowed if c["maintenance_window"])
    r = await client.put(f"/api/v2/changes/{change['id']}", json={"maintenance_window": {"id": window["id"]}})
    assert r.status_code == 200 and r.json()["change"]["maintenance_window"]["name"] == window["name"]


async def test_partial_update_soft_delete_restore_and_stats(client):
    change = (await client.post("/api/v2/changes", json=NEW)).json()["change"]
    url = f"/api/v2/changes/{change['id']}"
    r = await client.put(url, json={"status": 6, "planning_fields": {"backout_plan": {"description": "<p>Undo</p>"}}})
    assert r.status_code == 200
    updated = r.json()["change"]
    assert updated["status"] == 6 and updated["subject"] == NEW["subject"]
    assert updated["planning_fields"]["backout_plan"]["description"] == "<p>Undo</p>"
    r = await client.put(url, json={"planning_fields": {"wish_list": {"description": "x"}}})
    assert r.status_code == 400
    r = await client.get(url, params={"include": "stats"})
    assert r.status_code == 200 and "stats" in r.json()["change"] and credits(r) == 2
    assert (await client.delete(url)).status_code == 204
    assert (await client.get(url)).status_code == 404
    assert (await client.put(url + "/restore")).status_code == 204
    assert (await client.get(url)).status_code == 200


async def test_update_cannot_blank_what_create_requires(client):
    change = (await client.post("/api/v2/changes", json=NEW)).json()["change"]
    url = f"/api/v2/changes/{change['id']}"
    r = await client.put(url, json={"subject": " ", "requester_id": None, "status": None})
    assert set(errors(r)) == {("subject", "invalid_value"), ("requester_id", "invalid_value"),
                              ("status", "invalid_value")}
    r = await client.put(url, json={"maintenance_window": {}})
    assert r.status_code == 200 and r.json()["change"]["maintenance_window"] == {}

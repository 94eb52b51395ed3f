"""/problems as API-SUPPLEMENT §6 and §8.8 describe them, black-box."""

from __future__ import annotations

from .helpers import errors, every

PROBLEM_FIELDS = {"id", "agent_id", "requester_id", "description", "description_text", "due_by", "subject",
                  "group_id", "priority", "impact", "status", "known_error", "department_id", "category",
                  "sub_category", "item_category", "created_at", "updated_at", "workspace_id", "assets",
                  "associated_change", "custom_fields", "analysis_fields"}
NEW = {"subject": "Printers drop off the network", "description": "<div>Every morning</div>", "status": 1,
       "priority": 3, "impact": 2, "due_by": "2026-02-01T00:00:00Z", "email": "demo.agent@fstui-sandbox.example"}


async def test_list_shape_workspaces_and_updated_since(client):
    primary = await every(client, "/api/v2/problems", "problems")
    assert primary and set(primary[0]) == PROBLEM_FIELDS
    assert {p["workspace_id"] for p in primary} == {2}  # absent = the primary workspace only
    everywhere = await every(client, "/api/v2/problems", "problems", workspace_id=0)
    assert len(everywhere) > len(primary)
    other = {p["workspace_id"] for p in everywhere} - {2}
    assert other
    one = await every(client, "/api/v2/problems", "problems", workspace_id=other.pop())
    assert one and len(one) == len(everywhere) - len(primary)
    r = await client.get("/api/v2/problems", params={"workspace_id": 999})
    assert r.status_code == 400 and errors(r) == [("workspace_id", "invalid_value")]
    r = await client.get("/api/v2/problems", params={"workspace_id": "IT"})
    assert r.status_code == 400 and errors(r) == [("workspace_id", "datatype_mismatch")]
    # 0 answers with global-level fields only: the workspaces' custom fields are dropped.
    assert any(p["custom_fields"] for p in primary) and not any(p["custom_fields"] for p in everywhere)
    created = [p["created_at"] for p in primary]
    assert created == sorted(created, reverse=True)
    newest = max(p["updated_at"] for p in everywhere)
    since = await every(client, "/api/v2/problems", "problems", workspace_id=0, updated_since=newest)
    assert since and all(p["updated_at"] >= newest for p in since)
    r = await client.get("/api/v2/problems", params={"updated_since": "yesterday"})
    assert r.status_code == 400 and errors(r) == [("updated_since", "invalid_value")]


async def test_view_has_text_twins_and_404(client):
    pid = (await every(client, "/api/v2/problems", "problems"))[0]["id"]
    problem = (await client.get(f"/api/v2/problems/{pid}")).json()["problem"]
    assert problem["description_text"] and "<" not in problem["description_text"]
    assert (await client.get("/api/v2/problems/999999")).status_code == 404
    assert (await client.get(f"/api/v2/problems/{pid}", params={"include": "stats"})).status_code == 400


async def test_create_requires_the_documented_fields(client):
    r = await client.post("/api/v2/problems", json={"subject": "x"})
    assert r.status_code == 400
    missing = {f for f, code in errors(r) if code == "missing_field"}
    assert missing == {"description", "status", "priority", "impact", "due_by", "requester_id"}
    r = await client.post("/api/v2/problems", json={**NEW, "status": 4, "impact": 9, "colour": "red"})
    assert set(errors(r)) == {("status", "invalid_value"), ("impact", "invalid_value"), ("colour", "invalid_field")}
    r = await client.post("/api/v2/problems", json={**NEW, "agent_id": 1, "group_id": 2, "priority": "high"})
    assert set(errors(r)) == {("agent_id", "invalid_value"), ("group_id", "invalid_value"),
                              ("priority", "datatype_mismatch")}


async def test_create_update_delete_restore(client):
    r = await client.post("/api/v2/problems", json={
        **NEW, "known_error": True, "assets": [{"display_id": 1}],
        "analysis_fields": {"problem_cause": {"description": "<p>Old driver</p>"}}})
    assert r.status_code == 201, r.text
    problem = r.json()["problem"]
    assert set(problem) == PROBLEM_FIELDS and problem["workspace_id"] == 2 and problem["known_error"] is True
    assert problem["requester_id"] and problem["assets"] == [{"display_id": 1}]
    assert problem["analysis_fields"]["problem_cause"]["description"] == "<p>Old driver</p>"
    assert r.headers["location"].endswith(f"/api/v2/problems/{problem['id']}")
    url = f"/api/v2/problems/{problem['id']}"
    r = await client.put(url, json={"status": 3, "priority": 4})
    assert r.status_code == 200 and (r.json()["problem"]["status"], r.json()["problem"]["priority"]) == (3, 4)
    assert r.json()["problem"]["subject"] == NEW["subject"]  # an update changes only what it sends
    assert (await client.put(url, json={"workspace_id": 3})).status_code == 400  # workspaces change by a move
    r = await client.delete(url)
    assert r.status_code == 200
    assert (await client.get(url)).status_code == 404
    assert problem["id"] not in {p["id"] for p in await every(client, "/api/v2/problems", "problems")}
    assert (await client.put(url, json={"status": 1})).status_code == 404
    assert (await client.put(url + "/restore")).status_code == 204
    assert (await client.get(url)).json()["problem"]["status"] == 3
    assert (await client.put(url + "/restore")).status_code == 404


async def test_create_with_unknown_email_makes_a_requester(client):
    r = await client.post("/api/v2/problems", json={**NEW, "email": "brand.new@customer.example"})
    assert r.status_code == 201
    rid = r.json()["problem"]["requester_id"]
    requester = (await client.get(f"/api/v2/requesters/{rid}")).json()["requester"]
    assert requester["primary_email"] == "brand.new@customer.example"

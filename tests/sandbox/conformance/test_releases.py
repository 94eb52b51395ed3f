"""/releases as API-SUPPLEMENT §6 and §8.8 describe them, black-box."""

from __future__ import annotations

from .helpers import errors, every

NEW = {"subject": "Roll out the new intranet", "description": "<p>Phase 1</p>", "status": 1, "priority": 2,
       "release_type": 2, "planned_start_date": "2026-03-01T08:00:00Z", "planned_end_date": "2026-03-02T08:00:00Z"}


async def test_list_and_legacy_filter(client):
    releases = await every(client, "/api/v2/releases", "releases")
    assert releases and {r["workspace_id"] for r in releases} == {2}
    assert {"release_type", "planning_fields", "associated_changes", "work_start_date"} <= set(releases[0])
    completed = await client.get("/api/v2/releases", params={"filter_name": "completed"})
    assert completed.status_code == 200 and isinstance(completed.json(), list)  # v1-like bare array
    assert completed.json() and {r["status"] for r in completed.json()} == {5}
    assert (await client.get("/api/v2/releases", params={"filter_name": "mine"})).status_code == 400


async def test_create_wrapped_or_not_update_delete(client):
    r = await client.post("/api/v2/releases", json={"subject": "x"})
    missing = {f for f, code in errors(r) if code == "missing_field"}
    assert missing == {"description", "status", "priority", "release_type", "planned_start_date", "planned_end_date"}
    plain = await client.post("/api/v2/releases", json=NEW)
    wrapped = await client.post("/api/v2/releases", json={"release": NEW})
    assert plain.status_code == wrapped.status_code == 201
    release = wrapped.json()["release"]
    assert release["subject"] == NEW["subject"] and "requester_id" not in release
    change = (await every(client, "/api/v2/changes", "changes"))[0]
    url = f"/api/v2/releases/{release['id']}"
    r = await client.put(url, json={"release": {"status": 5, "associated_changes": [change["id"]]}})
    assert r.status_code == 200 and r.json()["release"]["associated_changes"] == [change["id"]]
    assert (await client.put(url, json={"associated_changes": [987654]})).status_code == 400
    assert (await client.put(url, json={"release_type": 7})).status_code == 400
    assert (await client.delete(url)).status_code == 200
    deleted = (await client.get("/api/v2/releases", params={"filter_name": "deleted"})).json()
    assert release["id"] in {r["id"] for r in deleted}
    assert (await client.put(url + "/restore")).status_code == 204

"""Tasks under tickets, problems, changes and releases (API-SUPPLEMENT §3.4, §8.8), black-box."""

from __future__ import annotations

import pytest

from .helpers import errors, every

TASK = {"title": "Swap the switch", "description": "<p>Rack 4</p>", "due_date": "2026-02-10T10:00:00Z",
        "notify_before": 3600}
TASK_FIELDS = {"id", "agent_id", "status", "due_date", "notify_before", "title", "description", "created_at",
               "updated_at", "closed_at", "group_id", "workspace_id"}


@pytest.mark.parametrize("kind", ["tickets", "problems", "changes", "releases"])
async def test_task_crud_and_closing(client, kind):
    record = (await client.get(f"/api/v2/{kind}", params={"per_page": 1})).json()[kind][0]
    url = f"/api/v2/{kind}/{record['id']}/tasks"
    agent = (await client.get("/api/v2/agents", params={"per_page": 1})).json()["agents"][0]
    r = await client.post(url, json={**TASK, "agent_id": agent["id"]})
    assert r.status_code == 201, r.text
    task = r.json()["task"]
    assert set(task) == TASK_FIELDS and task["status"] == 1 and task["closed_at"] is None
    assert task["due_date"] == "2026-02-10T10:00:00Z" and task["agent_id"] == agent["id"]
    r = await client.put(f"{url}/{task['id']}", json={"status": 3})
    assert r.status_code == 200 and r.json()["task"]["closed_at"] is not None
    r = await client.put(f"{url}/{task['id']}", json={"status": 2})
    assert r.json()["task"]["closed_at"] is None and r.json()["task"]["title"] == TASK["title"]
    assert task["id"] in {t["id"] for t in (await client.get(url)).json()["tasks"]}
    assert (await client.delete(f"{url}/{task['id']}")).status_code == 204
    assert (await client.get(f"{url}/{task['id']}")).status_code == 404


async def test_task_validation(client):
    problem = (await every(client, "/api/v2/problems", "problems"))[0]
    url = f"/api/v2/problems/{problem['id']}/tasks"
    r = await client.post(url, json={"title": "only a title"})
    assert {f for f, c in errors(r) if c == "missing_field"} == {"description", "due_date", "notify_before"}
    r = await client.post(url, json={**TASK, "status": 9, "agent_id": 42, "owner": "me"})
    assert set(errors(r)) == {("status", "invalid_value"), ("agent_id", "invalid_value"), ("owner", "invalid_field")}
    r = await client.post(url, json={"task": TASK})  # a wrapped body is accepted too
    assert r.status_code == 201
    assert (await client.post("/api/v2/problems/999999/tasks", json=TASK)).status_code == 404

"""Time entries under tickets, problems, changes and releases (API-SUPPLEMENT §3.4, §8.8), black-box."""

from __future__ import annotations

import pytest

from .helpers import errors, every

ENTRY_FIELDS = {"id", "created_at", "updated_at", "start_time", "timer_running", "billable", "time_spent",
                "executed_at", "task_id", "workspace_id", "note", "agent_id", "custom_fields"}


async def _agent(client, index: int = 0) -> int:
    return (await client.get("/api/v2/agents", params={"per_page": 5})).json()["agents"][index]["id"]


@pytest.mark.parametrize("kind", ["tickets", "problems", "changes", "releases"])
async def test_entry_crud_wrapped_and_unwrapped(client, kind):
    record = (await client.get(f"/api/v2/{kind}", params={"per_page": 1})).json()[kind][0]
    url = f"/api/v2/{kind}/{record['id']}/time_entries"
    agent = await _agent(client)
    r = await client.post(url, json={"time_entry": {"agent_id": agent, "time_spent": "01:30", "note": "Call"}})
    assert r.status_code == 201, r.text
    entry = r.json()["time_entry"]
    assert set(entry) == ENTRY_FIELDS and entry["time_spent"] == "01:30" and entry["billable"] is True
    assert entry["timer_running"] is False
    r = await client.post(url, json={"agent_id": agent, "time_spent": "00:15", "billable": False})
    assert r.status_code == 201 and r.json()["time_entry"]["billable"] is False
    listed = (await client.get(url)).json()["time_entries"]
    assert entry["id"] in {e["id"] for e in listed}
    r = await client.put(f"{url}/{entry['id']}", json={"time_entry": {"time_spent": "02:00"}})
    assert r.status_code == 200 and r.json()["time_entry"]["time_spent"] == "02:00"
    assert (await client.delete(f"{url}/{entry['id']}")).status_code == 200
    assert (await client.get(f"{url}/{entry['id']}")).status_code == 404


async def test_timer_rules(client, clock):
    problems = await every(client, "/api/v2/problems", "problems")
    first, second = (f"/api/v2/problems/{p['id']}/time_entries" for p in problems[:2])
    agent = await _agent(client, 2)
    r = await client.post(first, json={"agent_id": agent})
    assert errors(r) == [("time_spent", "missing_field")]
    r = await client.post(first, json={"agent_id": agent, "timer_running": True, "time_spent": "00:10"})
    assert errors(r) == [("time_spent", "incompatible_field")]
    r = await client.post(first, json={"agent_id": agent, "timer_running": True})
    assert r.status_code == 201
    running = r.json()["time_entry"]
    # One running timer per agent, account-wide.
    r = await client.post(second, json={"agent_id": agent, "timer_running": True})
    assert errors(r) == [("timer_running", "invalid_value")]
    r = await client.put(f"{first}/{running['id']}", json={"timer_running": True})
    assert errors(r) == [("timer_running", "invalid_value")]
    r = await client.put(f"{first}/{running['id']}", json={"time_spent": "00:05"})
    assert errors(r) == [("time_spent", "incompatible_field")]
    clock.advance(45 * 60)
    r = await client.put(f"{first}/{running['id']}", json={"timer_running": False})
    assert r.status_code == 200
    assert r.json()["time_entry"]["timer_running"] is False and r.json()["time_entry"]["time_spent"] == "00:45"
    assert (await client.post(second, json={"agent_id": agent, "timer_running": True})).status_code == 201


async def test_entry_validation(client):
    problem = (await every(client, "/api/v2/problems", "problems"))[0]
    url = f"/api/v2/problems/{problem['id']}/time_entries"
    agent = await _agent(client)
    r = await client.post(url, json={"agent_id": agent, "time_spent": "90 minutes"})
    assert errors(r) == [("time_spent", "invalid_value")]
    r = await client.post(url, json={"agent_id": agent, "time_spent": "00:10", "executed_at": "2099-01-01T00:00:00Z"})
    assert errors(r) == [("executed_at", "invalid_value")]
    r = await client.post(url, json={"agent_id": agent, "time_spent": "00:10", "task_id": 1})
    assert errors(r) == [("task_id", "invalid_value")]
    r = await client.post(url, json={"agent_id": agent, "time_spent": "00:10", "hours": 1})
    assert errors(r) == [("hours", "invalid_field")]
    task = (await client.post(f"/api/v2/problems/{problem['id']}/tasks", json={
        "title": "t", "description": "d", "due_date": "2026-02-01T00:00:00Z", "notify_before": 0,
        "agent_id": agent})).json()["task"]
    r = await client.post(url, json={"agent_id": agent, "time_spent": "00:10", "task_id": task["id"]})
    assert r.status_code == 201 and r.json()["time_entry"]["task_id"] == task["id"]
    other = await _agent(client, 3)
    r = await client.post(url, json={"agent_id": other, "time_spent": "00:10", "task_id": task["id"]})
    assert errors(r) == [("task_id", "invalid_value")]

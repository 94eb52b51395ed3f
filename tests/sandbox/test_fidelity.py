"""The sandbox answers as a current account does (QA item 12), black box over ASGI: the agent shape, the
Manage Agents permission of include_agents, the type error of an id field in a people query, and the
matching of an asset search."""

from __future__ import annotations

import httpx
import pytest

from fstui.sandbox import READONLY_API_KEY

DENIED = {"code": "access_denied", "message": "You are not authorized to perform this action."}
DEPRECATED = {"scopes", "group_ids", "role_ids", "ticket_scope", "problem_scope", "change_scope", "release_scope"}


@pytest.fixture
async def ro(app, sb):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test",
                                 auth=(READONLY_API_KEY, "X")) as c:
        yield c


async def test_agents_answer_in_the_current_shape_only(client):
    agents = (await client.get("/api/v2/agents", params={"per_page": 100})).json()["agents"]
    me = (await client.get("/api/v2/agents/me")).json()["agent"]
    one = (await client.get(f"/api/v2/agents/{agents[3]['id']}")).json()["agent"]
    found = (await client.get("/api/v2/agents", params={"query": "\"name:'Demo Agent'\""})).json()["agents"]
    for agent in agents + [me, one] + found:
        assert not DEPRECATED & set(agent), agent["id"]
        assert agent["roles"] and all(set(r) == {"role_id", "assignment_scope", "groups"} for r in agent["roles"])
    groups = (await client.get("/api/v2/groups", params={"workspace_id": 0, "per_page": 100})).json()["groups"]
    assert sorted(me["member_of"]) == sorted(g["id"] for g in groups if me["id"] in g["members"])
    assert me["roles"] == [{"role_id": 1, "assignment_scope": "entire_helpdesk", "groups": []}]


async def test_groups_answer_members_and_take_both_names(client):
    agents = [a["id"] for a in (await client.get("/api/v2/agents")).json()["agents"][:3]]
    r = await client.post("/api/v2/groups", json={"name": "Night shift", "members": agents[:2],
                                                  "observers": [agents[2]]})
    assert r.status_code == 201, r.text
    group = r.json()["group"]
    assert "agent_ids" not in group and group["members"] == agents[:2] and group["observers"] == [agents[2]]
    assert group["id"] in (await client.get(f"/api/v2/agents/{agents[2]}")).json()["agent"]["observer_of"]
    r = await client.put(f"/api/v2/groups/{group['id']}", json={"agent_ids": [agents[0]]})
    assert r.json()["group"]["members"] == [agents[0]]


async def test_agent_writes_take_the_current_names_and_the_references(client):
    gid = (await client.get("/api/v2/groups")).json()["groups"][0]["id"]
    r = await client.post("/api/v2/agents", json={
        "first_name": "Nia", "email": "nia@example.com", "member_of": [gid],
        "roles": [{"role_id": 4, "assignment_scope": "specified_groups", "groups": [gid]}]})
    assert r.status_code == 201, r.text
    agent = r.json()["agent"]
    assert agent["member_of"] == [gid] and not DEPRECATED & set(agent)
    assert agent["roles"] == [{"role_id": 4, "assignment_scope": "specified_groups", "groups": [gid]}]
    r = await client.put(f"/api/v2/agents/{agent['id']}", json={"group_ids": [], "role_ids": [2]})
    assert r.status_code == 200
    assert r.json()["agent"]["member_of"] == [] and [x["role_id"] for x in r.json()["agent"]["roles"]] == [2]
    r = await client.put(f"/api/v2/agents/{agent['id']}", json={"roles": [{"role_id": 4, "assignment_scope": "x"}]})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "roles"
    r = await client.put(f"/api/v2/agents/{agent['id']}",
                         json={"roles": [{"role_id": 4, "assignment_scope": "specified_groups"}]})
    assert r.status_code == 400


async def test_include_agents_needs_manage_agents(client, ro):
    r = await ro.get("/api/v2/requesters", params={"include_agents": "true"})
    assert (r.status_code, r.json()) == (403, DENIED)
    r = await ro.get("/api/v2/requesters", params={"include_agents": "true", "query": "\"language:'en'\""})
    assert r.status_code == 403
    assert (await ro.get("/api/v2/requesters")).status_code == 200
    rows = (await client.get("/api/v2/requesters", params={"include_agents": "true", "per_page": 100,
                                                            "email": "demo.agent@fstui-sandbox.example"})).json()
    assert [x["is_agent"] for x in rows["requesters"]] == [True]


async def test_department_id_in_a_people_query_must_be_a_number(client):
    wrong = {}
    for field in ("location_id", "department_id"):
        r = await client.get("/api/v2/agents", params={"query": f'"{field}:abc"'})
        assert r.status_code == 400
        wrong[field] = r.json()["errors"]
    assert wrong["department_id"] == wrong["location_id"] == [
        {"field": "query", "message": "It should be a/an Positive Integer", "code": "datatype_mismatch"}]
    r = await client.get("/api/v2/requesters", params={"query": '"department_id:abc"'})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "datatype_mismatch"
    dept = (await client.get("/api/v2/departments")).json()["departments"][-1]["id"]
    rows = (await client.get("/api/v2/agents", params={"query": f'"department_id:{dept}"'})).json()["agents"]
    assert rows and all(dept in a["department_ids"] for a in rows)


async def test_asset_search_matches_part_of_a_name(client, sb):
    async def search(value):
        found, page = [], 1
        while True:
            r = await client.get("/api/v2/assets", params={"search": f"\"name:'{value}'\"", "page": page})
            assert r.status_code == 200
            found += r.json()["assets"]
            if "link" not in r.headers:
                return found
            page += 1

    samsung = await search("Samsung")
    expected = [a for a in sb.store.assets.values() if "samsung" in a["name"].lower() and not a["_trashed"]
                and a.get("workspace_id") == 2]
    assert len(samsung) == len(expected) > 1 and all("Samsung" in a["name"] for a in samsung)
    assert {a["name"] for a in await search("samsung laptop")} == {
        a["name"] for a in expected if "Samsung Laptop" in a["name"]}
    assert await search("Nokia") == []


async def test_a_workspace_in_an_asset_filter_stays_within_the_keys_workspaces(client, ro):
    q = {"filter": '"workspace_id:4"'}
    assert (await client.get("/api/v2/assets", params=q)).json()["assets"]
    assert (await ro.get("/api/v2/assets", params=q)).json()["assets"] == []

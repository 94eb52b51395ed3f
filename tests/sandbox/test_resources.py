"""Assets, requesters, agents, roles, groups: shapes as in the reference's examples, filters, CRUD."""

from __future__ import annotations

from fstui.sandbox import DEMO_AGENT_EMAIL
from fstui.sandbox.store import AGENT_KEYS, ASSET_KEYS, GROUP_KEYS, REQUESTER_KEYS, ROLE_KEYS

from .test_tickets import all_pages


async def test_assets_list_order_trashed_type_fields(client, sb):
    r = await client.get("/api/v2/assets")
    assets = r.json()["assets"]
    assert len(assets) == 30 and list(assets[0]) == list(ASSET_KEYS)
    assert [a["created_at"] for a in assets] == sorted((a["created_at"] for a in assets), reverse=True)
    r = await client.get("/api/v2/assets", params={"order_by": "id", "order_type": "asc"})
    ids = [a["id"] for a in r.json()["assets"]]
    assert ids == sorted(ids)
    active = await all_pages(client, "/api/v2/assets")
    trashed = await all_pages(client, "/api/v2/assets", {"trashed": "true"})
    primary = [a for a in sb.store.assets.values() if a["workspace_id"] == 2]  # no workspace_id: primary
    assert len(active) + len(trashed) == len(primary) and trashed
    assert not {a["id"] for a in active} & {a["id"] for a in trashed}
    r = await client.get("/api/v2/assets", params={"include": "type_fields"})
    assert r.headers["x-ratelimit-used-currentrequest"] == "3"
    assert "serial_number" in r.json()["assets"][0]["type_fields"]
    assert (await client.get("/api/v2/assets", params={"order_by": "name"})).status_code == 400


async def test_asset_view(client):
    r = await client.get("/api/v2/assets/65")
    assert r.status_code == 200 and r.json()["asset"]["display_id"] == 65
    r = await client.get("/api/v2/assets/65", params={"include": "type_fields"})
    assert r.headers["x-ratelimit-used-currentrequest"] == "2" and "type_fields" in r.json()["asset"]
    assert (await client.get("/api/v2/assets/100000")).status_code == 404


async def test_asset_filter(client, sb):
    r = await client.get("/api/v2/assets", params={"query": "\"asset_state:'In Stock' AND created_at:>'2025-01-10'\""})
    assert r.status_code == 200
    expected = [a for a in sb.store.assets.values() if not a["_trashed"] and a["_asset_state"] == "In Stock"
                and a["created_at"] >= 1736467200]
    assert int(r.headers["x-total-count"]) == len(expected)
    assert len(r.json()["assets"]) == min(30, len(expected))
    r = await client.get("/api/v2/assets", params={"query": '"ci_type_id:1 OR ci_type_id:2"', "page": 2})
    assert r.status_code == 200
    r = await client.get("/api/v2/assets", params={"query": '"user_id:null"'})
    assert all(a["user_id"] is None for a in r.json()["assets"])
    r = await client.get("/api/v2/assets", params={"query": '"ci_type_id:1"', "page": 41})
    assert r.status_code == 400
    r = await client.get("/api/v2/assets", params={"query": "ci_type_id:1"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "query"


async def test_requesters_list_filters_and_fields(client, sb):
    r = await client.get("/api/v2/requesters")
    reqs = r.json()["requesters"]
    assert list(reqs[0]) == list(REQUESTER_KEYS) and "link" in r.headers
    names = [(x["first_name"].lower(), (x["last_name"] or "").lower()) for x in reqs]
    assert names == sorted(names)
    some = next(iter(sb.store.requesters.values()))
    for key, value in (("email", some["primary_email"]), ("work_phone_number", some["work_phone_number"])):
        found = (await client.get("/api/v2/requesters", params={key: value})).json()["requesters"]
        assert some["id"] in [x["id"] for x in found]
    r = await client.get("/api/v2/requesters", params={"email": some["primary_email"].upper()})
    assert [x["id"] for x in r.json()["requesters"]] == [some["id"]]
    assert (await client.get("/api/v2/requesters", params={"name": "x"})).status_code == 400
    fields = (await client.get("/api/v2/requester_fields")).json()["requester_fields"]
    assert {"first_name", "email", "language", "employee_id"} <= {f["name"] for f in fields}


async def test_requester_crud(client, sb):
    body = {"first_name": "Ron", "last_name": "Weasley", "job_title": "Student",
            "primary_email": "ronald.weasley@hogwarts.edu", "secondary_emails": ["ron@freshservice.com"],
            "work_phone_number": "62443", "mobile_phone_number": "77762443",
            "can_see_all_tickets_from_associated_departments": False, "time_zone": "Edinburgh", "language": "en",
            "custom_fields": {"vip": True}}
    r = await client.post("/api/v2/requesters", json=body)
    assert r.status_code == 201, r.text
    req = r.json()["requester"]
    assert list(req) == list(REQUESTER_KEYS)
    assert req["first_name"] == "Ron" and req["custom_fields"]["vip"] is True
    assert r.headers["location"].endswith(f"/api/v2/requesters/{req['id']}")
    r = await client.post("/api/v2/requesters", json=body)
    assert r.status_code == 409 and r.json()["errors"][0]["code"] == "duplicate_value"
    r = await client.post("/api/v2/requesters", json={"last_name": "x"})
    codes = {e["field"]: e["code"] for e in r.json()["errors"]}
    assert codes == {"first_name": "missing_field", "primary_email": "missing_field"}
    r = await client.put(f"/api/v2/requesters/{req['id']}", json={"first_name": "Ronald"})
    assert r.status_code == 200 and r.json()["requester"]["first_name"] == "Ronald"
    assert (await client.get(f"/api/v2/requesters/{req['id']}")).json()["requester"]["first_name"] == "Ronald"
    assert (await client.delete(f"/api/v2/requesters/{req['id']}")).status_code == 204
    assert (await client.get(f"/api/v2/requesters/{req['id']}")).status_code == 404


async def test_agents_list_filters_state(client, sb):
    r = await client.get("/api/v2/agents", params={"email": DEMO_AGENT_EMAIL})
    agents = r.json()["agents"]
    assert len(agents) == 1 and list(agents[0]) == list(AGENT_KEYS)
    demo = agents[0]
    assert demo["id"] == 1000000001 and demo["roles"] == [{"role_id": 1, "assignment_scope": "entire_helpdesk",
                                                           "groups": []}]
    assert demo["member_of"]
    every = await all_pages(client, "/api/v2/agents")
    assert 50 <= len(every) <= 70
    occasional = await all_pages(client, "/api/v2/agents", {"state": "occasional"})
    fulltime = await all_pages(client, "/api/v2/agents", {"state": "fulltime"})
    assert occasional and all(a["occasional"] for a in occasional)
    assert len(occasional) + len(fulltime) == len(every)
    assert (await client.get("/api/v2/agents", params={"state": "parttime"})).status_code == 400
    r = await client.get("/api/v2/agents", params={"mobile_phone_number": demo["mobile_phone_number"]})
    assert demo["id"] in [a["id"] for a in r.json()["agents"]]


async def test_agent_crud_and_delete_turns_into_requester(client, sb):
    gid = next(iter(sb.store.groups))
    r = await client.post("/api/v2/agents", json={
        "first_name": "Rolanda", "last_name": "Hooch", "occasional": False, "job_title": "Flying Instructor",
        "email": "rolanda.hooch@hogwarts.edu", "work_phone_number": "443532", "scoreboard_level_id": 1,
        "group_ids": [gid], "role_ids": [1]})
    assert r.status_code == 201, r.text
    agent = r.json()["agent"]
    assert agent["member_of"] == [gid]  # the reference's names are accepted, the current ones answered
    assert agent["id"] in (await client.get(f"/api/v2/groups/{gid}")).json()["group"]["members"]
    r = await client.post("/api/v2/agents", json={"first_name": "x"})
    assert {e["field"] for e in r.json()["errors"]} == {"email", "roles"}
    r = await client.post("/api/v2/agents", json={"first_name": "x", "email": "rolanda.hooch@hogwarts.edu",
                                                  "role_ids": [1]})
    assert r.status_code == 409
    r = await client.put(f"/api/v2/agents/{agent['id']}", json={"scoreboard_level_id": 2, "group_ids": []})
    assert r.status_code == 200
    assert r.json()["agent"]["scoreboard_level_id"] == 2 and r.json()["agent"]["member_of"] == []
    assert (await client.put(f"/api/v2/agents/{agent['id']}", json={"scoreboard_level_id": 9})).status_code == 400
    assert (await client.delete(f"/api/v2/agents/{agent['id']}")).status_code == 204
    assert (await client.get(f"/api/v2/agents/{agent['id']}")).status_code == 404
    r = await client.get(f"/api/v2/requesters/{agent['id']}")
    assert r.status_code == 200 and r.json()["requester"]["primary_email"] == "rolanda.hooch@hogwarts.edu"


async def test_roles(client):
    r = await client.get("/api/v2/roles")
    roles = r.json()["roles"]
    assert len(roles) == 6 and list(roles[0]) == [*ROLE_KEYS, "role_type"]
    assert roles[0]["name"] == "Account Admin" and roles[0]["default"] is True
    assert [r["role_type"] for r in roles] == [1, 1, 2, 2, 2, 2]  # current accounts: 1 admin, 2 agent
    assert (await client.get("/api/v2/roles/1")).json()["role"]["id"] == 1
    assert (await client.get("/api/v2/roles/")).status_code == 200
    assert (await client.get("/api/v2/roles/99")).status_code == 404
    assert (await client.post("/api/v2/roles", json={"name": "x"})).status_code == 405


async def test_groups_crud(client, sb):
    r = await client.get("/api/v2/groups")
    groups = r.json()["groups"]
    assert len(groups) == 8 and list(groups[0]) == list(GROUP_KEYS)
    agents = list(sb.store.agents)[2:4]
    r = await client.post("/api/v2/groups", json={"name": "Linux Support",
                                                  "description": "Support team for Linux VMs, workstations, and servers",
                                                  "unassigned_for": "30m", "agent_ids": agents})
    assert r.status_code == 201, r.text
    g = r.json()["group"]
    assert g["members"] == agents and g["unassigned_for"] == "30m" and "agent_ids" not in g
    assert (await client.post("/api/v2/groups", json={"name": "Linux Support"})).status_code == 409
    assert (await client.post("/api/v2/groups", json={"description": "x"})).json()["errors"][0]["code"] == \
        "missing_field"
    assert (await client.post("/api/v2/groups", json={"name": "Y", "unassigned_for": "5m"})).status_code == 400
    r = await client.put(f"/api/v2/groups/{g['id']}", json={"agent_ids": []})
    assert r.status_code == 200 and r.json()["group"]["members"] == []
    assert (await client.delete(f"/api/v2/groups/{g['id']}")).status_code == 204
    assert (await client.get(f"/api/v2/groups/{g['id']}")).status_code == 404

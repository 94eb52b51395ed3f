"""The sandbox's current API (../shared/API-SUPPLEMENT.md), black box over ASGI: every documented
behaviour the sandbox implements beyond the reference, pinned."""

from __future__ import annotations

import httpx
import pytest

from fstui.sandbox import DEMO_API_KEY, READONLY_API_KEY
from fstui.sandbox.app import create_app
from fstui.sandbox.dates import parse_datetime

from .conftest import T0, FakeClock


async def get(client, url, **params):
    return await client.get(url, params=params or None)


# --- workspaces ------------------------------------------------------------------------------------------


async def test_workspaces_list_view_and_paging(client):
    r = await get(client, "/api/v2/workspaces")
    spaces = r.json()["workspaces"]
    assert [(w["id"], w["name"], w["primary"]) for w in spaces] == [(2, "IT", True), (3, "HR", False),
                                                                    (4, "Facilities", False)]
    assert set(spaces[0]) == {"id", "name", "description", "primary", "restricted", "state", "template_name",
                              "type", "created_at", "updated_at"}
    assert spaces[0]["state"] == "active" and spaces[0]["type"] == "workspace"
    r = await get(client, "/api/v2/workspaces", per_page=2)
    assert len(r.json()["workspaces"]) == 2 and 'rel="next"' in r.headers["link"]
    assert (await get(client, "/api/v2/workspaces/3")).json()["workspace"]["template_name"] == "hr"
    assert (await get(client, "/api/v2/workspaces/1")).status_code == 404  # the global level is no workspace
    assert (await get(client, "/api/v2/workspaces", bogus="1")).json()["errors"][0]["code"] == "invalid_field"


@pytest.mark.parametrize("url, key", [("/api/v2/tickets", "tickets"), ("/api/v2/assets", "assets"),
                                      ("/api/v2/groups", "groups")])
async def test_workspace_id_absent_primary_n_all_unknown(client, url, key):
    absent = (await get(client, url, per_page=100)).json()[key]
    assert {x["workspace_id"] for x in absent} == {2}
    if key != "groups":
        some = (await get(client, url, per_page=100, workspace_id=4)).json()[key]
        assert some and {x["workspace_id"] for x in some} == {4}
    every = await get(client, url, per_page=100, workspace_id=0)
    assert every.status_code == 200
    r = await get(client, url, workspace_id=99)
    assert r.status_code == 400
    assert r.json()["errors"] == [{"field": "workspace_id", "code": "invalid_value",
                                   "message": "There is no workspace matching the given workspace_id (99)"}]
    r = await get(client, url, workspace_id="it")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "datatype_mismatch"


async def test_workspace_zero_keeps_only_global_fields(client):
    every = (await get(client, "/api/v2/tickets", per_page=100, workspace_id=0, order_type="asc",
                       updated_since="2000-01-01")).json()["tickets"]
    assert {t["workspace_id"] for t in every} == {2}  # the oldest hundred are IT's
    assert all("business_impact" in t["custom_fields"] for t in every)  # a global field: kept
    newest = []
    page = 1
    while True:
        r = await get(client, "/api/v2/tickets", per_page=100, workspace_id=0, page=page)
        newest += r.json()["tickets"]
        if "link" not in r.headers:
            break
        page += 1
    assert {t["workspace_id"] for t in newest} == {2, 3, 4}
    by_comma = (await get(client, "/api/v2/tickets", per_page=100, workspace_id="3,4")).json()["tickets"]
    assert {t["workspace_id"] for t in by_comma} == {3, 4}
    hr = [t for t in newest if t["workspace_id"] == 3]
    assert hr and all("hr_case_type" not in t["custom_fields"] for t in hr)  # HR's own field: dropped
    one = (await get(client, "/api/v2/tickets", workspace_id=3)).json()["tickets"][0]
    assert "hr_case_type" in one["custom_fields"]


async def test_filter_workspace_param_and_in_query(client):
    hr = (await get(client, "/api/v2/tickets/filter", query='"workspace_id:3"')).json()
    assert hr["total"] > 0 and {t["workspace_id"] for t in hr["tickets"]} == {3}
    plain = (await get(client, "/api/v2/tickets/filter", query='"priority:4"')).json()
    assert {t["workspace_id"] for t in plain["tickets"]} == {2}
    param = (await get(client, "/api/v2/tickets/filter", query='"priority:4"', workspace_id=4)).json()
    assert {t["workspace_id"] for t in param["tickets"]} <= {4}
    both = (await get(client, "/api/v2/assets", filter='"workspace_id:4"')).json()["assets"]
    assert both and {a["workspace_id"] for a in both} == {4}


async def test_groups_agents_tickets_in_every_workspace(client, sb):
    for wid in (2, 3, 4):
        groups = (await get(client, "/api/v2/groups", workspace_id=wid)).json()["groups"]
        tickets = (await get(client, "/api/v2/tickets", workspace_id=wid)).json()["tickets"]
        agents = [a for a in sb.store.agents.values() if wid in a["workspace_ids"]]
        assert groups and tickets and len(agents) >= 4, wid


# --- agents and requesters -----------------------------------------------------------------------------


async def test_agents_me_for_the_key_and_the_readonly_key(client, app):
    me = (await get(client, "/api/v2/agents/me")).json()["agent"]
    assert me["email"] == "demo.agent@fstui-sandbox.example"
    assert me["workspace_ids"] == [2, 3, 4] and me["roles"][0]["role_id"] == 1
    assert me["member_of"] and not {"group_ids", "role_ids", "scopes"} & set(me)  # the current shape only
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test",
                                 auth=(READONLY_API_KEY, "X")) as ro:
        other = (await ro.get("/api/v2/agents/me")).json()["agent"]
        assert other["first_name"] == "Riley" and other["workspace_ids"] == [2, 3]
        assert (await ro.put("/api/v2/agents/me", json={})).status_code == 405
    r = await get(client, "/api/v2/agents/me", include="x")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "invalid_field"


async def test_people_query_grammar_paging_and_errors(client):
    r = await get(client, "/api/v2/agents", query="\"~[first_name|last_name]:'reye'\"")
    assert [a["first_name"] for a in r.json()["agents"]] == ["Hannah"]
    r = await get(client, "/api/v2/agents", query="\"name:'Hannah Reyes'\"")
    assert len(r.json()["agents"]) == 1
    r = await get(client, "/api/v2/requesters", query="\"language:'en'\"")
    rows = r.json()["requesters"]
    assert len(rows) == 30 and 'rel="next"' in r.headers["link"]
    created = [row["created_at"] for row in rows]
    assert created == sorted(created, reverse=True)  # newest first
    assert (await get(client, "/api/v2/requesters", query="\"language:'en'\"", page=41)).status_code == 400
    r = await get(client, "/api/v2/requesters", query='"shoe_size:42"')
    assert r.status_code == 400 and r.json()["errors"][0] == {
        "field": "query", "message": "[:invalid_field]", "code": "invalid_value"}
    r = await get(client, "/api/v2/agents", query="\"location_id:'x'\"")
    assert r.json()["errors"][0]["message"] == "It should be a/an Positive Integer"
    r = await get(client, "/api/v2/agents", query="\"~[job_title]:'x'\"")
    assert r.status_code == 400
    r = await get(client, "/api/v2/agents", query='"email:\'' + "x" * 520 + '\'"')
    assert r.status_code == 400  # longer than 512 characters
    r = await get(client, "/api/v2/requesters", query="\"email:'a@b'\"")  # requesters use primary_email
    assert r.status_code == 400


async def test_active_state_and_include_agents(client, sb):
    r = await get(client, "/api/v2/agents", active="false")
    assert r.json()["agents"] == []
    r = await get(client, "/api/v2/agents", active="maybe")
    assert r.status_code == 400
    r = await get(client, "/api/v2/agents", state="occasional", per_page=100)
    assert all(a["occasional"] for a in r.json()["agents"])
    rows, page = [], 1
    while True:
        r = await get(client, "/api/v2/requesters", include_agents="true", per_page=100, page=page)
        rows += r.json()["requesters"]
        if "link" not in r.headers:
            break
        page += 1
    assert len(rows) == len(sb.store.requesters) + len(sb.store.agents)
    assert sum(row["is_agent"] for row in rows) == len(sb.store.agents)


async def test_current_person_fields(client):
    req = (await get(client, "/api/v2/requesters")).json()["requesters"][0]
    assert req["active"] is True and req["is_agent"] is False
    assert req["department_names"] and req["location_name"]
    agent = (await get(client, "/api/v2/agents")).json()["agents"][0]
    assert {"roles", "member_of", "observer_of", "workspace_ids", "workspace_info"} <= set(agent)


# --- tickets --------------------------------------------------------------------------------------------


async def test_ticket_type_filter_is_case_sensitive(client):
    rows = (await get(client, "/api/v2/tickets", type="Service Request", per_page=100)).json()["tickets"]
    assert rows and {t["type"] for t in rows} == {"Service Request"}
    r = await get(client, "/api/v2/tickets", type="incident")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "type"


async def test_current_includes_and_fields(client):
    row = (await get(client, "/api/v2/tickets", include="requested_for,department")).json()["tickets"][0]
    assert row["requested_for"]["id"] == row["requested_for_id"] and "department" in row
    view = (await get(client, f"/api/v2/tickets/{row['id']}", include="changes,requested_for")).json()["ticket"]
    assert view["approval_status_name"] == "Not Requested" and view["workspace_id"] == 2
    assert "changes_initiated_by_ticket" in view and "resolution_notes" in view
    assert (await get(client, "/api/v2/tickets", include="bogus")).status_code == 400


async def test_custom_statuses_and_sources(client, sb):
    hr = (await get(client, "/api/v2/tickets", workspace_id=3, per_page=100)).json()["tickets"]
    assert {6, 12} <= {t["status"] for t in hr} and {1001, 1002} & {t["source"] for t in hr}
    tid = hr[0]["id"]
    r = await client.put(f"/api/v2/tickets/{tid}", json={"status": 12, "source": 1001})
    assert r.status_code == 200 and r.json()["ticket"]["status"] == 12
    r = await client.put(f"/api/v2/tickets/{tid}", json={"status": 7})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "status"


async def test_ticket_form_fields_shapes_and_scope(client):
    fields = (await get(client, "/api/v2/ticket_form_fields")).json()["ticket_fields"]
    by_name = {f["name"]: f for f in fields}
    status = by_name["status"]
    assert {"id": 6, "value": "Waiting on Customer", "requester_display_value": "Awaiting your Reply"} in \
        status["choices"]
    assert {"id": 1001, "value": "Vendor Portal"} in by_name["source"]["choices"]
    assert by_name["category"]["choices"][0]["nested_options"]
    assert [n["level"] for n in by_name["category"]["nested_fields"]] == [2, 3]
    assert by_name["workspace_id"]["workspace_id"] is None and by_name["workspace_id"]["choices"] == []
    assert by_name["requester"]["portalcc_to"] == "company"
    assert by_name["business_impact"]["sections"]
    assert {"field_type", "default_field", "belongs_to_section"} <= set(status)
    only_global = (await get(client, "/api/v2/ticket_form_fields", workspace_id=0)).json()["ticket_fields"]
    assert {f["workspace_id"] for f in only_global} == {1, None}
    hr = (await get(client, "/api/v2/ticket_form_fields", workspace_id=3)).json()["ticket_fields"]
    assert "hr_case_type" in {f["name"] for f in hr} and "business_impact" in {f["name"] for f in hr}
    assert "hr_case_type" not in by_name  # default: global + primary (IT) fields only
    assert (await get(client, "/api/v2/ticket_form_fields", page=1)).status_code == 400


# --- departments, locations, asset types, SLA, business hours ------------------------------------------


@pytest.mark.parametrize("url, key", [("/api/v2/departments", "departments"), ("/api/v2/locations", "locations"),
                                      ("/api/v2/asset_types", "asset_types"),
                                      ("/api/v2/sla_policies", "sla_policies"),
                                      ("/api/v2/business_hours", "business_hours")])
async def test_org_lists_page_and_refuse_unknown_params(client, url, key):
    r = await get(client, url, per_page=1)
    assert r.status_code == 200 and len(r.json()[key]) == 1
    assert "link" in r.headers or key == "sla_policies"
    assert (await get(client, url, per_page=101)).status_code == 400
    r = await get(client, url, colour="red")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "invalid_field"


async def test_department_and_location_queries_and_views(client):
    r = await get(client, "/api/v2/departments", query="\"name:'Legal'\"")
    dept = r.json()["departments"][0]
    assert dept["name"] == "Legal" and dept["workspace_id"] == 1
    assert (await get(client, f"/api/v2/departments/{dept['id']}")).json()["department"]["name"] == "Legal"
    assert (await get(client, "/api/v2/departments", query='"name:"')).status_code == 400
    loc = (await get(client, "/api/v2/locations/14")).json()["location"]
    assert loc["parent_location_id"] == 11 and loc["address"]["city"] == "London"
    assert (await get(client, "/api/v2/asset_types/9")).json()["asset_type"]["parent_asset_type_id"] == 8
    assert (await get(client, "/api/v2/department_fields")).json()["department_fields"]


async def test_sla_and_business_hours_workspace_rules(client):
    def ws(r, key):
        return sorted({x["workspace_id"] for x in r.json()[key]})

    assert ws(await get(client, "/api/v2/sla_policies"), "sla_policies") == [1]  # global + primary
    assert ws(await get(client, "/api/v2/sla_policies", workspace_id=1), "sla_policies") == [1]
    assert ws(await get(client, "/api/v2/sla_policies", workspace_id=4), "sla_policies") == [1, 4]
    assert ws(await get(client, "/api/v2/business_hours", workspace_id=1), "business_hours") == [1]
    assert ws(await get(client, "/api/v2/business_hours"), "business_hours") == [1, 2, 3]
    assert (await get(client, "/api/v2/business_hours/2")).json()["business_hours"]["service_desk_hours"]


async def test_asset_filter_search_and_query_forms(client):
    a = (await get(client, "/api/v2/assets", filter='"asset_type_id:3"')).json()["assets"]
    b = (await get(client, "/api/v2/assets", query='"ci_type_id:3"')).json()["assets"]
    assert a == b and all(x["asset_type_id"] == 3 for x in a)
    name = a[0]["name"]
    found = (await get(client, "/api/v2/assets", search=f"\"name:'{name}'\"")).json()["assets"]
    assert [x["name"] for x in found] == [name]
    assert (await get(client, "/api/v2/assets", search='"department_id:1"')).status_code == 400
    r = await get(client, "/api/v2/assets", filter='"asset_type_id:3"', query='"ci_type_id:3"')
    assert r.status_code == 400
    assert (await get(client, "/api/v2/assets", filter='"asset_type_id:3"', page=41)).status_code == 400


# --- protocol fixes ---------------------------------------------------------------------------------------


async def test_link_header_keeps_order_and_changes_only_page(client):
    r = await client.get("/api/v2/tickets?page=1&per_page=5&include=stats&order_type=asc")
    link = r.headers["link"]
    assert link.split("?", 1)[1].startswith("page=2&per_page=5&include=stats&order_type=asc>")
    r = await client.get("/api/v2/requesters?per_page=5&email=nobody%40x.example&page=1")
    assert "link" not in r.headers  # no next page: no header
    r = await client.get("/api/v2/groups?per_page=3")
    assert r.headers["link"].split("?", 1)[1].startswith("per_page=3&page=2>")


def test_no_seeded_timestamp_is_in_the_future():
    from fstui.sandbox.seed import conversations_for, generate

    data = generate(1, 2000, T0)
    agent_ids = list(data.agents)
    for t in data.tickets.values():
        assert t["created_at"] <= T0 and t["updated_at"] <= T0
        for key in ("first_responded_at", "resolved_at", "closed_at"):
            assert (t["_stats"][key] or 0) <= T0, (t["id"], key)
        if t["_nconv"] and (t["id"] % 5 == 0 or t["created_at"] > T0 - 3600):
            assert all(c["created_at"] <= T0 for c in conversations_for(t, agent_ids))
    for record in (*data.agents.values(), *data.requesters.values(), *data.assets.values(),
                   *data.groups.values(), *data.workspaces.values()):
        assert (record.get("created_at") or 0) <= T0 and (record.get("updated_at") or 0) <= T0


async def test_per_endpoint_sub_limits_on_a_per_minute_plan():
    clock = FakeClock()
    app = create_app(seed=1, tickets=100, plan="starter", clock=clock)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test",
                                 auth=(DEMO_API_KEY, "X")) as c:
        for _ in range(40):
            assert (await c.get("/api/v2/agents")).status_code == 200
        r = await c.get("/api/v2/agents")
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        assert (await c.get("/api/v2/requesters")).status_code == 200  # another endpoint's budget
        for _ in range(50):
            assert (await c.get("/api/v2/tickets/1")).status_code == 200
        assert (await c.put("/api/v2/tickets/1", json={"priority": 2})).status_code == 429  # view/update share
        clock.advance(60)
        assert (await c.get("/api/v2/agents")).status_code == 200
    described = app.state.sandbox.limiter.describe(clock.now)
    assert described["sub_limits"]["list_requesters"] == 40


async def test_single_workspace_account():
    app = create_app(seed=1, tickets=200, clock=FakeClock(), workspaces=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test",
                                 auth=(DEMO_API_KEY, "X")) as c:
        spaces = (await c.get("/api/v2/workspaces")).json()["workspaces"]
        assert [(w["id"], w["primary"]) for w in spaces] == [(2, True)]
        every = (await c.get("/api/v2/tickets", params={"workspace_id": 0, "per_page": 100})).json()["tickets"]
        assert {t["workspace_id"] for t in every} == {2}
        assert (await c.get("/api/v2/tickets", params={"workspace_id": 3})).status_code == 400
        assert (await c.get("/api/v2/agents/me")).json()["agent"]["workspace_ids"] == [2]
        fields = (await c.get("/api/v2/ticket_form_fields")).json()["ticket_fields"]
        assert "hr_case_type" not in {f["name"] for f in fields}
    assert len(app.state.sandbox.store.tickets) == 200


async def test_ticket_create_takes_a_workspace_update_does_not(client):
    body = {"subject": "Chair broken", "description": "<p>x</p>", "email": "a@b.example", "status": 2,
            "priority": 1}
    r = await client.post("/api/v2/tickets", json={**body, "workspace_id": 4})
    assert r.status_code == 201 and r.json()["ticket"]["workspace_id"] == 4
    tid = r.json()["ticket"]["id"]
    r = await client.post("/api/v2/tickets", json=body)
    assert r.json()["ticket"]["workspace_id"] == 2  # the primary one by default
    r = await client.post("/api/v2/tickets", json={**body, "workspace_id": 1})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "workspace_id"
    r = await client.put(f"/api/v2/tickets/{tid}", json={"workspace_id": 3})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "invalid_field"


async def test_form_fields_offer_the_workspace_groups_and_agents(client, sb):
    """QA 6: /ticket_form_fields?workspace_id=3 offered the 8 IT groups and no HR agent."""
    def choices(fields, name):
        return {c["value"] for c in next(f for f in fields if f["name"] == name)["choices"]}

    hr = (await get(client, "/api/v2/ticket_form_fields", workspace_id=3)).json()["ticket_fields"]
    it = (await get(client, "/api/v2/ticket_form_fields")).json()["ticket_fields"]
    hr_groups = {g["name"] for g in sb.store.groups.values() if g["workspace_id"] == 3}
    assert choices(hr, "group") == hr_groups == {"HR Operations", "Payroll & Benefits"}
    assert "Hannah Reyes" in choices(hr, "agent") and "Tom Baker" not in choices(hr, "agent")
    assert "HR Operations" not in choices(it, "group") and "Hannah Reyes" not in choices(it, "agent")
    assert {g["name"] for g in sb.store.groups.values() if g["workspace_id"] == 2} == choices(it, "group")


async def test_ticket_writes_refuse_a_group_or_agent_of_another_workspace(client, sb):
    """QA 6: HR #2032 got the IT group Applications; QA 2: a new HR ticket takes HR's group, agent and field."""
    hr_group = next(gid for gid, g in sb.store.groups.items() if g["name"] == "HR Operations")
    it_group = next(gid for gid, g in sb.store.groups.items() if g["workspace_id"] == 2)
    hannah = next(aid for aid, a in sb.store.agents.items() if a["first_name"] == "Hannah")
    hr_ticket = next(tid for tid, t in sb.store.tickets.items() if t["workspace_id"] == 3 and not t["deleted"])
    r = await client.put(f"/api/v2/tickets/{hr_ticket}", json={"group_id": it_group})
    assert r.status_code == 400
    assert r.json()["errors"] == [{"field": "group_id", "code": "invalid_value",
                                   "message": "It should be a group of the ticket's workspace (HR, workspace_id 3)"}]
    it_ticket = next(tid for tid, t in sb.store.tickets.items() if t["workspace_id"] == 2 and not t["deleted"])
    r = await client.put(f"/api/v2/tickets/{it_ticket}", json={"responder_id": hannah})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "responder_id"
    r = await client.put(f"/api/v2/tickets/{hr_ticket}", json={"group_id": hr_group, "responder_id": hannah,
                                                               "custom_fields": {"hr_case_type": "Benefits"}})
    assert r.status_code == 200 and r.json()["ticket"]["custom_fields"]["hr_case_type"] == "Benefits"

    body = {"subject": "Leave", "description": "<p>x</p>", "email": "a@b.example", "workspace_id": 3}
    r = await client.post("/api/v2/tickets", json={**body, "group_id": hr_group, "responder_id": hannah,
                                                   "custom_fields": {"hr_case_type": "Leave"}})
    assert r.status_code == 201, r.text
    made = r.json()["ticket"]
    assert (made["workspace_id"], made["group_id"], made["responder_id"]) == (3, hr_group, hannah)
    assert made["custom_fields"]["hr_case_type"] == "Leave"
    r = await client.post("/api/v2/tickets", json={**body, "group_id": it_group})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "group_id"
    r = await client.post("/api/v2/tickets", json={**body, "custom_fields": {"hr_case_type": "Holiday"}})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "hr_case_type"
    r = await client.post("/api/v2/tickets", json={**body, "workspace_id": 9})
    assert r.status_code == 400 and r.json()["errors"][0] == {
        "field": "workspace_id", "code": "invalid_value",
        "message": "There is no workspace matching the given workspace_id (9)"}
    r = await client.post("/api/v2/tickets", json={**body, "workspace_id": 2, "custom_fields": {"hr_case_type": "Leave"}})
    assert r.status_code == 400  # an IT ticket has no HR case type


async def test_child_ticket_is_made_in_its_parents_workspace(client, sb):
    parent = next(tid for tid, t in sb.store.tickets.items() if t["workspace_id"] == 3 and not t["deleted"]
                  and not t["spam"] and not t["_parent_id"])
    body = {"subject": "Follow-up", "description": "<p>x</p>", "email": "a@b.example"}
    r = await client.post(f"/api/v2/tickets/{parent}/create_child_ticket", json=body)
    assert r.status_code == 201 and r.json()["ticket"]["workspace_id"] == 3
    r = await client.post(f"/api/v2/tickets/{parent}/create_child_ticket", json={**body, "workspace_id": 2})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "workspace_id"


async def test_a_task_takes_only_its_workspace_group_and_agent(client, sb):
    hr_ticket = next(tid for tid, t in sb.store.tickets.items() if t["workspace_id"] == 3 and not t["deleted"])
    it_group = next(gid for gid, g in sb.store.groups.items() if g["workspace_id"] == 2)
    hannah = next(aid for aid, a in sb.store.agents.items() if a["first_name"] == "Hannah")
    body = {"title": "Call payroll", "description": "x", "due_date": "2030-01-01T10:00:00Z", "notify_before": 0}
    r = await client.post(f"/api/v2/tickets/{hr_ticket}/tasks", json={**body, "group_id": it_group})
    assert r.status_code == 400 and r.json()["errors"][0]["message"] == \
        "It should be a group of the task's workspace (HR, workspace_id 3)"
    r = await client.post(f"/api/v2/tickets/{hr_ticket}/tasks", json={**body, "agent_id": hannah})
    assert r.status_code == 201 and r.json()["task"]["workspace_id"] == 3
    r = await client.put(f"/api/v2/tickets/{hr_ticket}/tasks/{r.json()['task']['id']}", json={"group_id": it_group})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "group_id"

"""A key sees only its agent's workspaces (QA item 9): the read-only key's agent belongs to IT (2) and HR (3),
not Facilities (4). Black box over ASGI; the demo key (every workspace) is the control."""

from __future__ import annotations

import httpx
import pytest

from fstui.sandbox import READONLY_API_KEY

DENIED = {"code": "access_denied", "message": "You are not authorized to perform this action."}


@pytest.fixture
async def ro(app, sb):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test",
                                 auth=(READONLY_API_KEY, "X")) as c:
        yield c


@pytest.mark.parametrize("url, params", [
    ("/api/v2/tickets", {}), ("/api/v2/tickets/filter", {"query": '"priority:>0"'}), ("/api/v2/assets", {}),
    ("/api/v2/groups", {}), ("/api/v2/ticket_form_fields", {}), ("/api/v2/problems", {}), ("/api/v2/changes", {}),
    ("/api/v2/releases", {}), ("/api/v2/canned_responses", {}), ("/api/v2/canned_response_folders", {}),
    ("/api/v2/solutions/categories", {}), ("/api/v2/sla_policies", {}), ("/api/v2/business_hours", {}),
    ("/api/v2/service_catalog/items", {}), ("/api/v2/applications", {}), ("/api/v2/purchase_orders", {}),
])
async def test_workspace_id_of_a_workspace_the_key_cannot_access_is_403(client, ro, url, params):
    assert (await client.get(url, params={**params, "workspace_id": 4})).status_code == 200
    for value in ("4", "3,4"):
        r = await ro.get(url, params={**params, "workspace_id": value})
        assert (r.status_code, r.json()) == (403, DENIED)
    assert (await ro.get(url, params={**params, "workspace_id": 3})).status_code == 200


async def test_a_facilities_ticket_is_not_served_to_the_key(client, ro):
    assert (await client.get("/api/v2/tickets/2076")).json()["ticket"]["workspace_id"] == 4
    for url in ("/api/v2/tickets/2076", "/api/v2/tickets/2076/conversations", "/api/v2/tickets/2076/activities",
                "/api/v2/tickets/2076/tasks", "/api/v2/tickets/2076/time_entries"):
        r = await ro.get(url)
        assert (r.status_code, r.json()) == (403, DENIED), url
    every = (await ro.get("/api/v2/tickets", params={"workspace_id": 0, "per_page": 100})).json()["tickets"]
    assert every and {t["workspace_id"] for t in every} <= {2, 3}
    hr = (await client.get("/api/v2/tickets", params={"workspace_id": 3})).json()["tickets"][0]
    assert (await ro.get(f"/api/v2/tickets/{hr['id']}")).status_code == 200


async def test_other_facilities_records_by_id_are_403(client, ro):
    asset = (await client.get("/api/v2/assets", params={"workspace_id": 4})).json()["assets"][0]
    group = (await client.get("/api/v2/groups", params={"workspace_id": 4})).json()["groups"][0]
    for url in (f"/api/v2/assets/{asset['display_id']}", f"/api/v2/groups/{group['id']}"):
        assert (await client.get(url)).status_code == 200
        r = await ro.get(url)
        assert (r.status_code, r.json()) == (403, DENIED), url
    hours = (await ro.get("/api/v2/business_hours")).json()["business_hours"]
    assert hours and {h["workspace_id"] for h in hours} <= {1, 2, 3}


async def test_itsm_and_knowledge_records_of_another_workspace_are_403(client, ro, sb):
    """A problem the demo agent files in Facilities, and a canned response and solution article moved
    there: the read-only key gets 403 for each by id (and their sub-resources), 200 for its own."""
    r = await client.post("/api/v2/problems", json={
        "subject": "Lift out of order", "description": "<div>Floor 2</div>", "status": 1, "priority": 2,
        "impact": 2, "due_by": "2026-02-01T00:00:00Z", "email": "demo.agent@fstui-sandbox.example",
        "workspace_id": 4})
    assert r.status_code == 201, r.text
    problem = r.json()["problem"]["id"]
    kb = sb.store.rest.knowledge
    canned = next(iter(kb["canned_responses"]))
    article = next(iter(kb["articles"]))
    kb["canned_responses"][canned]["workspace_id"] = 4
    kb["articles"][article]["workspace_id"] = 4
    for url in (f"/api/v2/problems/{problem}", f"/api/v2/problems/{problem}/notes",
                f"/api/v2/problems/{problem}/tasks", f"/api/v2/canned_responses/{canned}",
                f"/api/v2/solutions/articles/{article}"):
        assert (await client.get(url)).status_code == 200, url
        r = await ro.get(url)
        assert (r.status_code, r.json()) == (403, DENIED), url
    other = next(a for a in kb["articles"] if a != article)
    assert (await ro.get(f"/api/v2/solutions/articles/{other}")).status_code == 200

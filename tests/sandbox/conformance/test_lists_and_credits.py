"""Every list added for public clients pages like the others, refuses unknown parameters, and every write
costs what the per-minute plan charges (API-SUPPLEMENT §7): one credit, counted against the plan's budget."""

from __future__ import annotations

import pytest

from .helpers import credits, errors, every, first

LISTS = [
    ("/api/v2/problems", "problems"), ("/api/v2/changes", "changes"), ("/api/v2/releases", "releases"),
    ("/api/v2/service_catalog/categories", "service_categories"), ("/api/v2/service_catalog/items", "service_items"),
    ("/api/v2/products", "products"), ("/api/v2/vendors", "vendors"), ("/api/v2/applications", "applications"),
    ("/api/v2/purchase_orders", "purchase_orders"), ("/api/v2/requester_groups", "requester_groups"),
    ("/api/v2/asset_types", "asset_types"),
]


async def _sub_lists(client) -> list[tuple[str, str]]:
    """Lists under a record, at the first record that has more than one row."""
    app = await first(client, "/api/v2/applications", "applications")
    group = await first(client, "/api/v2/requester_groups", "requester_groups")
    out = [(f"/api/v2/applications/{app['id']}/users", "application_users"),
           (f"/api/v2/requester_groups/{group['id']}/members", "requesters")]
    for sub in ("notes", "tasks"):
        for problem in (await client.get("/api/v2/problems", params={"per_page": 100})).json()["problems"]:
            url = f"/api/v2/problems/{problem['id']}/{sub}"
            if len((await client.get(url)).json()[sub]) > 1:
                out.append((url, sub))
                break
        else:
            raise AssertionError(f"no problem has two {sub}")
    return out


@pytest.mark.parametrize(("url", "key"), LISTS)
async def test_list_pages_with_link_and_limits(client, url, key):
    r = await client.get(url, params={"per_page": 1})
    assert r.status_code == 200 and len(r.json()[key]) == 1
    link = r.headers["link"]
    assert link.endswith('>; rel="next"') and "page=2" in link and "per_page=1" in link
    second = await client.get(link[1:link.index(">")])
    assert second.status_code == 200 and second.json()[key][0] != r.json()[key][0]
    everything = await client.get(url, params={"per_page": 100})
    assert "link" not in everything.headers
    assert (await client.get(url, params={"page": 999})).json()[key] == []
    for bad in (101, 0):
        r = await client.get(url, params={"per_page": bad})
        assert r.status_code == 400 and errors(r) == [("per_page", "invalid_value")]
    r = await client.get(url, params={"color": "blue"})
    assert r.status_code == 400 and errors(r) == [("color", "invalid_field")]


async def test_sub_lists_page_too(client):
    for url, key in await _sub_lists(client):
        r = await client.get(url, params={"per_page": 1})
        assert r.status_code == 200 and len(r.json()[key]) == 1, url
        assert "page=2" in r.headers["link"], url
        r = await client.get(url, params={"per_page": 101})
        assert r.status_code == 400, url
        assert (await client.get(url, params={"sort": "x"})).status_code == 400, url


async def test_writes_cost_one_credit_of_the_per_minute_budget(client, sb):
    await client.post("/_sandbox/plan", json={"plan": "starter"})
    vendor = await client.post("/api/v2/vendors", json={"name": "Budget Vendor"})
    assert vendor.status_code == 201 and credits(vendor) == 1
    assert vendor.headers["x-ratelimit-total"] == "100"
    remaining = int(vendor.headers["x-ratelimit-remaining"])
    writes = [
        ("PUT", f"/api/v2/vendors/{vendor.json()['vendor']['id']}", {"description": "x"}),
        ("POST", "/api/v2/problems/1/notes", {"body": "<p>n</p>"}),
        ("POST", "/api/v2/products", {"name": "Budget Product", "asset_type_id": 1}),
        ("DELETE", f"/api/v2/vendors/{vendor.json()['vendor']['id']}", None),
    ]
    for method, url, body in writes:
        r = await client.request(method, url, json=body)
        assert r.status_code in (200, 201, 204) and credits(r) == 1, (url, r.text)
        remaining -= 1
        assert int(r.headers["x-ratelimit-remaining"]) == remaining
    # An invalid write is charged too, and an exhausted minute refuses writes with Retry-After.
    bad = await client.post("/api/v2/products", json={"name": ""})
    assert bad.status_code == 400 and credits(bad) == 1
    await client.post("/_sandbox/plan", json={"plan": "starter", "remaining": 0})
    r = await client.post("/api/v2/problems/1/notes", json={"body": "late"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1


async def test_read_only_agent_cannot_write(app, sb):
    import httpx

    from fstui.sandbox import READONLY_API_KEY

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test",
                                 auth=(READONLY_API_KEY, "X")) as ro:
        assert (await ro.get("/api/v2/problems")).status_code == 200
        r = await ro.post("/api/v2/vendors", json={"name": "Nope"})
        assert r.status_code == 403 and r.json()["code"] == "access_denied"


@pytest.mark.parametrize(("url", "key"), LISTS)
async def test_no_seeded_record_was_created_or_updated_after_now(client, url, key):
    params = {"workspace_id": 0} if key in ("problems", "changes", "releases", "applications", "purchase_orders",
                                           "service_categories", "service_items") else {}
    now = "2026-01-01T00:00:00Z"  # the test clock (conftest.T0)
    rows = await every(client, url, key, **params)
    assert rows
    assert all(r["created_at"] <= now and r["updated_at"] <= now for r in rows)


async def test_every_view_refuses_unknown_parameters(client):
    """The same rule on the reference's views (requester, agent, group, role) as on the new ones."""
    requester = (await client.get("/api/v2/requesters", params={"per_page": 1})).json()["requesters"][0]
    agent = (await client.get("/api/v2/agents", params={"per_page": 1})).json()["agents"][0]
    group = (await client.get("/api/v2/groups", params={"per_page": 1})).json()["groups"][0]
    role = (await client.get("/api/v2/roles", params={"per_page": 1})).json()["roles"][0]
    problem = (await client.get("/api/v2/problems", params={"per_page": 1})).json()["problems"][0]
    for url in (f"/api/v2/requesters/{requester['id']}", f"/api/v2/agents/{agent['id']}",
                f"/api/v2/groups/{group['id']}", f"/api/v2/roles/{role['id']}", f"/api/v2/problems/{problem['id']}",
                f"/api/v2/vendors/{(await first(client, '/api/v2/vendors', 'vendors'))['id']}"):
        assert (await client.get(url)).status_code == 200, url
        r = await client.get(url, params={"fields": "name"})
        assert r.status_code == 400 and errors(r) == [("fields", "invalid_field")], url


async def test_writes_refuse_unknown_query_parameters(client):
    r = await client.post("/api/v2/vendors", params={"notify": "true"}, json={"name": "Query Vendor"})
    assert r.status_code == 400 and errors(r) == [("notify", "invalid_field")]
    r = await client.put("/api/v2/problems/1", params={"bypass_mandatory": "true"}, json={"priority": 2})
    assert r.status_code == 400
    assert (await client.get("/api/v2/vendors", params={"per_page": 100})).json()["vendors"][-1]["name"] != \
        "Query Vendor"  # nothing was written

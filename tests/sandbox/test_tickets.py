"""Tickets: list defaults and filters, view includes, create/update/delete/restore, fields, filter query."""

from __future__ import annotations

from fstui.sandbox.dates import parse_datetime
from fstui.sandbox.store import TICKET_LIST_KEYS, TICKET_VIEW_KEYS, TICKET_WRITE_KEYS

from .conftest import T0

DAY = 86400


async def all_pages(client, url, params=None):
    params = dict(params or {})
    params.setdefault("per_page", 100)
    items, page = [], 1
    while True:
        r = await client.get(url, params={**params, "page": page})
        assert r.status_code == 200, r.text
        key = next(iter(r.json()))
        items += r.json()[key]
        if "link" not in r.headers:
            return items
        page += 1


async def test_list_defaults_recent_not_deleted_not_spam_desc(client, sb):
    r = await client.get("/api/v2/tickets")
    assert r.status_code == 200
    tickets = r.json()["tickets"]
    assert len(tickets) == 30  # default per_page
    assert list(tickets[0]) == list(TICKET_LIST_KEYS)
    every = await all_pages(client, "/api/v2/tickets")
    assert every, "some tickets in the last 30 days"
    for t in every:
        assert not t["deleted"] and not t["spam"]
        assert parse_datetime(t["created_at"]) >= T0 - 30 * DAY
    created = [parse_datetime(t["created_at"]) for t in every]
    assert created == sorted(created, reverse=True)
    store = sb.store.tickets.values()
    expected = [t for t in store if not t["deleted"] and not t["spam"] and t["created_at"] >= T0 - 30 * DAY
                and t["workspace_id"] == 2]  # no workspace_id: the primary workspace
    assert len(every) == len(expected)
    assert any(t["created_at"] < T0 - 30 * DAY for t in store), "the seed has older tickets too"


async def test_order_type_asc_and_invalid(client):
    r = await client.get("/api/v2/tickets", params={"order_type": "asc"})
    created = [t["created_at"] for t in r.json()["tickets"]]
    assert created == sorted(created)
    r = await client.get("/api/v2/tickets", params={"order_type": "sideways"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "order_type"


async def test_order_by_is_accepted_leniently(client):
    r = await client.get("/api/v2/tickets", params={"order_by": "updated_at", "order_type": "desc"})
    updated = [t["updated_at"] for t in r.json()["tickets"]]
    assert updated == sorted(updated, reverse=True)
    assert (await client.get("/api/v2/tickets", params={"order_by": "bogus"})).status_code == 400


async def test_updated_since_lifts_the_30_day_window(client, sb):
    since = "2025-10-01T00:00:00Z"
    every = await all_pages(client, "/api/v2/tickets", {"updated_since": since})
    assert any(parse_datetime(t["created_at"]) < T0 - 30 * DAY for t in every)
    assert all(parse_datetime(t["updated_at"]) >= parse_datetime(since) for t in every)
    for form in ("2025-12-01", "2025-12-01T10:00", "2025-12-01T10:00Z", "2025-12-01T10:00:00",
                 "2025-12-01T10:00:00+05:30", "2025-12-01T10:00:00+05", "2025-12-01T10:00:00+0530",
                 "2025-12-01T10:00:00.123Z", "2025-12-01T10:00:00.123456-08:00"):
        assert (await client.get("/api/v2/tickets", params={"updated_since": form})).status_code == 200, form
    r = await client.get("/api/v2/tickets", params={"updated_since": "yesterday"})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "invalid_value"


async def test_predefined_filters(client, sb):
    me = sb.store.agents[1000000001]["id"]
    spam = await all_pages(client, "/api/v2/tickets", {"filter": "spam"})
    assert spam and all(t["spam"] for t in spam)
    deleted = await all_pages(client, "/api/v2/tickets", {"filter": "deleted"})
    assert deleted and all(t["deleted"] for t in deleted)
    mine = await all_pages(client, "/api/v2/tickets", {"filter": "new_and_my_open"})
    assert mine and all(t["status"] == 2 and t["responder_id"] in (None, me) for t in mine)
    assert any(t["responder_id"] == me for t in mine)
    watching = await all_pages(client, "/api/v2/tickets", {"filter": "watching"})
    assert watching and all(me in sb.store.tickets[t["id"]]["_watchers"] for t in watching)
    r = await client.get("/api/v2/tickets", params={"filter": "everything"})
    assert r.status_code == 400 and r.json()["errors"][0] == {
        "field": "filter", "message": "It should be one of these values: 'new_and_my_open,watching,spam,deleted'",
        "code": "invalid_value"}


async def test_requester_filters(client, sb):
    recent = (await client.get("/api/v2/tickets")).json()["tickets"][0]
    rid = recent["requester_id"]
    by_id = await all_pages(client, "/api/v2/tickets", {"requester_id": rid})
    assert by_id and all(t["requester_id"] == rid for t in by_id)
    email = sb.store.requesters[rid]["primary_email"]
    by_email = await all_pages(client, "/api/v2/tickets", {"email": email})
    assert [t["id"] for t in by_email] == [t["id"] for t in by_id]
    # a plus sign must be URL-encoded (bat%2Bman%40gmail.com); httpx encodes it
    plus = next(r for r in sb.store.requesters.values() if "+" in r["primary_email"])
    r = await client.get("/api/v2/tickets", params={"email": plus["primary_email"], "updated_since": "2020-01-01"})
    assert r.status_code == 200
    assert all(t["requester_id"] == plus["id"] for t in r.json()["tickets"])
    assert (await client.get("/api/v2/tickets", params={"requester_id": "abc"})).json()["errors"][0]["code"] == \
        "datatype_mismatch"


async def test_list_includes_cost_two_credits_each(client):
    r = await client.get("/api/v2/tickets", params={"include": "stats"})
    assert r.headers["x-ratelimit-used-currentrequest"] == "3"
    assert set(r.json()["tickets"][0]["stats"]) == {"first_responded_at", "resolved_at", "closed_at"}
    r = await client.get("/api/v2/tickets", params={"include": "requester,stats"})
    assert r.headers["x-ratelimit-used-currentrequest"] == "5"
    req = r.json()["tickets"][0]["requester"]
    assert set(req) == {"id", "name", "email", "mobile", "phone"}
    r = await client.get("/api/v2/tickets", params={"include": "tags"})  # lenient, widely used
    assert r.status_code == 200 and "tags" in r.json()["tickets"][0]
    r = await client.get("/api/v2/tickets", params={"include": "conversations"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "include"
    assert r.headers["x-ratelimit-used-currentrequest"] == "1"


async def test_unknown_query_parameter_is_invalid_field(client):
    r = await client.get("/api/v2/tickets", params={"status": "2"})
    assert r.status_code == 400
    assert r.json() == {"description": "Validation failed", "errors": [
        {"field": "status", "message": "Unexpected/invalid field in request", "code": "invalid_field"}]}


async def test_view_shape_and_includes(client, sb):
    long = next(t for t in sb.store.tickets.values() if t["_nconv"] > 12 and not t["deleted"])
    r = await client.get(f"/api/v2/tickets/{long['id']}")
    assert r.status_code == 200
    assert list(r.json()["ticket"]) == list(TICKET_VIEW_KEYS)
    assert r.headers["x-ratelimit-used-currentrequest"] == "1"
    r = await client.get(f"/api/v2/tickets/{long['id']}",
                         params={"include": "conversations,requester,stats,problem,assets,change,related_tickets,tags"})
    assert r.headers["x-ratelimit-used-currentrequest"] == "9"
    t = r.json()["ticket"]
    convs = t["conversations"]
    assert len(convs) == 10
    assert [c["created_at"] for c in convs] == sorted(c["created_at"] for c in convs)
    assert t["requester"]["id"] == long["requester_id"]
    assert isinstance(t["tags"], list) and isinstance(t["assets"], list)
    assert "problem" in t and "change" in t and isinstance(t["related_tickets"], dict)
    with_problem = next(x for x in sb.store.tickets.values() if x["_problem_id"])
    r = await client.get(f"/api/v2/tickets/{with_problem['id']}", params={"include": "problem"})
    assert r.json()["ticket"]["problem"]["id"] == with_problem["_problem_id"]
    child = next(x for x in sb.store.tickets.values() if x["_parent_id"])
    r = await client.get(f"/api/v2/tickets/{child['_parent_id']}", params={"include": "related_tickets"})
    assert child["id"] in r.json()["ticket"]["related_tickets"]["child_ids"]
    assert (await client.get("/api/v2/tickets/1", params={"include": "bogus"})).status_code == 400


async def test_view_missing_is_404(client):
    r = await client.get("/api/v2/tickets/999999")
    assert r.status_code == 404
    assert r.json()["code"] == "not_found"
    assert (await client.get("/api/v2/tickets/abc")).status_code == 404


async def test_create_defaults_location_and_shape(client, sb):
    r = await client.post("/api/v2/tickets", json={
        "description": "<div>Details about the issue...</div>", "subject": "Support Needed...",
        "email": "tom@outerspace.com", "priority": 1, "status": 2,
        "cc_emails": ["ram@freshservice.com", "diana@freshservice.com"]})
    assert r.status_code == 201, r.text
    t = r.json()["ticket"]
    assert list(t) == list(TICKET_WRITE_KEYS)
    assert r.headers["location"] == f"http://sandbox.test/api/v2/tickets/{t['id']}"
    assert t["source"] == 2 and t["type"] == "Incident" and t["status"] == 2
    assert t["reply_cc_emails"] == t["cc_emails"] == ["ram@freshservice.com", "diana@freshservice.com"]
    assert t["description_text"] == "Details about the issue..."
    assert t["created_at"] == "2026-01-01T00:00:00Z"
    assert sb.store.requesters[t["requester_id"]]["primary_email"] == "tom@outerspace.com"
    # it shows up first in the default list
    assert (await client.get("/api/v2/tickets")).json()["tickets"][0]["id"] == t["id"]


async def test_create_with_requester_id_or_phone(client, sb):
    rid = next(iter(sb.store.requesters))
    r = await client.post("/api/v2/tickets", json={"requester_id": rid, "description": "x", "subject": "y",
                                                   "custom_fields": {"business_impact": "High", "affected_users": 3}})
    assert r.status_code == 201
    assert r.json()["ticket"]["custom_fields"]["business_impact"] == "High"
    r = await client.post("/api/v2/tickets", json={"phone": "5550101", "description": "x"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "name"
    r = await client.post("/api/v2/tickets", json={"phone": "5550101", "name": "Pat", "description": "x"})
    assert r.status_code == 201


async def test_create_validation_errors(client):
    r = await client.post("/api/v2/tickets", json={"subject": "no requester", "description": "d"})
    assert r.status_code == 400
    assert r.json()["errors"] == [{"field": "requester_id", "code": "missing_field",
                                   "message": "Please fill at least 1 of requester_id, phone, email fields"}]
    r = await client.post("/api/v2/tickets", json={"email": "a@b.co", "subject": "s"})
    assert r.json()["errors"] == [{"field": "description", "message": "Mandatory attribute missing",
                                   "code": "missing_field"}]
    r = await client.post("/api/v2/tickets", json={"email": "a@b.co", "description": "d", "status": 9,
                                                   "priority": "high", "colour": "red"})
    errors = {e["field"]: e["code"] for e in r.json()["errors"]}
    assert errors == {"status": "invalid_value", "priority": "datatype_mismatch", "colour": "invalid_field"}
    r = await client.post("/api/v2/tickets", json={"email": "not-an-email", "description": "d"})
    assert r.json()["errors"][0]["field"] == "email"
    r = await client.post("/api/v2/tickets", json={"email": "a@b.co", "description": "d",
                                                   "custom_fields": {"nope": 1}})
    assert r.json()["errors"][0] == {"field": "nope", "message": "Unexpected/invalid field in request",
                                     "code": "invalid_field"}
    r = await client.post("/api/v2/tickets", json={"requester_id": 42, "description": "d"})
    assert r.json()["errors"][0]["code"] == "invalid_value"


async def test_update_changes_fields_and_updated_at(client, sb, clock):
    t = next(x for x in sb.store.tickets.values() if not x["deleted"])
    clock.advance(60)
    r = await client.put(f"/api/v2/tickets/{t['id']}", json={"priority": 3, "status": 4, "tags": ["vpn", "vip"]})
    assert r.status_code == 200
    body = r.json()["ticket"]
    assert list(body) == list(TICKET_WRITE_KEYS)
    assert body["priority"] == 3 and body["status"] == 4 and body["tags"] == ["vpn", "vip"]
    assert body["updated_at"] == "2026-01-01T00:01:00Z"
    r = await client.get(f"/api/v2/tickets/{t['id']}", params={"include": "stats"})
    assert r.json()["ticket"]["stats"]["resolved_at"] is not None
    r = await client.put(f"/api/v2/tickets/{t['id']}", json={"cc_emails": ["x@y.co"]})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "invalid_field"
    r = await client.put(f"/api/v2/tickets/{t['id']}", json={"status": None})
    assert r.status_code == 400
    assert (await client.put("/api/v2/tickets/999999", json={"priority": 1})).status_code == 404


async def test_delete_is_soft_and_restore(client):
    tid = (await client.get("/api/v2/tickets")).json()["tickets"][0]["id"]
    r = await client.delete(f"/api/v2/tickets/{tid}")
    assert r.status_code == 204 and r.content == b""
    assert "x-ratelimit-remaining" in r.headers
    r = await client.get(f"/api/v2/tickets/{tid}")
    assert r.status_code == 200 and r.json()["ticket"]["deleted"] is True
    assert tid not in [t["id"] for t in (await client.get("/api/v2/tickets")).json()["tickets"]]
    deleted = await all_pages(client, "/api/v2/tickets", {"filter": "deleted"})
    assert tid in [t["id"] for t in deleted]
    assert (await client.delete(f"/api/v2/tickets/{tid}")).status_code == 404
    assert (await client.put(f"/api/v2/tickets/{tid}", json={"priority": 2})).status_code == 404
    r = await client.put(f"/api/v2/tickets/{tid}/restore")
    assert r.status_code == 204
    assert (await client.get(f"/api/v2/tickets/{tid}")).json()["ticket"]["deleted"] is False
    assert (await client.put(f"/api/v2/tickets/{tid}/restore")).status_code == 404
    assert (await client.get(f"/api/v2/tickets/{tid}/restore")).status_code == 405


async def test_ticket_fields_and_type_filter(client, sb):
    r = await client.get("/api/v2/ticket_fields")
    fields = r.json()["ticket_fields"]
    names = {f["name"] for f in fields}
    assert {"requester", "subject", "status", "priority", "group", "agent", "custom_text", "business_impact"} <= names
    status = next(f for f in fields if f["name"] == "status")
    assert status["choices"]["2"] == ["Open", "Being Processed"]
    group = next(f for f in fields if f["name"] == "group")
    assert set(group["choices"].values()) == {g for g, v in sb.store.groups.items() if v["workspace_id"] == 2}
    r = await client.get("/api/v2/ticket_fields", params={"type": "default_requester"})
    only = r.json()["ticket_fields"]
    assert len(only) == 1 and only[0]["portal_cc"] is True and only[0]["portal_cc_to"] == "company"


async def test_filter_query(client, sb):
    r = await client.get("/api/v2/tickets/filter", params={"query": '"priority:4 AND status:2"'})
    assert r.status_code == 200
    body = r.json()
    expected = [t for t in sb.store.tickets.values()
                if t["priority"] == 4 and t["status"] == 2 and not t["deleted"] and not t["spam"]
                and t["workspace_id"] == 2]  # no workspace_id: the primary workspace
    assert body["total"] == len(expected)
    assert len(body["tickets"]) == min(30, len(expected))
    assert all(t["priority"] == 4 and t["status"] == 2 for t in body["tickets"])
    assert "link" not in r.headers

    async def total(query):
        r = await client.get("/api/v2/tickets/filter", params={"query": query})
        assert r.status_code == 200, (query, r.text)
        return r.json()["total"]

    p3 = await total('"priority:3"')
    p4 = await total('"priority:4"')
    assert await total('"priority:3 OR priority:4"') == p3 + p4
    assert await total('"priority:>3"') == p3 + p4
    assert await total('"priority:<2"') == await total('"priority:1"') + await total('"priority:2"')
    assert await total('"(priority:3 OR priority:4) AND status:2"') == \
        await total('"priority:3 AND status:2"') + await total('"priority:4 AND status:2"')
    assert await total('"priority:3 OR priority:4 AND status:2"') == p3 + await total('"priority:4 AND status:2"')
    unassigned = await total('"group_id:null"')
    assert unassigned == sum(1 for t in sb.store.tickets.values()
                             if t["group_id"] is None and not t["deleted"] and not t["spam"]
                             and t["workspace_id"] == 2)
    assert await total("\"created_at:>'2025-12-25' AND created_at:<'2025-12-26'\"") == sum(
        1 for t in sb.store.tickets.values() if not t["deleted"] and not t["spam"] and t["workspace_id"] == 2
        and parse_datetime("2025-12-25") <= t["created_at"] < parse_datetime("2025-12-27"))
    assert await total("\"type:'Service Request'\"") > 0
    assert await total("\"tag:'vpn'\"") > 0


async def test_filter_query_errors_and_paging(client):
    async def err(params):
        r = await client.get("/api/v2/tickets/filter", params=params)
        assert r.status_code == 400, r.text
        return r.json()["errors"][0]

    assert (await err({"query": "priority:4"}))["field"] == "query"  # not in double quotes
    assert (await err({"query": '"' + "priority:4 OR " * 40 + 'priority:1"'}))["code"] == "invalid_value"  # > 512
    assert (await err({"query": '"colour:4"'}))["field"] == "query"
    assert (await err({"query": '"priority:4 AND"'}))["field"] == "query"
    assert (await err({"query": '"(priority:4"'}))["field"] == "query"
    assert (await err({"query": '"subject:>3"'}))["field"] == "query"
    assert (await err({"query": '"priority:1"', "page": 41}))["field"] == "page"
    r = await client.get("/api/v2/tickets/filter", params={"query": '"priority:1"', "page": 2})
    assert r.status_code == 200 and len(r.json()["tickets"]) == 30
    inner = "priority:4 OR " * 35 + "priority:1"
    inner = inner + " " * (512 - len(inner))
    assert len(inner) == 512
    assert (await client.get("/api/v2/tickets/filter", params={"query": f'"{inner}"'})).status_code == 200
    assert (await err({"query": f'"{inner} "'}))["field"] == "query"

"""Every endpoint method: method, URL, query, body and headers as sent; response parsed."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from urllib.parse import parse_qsl

import httpx
import pytest

from fstui.api import models as m
from fstui.api.client import FreshserviceClient

from .conftest import API_KEY, BASE, reference


def query(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(request.url.query.decode(), keep_blank_values=True))


def body(request: httpx.Request):
    return json.loads(request.content) if request.content else None


def ok(data, status=200, **headers) -> httpx.Response:
    return httpx.Response(status, json=data, headers=headers)


# (name, call, response, method, path, query, json body, check on the result)
CASES = [
    ("list_tickets", lambda c: c.list_tickets(), ok(reference("tickets_list")),
     "GET", "/tickets", {"page": "1", "per_page": "30"}, None,
     lambda r: [t.id for t in r.items] == [266, 265] and r.page == 1 and r.next_page is None),
    ("list_tickets filters", lambda c: c.list_tickets(
        filter="watching", requester_id=1230, email="bat+man@gmail.com",
        updated_since=datetime(2015, 1, 19, 2, tzinfo=timezone.utc), order_type="asc",
        include=("stats", "requester"), page=2, per_page=100),
     ok({"tickets": []}), "GET", "/tickets",
     {"filter": "watching", "requester_id": "1230", "email": "bat+man@gmail.com",
      "updated_since": "2015-01-19T02:00:00Z", "order_type": "asc", "include": "stats,requester",
      "page": "2", "per_page": "100"}, None, lambda r: r.items == [] and r.page == 2),
    ("get_ticket", lambda c: c.get_ticket(20, include=["conversations", "requester"]),
     ok(reference("ticket_view_include_requester")), "GET", "/tickets/20",
     {"include": "conversations,requester"}, None, lambda t: t.id == 259 and t.requester.id),
    ("get_ticket plain", lambda c: c.get_ticket(20), ok(reference("ticket_view")),
     "GET", "/tickets/20", {}, None, lambda t: t.id == 266),
    ("create_ticket", lambda c: c.create_ticket({
        "description": "Details about the issue...", "subject": "Support Needed...",
        "email": "tom@outerspace.com", "priority": m.Priority.LOW, "status": m.Status.OPEN,
        "cc_emails": ["ram@freshservice.com"], "custom_fields": {"custom_text": "x"}}),
     ok(reference("ticket_create_custom_fields"), 201), "POST", "/tickets", {},
     {"description": "Details about the issue...", "subject": "Support Needed...",
      "email": "tom@outerspace.com", "priority": 1, "status": 2,
      "cc_emails": ["ram@freshservice.com"], "custom_fields": {"custom_text": "x"}},
     lambda t: t.id == 265),
    ("update_ticket", lambda c: c.update_ticket(1, {"priority": 3, "responder_id": 7}),
     ok(reference("ticket_update")), "PUT", "/tickets/1", {}, {"priority": 3, "responder_id": 7},
     lambda t: t.priority is m.Priority.HIGH),
    ("delete_ticket", lambda c: c.delete_ticket(1), httpx.Response(204), "DELETE", "/tickets/1",
     {}, None, lambda r: r is None),
    ("restore_ticket", lambda c: c.restore_ticket(1), httpx.Response(204), "PUT",
     "/tickets/1/restore", {}, None, lambda r: r is None),
    ("list_ticket_fields", lambda c: c.list_ticket_fields(), ok(reference("ticket_fields_list")),
     "GET", "/ticket_fields", {}, None, lambda r: len(r) == 15 and r[0].name == "custom_text"),
    ("list_ticket_fields type", lambda c: c.list_ticket_fields(type="default_requester"),
     ok(reference("ticket_fields_list_type")), "GET", "/ticket_fields",
     {"type": "default_requester"}, None, lambda r: r[0].portal_cc_to == "company"),
    ("filter_tickets", lambda c: c.filter_tickets("priority:4 AND status:2", page=3),
     ok({"tickets": reference("tickets_list")[0]["tickets"], "total": 62}), "GET",
     "/tickets/filter", {"query": '"priority:4 AND status:2"', "page": "3"}, None,
     lambda r: r.total == 62 and len(r.items) == 2 and r.page == 3),
    ("create_reply", lambda c: c.create_reply(141, "We are working on this issue.",
                                              cc_emails=["a@x.com"], bcc_emails=["b@x.com"],
                                              from_email="help@x.com"),
     ok(reference("conversation_reply"), 201), "POST", "/tickets/141/reply", {},
     {"body": "We are working on this issue.", "from_email": "help@x.com",
      "cc_emails": ["a@x.com"], "bcc_emails": ["b@x.com"]},
     lambda cv: cv.id == 1000005176 and cv.to_emails == ["tom@outerspace.com"]),
    ("create_reply minimal", lambda c: c.create_reply(141, "hi"),
     ok(reference("conversation_reply"), 201), "POST", "/tickets/141/reply", {}, {"body": "hi"},
     lambda cv: True),
    ("create_note", lambda c: c.create_note(265, "Hi tom, Still Angry", private=False,
                                            notify_emails=["t@x.com"], incoming=True, user_id=5),
     ok(reference("conversation_note"), 201), "POST", "/tickets/265/notes", {},
     {"body": "Hi tom, Still Angry", "private": False, "notify_emails": ["t@x.com"],
      "incoming": True, "user_id": 5},
     lambda cv: cv.private is False and cv.ticket_id == 265),
    ("create_note default private", lambda c: c.create_note(265, "secret"),
     ok(reference("conversation_note"), 201), "POST", "/tickets/265/notes", {},
     {"body": "secret", "private": True}, lambda cv: True),
    ("update_conversation", lambda c: c.update_conversation(5, "Can you provide some screenshots?"),
     ok(reference("conversation_update")), "PUT", "/conversations/5", {},
     {"body": "Can you provide some screenshots?"}, lambda cv: cv.id == 5),
    ("delete_conversation", lambda c: c.delete_conversation(5), httpx.Response(204), "DELETE",
     "/conversations/5", {}, None, lambda r: r is None),
    ("list_conversations", lambda c: c.list_conversations(20, page=2, per_page=50),
     ok(reference("conversations_list")), "GET", "/tickets/20/conversations",
     {"page": "2", "per_page": "50"}, None,
     lambda r: r.items[0].source is m.ConversationSource.NOTE and r.page == 2),
    ("list_assets", lambda c: c.list_assets(), ok(reference("assets_list")), "GET", "/assets",
     {"page": "1", "per_page": "30"}, None,
     lambda r: r.items[0].impact is m.AssetImpact.LOW and r.items[0].usage_type.label == "Permanent"),
    ("list_assets options", lambda c: c.list_assets(order_by="updated_at", order_type="desc",
                                                    trashed=True, include_type_fields=True,
                                                    page=2, per_page=30),
     ok(reference("assets_list")), "GET", "/assets",
     {"order_by": "updated_at", "order_type": "desc", "trashed": "true", "include": "type_fields",
      "page": "2", "per_page": "30"}, None, lambda r: True),
    ("get_asset", lambda c: c.get_asset(65, include_type_fields=True),
     ok({"asset": reference("assets_list")["assets"][0]}), "GET", "/assets/65",
     {"include": "type_fields"}, None, lambda a: a.display_id == 65),
    ("filter_assets", lambda c: c.filter_assets("asset_state:'IN STOCK' AND created_at:>'2018-08-10'",
                                                page=2, include_type_fields=True),
     ok({**reference("assets_list"), "total": 2}), "GET", "/assets",
     {"include": "type_fields", "query": "\"asset_state:'IN STOCK' AND created_at:>'2018-08-10'\"",
      "page": "2"}, None, lambda r: r.total == 2),
    ("list_requesters", lambda c: c.list_requesters(email="harry.potter@hogwarts.edu",
                                                    mobile_phone_number="77762442",
                                                    work_phone_number="62442", per_page=20),
     ok(reference("requesters_list")), "GET", "/requesters",
     {"email": "harry.potter@hogwarts.edu", "mobile_phone_number": "77762442",
      "work_phone_number": "62442", "page": "1", "per_page": "20"}, None,
     lambda r: [x.first_name for x in r.items] == ["Harry", "Ron"]),
    ("get_requester", lambda c: c.get_requester(777), ok(reference("requester_view")), "GET",
     "/requesters/777", {}, None, lambda r: r.id == 777),
    ("create_requester", lambda c: c.create_requester({"first_name": "Ron",
                                                       "primary_email": "ron@hogwarts.edu"}),
     ok(reference("requester_create"), 201), "POST", "/requesters", {},
     {"first_name": "Ron", "primary_email": "ron@hogwarts.edu"}, lambda r: r.id == 888),
    ("update_requester", lambda c: c.update_requester(888, {"first_name": "Ronald"}),
     ok(reference("requester_update")), "PUT", "/requesters/888", {}, {"first_name": "Ronald"},
     lambda r: r.first_name == "Ronald"),
    ("delete_requester", lambda c: c.delete_requester(888), httpx.Response(204), "DELETE",
     "/requesters/888", {}, None, lambda r: r is None),
    ("list_requester_fields", lambda c: c.list_requester_fields(),
     ok(reference("requester_fields_list")), "GET", "/requester_fields", {}, None,
     lambda r: r[0].name == "first_name" and len(r) == 9),
    ("list_agents", lambda c: c.list_agents(email="rubeus.hagrid@hogwarts.edu", state="fulltime",
                                            mobile_phone_number="664345",
                                            work_phone_number="5564435", page=2, per_page=20),
     ok(reference("agents_list")), "GET", "/agents",
     {"email": "rubeus.hagrid@hogwarts.edu", "state": "fulltime", "mobile_phone_number": "664345",
      "work_phone_number": "5564435", "page": "2", "per_page": "20"}, None,
     lambda r: len(r.items) == 2),
    ("get_agent", lambda c: c.get_agent(1434), ok(reference("agent_view")), "GET", "/agents/1434",
     {}, None, lambda a: a.email == "rubeus.hagrid@hogwarts.edu"),
    ("create_agent", lambda c: c.create_agent({"first_name": "Rolanda", "email": "r@h.edu",
                                               "role_ids": [1]}),
     ok(reference("agent_create"), 201), "POST", "/agents", {},
     {"first_name": "Rolanda", "email": "r@h.edu", "role_ids": [1]}, lambda a: a.id == 4453),
    ("update_agent", lambda c: c.update_agent(1434, {"scoreboard_level_id": m.ScoreboardLevel.INTERMEDIATE}),
     ok(reference("agent_update")), "PUT", "/agents/1434", {}, {"scoreboard_level_id": 2},
     lambda a: a.scoreboard_level_id is m.ScoreboardLevel.INTERMEDIATE),
    ("delete_agent", lambda c: c.delete_agent(1434), httpx.Response(204), "DELETE",
     "/agents/1434", {}, None, lambda r: r is None),
    ("list_roles", lambda c: c.list_roles(), ok(reference("roles_list")), "GET", "/roles",
     {"page": "1", "per_page": "30"}, None, lambda r: r.items[2].name == "SD Supervisor"),
    ("get_role", lambda c: c.get_role(1), ok(reference("role_view")), "GET", "/roles/1", {}, None,
     lambda r: r.default is True and r.scopes.release == "Global Access"),
    ("list_groups", lambda c: c.list_groups(), ok(reference("groups_list")), "GET", "/groups",
     {"page": "1", "per_page": "30"}, None, lambda r: r.items[0].escalate_to == 1),
    ("get_group", lambda c: c.get_group(1), ok(reference("group_view")), "GET", "/groups/1", {},
     None, lambda g: g.unassigned_for == "30m"),
    ("create_group", lambda c: c.create_group({"name": "Linux Support", "agent_ids": [1, 16],
                                               "unassigned_for": "30m"}),
     ok(reference("group_create"), 201), "POST", "/groups", {},
     {"name": "Linux Support", "agent_ids": [1, 16], "unassigned_for": "30m"},
     lambda g: g.id == 5),
    ("update_group", lambda c: c.update_group(2, {"agent_ids": []}), ok(reference("group_update")),
     "PUT", "/groups/2", {}, {"agent_ids": []}, lambda g: g.id == 2),
    ("delete_group", lambda c: c.delete_group(5), httpx.Response(204), "DELETE", "/groups/5", {},
     None, lambda r: r is None),
    # names behind ids (API-SUPPLEMENT: departments, asset types)
    ("list_departments", lambda c: c.list_departments(), ok({"departments": [{"id": 7, "name": "Finance"}]}),
     "GET", "/departments", {"page": "1", "per_page": "30"}, None, lambda r: r.items[0].name == "Finance"),
    ("get_department", lambda c: c.get_department(7), ok({"department": {"id": 7, "name": "Finance"}}),
     "GET", "/departments/7", {}, None, lambda d: d.name == "Finance"),
    ("list_asset_types", lambda c: c.list_asset_types(), ok({"asset_types": [{"id": 25, "name": "Laptop"}]}),
     "GET", "/asset_types", {"page": "1", "per_page": "30"}, None, lambda r: r.items[0].name == "Laptop"),
    ("get_asset_type", lambda c: c.get_asset_type(25), ok({"asset_type": {"id": 25, "name": "Laptop"}}),
     "GET", "/asset_types/25", {}, None, lambda t: t.name == "Laptop"),
]


@pytest.mark.parametrize("name, call, response, method, path, params, json_body, check", CASES,
                         ids=[c[0] for c in CASES])
async def test_endpoint(client, server, name, call, response, method, path, params, json_body,
                        check):
    server.reply(response)
    result = await call(client)
    assert len(server.requests) == 1
    request = server.last
    assert request.method == method
    assert request.url.scheme == "https" and request.url.host == "acme.freshservice.com"
    assert request.url.path == "/api/v2" + path
    assert query(request) == params
    assert body(request) == json_body
    if json_body is not None:
        assert request.headers["Content-Type"] == "application/json"
    expected_auth = "Basic " + base64.b64encode(f"{API_KEY}:X".encode()).decode()
    assert request.headers["Authorization"] == expected_auth
    assert request.headers["Accept"] == "application/json"
    assert check(result)


def test_every_public_endpoint_method_is_covered():
    from .test_current_endpoints import CURRENT_CASES
    from .test_work_endpoints import WORK_CASES

    covered = {c[0].split()[0] for c in CASES + CURRENT_CASES + WORK_CASES}
    public = {n for n in dir(FreshserviceClient) if not n.startswith("_") and
              callable(getattr(FreshserviceClient, n)) and n not in ("aclose",)}
    iterators = {n for n in public if n.startswith("iter_")}
    assert public - iterators - covered == set()


async def test_filter_query_is_quoted_once_and_percent_encoded(client, server):
    server.reply(ok({"tickets": [], "total": 0}), ok({"tickets": [], "total": 0}))
    await client.filter_tickets('"status:2"')
    await client.filter_tickets("agent_id:null")
    assert query(server.requests[0])["query"] == '"status:2"'
    assert query(server.requests[1])["query"] == '"agent_id:null"'
    assert b"%22" in server.requests[0].url.query


async def test_password_auth(make_client, server):
    c = make_client(api_key=None, email="agent@acme.com", password="pw-123")
    server.reply(ok(reference("agent_view")))
    await c.get_agent(1)
    token = base64.b64encode(b"agent@acme.com:pw-123").decode()
    assert server.last.headers["Authorization"] == f"Basic {token}"
    await c.aclose()


async def test_attachments_are_multipart(client, server):
    server.reply(ok(reference("ticket_create_attachment"), 201))
    upload = m.Upload("attachment.txt", b"hello", "text/plain")
    ticket = await client.create_ticket(
        {"email": "example@example.com", "subject": "Ticket Title", "status": 2, "priority": 3,
         "description": "this is a sample ticket", "cc_emails": ["a@x.com", "b@x.com"],
         "custom_fields": {"custom_text": "v", "auto_checkbox": True}},
        attachments=[upload])
    assert ticket.attachments[0].name == "attachment.txt"
    request = server.last
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    content = request.content
    assert b'name="attachments[]"; filename="attachment.txt"' in content
    assert b"Content-Type: text/plain" in content and b"hello" in content
    for name, value in [(b"email", b"example@example.com"), (b"status", b"2"),
                        (b"cc_emails[]", b"a@x.com"), (b"cc_emails[]", b"b@x.com"),
                        (b"custom_fields[custom_text]", b"v"),
                        (b"custom_fields[auto_checkbox]", b"true")]:
        assert b'name="' + name + b'"\r\n\r\n' + value in content


@pytest.mark.parametrize("call, path, method", [
    (lambda c, u: c.create_reply(27, "this is a sample reply", attachments=u), "/tickets/27/reply", "POST"),
    (lambda c, u: c.create_note(265, "Hi tom", notify_emails=["t@y.com"], attachments=u), "/tickets/265/notes", "POST"),
    (lambda c, u: c.update_conversation(6, "updated conversation", attachments=u), "/conversations/6", "PUT"),
    (lambda c, u: c.update_ticket(6, {"status": 4}, attachments=u), "/tickets/6", "PUT"),
])
async def test_conversation_attachments_are_multipart(client, server, call, path, method):
    sample = "ticket_update" if path.startswith("/tickets/6") else "conversation_note_attachment"
    server.reply(ok(reference(sample)))
    await call(client, [m.Upload("a.bin", b"\x00\x01", "application/octet-stream")])
    request = server.last
    assert request.method == method and request.url.path == "/api/v2" + path
    assert request.headers["Content-Type"].startswith("multipart/form-data")
    assert b'name="attachments[]"; filename="a.bin"' in request.content


async def test_attachments_over_40_mb_are_refused_before_sending(client, server):
    from fstui.api.errors import AttachmentsTooLarge

    big = m.Upload("big.bin", b"\0" * (21 * 1024 * 1024))
    with pytest.raises(AttachmentsTooLarge):
        await client.create_reply(1, "x", attachments=[big, big])
    with pytest.raises(AttachmentsTooLarge):
        await client.create_ticket({"subject": "s"}, attachments=[big, big])
    assert server.requests == []


@pytest.mark.parametrize("call", [
    lambda c: c.list_tickets(per_page=101),
    lambda c: c.list_tickets(page=0),
    lambda c: c.list_tickets(filter="mine"),
    lambda c: c.list_tickets(order_type="up"),
    lambda c: c.list_tickets(include=["conversations"]),
    lambda c: c.get_ticket(1, include=["bogus"]),
    lambda c: c.list_conversations(1, per_page=500),
    lambda c: c.list_assets(order_by="name"),
    lambda c: c.list_agents(state="parttime"),
    lambda c: c.filter_tickets("status:2", page=11),
    lambda c: c.filter_assets("name:'x'", page=41),
    lambda c: c.filter_tickets("x" * 513),
    lambda c: c.filter_tickets("  "),
    lambda c: c.create_ticket({"subject": "s", "bogus": 1}),
    lambda c: c.update_ticket(1, {"deleted": False}),
    lambda c: c.create_requester({"name": "x"}),
    lambda c: c.update_agent(1, {"scopes": {}}),
    lambda c: c.create_group({"name": "g", "members": []}),
])
async def test_invalid_requests_are_refused_before_sending(client, server, call):
    with pytest.raises(ValueError):
        await call(client)
    assert server.requests == []


def test_iterators_refuse_large_pages(client):
    with pytest.raises(ValueError):
        client.iter_tickets(per_page=101)

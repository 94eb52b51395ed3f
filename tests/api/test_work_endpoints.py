"""The endpoint methods of issue 14 (tasks, time entries, child tickets, promote/demote, attachment
download, activities, requested items, approvals, CSAT): method, URL, query and body as sent, and the
documented response shapes parsed."""

from __future__ import annotations

import httpx
import pytest

from .test_endpoints import body, ok, query

TASK = {"id": 5, "title": "Call back", "status": 2, "due_date": "2025-03-15T10:00:00.964Z", "agent_id": 7}
ENTRY = {"id": 8, "agent_id": 7, "time_spent": "01:30", "timer_running": False, "billable": True,
         "start_time": "2025-03-14T10:00:00Z"}
TICKET = {"id": 9, "subject": "s", "type": "Major Incident"}

WORK_CASES = [
    ("list_ticket_tasks", lambda c: c.list_ticket_tasks(9), ok({"tasks": [TASK]}), "GET", "/tickets/9/tasks",
     {"page": "1", "per_page": "100"}, None, lambda r: r.items[0].status_name == "In Progress"),
    ("create_ticket_task", lambda c: c.create_ticket_task(9, {"title": "t", "description": "d", "notify_before": 0,
                                                               "due_date": "2025-03-15T10:00:00Z"}),
     ok({"task": TASK}, 201), "POST", "/tickets/9/tasks", {},
     {"title": "t", "description": "d", "notify_before": 0, "due_date": "2025-03-15T10:00:00Z"}, lambda t: t.id == 5),
    ("update_ticket_task", lambda c: c.update_ticket_task(9, 5, {"status": 3}), ok({"task": TASK}), "PUT",
     "/tickets/9/tasks/5", {}, {"status": 3}, lambda t: t.id == 5),
    ("delete_ticket_task", lambda c: c.delete_ticket_task(9, 5), httpx.Response(204), "DELETE", "/tickets/9/tasks/5",
     {}, None, lambda r: r is None),
    ("list_ticket_time_entries", lambda c: c.list_ticket_time_entries(9), ok({"time_entries": [ENTRY]}), "GET",
     "/tickets/9/time_entries", {"page": "1", "per_page": "100"}, None, lambda r: r.items[0].time_spent == "01:30"),
    ("get_ticket_time_entry", lambda c: c.get_ticket_time_entry(9, 8), ok({"time_entry": ENTRY}), "GET",
     "/tickets/9/time_entries/8", {}, None, lambda e: e.id == 8),
    ("create_ticket_time_entry", lambda c: c.create_ticket_time_entry(9, {"agent_id": 7, "timer_running": True}),
     ok({"time_entry": ENTRY}, 201), "POST", "/tickets/9/time_entries", {},
     {"time_entry": {"agent_id": 7, "timer_running": True}}, lambda e: e.id == 8),
    ("update_ticket_time_entry", lambda c: c.update_ticket_time_entry(9, 8, {"timer_running": False}),
     ok({"time_entry": ENTRY}), "PUT", "/tickets/9/time_entries/8", {}, {"time_entry": {"timer_running": False}},
     lambda e: e.billable),
    ("delete_ticket_time_entry", lambda c: c.delete_ticket_time_entry(9, 8), httpx.Response(200), "DELETE",
     "/tickets/9/time_entries/8", {}, None, lambda r: r is None),
    ("create_child_ticket", lambda c: c.create_child_ticket(9, {"subject": "c", "email": "a@b.co"}),
     ok({"ticket": TICKET}, 201), "POST", "/tickets/9/create_child_ticket", {}, {"subject": "c", "email": "a@b.co"},
     lambda t: t.id == 9),
    ("promote_ticket", lambda c: c.promote_ticket(9), ok({"ticket": TICKET}), "PUT", "/tickets/9/promote", {},
     {"type": "Major Incident"}, lambda t: t.type == "Major Incident"),
    ("demote_ticket", lambda c: c.demote_ticket(9), ok({"ticket": {**TICKET, "type": "Incident"}}), "PUT",
     "/tickets/9/demote", {}, {"type": "Incident"}, lambda t: t.type == "Incident"),
    ("download_attachment", lambda c: c.download_attachment(3),
     httpx.Response(200, content=b"PK\x03", headers={"content-type": "application/zip",
                                                    "content-disposition": 'attachment; filename="a.zip"'}),
     "GET", "/attachments/3", {}, None, lambda d: d.content == b"PK\x03" and d.filename == "a.zip"),
    ("list_ticket_activities", lambda c: c.list_ticket_activities(9, start_token="20"),
     ok({"activities": [{"actor": {"id": 0, "name": "Workflow"}, "content": "x", "sub_contents": ["y"],
                         "created_at": "2025-03-14T10:00:00Z"}],
         "next_page_url": "https://a.freshservice.com/api/v2/tickets/9/activities?start_token=40"}),
     "GET", "/tickets/9/activities", {"start_token": "20"}, None, lambda p: p.next_token == "40" and p.items[0].actor),
    ("list_requested_items", lambda c: c.list_requested_items(9),
     ok({"requested_items": [{"id": 1, "quantity": 2, "stage": 1, "service_item_id": 4}]}), "GET",
     "/tickets/9/requested_items", {}, None, lambda r: r[0].quantity == 2),
    ("list_ticket_approvals", lambda c: c.list_ticket_approvals(9),
     ok({"approvals": [{"id": 1, "approver_name": "A", "approval_status": {"id": 1, "name": "Approved"}}]}),
     "GET", "/tickets/9/approvals", {}, None, lambda r: r[0].approver_name == "A"),
    ("get_csat_response", lambda c: c.get_csat_response(9),
     ok({"csat_response": {"id": 1, "overall_rating": 101, "overall_rating_text": "Happy"}}), "GET",
     "/tickets/9/csat_response", {}, None, lambda r: r.overall_rating_text == "Happy"),
]


@pytest.mark.parametrize("name, call, response, method, path, params, sent, check", WORK_CASES,
                         ids=[c[0] for c in WORK_CASES])
async def test_work_endpoint(client, server, name, call, response, method, path, params, sent, check):
    server.reply(response)
    result = await call(client)
    request = server.last
    assert request.method == method and request.url.path == "/api/v2" + path
    assert query(request) == params
    assert body(request) == sent
    assert check(result)


async def test_missing_sub_resources_read_as_empty(client, server):
    server.reply(ok({"code": "not_found", "message": "x"}, 404), ok({"code": "access_denied", "message": "x"}, 403))
    assert await client.list_requested_items(9) == []
    assert await client.get_csat_response(9) is None

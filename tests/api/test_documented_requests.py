"""The reference's sample request bodies (curl -d) go through the client unchanged:
strict output accepts every documented field and sends exactly what the reference shows."""

from __future__ import annotations

import json

import httpx
import pytest

from .conftest import reference

RON = {"first_name": "Ron", "last_name": "Weasley", "job_title": "Student",
       "primary_email": "ronald.weasley@hogwarts.edu",
       "secondary_emails": ["ronald.weasley@freshservice.com", "ronald.weasley@freshworks.com"],
       "work_phone_number": "62443", "mobile_phone_number": "77762443", "department_ids": [554],
       "can_see_all_tickets_from_associated_departments": False, "reporting_manager_id": 656,
       "address": "Gryffindor Tower", "time_zone": "Edinburgh", "language": "en", "location_id": 23,
       "background_information": "",
       "custom_fields": {"quidditch_role": None, "hogsmeade_permission": True}}
HOOCH = {"first_name": "Rolanda", "last_name": "Hooch", "occasional": False,
         "job_title": "Flying Instructor", "email": "rolanda.hooch@hogwarts.edu",
         "work_phone_number": "443532", "mobile_phone_number": "553632", "reporting_manager_id": 2,
         "time_zone": "Edinburgh", "language": "en", "location_id": 34, "scoreboard_level_id": 1,
         "group_ids": [2, 3], "role_ids": [1]}
TICKET = {"description": "Details about the issue...", "subject": "Support Needed...",
          "email": "tom@outerspace.com", "priority": 1, "status": 2,
          "cc_emails": ["ram@freshservice.com", "diana@freshservice.com"]}
GROUP = {"name": "Linux Support", "description": "Support team for Linux VMs, workstations, and servers",
         "unassigned_for": "30m", "agent_ids": [1, 16]}

CASES = [
    (lambda c: c.create_ticket(TICKET), TICKET, "ticket_create"),
    (lambda c: c.create_ticket({**TICKET, "custom_fields": {"custom_text": "This is a custom text box"}}),
     {**TICKET, "custom_fields": {"custom_text": "This is a custom text box"}}, "ticket_create_custom_fields"),
    (lambda c: c.update_ticket(1, {"priority": 3}), {"priority": 3}, "ticket_update"),
    (lambda c: c.create_reply(141, "We are working on this issue. Will keep you posted."),
     {"body": "We are working on this issue. Will keep you posted."}, "conversation_reply"),
    (lambda c: c.create_note(265, "Hi tom, Still Angry", private=False),
     {"body": "Hi tom, Still Angry", "private": False}, "conversation_note"),
    (lambda c: c.update_conversation(5, "Can you provide some screenshots?"),
     {"body": "Can you provide some screenshots?"}, "conversation_update"),
    (lambda c: c.create_requester(RON), RON, "requester_create"),
    (lambda c: c.update_requester(888, {"first_name": "Ronald", "last_name": "Weasley"}),
     {"first_name": "Ronald", "last_name": "Weasley"}, "requester_update"),
    (lambda c: c.create_agent(HOOCH), HOOCH, "agent_create"),
    (lambda c: c.update_agent(1434, {"scoreboard_level_id": 2}), {"scoreboard_level_id": 2}, "agent_update"),
    (lambda c: c.create_group(GROUP), GROUP, "group_create"),
    (lambda c: c.update_group(2, GROUP), GROUP, "group_update"),
]


@pytest.mark.parametrize("call, sent, sample", CASES, ids=[c[2] for c in CASES])
async def test_documented_request_body(client, server, call, sent, sample):
    server.reply(httpx.Response(200, json=reference(sample)))
    await call(client)
    assert json.loads(server.last.content) == sent


async def test_restore_sends_no_body(client, server):
    server.reply(httpx.Response(204))
    await client.restore_ticket(1)
    assert server.last.method == "PUT" and server.last.content == b""

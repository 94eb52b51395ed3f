"""The sandbox's JSON matches the reference's examples field for field (tests/fixtures/reference).

For every example: each field of the example is in the sandbox's object with a compatible JSON type;
the sandbox adds only fields the reference documents in the resource's attribute table.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REFERENCE = Path(__file__).parents[1] / "fixtures" / "reference"
MANIFEST = json.loads((REFERENCE / "manifest.json").read_text()) if (REFERENCE / "manifest.json").exists() else []

# Fields the attribute tables document although an example leaves them out.
DOCUMENTED_EXTRAS = {
    "requester": {"created_at", "updated_at"},
    "agent": {"created_at", "updated_at"},
    "ticket": {"attachments", "sla_policy_id", "urgency", "impact", "deleted", "tags"},
    "ticket_field": {"choices", "portal_cc", "portal_cc_to"},
    "requester_field": {"choices", "customers_can_edit", "label_for_customers", "required_for_customers",
                        "displayed_for_customers", "requesters_can_edit", "label_for_requesters",
                        "required_for_requesters", "displayed_for_requesters"},
    "conversation": set(),
}
# The fields current accounts add (../shared/API-SUPPLEMENT.md §2.2, §2.4, §3.1, §6), pinned by
# tests/sandbox/test_current_api.py.
SUPPLEMENT_EXTRAS = {
    "ticket": {"workspace_id", "requested_for_id", "resolution_notes", "resolution_notes_html", "bcc_emails",
               "tasks_dependency_type", "applied_business_hours", "created_within_business_hours",
               "approval_status", "approval_status_name", "planned_start_date", "planned_end_date",
               "planned_effort"},
    "agent": {"active", "has_logged_in", "department_ids", "department_names", "location_name",
              "can_see_all_tickets_from_associated_departments", "address", "background_information",
              "signature", "time_format", "member_of", "observer_of", "member_of_pending_approval",
              "observer_of_pending_approval", "roles", "workspace_ids", "workspace_info", "last_active_at",
              "vip_user", "auto_assign_tickets", "external_id", "custom_fields"},
    "requester": {"active", "has_logged_in", "is_agent", "time_format", "external_id", "vip_user",
                  "department_names", "location_name", "can_see_all_changes_from_associated_departments",
                  "work_schedule_id"},
    "asset": {"asset_type_id", "assigned_on", "created_by_source", "created_by_user", "description", "group_id",
              "last_updated_by_source", "last_updated_by_user", "location_id", "sources", "workspace_id"},
    "group": {"workspace_id", "members", "observers"},
    "role": {"role_type"},
}
# The reference's fields current responses omit (API-SUPPLEMENT §0 "Deprecated agent attrs"; QA item 12).
SUPPLEMENT_OMITTED = {"agent": {"scopes", "group_ids", "role_ids", "ticket_scope", "problem_scope", "change_scope",
                                "release_scope"},
                      "group": {"agent_ids"}}
for _kind, _extra in SUPPLEMENT_EXTRAS.items():
    DOCUMENTED_EXTRAS[_kind] = DOCUMENTED_EXTRAS.get(_kind, set()) | _extra


def unwrap(data, key):
    """The reference sometimes wraps a collection in a one-element list: [{"tickets": [...]}]."""
    if isinstance(data, list) and data and isinstance(data[0], dict) and key in data[0]:
        if len(data) == 1 and isinstance(data[0][key], list):
            return data[0][key]
        return [item[key] for item in data]
    if isinstance(data, list):  # [{"group": {...}}] for the list of groups
        return [next(iter(item.values())) for item in data]
    return data[key] if key else data


def jtype(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def compare(example: dict, ours: dict, kind: str, name: str) -> None:
    missing = set(example) - set(ours)
    # the reference spells it "Attachment_url" once; the field is attachment_url
    missing = {m for m in missing if m != "Attachment_url"} - SUPPLEMENT_OMITTED.get(kind, set())
    assert not missing, f"{name}: sandbox lacks {sorted(missing)}"
    extra = set(ours) - set(example) - DOCUMENTED_EXTRAS.get(kind, set()) - {"attachment_url"}
    if kind == "ticket_field" or kind == "requester_field":
        extra -= {"choices"}
    assert not extra, f"{name}: sandbox adds undocumented {sorted(extra)}"
    for key, value in example.items():
        if key not in ours or value is None or ours[key] is None:
            continue
        assert jtype(value) == jtype(ours[key]), f"{name}.{key}: {value!r} vs {ours[key]!r}"


async def sandbox_json(client, sb, entry):
    endpoint = entry["endpoint"]
    multipart = "(multipart)" in endpoint
    files = [("attachments[]", ("attachment.txt", b"hello", "text/plain"))] if multipart else None
    tid = next(t for t in sb.store.tickets.values() if not t["deleted"] and t["_nconv"] >= 2)["id"]
    rid = next(iter(sb.store.requesters))
    aid = 1000000003
    gid = next(iter(sb.store.groups))

    async def write(method, url, body):
        if multipart:
            return await client.request(method, url, data=body, files=files)
        return await client.request(method, url, json=body)

    if endpoint.startswith("GET /tickets/[id]/conversations"):
        r = await client.get(f"/api/v2/tickets/{tid}/conversations")
    elif endpoint.startswith("GET /tickets/[id]"):
        r = await client.get(f"/api/v2/tickets/{tid}", params={"include": "requester"} if "include" in endpoint else None)
    elif endpoint.startswith("POST /tickets/[id]/reply"):
        r = await write("POST", f"/api/v2/tickets/{tid}/reply", {"body": "reply"})
    elif endpoint.startswith("POST /tickets/[id]/notes"):
        r = await write("POST", f"/api/v2/tickets/{tid}/notes", {"body": "note"})
    elif endpoint.startswith("PUT /conversations"):
        note = (await client.post(f"/api/v2/tickets/{tid}/notes", json={"body": "n"})).json()["conversation"]
        r = await write("PUT", f"/api/v2/conversations/{note['id']}", {"body": "updated"})
    elif endpoint.startswith("POST /tickets"):
        r = await write("POST", "/api/v2/tickets", {"email": "tom@outerspace.com", "description": "d", "subject": "s"})
    elif endpoint.startswith("PUT /tickets/[id]"):
        r = await client.put(f"/api/v2/tickets/{tid}", json={"priority": 3})
    elif endpoint.startswith("GET /tickets"):
        r = await client.get("/api/v2/tickets")
    elif endpoint.startswith("GET /ticket_fields"):
        r = await client.get("/api/v2/ticket_fields", params={"type": "default_requester"} if "type=" in endpoint else None)
    elif endpoint.startswith("GET /assets"):
        r = await client.get("/api/v2/assets")
    elif endpoint == "POST /requesters":
        r = await client.post("/api/v2/requesters", json={"first_name": "Ron", "primary_email": "ron@hogwarts.edu"})
    elif endpoint == "GET /requesters/[id]":
        r = await client.get(f"/api/v2/requesters/{rid}")
    elif endpoint == "PUT /requesters/[id]":
        r = await client.put(f"/api/v2/requesters/{rid}", json={"first_name": "Ronald"})
    elif endpoint == "GET /requesters":
        r = await client.get("/api/v2/requesters")
    elif endpoint == "GET /requester_fields":
        r = await client.get("/api/v2/requester_fields")
    elif endpoint == "POST /agents":
        r = await client.post("/api/v2/agents", json={"first_name": "R", "email": "r@hogwarts.edu", "role_ids": [1]})
    elif endpoint == "GET /agents/[id]":
        r = await client.get(f"/api/v2/agents/{aid}")
    elif endpoint == "PUT /agents/[id]":
        r = await client.put(f"/api/v2/agents/{aid}", json={"scoreboard_level_id": 2})
    elif endpoint == "GET /agents":
        r = await client.get("/api/v2/agents")
    elif endpoint == "GET /roles/[id]":
        r = await client.get("/api/v2/roles/1")
    elif endpoint == "GET /roles":
        r = await client.get("/api/v2/roles")
    elif endpoint == "POST /groups":
        r = await client.post("/api/v2/groups", json={"name": "Linux Support", "agent_ids": [aid]})
    elif endpoint == "GET /groups/[id]":
        r = await client.get(f"/api/v2/groups/{gid}")
    elif endpoint == "PUT /groups/[id]":
        r = await client.put(f"/api/v2/groups/{gid}", json={"description": "d"})
    elif endpoint == "GET /groups":
        r = await client.get("/api/v2/groups")
    else:
        r = await client.post("/api/v2/tickets", json={"subject": "no requester"})
    assert r.status_code < 300 or entry["kind"] == "raw", (endpoint, r.status_code, r.text)
    return r.json()


KIND = {"tickets": "ticket", "ticket": "ticket", "conversation": "conversation", "conversations": "conversation",
        "ticket_fields": "ticket_field", "requester_fields": "requester_field", "requesters": "requester",
        "requester": "requester", "agents": "agent", "agent": "agent", "assets": "asset", "roles": "role",
        "role": "role", "groups": "group", "group": "group"}


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["name"] for e in MANIFEST])
async def test_shape_matches_reference_example(client, sb, entry):
    text = (REFERENCE / entry["file"]).read_text()
    example = json.loads(text)
    ours = await sandbox_json(client, sb, entry)
    if entry["kind"] == "raw":
        assert set(ours) == set(example)
        assert set(ours["errors"][0]) == set(example["errors"][0])
        return
    key = entry["key"]
    kind = KIND[key]
    ex = unwrap(example, key)
    got = ours[key]
    if entry["kind"] == "list":
        assert isinstance(got, list) and got
        ex_items = ex if isinstance(ex, list) else [ex]
        for ex_item in ex_items[:1]:
            if kind in ("ticket_field", "requester_field"):
                by_name = {g["name"]: g for g in got}
                for item in ex_items:
                    if item.get("name") in by_name:
                        compare(item, by_name[item["name"]], kind, entry["name"])
                continue
            compare(ex_item, got[0], kind, entry["name"])
    else:
        compare(ex, got, kind, entry["name"])
        if ex.get("attachments") and got.get("attachments"):
            compare(ex["attachments"][0], got["attachments"][0], "attachment", entry["name"] + ".attachments")


@pytest.mark.parametrize("entry", [e for e in MANIFEST if e["kind"] != "raw"], ids=lambda e: e["name"])
async def test_sandbox_json_parses_into_client_models(client, sb, entry):
    models = pytest.importorskip("fstui.api.models")
    model = getattr(models, entry["model"])
    ours = (await sandbox_json(client, sb, entry))[entry["key"]]
    for item in ours if isinstance(ours, list) else [ours]:
        model.model_validate(item)


async def test_includes_parse_into_client_models(client, sb):
    models = pytest.importorskip("fstui.api.models")
    t = next(x for x in sb.store.tickets.values() if x["_nconv"] >= 3)
    r = await client.get(f"/api/v2/tickets/{t['id']}",
                         params={"include": "conversations,requester,stats,tags,assets,problem,change,related_tickets"})
    ticket = models.Ticket.model_validate(r.json()["ticket"])
    assert ticket.id == t["id"]
    r = await client.get("/api/v2/tickets", params={"include": "requester,stats"})
    for item in r.json()["tickets"]:
        models.Ticket.model_validate(item)
    r = await client.get("/api/v2/assets", params={"include": "type_fields"})
    for item in r.json()["assets"]:
        models.Asset.model_validate(item)

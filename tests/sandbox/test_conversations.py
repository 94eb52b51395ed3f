"""Conversations: reply, notes, update (notes only), delete, list paging; multipart attachments, 40 MB."""

from __future__ import annotations

from fstui.sandbox.store import CONVERSATION_LIST_KEYS, NOTE_KEYS, REPLY_KEYS


def live_ticket(sb, min_conv=0):
    return next(t for t in sb.store.tickets.values() if not t["deleted"] and t["_nconv"] >= min_conv)


async def test_reply_goes_to_the_requester(client, sb):
    t = live_ticket(sb)
    r = await client.post(f"/api/v2/tickets/{t['id']}/reply",
                          json={"body": "We are working on this issue. Will keep you posted.",
                                "cc_emails": ["boss@customer.example"]})
    assert r.status_code == 201, r.text
    c = r.json()["conversation"]
    assert list(c) == list(REPLY_KEYS)
    assert c["to_emails"] == [sb.store.requesters[t["requester_id"]]["primary_email"]]
    assert c["from_email"] == "helpdesk@fstui-sandbox.example"
    assert c["user_id"] == 1000000001 and c["ticket_id"] == t["id"]
    assert c["cc_emails"] == ["boss@customer.example"]
    assert c["body_text"] == "We are working on this issue. Will keep you posted."
    r = await client.post(f"/api/v2/tickets/{t['id']}/reply", json={"body": "x", "from_email": "it@corp.example"})
    assert r.json()["conversation"]["from_email"] == "it@corp.example"
    convs = (await client.get(f"/api/v2/tickets/{t['id']}/conversations", params={"per_page": 100})).json()
    assert convs["conversations"][-1]["from_email"] == "it@corp.example"
    assert convs["conversations"][-1]["source"] == 0


async def test_reply_and_note_validation(client, sb):
    t = live_ticket(sb)
    r = await client.post(f"/api/v2/tickets/{t['id']}/reply", json={})
    assert r.status_code == 400 and r.json()["errors"][0] == {
        "field": "body", "message": "Mandatory attribute missing", "code": "missing_field"}
    r = await client.post(f"/api/v2/tickets/{t['id']}/notes", json={"body": "x", "private": "yes"})
    assert r.json()["errors"][0]["code"] == "datatype_mismatch"
    r = await client.post(f"/api/v2/tickets/{t['id']}/reply", json={"body": "x", "to_emails": ["a@b.co"]})
    assert r.json()["errors"][0]["code"] == "invalid_field"
    assert (await client.post("/api/v2/tickets/999999/reply", json={"body": "x"})).status_code == 404


async def test_note_is_private_by_default(client, sb):
    t = live_ticket(sb)
    r = await client.post(f"/api/v2/tickets/{t['id']}/notes", json={"body": "Hi tom, Still Angry"})
    assert r.status_code == 201
    c = r.json()["conversation"]
    assert list(c) == list(NOTE_KEYS)
    assert c["private"] is True and c["incoming"] is False and c["support_email"] is None
    r = await client.post(f"/api/v2/tickets/{t['id']}/notes",
                          json={"body": "public", "private": False, "notify_emails": ["tom@corp.example"]})
    c = r.json()["conversation"]
    assert c["private"] is False and c["to_emails"] == ["tom@corp.example"]


async def test_update_only_notes_and_delete(client, sb, clock):
    t = live_ticket(sb)
    note = (await client.post(f"/api/v2/tickets/{t['id']}/notes", json={"body": "draft"})).json()["conversation"]
    clock.advance(300)
    r = await client.put(f"/api/v2/conversations/{note['id']}", json={"body": "Can you provide some screenshots?"})
    assert r.status_code == 200
    c = r.json()["conversation"]
    assert list(c) == list(NOTE_KEYS)
    assert c["body"] == "Can you provide some screenshots?" and c["updated_at"] != c["created_at"]
    reply = (await client.post(f"/api/v2/tickets/{t['id']}/reply", json={"body": "r"})).json()["conversation"]
    r = await client.put(f"/api/v2/conversations/{reply['id']}", json={"body": "edited"})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "incompatible_field"
    r = await client.put(f"/api/v2/conversations/{note['id']}", json={"private": False})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "invalid_field"
    r = await client.delete(f"/api/v2/conversations/{note['id']}")
    assert r.status_code == 204
    assert (await client.delete(f"/api/v2/conversations/{note['id']}")).status_code == 404
    assert (await client.get(f"/api/v2/conversations/{reply['id']}")).status_code == 405


async def test_seeded_conversations_can_be_edited_and_deleted(client, sb):
    t = next(x for x in sb.store.tickets.values() if x["_nconv"] >= 3 and not x["deleted"])
    convs = (await client.get(f"/api/v2/tickets/{t['id']}/conversations")).json()["conversations"]
    note = next((c for c in convs if c["source"] == 2), None)
    if note:
        r = await client.put(f"/api/v2/conversations/{note['id']}", json={"body": "<b>edited</b>"})
        assert r.status_code == 200 and r.json()["conversation"]["body_text"] == "edited"
    r = await client.delete(f"/api/v2/conversations/{convs[0]['id']}")
    assert r.status_code == 204
    after = (await client.get(f"/api/v2/tickets/{t['id']}/conversations")).json()["conversations"]
    assert [c["id"] for c in after] == [c["id"] for c in convs[1:]]


async def test_list_paging_over_30(client, sb):
    t = next(x for x in sb.store.tickets.values() if x["_nconv"] > 30)
    r = await client.get(f"/api/v2/tickets/{t['id']}/conversations")
    assert r.status_code == 200
    page1 = r.json()["conversations"]
    assert len(page1) == 30 and list(page1[0]) == list(CONVERSATION_LIST_KEYS)
    assert r.headers["link"].endswith('rel="next"') and "page=2" in r.headers["link"]
    r2 = await client.get(f"/api/v2/tickets/{t['id']}/conversations", params={"page": 2})
    page2 = r2.json()["conversations"]
    assert len(page2) == t["_nconv"] - 30 and "link" not in r2.headers
    stamps = [c["created_at"] for c in page1 + page2]
    assert stamps == sorted(stamps)
    assert len({c["id"] for c in page1 + page2}) == t["_nconv"]
    r = await client.get(f"/api/v2/tickets/{t['id']}/conversations", params={"per_page": 101})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "per_page"
    assert (await client.get("/api/v2/tickets/999999/conversations")).status_code == 404


async def test_multipart_attachments(client, sb):
    r = await client.post("/api/v2/tickets", data={
        "email": "example@example.com", "subject": "Ticket Title", "description": "this is a sample ticket",
        "status": "2", "priority": "3", "tags[]": ["a", "b"], "custom_fields[auto_checkbox]": "true"},
        files=[("attachments[]", ("attachment.txt", b"hello", "text/plain"))])
    assert r.status_code == 201, r.text
    t = r.json()["ticket"]
    assert t["priority"] == 3 and t["tags"] == ["a", "b"] and t["custom_fields"]["auto_checkbox"] is True
    att = t["attachments"][0]
    assert (att["name"], att["size"], att["content_type"]) == ("attachment.txt", 5, "text/plain")
    assert set(att) == {"id", "content_type", "size", "name", "attachment_url", "created_at", "updated_at"}
    got = await client.get(att["attachment_url"].replace("http://sandbox.test", ""))
    assert got.content == b"hello"
    r = await client.post(f"/api/v2/tickets/{t['id']}/notes", data={"body": "see file"},
                          files=[("attachments[]", ("a.log", b"x" * 100, "text/plain"))])
    assert r.status_code == 201 and r.json()["conversation"]["attachments"][0]["size"] == 100
    r = await client.post(f"/api/v2/tickets/{t['id']}/reply", data={"body": "two files"},
                          files=[("attachments[]", ("1.txt", b"1", "text/plain")),
                                 ("attachments[]", ("2.txt", b"22", "text/plain"))])
    assert [a["size"] for a in r.json()["conversation"]["attachments"]] == [1, 2]
    note_id = (await client.post(f"/api/v2/tickets/{t['id']}/notes", json={"body": "n"})).json()["conversation"]["id"]
    r = await client.put(f"/api/v2/conversations/{note_id}", data={"body": "updated conversation"},
                         files=[("attachments[]", ("z.jpg", b"jpg", "image/jpeg"))])
    assert r.status_code == 200 and r.json()["conversation"]["attachments"][0]["name"] == "z.jpg"


async def test_forty_megabytes_per_ticket(client, sb):
    mb = 1024 * 1024
    r = await client.post("/api/v2/tickets", data={"email": "a@b.co", "description": "big"},
                          files=[("attachments[]", ("big.bin", b"\0" * (35 * mb), "application/octet-stream"))])
    assert r.status_code == 201
    tid = r.json()["ticket"]["id"]
    r = await client.post(f"/api/v2/tickets/{tid}/notes", data={"body": "more"},
                          files=[("attachments[]", ("more.bin", b"\0" * (5 * mb + 1), "application/octet-stream"))])
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "attachments"
    r = await client.post(f"/api/v2/tickets/{tid}/notes", data={"body": "fits"},
                          files=[("attachments[]", ("ok.bin", b"\0" * (5 * mb), "application/octet-stream"))])
    assert r.status_code == 201
    r = await client.post("/api/v2/tickets", data={"email": "a@b.co", "description": "too big"},
                          files=[("attachments[]", ("huge.bin", b"\0" * (40 * mb + 1), "application/octet-stream"))])
    assert r.status_code == 400

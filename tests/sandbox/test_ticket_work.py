"""Issue 14 in the sandbox: activities follow the writes it receives (paged with start_token), promote
and demote, CSAT on some closed tickets, child tickets' restrictions, the seeded tasks/time/knowledge."""

from __future__ import annotations

import httpx

from fstui.sandbox import DEMO_API_KEY


def _c(url):
    return httpx.Client(base_url=f"{url}/api/v2", auth=(DEMO_API_KEY, "X"), timeout=5)


def test_activities_follow_writes_and_page(sandbox_url):
    with _c(sandbox_url) as c:
        tid = c.get("/tickets?per_page=1").json()["tickets"][0]["id"]
        assert c.put(f"/tickets/{tid}", json={"status": 3}).status_code == 200
        for i in range(22):
            assert c.post(f"/tickets/{tid}/notes", json={"body": f"n{i}"}).status_code == 201
        first = c.get(f"/tickets/{tid}/activities").json()
        assert len(first["activities"]) == 20 and first["activities"][0]["content"] == "added a private note"
        token = first["next_page_url"].split("start_token=")[1]
        second = c.get(f"/tickets/{tid}/activities", params={"start_token": token}).json()
        contents = [a["content"] for a in second["activities"]]
        assert "updated the ticket" in contents and "created a new ticket" in contents
        update = next(a for a in second["activities"] if a["content"] == "updated the ticket")
        assert "set Status as Pending" in update["sub_contents"]
        assert "next_page_url" not in second
        note = c.post(f"/tickets/{tid}/notes", json={"body": "to edit"}).json()["conversation"]
        assert c.put(f"/conversations/{note['id']}", json={"body": "edited"}).status_code == 200
        assert c.get(f"/tickets/{tid}/activities").json()["activities"][0]["content"] == "edited a note"


def test_promote_demote_and_child_rules(sandbox_url):
    with _c(sandbox_url) as c:
        tid = next(t["id"] for t in c.get("/tickets?per_page=50").json()["tickets"] if t["type"] == "Incident")
        assert c.put(f"/tickets/{tid}/promote", json={"type": "Major Incident"}).json()["ticket"]["type"] == \
            "Major Incident"
        assert c.put(f"/tickets/{tid}/promote", json={"type": "Major Incident"}).status_code == 400
        assert c.put(f"/tickets/{tid}/demote", json={"type": "Incident"}).json()["ticket"]["type"] == "Incident"
        body = {"subject": "child", "description": "d", "email": "a@example.com", "status": 2, "priority": 1}
        child = c.post(f"/tickets/{tid}/create_child_ticket", json=body)
        assert child.status_code == 201
        nested = c.post(f"/tickets/{child.json()['ticket']['id']}/create_child_ticket", json=body)
        assert nested.status_code == 400
        related = c.get(f"/tickets/{tid}?include=related_tickets").json()["ticket"]["related_tickets"]
        assert child.json()["ticket"]["id"] in related["child_ids"]


def test_seeded_work_and_knowledge(sandbox_url):
    with _c(sandbox_url) as c:
        assert c.get("/tickets/7/tasks").json()["tasks"]
        assert any(e["timer_running"] for e in c.get("/tickets/1/time_entries").json()["time_entries"])
        for word in ("VPN", "printer", "password"):
            assert c.get("/solutions/articles/search", params={"search_term": word}).json()["articles"]
        responses = c.get("/canned_responses?per_page=100").json()["canned_responses"]
        assert any("{{ticket.requester.name}}" in r["content"] for r in responses)
        with_file = next(r for r in responses if r["title"] == "Laptop: return form")
        att = c.get(f"/canned_responses/{with_file['id']}").json()["canned_response"]["attachments"][0]
        assert c.get(f"/attachments/{att['id']}").content.startswith(b"Laptop return form")

"""Notes of problems, changes and releases (API-SUPPLEMENT §8.8), black-box."""

from __future__ import annotations

import pytest

from .helpers import errors, every


@pytest.mark.parametrize("kind", ["problems", "changes", "releases"])
async def test_note_crud(client, kind):
    record = (await every(client, f"/api/v2/{kind}", kind))[0]
    url = f"/api/v2/{kind}/{record['id']}/notes"
    r = await client.post(url, json={"body": "<p>Checked <b>logs</b></p>", "notify_emails": ["ops@customer.example"]})
    assert r.status_code == 201, r.text
    note = r.json()["note"]
    assert set(note) == {"id", "user_id", "body", "body_text", "notify_emails", "created_at", "updated_at"}
    assert note["body_text"] == "Checked logs" and note["notify_emails"] == ["ops@customer.example"]
    assert note["id"] in {n["id"] for n in (await client.get(url)).json()["notes"]}
    r = await client.put(f"{url}/{note['id']}", json={"body": "<p>Edited</p>"})
    assert r.status_code == 200 and r.json()["note"]["body_text"] == "Edited"
    assert (await client.get(f"{url}/{note['id']}")).json()["note"]["body"] == "<p>Edited</p>"
    assert (await client.delete(f"{url}/{note['id']}")).status_code == 204
    assert (await client.get(f"{url}/{note['id']}")).status_code == 404


async def test_note_validation_and_missing_parent(client):
    r = await client.post("/api/v2/problems/1/notes", json={"private": True})
    assert set(errors(r)) == {("private", "invalid_field"), ("body", "missing_field")}
    r = await client.post("/api/v2/problems/1/notes", json={"body": "x", "notify_emails": ["not-an-email"]})
    assert errors(r) == [("notify_emails", "invalid_value")]
    assert (await client.get("/api/v2/problems/999999/notes")).status_code == 404

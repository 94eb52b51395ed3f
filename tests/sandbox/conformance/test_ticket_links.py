"""A ticket names its problem and changes through the documented view includes (API-SUPPLEMENT §3.2)."""

from __future__ import annotations

from .helpers import credits


async def _linked(client, include: str, key: str) -> dict:
    for page in range(1, 40):
        tickets = (await client.get("/api/v2/tickets", params={"per_page": 100, "page": page})).json()["tickets"]
        if not tickets:
            break
        for t in tickets:
            body = (await client.get(f"/api/v2/tickets/{t['id']}", params={"include": include})).json()["ticket"]
            if body.get(key):
                return body
    raise AssertionError(f"no ticket with {key}")


async def test_problem_include_is_the_problem(client):
    ticket = await _linked(client, "problem", "problem")
    problem = ticket["problem"]
    r = await client.get(f"/api/v2/problems/{problem['id']}")
    assert r.status_code == 200 and r.json()["problem"]["subject"] == problem["subject"]
    assert set(problem) == set(r.json()["problem"])


async def test_changes_include_and_credits(client):
    ticket = await _linked(client, "changes", "changes_initiated_by_ticket")
    change = ticket["changes_initiated_by_ticket"][0]
    assert ticket["changes_initiating_ticket"] == []
    assert (await client.get(f"/api/v2/changes/{change['id']}")).json()["change"]["subject"] == change["subject"]
    r = await client.get(f"/api/v2/tickets/{ticket['id']}", params={"include": "problem,changes"})
    assert credits(r) == 3  # one per include on a single object


async def test_linking_a_problem_and_deleting_it(client):
    problem = (await client.get("/api/v2/problems")).json()["problems"][0]
    ticket = (await client.get("/api/v2/tickets", params={"per_page": 1})).json()["tickets"][0]
    r = await client.put(f"/api/v2/tickets/{ticket['id']}", json={"associate_problem_id": problem["id"]})
    assert r.status_code == 200
    url = f"/api/v2/tickets/{ticket['id']}"
    assert (await client.get(url, params={"include": "problem"})).json()["ticket"]["problem"]["id"] == problem["id"]
    await client.delete(f"/api/v2/problems/{problem['id']}")
    assert (await client.get(url, params={"include": "problem"})).json()["ticket"]["problem"] is None

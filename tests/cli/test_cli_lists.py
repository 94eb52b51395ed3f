"""`fstui tickets list`: page N is the server's page N, no id twice, a requester's tickets of any age
(issue 11, section 4)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import httpx
import pytest

from fstui import cli
from fstui.cli import ExitCode
from fstui.sandbox import DEMO_API_KEY


@pytest.fixture
def account(sandbox_url, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    return ["--url", sandbox_url]


def _ids(capsys, *argv: str) -> list[int]:
    capsys.readouterr()
    assert cli.main(["tickets", "list", "--json", *argv]) == ExitCode.OK
    return [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines() if line.strip()]


def _api(sandbox_url: str) -> httpx.Client:
    return httpx.Client(base_url=f"{sandbox_url}/api/v2", auth=(DEMO_API_KEY, "X"), timeout=10)


def test_pages_are_the_servers_pages_with_a_warm_cache_after_new_tickets(capsys, account, sandbox_url):
    assert len(_ids(capsys, *account)) == 100  # the cache is warm: page 1 listed moments ago
    with _api(sandbox_url) as api:
        for n in range(2):
            api.post("/tickets", json={"subject": f"new {n}", "description": "x", "email": "new@example.com",
                                       "priority": 1, "status": 2}).raise_for_status()
        # the CLI lists every workspace the agent sees by default (a multi-workspace account): workspace_id=0
        server = [t["id"] for p in (1, 2)
                  for t in api.get("/tickets", params={"per_page": 100, "page": p, "workspace_id": 0}).json()["tickets"]]
    ids = _ids(capsys, "--pages", "2", *account)
    assert len(ids) == 200 and len(set(ids)) == 200  # no id twice
    assert ids == server  # page 1 then page 2, each as the server lists it
    assert _ids(capsys, "--page", "2", *account) == server[100:]


def test_requester_tickets_of_any_age_newest_first(capsys, account, sandbox_url):
    with _api(sandbox_url) as api:
        everything = [t for p in range(1, 30)
                      for t in api.get("/tickets", params={"per_page": 100, "page": p, "updated_since": "2000-01-01T00:00:00Z",
                                                          "include": "requester"}).json()["tickets"]]
        now = max(datetime.fromisoformat(t["updated_at"].replace("Z", "+00:00")) for t in everything)
        old = next(t for t in everything if datetime.fromisoformat(t["created_at"].replace("Z", "+00:00"))
                   < now - timedelta(days=45) and t.get("requester"))
        email = old["requester"]["email"]
        recent_only = [t["id"] for t in api.get("/tickets", params={"email": email, "per_page": 100}).json()["tickets"]]
    assert old["id"] not in recent_only  # the list's 30-day default window hides it
    theirs = sorted((t for t in everything if t["requester_id"] == old["requester_id"]),
                    key=lambda t: (t["created_at"], t["id"]), reverse=True)
    assert _ids(capsys, "--requester", email, *account) == [t["id"] for t in theirs]

"""`fstui tickets list --requester NAME` (QA of issue 11): a name is looked up on the server; one match lists
that person's tickets, several are named (exit 2), none is said (exit 4)."""

from __future__ import annotations

import json
from collections import Counter

import httpx
import pytest

from fstui import cli
from fstui.cli import ExitCode
from fstui.sandbox import DEMO_API_KEY


@pytest.fixture
def account(sandbox_url, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    return ["--url", sandbox_url]


def _requesters(sandbox_url: str) -> list[dict]:
    with httpx.Client(base_url=f"{sandbox_url}/api/v2", auth=(DEMO_API_KEY, "X"), timeout=10) as api:
        return [r for p in range(1, 20) for r in api.get("/requesters", params={"per_page": 100, "page": p})
                .json()["requesters"]]


def test_a_name_lists_that_requesters_tickets(capsys, account, sandbox_url):
    people = _requesters(sandbox_url)
    names = Counter(f"{r['first_name']} {r['last_name']}" for r in people)
    person = next(r for r in people if names[f"{r['first_name']} {r['last_name']}"] == 1
                  and sum(1 for o in people if o["first_name"].startswith(r["first_name"])
                          and o["last_name"].startswith(r["last_name"])) == 1)
    name = f"{person['first_name']} {person['last_name']}"
    capsys.readouterr()
    assert cli.main(["tickets", "list", "--json", "--requester", name, *account]) == ExitCode.OK
    by_name = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert cli.main(["tickets", "list", "--json", "--requester", person["primary_email"], *account]) == ExitCode.OK
    by_email = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert by_name and [t["id"] for t in by_name] == [t["id"] for t in by_email]
    assert {t["requester_id"] for t in by_name} == {person["id"]}


def test_several_matches_are_named_and_none_is_said(capsys, account, sandbox_url):
    people = _requesters(sandbox_url)
    first = Counter(r["first_name"] for r in people).most_common(1)[0][0]
    capsys.readouterr()
    assert cli.main(["tickets", "list", "--requester", first, *account]) == ExitCode.USAGE
    err = capsys.readouterr()
    assert err.out == "" and "requesters match" in err.err and "@" in err.err
    assert cli.main(["tickets", "list", "--requester", "Zzyzx Nobody", *account]) == ExitCode.NOT_FOUND
    assert "No requester matches 'Zzyzx Nobody'" in capsys.readouterr().err

"""The CLI shows the server's names: the account's status labels, the requester's email, tags, custom fields by
label, each message's recipients; its JSON carries times in UTC."""

from __future__ import annotations

import json
import sys

import httpx
import pytest

from fstui import cli
from tests.cli.shown import shown_fields
from fstui.cli import ExitCode
from fstui.sandbox import DEMO_API_KEY


@pytest.fixture
def account(sandbox_url, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    return ["--url", sandbox_url]


def first_ticket(sandbox_url: str) -> int:
    r = httpx.get(f"{sandbox_url}/api/v2/tickets", auth=(DEMO_API_KEY, "X"))
    return r.json()["tickets"][0]["id"]


def put(sandbox_url: str, ticket_id: int, fields: dict) -> None:
    r = httpx.put(f"{sandbox_url}/api/v2/tickets/{ticket_id}", json=fields, auth=(DEMO_API_KEY, "X"))
    assert r.status_code == 200, r.text


def test_show_table_uses_the_accounts_labels(capsys, account, sandbox_url, monkeypatch):
    tid = first_ticket(sandbox_url)
    put(sandbox_url, tid, {"status": 12, "source": 1001, "tags": ["printer"],
                           "custom_fields": {"auto_checkbox": True, "custom_text": "REF-01994"}})
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    code = cli.main(["tickets", "show", str(tid), *account])
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    fields = shown_fields(out)
    assert fields["status"] == "Awaiting Vendor" and fields["source"] == "Vendor Portal"
    assert fields["tags"] == "printer"
    assert fields["Auto-created"] == "yes" and fields["Reference"] == "REF-01994"
    assert "@" in fields["email"]  # the requester's email (the view embeds the requester)
    code = cli.main(["tickets", "list", *account])
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(f"{tid} "))
    assert "Awaiting" in row and " 12 " not in row


def test_show_json_times_are_utc_and_replies_name_their_recipients(capsys, account, sandbox_url, monkeypatch):
    tid = first_ticket(sandbox_url)
    r = httpx.post(f"{sandbox_url}/api/v2/tickets/{tid}/reply", auth=(DEMO_API_KEY, "X"),
                   json={"body": "Hello", "cc_emails": ["boss@customer.example"]})
    assert r.status_code == 201, r.text
    code = cli.main(["tickets", "show", str(tid), "--conversations", "--json", *account])
    data = json.loads(capsys.readouterr().out.splitlines()[0])
    assert code == ExitCode.OK
    assert data["created_at"].endswith("Z") and data["updated_at"].endswith("Z")
    assert all(c["created_at"].endswith("Z") for c in data["conversations"])
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    cli.main(["tickets", "show", str(tid), "--conversations", *account])
    out = capsys.readouterr().out
    assert "cc: boss@customer.example" in out
    first = out.split("--- ", 1)[1].splitlines()[0]
    assert " UTC" in first and "#100" not in first  # the author by name


def test_json_never_stands_a_default_for_what_was_not_read(capsys, account):
    """A filter query's rows carry no tags: the JSON leaves them out rather than saying "tags": []."""
    code = cli.main(["tickets", "list", "--query", "priority:4", "--json", *account])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert code == ExitCode.OK and rows
    assert all("tags" not in row for row in rows)
    cli.main(["tickets", "list", "--json", *account])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert all(isinstance(row["tags"], list) for row in rows)  # the queue's list embeds them


def test_show_says_a_ticket_is_deleted_or_spam_and_a_reply_to_it_says_why_it_failed(capsys, account, sandbox_url,
                                                                                  monkeypatch, tmp_path):
    """A ticket in trash is said so on `tickets show` (not just in --json), a spam one too; a reply the server
    refuses as not found points at the likely reason."""
    tid = first_ticket(sandbox_url)
    spam = httpx.get(f"{sandbox_url}/api/v2/tickets", params={"filter": "spam"},
                     auth=(DEMO_API_KEY, "X")).json()["tickets"][0]["id"]  # the demo desk has some
    assert httpx.delete(f"{sandbox_url}/api/v2/tickets/{tid}", auth=(DEMO_API_KEY, "X")).status_code == 204
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert cli.main(["tickets", "show", str(tid), *account]) == ExitCode.OK
    assert shown_fields(capsys.readouterr().out)["deleted"] == "yes (in trash)"
    assert cli.main(["tickets", "show", str(spam), *account]) == ExitCode.OK
    fields = shown_fields(capsys.readouterr().out)
    assert fields["spam"] == "yes" and "deleted" not in fields
    body = tmp_path / "b.txt"
    body.write_text("hello")
    code = cli.main(["reply", str(tid), "--body-file", str(body), *account])
    err = capsys.readouterr().err
    assert code == ExitCode.NOT_FOUND
    assert f"ticket {tid} may be deleted (in trash) or not visible to this key" in err


def test_show_keeps_the_first_lines_indentation(capsys, account, sandbox_url, monkeypatch, tmp_path):
    """A note whose first line is indented (a log or code line) reads back as typed."""
    tid = first_ticket(sandbox_url)
    body = tmp_path / "n.txt"
    body.write_text("   three spaces first\nsecond\n    four spaces\n")
    assert cli.main(["note", str(tid), "--body-file", str(body), *account]) == ExitCode.OK
    capsys.readouterr()
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert cli.main(["tickets", "show", str(tid), "--conversations", *account]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "\n   three spaces first\nsecond\n    four spaces\n" in out

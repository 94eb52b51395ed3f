"""`fstui tickets create` against the sandbox: names resolved from the account's form fields, a plain-text
description file sent as HTML paragraphs, --parent for a child ticket, and the write's exit codes."""

from __future__ import annotations

import httpx

from fstui.cli import ExitCode
from fstui.sandbox import DEMO_API_KEY

from tests.cli.test_write_exit_codes import run


def _view(url, tid):
    r = httpx.get(f"{url}/api/v2/tickets/{tid}?include=related_tickets", auth=(DEMO_API_KEY, "X"), timeout=5)
    return r.json()["ticket"]


def test_create_with_names_and_a_text_file(capsys, sandbox_url, tmp_path, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    desc = tmp_path / "d.txt"
    desc.write_text("The printer on floor 2 jams.\n\nTried a new tray.\n")
    code, lines, err = run(capsys, "tickets", "create", "--url", sandbox_url, "--email", "new.person@example.com",
                           "--subject", "Printer jams", "--description-file", str(desc), "--priority", "high",
                           "--status", "Pending", "--group", "Service Desk", "--category", "Hardware", "--json")
    assert code == ExitCode.OK, err
    (out,) = lines
    assert out["state"] == "sent" and out["kind"] == "create_ticket"
    ticket = _view(sandbox_url, out["ticket_id"])
    assert ticket["subject"] == "Printer jams" and ticket["priority"] == 3 and ticket["status"] == 3
    assert ticket["category"] == "Hardware"
    # plain text keeps its blank line (the project's one conversion, fstui/textconv.py)
    assert ticket["description"] == "<div>The printer on floor 2 jams.</div><div><br></div><div>Tried a new tray.</div>"


def test_child_ticket_and_usage_errors(capsys, sandbox_url, tmp_path, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    desc = tmp_path / "d.txt"
    desc.write_text("<p>Follow-up</p>")
    parent = 1997
    code, lines, err = run(capsys, "tickets", "create", "--url", sandbox_url, "--requester-id",
                           str(_view(sandbox_url, parent)["requester_id"]), "--subject", "Follow-up",
                           "--description-file", str(desc), "--html", "--parent", str(parent), "--json")
    assert code == ExitCode.OK, err
    child = lines[0]["ticket_id"]
    assert lines[0]["kind"] == "create_child_ticket"
    assert _view(sandbox_url, child)["description"] == "<p>Follow-up</p>"  # with --html: sent as it is

    code, lines, err = run(capsys, "tickets", "create", "--url", sandbox_url, "--email", "a@example.com",
                           "--subject", "x", "--description-file", str(desc), "--priority", "whenever")
    assert code == ExitCode.USAGE and "--priority 'whenever'" in err and not lines
    code, lines, err = run(capsys, "tickets", "create", "--url", sandbox_url, "--email", "a@example.com",
                           "--subject", "x", "--description-file", str(desc), "--category", "Hardware",
                           "--sub-category", "Nope")
    assert code == ExitCode.USAGE and "sub_category: is not under Hardware" in err


def test_read_only_profile_exits_9(capsys, sandbox_url, tmp_path, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    desc = tmp_path / "d.txt"
    desc.write_text("x")
    code, _lines, err = run(capsys, "tickets", "create", "--url", sandbox_url, "--read-only", "--email",
                            "a@example.com", "--subject", "x", "--description-file", str(desc))
    assert code == ExitCode.READ_ONLY

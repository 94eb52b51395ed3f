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


def test_create_in_another_workspace_with_its_form(capsys, sandbox_url, tmp_path, monkeypatch):
    """QA 2: `--workspace HR` made #2101 in IT; HR's group, agent and case type were refused."""
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    desc = tmp_path / "d.txt"
    desc.write_text("I start parental leave in May.\n")
    code, lines, err = run(capsys, "tickets", "create", "--url", sandbox_url, "--workspace", "HR",
                           "--email", "new.parent@example.com", "--subject", "Parental leave",
                           "--description-file", str(desc), "--status", "Waiting on Customer",
                           "--group", "HR Operations", "--agent", "Hannah Reyes", "--custom", "hr_case_type=Leave",
                           "--json")
    assert code == ExitCode.OK, err
    ticket = _view(sandbox_url, lines[0]["ticket_id"])
    assert ticket["workspace_id"] == 3 and ticket["status"] == 6
    assert ticket["custom_fields"]["hr_case_type"] == "Leave"
    groups = httpx.get(f"{sandbox_url}/api/v2/groups?workspace_id=3", auth=(DEMO_API_KEY, "X"), timeout=5).json()
    assert ticket["group_id"] == next(g["id"] for g in groups["groups"] if g["name"] == "HR Operations")

    # IT's form has no HR group; HR's has no IT group
    code, lines, err = run(capsys, "tickets", "create", "--url", sandbox_url, "--email", "a@example.com",
                           "--subject", "x", "--description-file", str(desc), "--group", "HR Operations")
    assert code == ExitCode.USAGE and "not one of the account's choices" in err and not lines
    code, lines, err = run(capsys, "tickets", "create", "--url", sandbox_url, "--workspace", "3",
                           "--email", "a@example.com", "--subject", "x", "--description-file", str(desc),
                           "--group", "Service Desk")
    assert code == ExitCode.USAGE and "not one of the HR workspace's choices" in err and not lines
    for bad in ("all", "Payroll"):
        code, lines, err = run(capsys, "tickets", "create", "--url", sandbox_url, "--workspace", bad,
                               "--email", "a@example.com", "--subject", "x", "--description-file", str(desc))
        assert code == ExitCode.USAGE and "--workspace" in err and not lines


def test_child_ticket_is_made_in_its_parents_workspace(capsys, sandbox_url, tmp_path, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    desc = tmp_path / "d.txt"
    desc.write_text("Follow-up")
    hr = httpx.get(f"{sandbox_url}/api/v2/tickets?workspace_id=3", auth=(DEMO_API_KEY, "X"), timeout=5).json()
    parent = hr["tickets"][0]
    common = ("tickets", "create", "--url", sandbox_url, "--requester-id", str(parent["requester_id"]),
              "--subject", "Follow-up", "--description-file", str(desc), "--parent", str(parent["id"]))
    code, lines, err = run(capsys, *common, "--custom", "hr_case_type=Payroll", "--json")
    assert code == ExitCode.OK, err
    child = _view(sandbox_url, lines[0]["ticket_id"])
    assert child["workspace_id"] == 3 and child["custom_fields"]["hr_case_type"] == "Payroll"
    code, lines, err = run(capsys, *common, "--workspace", "IT")
    assert code == ExitCode.USAGE and "its parent's workspace (HR)" in err

"""The scriptable command line against the sandbox: JSON lines, writes through the outbox, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from fstui import cli
from fstui.cli import ExitCode
from fstui.sandbox import DEMO_API_KEY


@pytest.fixture
def account(sandbox_url, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    return ["--url", sandbox_url]


def run(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    return code, lines, err


def test_help_is_fast_and_lists_exit_codes():
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "fstui.cli", "--help"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0
    assert "exit codes:" in result.stdout and "read-only" in result.stdout
    assert "--api-key" not in result.stdout  # the key never goes on the command line
    imported = result.stderr
    assert "textual" not in imported and "httpx" not in imported
    assert "asyncio" not in imported  # half of the import time of `fstui --help`; only the commands need it


def test_tickets_list_json_lines(capsys, account):
    code, lines, _ = run(capsys, "tickets", "list", *account)
    assert code == ExitCode.OK
    assert len(lines) == 100 and all("id" in t and "subject" in t for t in lines)
    ids = [t["id"] for t in lines]
    code, more, _ = run(capsys, "tickets", "list", "--pages", "2", *account)
    assert [t["id"] for t in more][:100] == ids and len(more) == 200


def test_tickets_list_query(capsys, account):
    code, lines, _ = run(capsys, "tickets", "list", "--query", "priority:4 AND status:2", *account)
    assert code == ExitCode.OK
    assert lines and all(t["priority"] == 4 and t["status"] == 2 for t in lines)


def test_tickets_show_with_conversations(capsys, account):
    _, listed, _ = run(capsys, "tickets", "list", *account)
    ticket_id = listed[0]["id"]
    code, lines, _ = run(capsys, "tickets", "show", str(ticket_id), "--conversations", *account)
    assert code == ExitCode.OK and len(lines) == 1
    assert lines[0]["id"] == ticket_id and isinstance(lines[0]["conversations"], list)


def test_show_missing_ticket_exits_4(capsys, account):
    code, _, err = run(capsys, "tickets", "show", "99999999", *account)
    assert code == ExitCode.NOT_FOUND and "Not found" in err


def test_reply_and_public_note(capsys, account, tmp_path):
    _, listed, _ = run(capsys, "tickets", "list", *account)
    ticket_id = str(listed[0]["id"])
    body = tmp_path / "body.html"
    body.write_text("<p>Hello from a script</p>")
    code, lines, _ = run(capsys, "reply", ticket_id, "--body-file", str(body), "--html", *account)
    assert code == ExitCode.OK, lines
    assert lines[0]["state"] == "sent" and lines[0]["kind"] == "reply"
    code, lines, _ = run(capsys, "note", ticket_id, "--body-file", str(body), "--html", "--public", *account)
    assert code == ExitCode.OK and lines[0]["state"] == "sent"
    code, shown, _ = run(capsys, "tickets", "show", ticket_id, "--conversations", *account)
    bodies = [c.get("body") or "" for c in shown[0]["conversations"]]
    assert sum("Hello from a script" in b for b in bodies) == 2
    notes = [c for c in shown[0]["conversations"] if "Hello from a script" in (c.get("body") or "")]
    assert any(c.get("private") is False and c.get("source") == 2 for c in notes)


def test_read_only_refuses_writes(capsys, account, tmp_path):
    body = tmp_path / "b.txt"
    body.write_text("hi")
    code, _, err = run(capsys, "note", "1", "--body-file", str(body), "--read-only", *account)
    assert code == ExitCode.READ_ONLY and "read-only" in err


def test_bad_key_exits_3(capsys, sandbox_url, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", "wrong")
    code, _, err = run(capsys, "tickets", "list", "--url", sandbox_url)
    assert code == ExitCode.AUTH and "Traceback" not in err


def test_unreachable_exits_7(capsys, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", "k")
    code, _, err = run(capsys, "tickets", "show", "1", "--timeout", "5", "--url", "http://127.0.0.1:9")
    assert code == ExitCode.UNREACHABLE and err


def test_http_url_and_missing_key_are_usage_errors(capsys, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", "k")
    code, _, err = run(capsys, "tickets", "list", "--url", "http://acme.freshservice.com")
    assert code == ExitCode.USAGE and "https://" in err
    monkeypatch.delenv("FRESHSERVICE_API_KEY")
    code, _, err = run(capsys, "--domain", "acme")
    assert code == ExitCode.USAGE and "FRESHSERVICE_API_KEY" in err


def test_empty_body_file_is_refused(capsys, account, tmp_path):
    body = tmp_path / "empty.txt"
    body.write_text("  \n")
    code, _, err = run(capsys, "reply", "1", "--body-file", str(body), *account)
    assert code == ExitCode.USAGE and "empty" in err


def test_profile_selection_and_0600(capsys, sandbox_url, monkeypatch):
    from fstui import locations

    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[profiles.sbx]\nurl = "{sandbox_url}"\napi_key = "{DEMO_API_KEY}"\n')
    os.chmod(path, 0o644)
    code, _, err = run(capsys, "tickets", "list", "--profile", "sbx")
    assert code == ExitCode.USAGE and f"chmod 600 {path}" in err and DEMO_API_KEY not in err
    os.chmod(path, 0o600)
    code, lines, _ = run(capsys, "tickets", "list", "--profile", "sbx")
    assert code == ExitCode.OK and len(lines) == 100
    code, profiles, _ = run(capsys, "profiles")
    assert [p["name"] for p in profiles] == ["sbx", "demo"] and profiles[0]["default"]


def test_tty_table_output(capsys, account, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    code = cli.main(["tickets", "list", *account])
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    assert out.splitlines()[0].startswith("ID") and "SUBJECT" in out.splitlines()[0]
    assert "\x1b" not in out
    # a seeded hostile ticket: escape sequences in its subject, bidi overrides in a reply's file name
    code = cli.main(["tickets", "show", "1316", "--conversations", *account])
    out = capsys.readouterr().out
    assert code == ExitCode.OK and "Screen cleared?" in out and "red text" in out
    assert "\x1b" not in out and "\u202e" not in out

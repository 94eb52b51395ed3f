"""QA §5: a write the server applied but answered too late is reported as outcome unknown (JSON
``outcome_unknown: true``; on a terminal, words that say it may already be on the ticket), never as a plain
"queued/not sent", by ``reply``, ``time log`` and ``tickets create``; the outbox records it so."""

from __future__ import annotations

import json
import sys

import httpx
import pytest

from fstui import cli
from fstui.cli import ExitCode
from fstui.sandbox import DEMO_API_KEY


@pytest.fixture
def account(sandbox_url, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    return ["--url", sandbox_url]


@pytest.fixture
def late(sandbox_url):
    """Every write is applied, then its answer is held 5 s (past the commands' --timeout 1)."""
    httpx.post(f"{sandbox_url}/_sandbox/faults", json={"timeout_after_apply": 1.0, "timeout_seconds": 5},
               timeout=5).raise_for_status()
    yield
    httpx.post(f"{sandbox_url}/_sandbox/faults", json={}, timeout=5).raise_for_status()


@pytest.fixture
def body(tmp_path):
    path = tmp_path / "body.txt"
    path.write_text("late answer, applied")
    return str(path)


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.startswith("{")], err


def api(sandbox_url, path):
    r = httpx.get(f"{sandbox_url}/api/v2/{path}", auth=(DEMO_API_KEY, "X"), timeout=10)
    r.raise_for_status()
    return r.json()


COMMANDS = {
    "reply": lambda body: ["reply", "1981", "--body-file", body],
    "time log": lambda body: ["time", "log", "1978", "--spent", "0:17"],
    "tickets create": lambda body: ["tickets", "create", "--email", "late.answer@example.com", "--subject",
                                    "late answer ticket", "--description-file", body],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_late_answer_is_outcome_unknown_in_json_and_in_the_outbox(capsys, account, late, body, sandbox_url,
                                                                  command):
    code, [result], _ = run(capsys, *COMMANDS[command](body), "--timeout", "1", "--json", *account)
    assert code == ExitCode.QUEUED
    assert result["outcome_unknown"] is True and result["state"] in ("pending", "sending")
    # it is on the server: a script must not take the write for "not sent"
    if command == "reply":
        assert any("late answer, applied" in (c.get("body_text") or c.get("body") or "")
                   for c in api(sandbox_url, "tickets/1981/conversations")["conversations"])
    elif command == "time log":
        assert any(e["time_spent"] == "00:17" for e in api(sandbox_url, "tickets/1978/time_entries")["time_entries"])
    else:
        assert any(t["subject"] == "late answer ticket" for t in api(sandbox_url, "tickets?per_page=5")["tickets"])
    # the outbox, read a moment later by another command, says the same
    _, rows, _ = run(capsys, "outbox", "--json", *account)
    [row] = [r for r in rows if r["id"] == result["outbox_id"]]
    assert row["outcome_unknown"] is True and row["state"] == "pending"


def test_late_reply_on_a_terminal_says_it_may_already_be_on_the_ticket(capsys, account, late, body, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    code, _, err = run(capsys, "reply", "1981", "--body-file", body, "--timeout", "1", *account)
    assert code == ExitCode.QUEUED
    assert "it may already be on ticket 1981" in err and "fstui will look on the server before sending it again" in err
    assert "will send it when the server answers" not in err  # never the plain "queued, not sent"


async def test_an_entry_left_mid_send_is_reported_outcome_unknown(monkeypatch):
    """The command stops waiting while the request is under way (no attempt end in sight): outcome unknown."""
    from fstui import cli_writes
    from fstui.service.outbox_store import OutboxEntry

    monkeypatch.setattr(cli_writes, "ATTEMPT_GRACE", 0.2)
    entry = OutboxEntry(id="01700000000000000000-abcdef0123", kind="note", ticket_id=5, payload={"body": "x"},
                        state="sending", attempts=1)

    class Outbox:
        def get(self, entry_id):
            return entry

    [left] = await cli_writes.wait_for(Outbox(), [entry], 0.1)
    assert left.state == "sending" and left.outcome_unknown is True
    assert cli_writes.unknown_line(left).startswith("note to ticket 5 (")

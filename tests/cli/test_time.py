"""`fstui time log` and `fstui timer start|stop` against the sandbox, through the outbox."""

from __future__ import annotations

from fstui.cli import ExitCode
from fstui.sandbox import DEMO_API_KEY

from tests.cli.test_write_exit_codes import run


def test_log_time_and_timer(capsys, sandbox_url, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    code, lines, err = run(capsys, "time", "log", "1997", "--spent", "90m", "--note", "phone call", "--url",
                           sandbox_url, "--json")
    assert code == ExitCode.OK, err
    assert lines[0]["time_spent"] == "01:30" and lines[0]["kind"] == "create_time_entry"
    code, lines, err = run(capsys, "timer", "start", "1997", "--url", sandbox_url, "--json")
    assert code == ExitCode.OK and lines[0]["timer_running"] is True
    code, lines, err = run(capsys, "timer", "start", "1996", "--url", sandbox_url, "--json")
    assert code == ExitCode.INVALID and lines[0]["error_kind"] == "validation"  # one running timer per agent
    code, lines, err = run(capsys, "timer", "stop", "1997", "--url", sandbox_url, "--json")
    assert code == ExitCode.OK and lines[0]["timer_running"] is False
    code, lines, err = run(capsys, "timer", "stop", "1997", "--url", sandbox_url, "--json")
    assert code == ExitCode.NOT_FOUND and "no running timer" in err
    code, lines, err = run(capsys, "time", "log", "1997", "--spent", "soon", "--url", sandbox_url)
    assert code == ExitCode.USAGE and "not a duration" in err


def test_timer_stop_needs_to_know_who_you_are(capsys, sandbox_url, monkeypatch):
    """`timer stop` stops your timer: when the server cannot say which agent you are, it stops none (a running
    timer on the ticket may be another agent's)."""
    import httpx

    from fstui.service.data import DataService

    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    code, lines, err = run(capsys, "timer", "start", "1997", "--url", sandbox_url, "--json")
    assert code == ExitCode.OK

    async def nobody(self):
        return None

    monkeypatch.setattr(DataService, "me", nobody)
    code, lines, err = run(capsys, "timer", "stop", "1997", "--url", sandbox_url, "--json")
    assert code == ExitCode.USAGE and "cannot tell which agent you are" in err
    entries = httpx.get(f"{sandbox_url}/api/v2/tickets/1997/time_entries", auth=(DEMO_API_KEY, "X")).json()
    assert any(e["timer_running"] for e in entries["time_entries"])

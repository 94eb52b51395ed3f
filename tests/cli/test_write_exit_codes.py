"""`fstui reply` / `fstui note` against the sandbox: each way a write can end has its documented exit
code, taken from the kind of failure the outbox recorded (never from the wording of the error)."""

from __future__ import annotations

import json

import httpx
import pytest

from fstui import cli
from fstui.cli import ExitCode
from fstui.sandbox import DEMO_API_KEY, READONLY_API_KEY

TICKET = "1997"  # a seeded ticket


@pytest.fixture
def body(tmp_path):
    path = tmp_path / "body.txt"
    path.write_text("Sent by a script\n")
    return str(path)


@pytest.fixture
def faults(sandbox_url):
    def set_faults(**kw):
        httpx.post(f"{sandbox_url}/_sandbox/faults", json=kw, timeout=5).raise_for_status()

    yield set_faults
    set_faults()


def run(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def write(capsys, url, *argv):
    code, lines, err = run(capsys, *argv, "--url", url)
    assert len(lines) == 1, (lines, err)
    return code, lines[0]


def test_sent_exits_0(capsys, sandbox_url, body, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    code, out = write(capsys, sandbox_url, "note", TICKET, "--body-file", body)
    assert code == ExitCode.OK
    assert out["state"] == "sent" and out["error_kind"] is None and out["error_status"] is None


def test_agent_not_allowed_to_write_exits_3(capsys, sandbox_url, body, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", READONLY_API_KEY)  # may read, every write gets 403
    code, out = write(capsys, sandbox_url, "reply", TICKET, "--body-file", body)
    assert code == ExitCode.AUTH
    assert (out["state"], out["error_kind"], out["error_status"]) == ("failed", "access_denied", 403)


def test_unknown_ticket_exits_4(capsys, sandbox_url, body, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    code, out = write(capsys, sandbox_url, "note", "99999999", "--body-file", body)
    assert code == ExitCode.NOT_FOUND
    assert (out["state"], out["error_kind"], out["error_status"]) == ("failed", "not_found", 404)


def test_invalid_fields_exit_5(capsys, sandbox_url, body, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    code, out = write(capsys, sandbox_url, "reply", TICKET, "--body-file", body, "--cc", "not-an-email")
    assert code == ExitCode.INVALID
    assert (out["state"], out["error_kind"], out["error_status"]) == ("failed", "validation", 400)
    assert [fe["field"] for fe in out["field_errors"]] == ["cc_emails"]


def test_rate_limited_write_exits_8_and_stays_queued(capsys, sandbox_url, body, monkeypatch, faults):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    faults(rate_429=1.0, retry_after=120)
    code, out = write(capsys, sandbox_url, "note", TICKET, "--body-file", body, "--timeout", "2")
    assert code == ExitCode.QUEUED  # never 6: a script retrying on 6 would post it twice
    assert (out["state"], out["error_kind"], out["error_status"]) == ("pending", "rate_limited", 429)
    assert out["outcome_unknown"] is False


def test_unreachable_write_exits_8_and_stays_queued(capsys, body, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", "k")
    code, out = write(capsys, "http://127.0.0.1:9", "reply", "1", "--body-file", body, "--timeout", "2")
    assert code == ExitCode.QUEUED  # never 7: a script retrying on 7 would post it twice
    assert (out["state"], out["error_kind"], out["error_status"]) == ("pending", "unreachable", None)


def test_server_error_on_a_write_exits_8_outcome_unknown(capsys, sandbox_url, body, monkeypatch, faults):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    faults(rate_500=1.0)
    code, out = write(capsys, sandbox_url, "note", TICKET, "--body-file", body, "--timeout", "2")
    assert code == ExitCode.QUEUED
    assert (out["state"], out["error_kind"], out["error_status"]) == ("pending", "outcome_unknown", 500)
    assert out["outcome_unknown"] is True


def test_no_wait_exits_8(capsys, sandbox_url, body, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    code, out = write(capsys, sandbox_url, "note", TICKET, "--body-file", body, "--no-wait")
    assert code == ExitCode.QUEUED and out["state"] in ("pending", "sending")


def test_read_only_profile_exits_9(capsys, sandbox_url, body, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    code, lines, err = run(capsys, "reply", TICKET, "--body-file", body, "--read-only", "--url", sandbox_url)
    assert code == ExitCode.READ_ONLY and lines == [] and "read-only" in err

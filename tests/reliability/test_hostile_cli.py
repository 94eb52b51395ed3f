"""The hostile-server corpus through the CLI: every status, list/show/reply/note, table and JSON output:
no attack byte from the server reaches stdout or stderr."""

from __future__ import annotations

import pytest

from fstui import cli
from tests.reliability.hostile import STATUSES, HostileServer, escapes_in

COMMANDS = (
    ("tickets", "list"),
    ("tickets", "show", "1"),
    ("tickets", "show", "1", "--conversations"),
    ("reply", "1", "--body-file", "{body}", "--timeout", "0.5"),
    ("note", "1", "--body-file", "{body}", "--timeout", "0.5"),
)


def play(status: int, capsys, tmp_path, monkeypatch, *, table: bool, commands=COMMANDS) -> list[tuple]:
    body = tmp_path / "body.txt"
    body.write_text("hello")
    monkeypatch.setenv("FRESHSERVICE_API_KEY", "k" * 20)
    monkeypatch.setattr("sys.stdout.isatty", lambda: table, raising=False)
    dirty = []
    with HostileServer(status) as server:
        for command in commands:
            argv = [a.format(body=body) for a in command] + ["--url", server.url]
            code = cli.main(argv)
            out, err = capsys.readouterr()
            found = escapes_in(out + err)
            if found:
                dirty.append((status, command[:2], code, found, (out + err)[:300]))
    return dirty


@pytest.mark.parametrize("status", (200, 401, 404, 500))
def test_hostile_server_short(status, capsys, tmp_path, monkeypatch):
    assert play(status, capsys, tmp_path, monkeypatch, table=True) == []


@pytest.mark.parametrize("status", (400, 429))
def test_hostile_server_json_output(status, capsys, tmp_path, monkeypatch):
    assert play(status, capsys, tmp_path, monkeypatch, table=False, commands=COMMANDS[:2]) == []


def full_corpus(capsys, tmp_path, monkeypatch) -> dict:
    """Every status x every command x table/JSON (the reliability command's version)."""
    dirty = []
    runs = 0
    for status in STATUSES:
        for table in (True, False):
            dirty += play(status, capsys, tmp_path, monkeypatch, table=table)
            runs += len(COMMANDS)
    return {"runs": runs, "dirty": dirty}


def test_log_records_reach_stderr_sanitised(capsys, monkeypatch):
    import logging

    from tests.reliability.hostile import HOSTILE

    assert cli.main(["profiles", "path"]) == 0
    logging.getLogger("fstui.service.outbox").warning("entry failed: %s", HOSTILE)
    err = capsys.readouterr().err
    assert "entry failed: evil" in err and escapes_in(err) == []

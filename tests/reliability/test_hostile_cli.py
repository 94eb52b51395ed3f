"""The hostile-server corpus through the CLI: every status, list/show/reply/note, table and JSON output:
no attack byte from the server reaches stdout or stderr."""

from __future__ import annotations

import pytest

from fstui import cli
from tests.reliability.hostile import COMMANDS, escapes_in, no_backoff, play_cli


@pytest.fixture(autouse=True)
def _fast_retries(monkeypatch):
    no_backoff(monkeypatch)


@pytest.fixture
def body(tmp_path, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", "k" * 20)
    path = tmp_path / "body.txt"
    path.write_text("hello")
    return str(path)


@pytest.mark.parametrize("status", (200, 401, 404, 500))
def test_hostile_server_short(status, body):
    assert play_cli(status, body, table=True)[1] == []


@pytest.mark.parametrize("status", (400, 429))
def test_hostile_server_json_output(status, body):
    assert play_cli(status, body, table=False, commands=COMMANDS[:2])[1] == []


def test_log_records_reach_stderr_sanitised(capsys, monkeypatch):
    import logging

    from tests.reliability.hostile import HOSTILE

    assert cli.main(["profiles", "path"]) == 0
    logging.getLogger("fstui.service.outbox").warning("entry failed: %s", HOSTILE)
    err = capsys.readouterr().err
    assert "entry failed: evil" in err and escapes_in(err) == []

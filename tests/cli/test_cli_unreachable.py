"""QA §6: every CLI command words an unreachable server from the exception (the host and the cause), never
the TUI's status text ("Offline: showing cached data; retrying.")."""

from __future__ import annotations

import pytest

from fstui import cli
from fstui.cli import ExitCode

NOWHERE = "http://127.0.0.1:9"  # nothing listens on the discard port


@pytest.mark.parametrize("argv", [
    ["tickets", "list"],
    ["tickets", "list", "--query", "priority:4"],
    ["tickets", "list", "--requester", "Someone Else"],
    ["tickets", "show", "1990"],
    ["timer", "stop", "1978", "--timeout", "5"],
], ids=["list", "list --query", "list --requester", "show", "timer stop"])
def test_unreachable_server_is_named_with_its_host_and_cause(capsys, monkeypatch, argv):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", "k")
    code = cli.main([*argv, "--url", NOWHERE])
    out, err = capsys.readouterr()
    assert code == ExitCode.UNREACHABLE and out == ""
    assert "cannot connect to 127.0.0.1:9" in err, err
    assert "Offline" not in err and "showing cached data" not in err and "retrying" not in err
    assert len(err.strip().splitlines()) == 1


def test_the_host_is_added_when_the_cause_does_not_name_it():
    from fstui.api import errors
    from fstui.config import Profile

    message = cli._unreachable(errors.RequestTimeout("GET /api/v2/tickets timed out"),
                               Profile(name="x", url="https://acme.freshservice.com"))
    assert message == "Request timed out: GET /api/v2/tickets timed out (acme.freshservice.com)"

"""Small ones of issue 13 §5: timeouts that are no time, private top-level directories."""

from __future__ import annotations

import os
import stat

import pytest

from fstui import cli, locations
from fstui.cli import ExitCode


@pytest.mark.parametrize("value", ["-1", "nan", "0", "inf", "abc"])
@pytest.mark.parametrize("command", [["tickets", "list"], ["tickets", "show", "1"],
                                     ["reply", "1", "--body-file", "-"], ["note", "1", "--body-file", "-"]])
def test_timeout_must_be_seconds(command, value, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*command, "--timeout", value])
    assert exit_info.value.code == ExitCode.USAGE
    assert "--timeout" in capsys.readouterr().err


def test_top_level_directories_are_private(sandbox_url, monkeypatch, capsys):
    from fstui.sandbox import DEMO_API_KEY
    from fstui.tui.drafts import DraftStore

    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    assert cli.main(["tickets", "show", "1", "--url", sandbox_url]) in (ExitCode.OK, ExitCode.NOT_FOUND)
    DraftStore("work").save("reply:1", {"body": "x"})
    for root in (locations.cache_dir(), locations.data_dir(), locations.data_dir() / "drafts"):
        assert stat.S_IMODE(os.stat(root).st_mode) == 0o700, root

"""What the first queue frame does not need is imported on first use, not by every start (issue 7's
start-up target; the figure itself is measured by tests/benchmarks/startup.py, not here)."""

from __future__ import annotations

import subprocess
import sys

# what `fstui` imports on its way to the queue screen
STARTUP = ("fstui.cli", "fstui.config", "fstui.tui.app", "fstui.tui.screens.queue", "fstui.service",
           "fstui.service.factory", "fstui.api.client")
ON_FIRST_USE = (
    "fstui.tui.screens.assets", "fstui.tui.screens.agents", "fstui.tui.screens.requesters",
    "fstui.tui.screens.groups", "fstui.tui.browse",  # a section key, the palette, the [keys] check
    "fstui.tui.commands",  # the palette
    "fstui.tui.widgets.conversation", "fstui.textconv",  # a thread or a description to show
    "fstui.tui.keymap",  # a [keys] table in the config
    "fstui.config_shared",  # a profile read from the config file
)


def test_start_up_leaves_what_the_first_frame_does_not_need_for_later():
    code = "; ".join(f"import {m}" for m in STARTUP) + "; import sys; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    assert [m for m in ON_FIRST_USE if m in loaded] == []
    assert "fstui.tui.screens.queue" in loaded  # the check itself sees the start-up modules


def test_browse_sections_are_registered_on_first_use():
    code = ("import sys; from fstui.tui import app; before = sorted(app.SECTIONS); "
            "after = sorted(app.sections()); print(before, after, 'fstui.tui.screens.assets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "['1'] ['1', '2', '3', '4', '5'] True"


def test_the_http_client_is_made_on_the_first_request_only():
    from fstui.api.client import FreshserviceClient

    client = FreshserviceClient("https://acme.freshservice.com", api_key="k")
    assert client._http_client is None and client.http_timeout.read is not None and not client.closed
    assert client._http.timeout == client.http_timeout and client._http_client is not None


def test_version_is_looked_up_when_asked(capsys):
    from importlib.metadata import version

    import pytest

    from fstui import cli

    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"fstui {version('fstui')}\n"

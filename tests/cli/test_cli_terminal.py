"""The CLI in a shell as it is: a pipe closed early, a terminal that is not UTF-8 (issue 11, section 7)."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from fstui import terminal
from fstui.sandbox import DEMO_API_KEY


def _env(sandbox_url: str, tmp_path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)  # stdout block-buffered, as in a user's shell
    env.update(FRESHSERVICE_API_KEY=DEMO_API_KEY, FSTUI_CONFIG_DIR=str(tmp_path / "c"),
               FSTUI_CACHE_DIR=str(tmp_path / "k"), FSTUI_DATA_DIR=str(tmp_path / "d"), **extra)
    return env


def test_output_piped_into_head_exits_quietly(sandbox_url, tmp_path):
    shell = f"{sys.executable} -m fstui.cli tickets list --json --pages 3 --url {sandbox_url} | head -1"
    result = subprocess.run(["bash", "-c", f"set -o pipefail; {shell}"], capture_output=True, text=True,
                            env=_env(sandbox_url, tmp_path), timeout=60)
    assert result.stdout.startswith("{") and result.stdout.count("\n") == 1
    assert result.stderr == ""  # no BrokenPipeError traceback, no "Exception ignored"
    assert result.returncode in (0, terminal.BROKEN_PIPE_EXIT)
    # a short output that only meets the closed pipe when it is flushed at the end
    shell = f"{sys.executable} -m fstui.cli tickets show 1990 --json --url {sandbox_url} | true"
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, env=_env(sandbox_url, tmp_path),
                            timeout=60)
    assert result.stderr == ""


def _emoji_ticket(sandbox_url: str) -> int:
    with httpx.Client(base_url=f"{sandbox_url}/api/v2", auth=(DEMO_API_KEY, "X"), timeout=10) as api:
        made = api.post("/tickets", json={"subject": "Emoji storm 🔥🔥🔥 ❤️ 👍🏽 and wide 漢字 ─ in subject",
                                          "description": "<div>Zoë says ❤️ — “thanks” 👍🏽</div>",
                                          "email": "zoe@example.com", "priority": 1, "status": 2})
        made.raise_for_status()
        return made.json()["ticket"]["id"]


@pytest.mark.parametrize("encoding", ["iso-8859-1", "ascii"])
def test_a_terminal_that_is_not_utf8_gets_stand_ins_not_a_crash(sandbox_url, tmp_path, encoding):
    ticket_id = _emoji_ticket(sandbox_url)
    # what `tickets show` prints on a terminal (the JSON lines are ASCII anyway)
    code = ("import sys; sys.stdout.isatty = lambda: True; from fstui.cli import main; "
            f"sys.exit(main(['tickets', 'show', '{ticket_id}', '--url', '{sandbox_url}']))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True,
                            env=_env(sandbox_url, tmp_path, PYTHONIOENCODING=encoding), timeout=60)
    assert result.returncode == 0, result.stderr.decode(encoding, "replace")
    out = result.stdout.decode(encoding)
    assert "UnicodeEncodeError" not in result.stderr.decode(encoding, "replace")
    assert "\\u" not in out and "\\U" not in out
    assert f"#{ticket_id}  Emoji storm ???" in out  # each wide emoji: two cells, two stand-ins
    assert "Zo" in out and "says" in out and "thanks" in out


def test_stand_ins_keep_the_width_in_cells():
    assert terminal.replacement("─") == "-" and terminal.replacement("│") == "|" and terminal.replacement("╭") == "+"
    assert terminal.replacement("🔥") == "??" and terminal.replacement("漢") == "??"
    assert terminal.replacement("\ufe0f") == "" and terminal.replacement("…") == "~"
    assert "a─b🔥".encode("latin-1", terminal.ERRORS) == b"a-b??"

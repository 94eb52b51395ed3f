"""What the TUI writes to a real terminal (a pty), byte for byte (issue 11, section 7): NO_COLOR sends no
colour at all, and a terminal that is not UTF-8 gets stand-ins, not ``\\u2500`` escapes."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time

from fstui.sandbox import DEMO_API_KEY

SGR = re.compile(rb"\x1b\[([0-9;:]*)m")
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def record(sandbox_url: str, tmp_path, *, seconds: float = 20.0, **env_extra: str) -> bytes:
    """Run `fstui --url` in an 80x24 pty until the queue's first frame (and a moment more); its bytes."""
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env.update(FRESHSERVICE_API_KEY=DEMO_API_KEY, FSTUI_CONFIG_DIR=str(tmp_path / "c"),
               FSTUI_CACHE_DIR=str(tmp_path / "k"), FSTUI_DATA_DIR=str(tmp_path / "d"), TERM="xterm-256color",
               COLORTERM="truecolor", TEXTUAL_CURSOR_BLINK="0", **env_extra)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "fstui.cli", "--url", sandbox_url], stdin=slave, stdout=slave,
                            stderr=slave, env=env, close_fds=True, start_new_session=True)
    os.close(slave)
    out = b""
    seen_at = None
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline and (seen_at is None or time.monotonic() < seen_at + 0.8):
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                out += chunk
                if seen_at is None and re.search(rb"\d+ shown", ANSI.sub(b"", out)):
                    seen_at = time.monotonic()
            if proc.poll() is not None:
                break
    finally:
        proc.kill()
        proc.wait(timeout=10)
        os.close(master)
    assert seen_at is not None, ANSI.sub(b"", out)[-2000:]
    return out


def _colour_codes(out: bytes) -> list[bytes]:
    bad = []
    for match in SGR.finditer(out):
        params = [p for p in re.split(rb"[;:]", match.group(1)) if p]
        numbers = [int(p) for p in params]
        if any(n in (38, 48, 58) or 30 <= n <= 37 or 40 <= n <= 47 or 90 <= n <= 97 or 100 <= n <= 107
               for n in numbers):
            bad.append(match.group(0))
    return bad


def test_no_color_sends_no_colour_at_all(sandbox_url, tmp_path):
    out = record(sandbox_url, tmp_path, NO_COLOR="1")
    assert _colour_codes(out) == []  # no 256-colour greys, no true colour, no ANSI colours
    assert any(b"7" in m.group(1).split(b";") for m in SGR.finditer(out))  # the cursor row: reverse
    colourful = record(sandbox_url, tmp_path)
    assert _colour_codes(colourful)  # the check can fail: colours are there without NO_COLOR


def test_a_latin1_terminal_gets_stand_ins_not_escapes(sandbox_url, tmp_path):
    import httpx

    with httpx.Client(base_url=f"{sandbox_url}/api/v2", auth=(DEMO_API_KEY, "X"), timeout=10) as api:
        api.post("/tickets", json={"subject": "Zoë ─ 🔥 漢字 ❤️ a subject long enough to be cut in the queue",
                                   "description": "x", "email": "zoe@example.com", "priority": 1,
                                   "status": 2}).raise_for_status()
    out = record(sandbox_url, tmp_path, PYTHONIOENCODING="iso-8859-1")
    text = ANSI.sub(b"", out).decode("iso-8859-1")
    assert "\\u" not in text and "\\U" not in text
    # same widths: 🔥 and each CJK character take two cells, ❤ one; the cut's … is a ~
    assert "Zoë - ?? ???? ?~" in text  # 80 columns with the workspace column: the subject is cut early

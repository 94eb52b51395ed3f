"""Start-up: wall time from process start to the first queue frame, in a real process on a real terminal (pty).

`fstui --url <sandbox>` (FRESHSERVICE_API_KEY = the sandbox's demo key) is started in a pseudo-terminal; the
clock stops when the terminal output shows the queue's row count ("30 shown"), i.e. the first frame with
tickets. Cold: empty cache (the queue comes from the server). Warm: the cache a previous run left. The
sandbox runs in its own process. Also reports `python -X importtime` top offenders for the start-up imports.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.benchmarks.common import SandboxProcess, median

FSTUI = str(Path(sys.executable).with_name("fstui"))
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\x1b[=>78]")
FIRST_FRAME = re.compile(rb"\d+ shown")
RUNS_WARM = 5
RUNS_COLD = 3
STARTUP_MODULES = (
    "fstui.cli", "fstui.config", "fstui.tui.app", "fstui.tui.screens.queue", "fstui.service",
    "fstui.service.factory", "fstui.api.client", "fstui.service.store",
)


def _env(root: str) -> dict[str, str]:
    from fstui.sandbox import DEMO_API_KEY

    env = dict(os.environ)
    env.update(FSTUI_CONFIG_DIR=f"{root}/config", FSTUI_CACHE_DIR=f"{root}/cache", FSTUI_DATA_DIR=f"{root}/data",
               FRESHSERVICE_API_KEY=DEMO_API_KEY, TERM="xterm-256color", COLUMNS="120", LINES="40",
               TEXTUAL_CURSOR_BLINK="0")
    env.pop("NO_COLOR", None)
    return env


def time_to_first_frame(url: str, root: str, timeout: float = 30.0) -> float:
    """Seconds from spawning `fstui` until its first queue frame; then quits it with q."""
    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen([FSTUI, "--url", url], stdin=slave, stdout=slave, stderr=slave, env=_env(root),
                            close_fds=True, start_new_session=True)
    os.close(slave)
    buffer = b""
    elapsed = float("nan")
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                buffer += chunk
                if FIRST_FRAME.search(ANSI.sub(b"", buffer[-8192:])):
                    elapsed = time.perf_counter() - start
                    break
            if proc.poll() is not None:
                break
        # quit like a user (q), so the cache is closed cleanly for the next (warm) run
        time.sleep(0.3)
        os.write(master, b"q")
        deadline = time.time() + 10
        while proc.poll() is None and time.time() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        os.close(master)
    if elapsed != elapsed:
        tail = ANSI.sub(b"", buffer[-2000:]).decode(errors="replace")
        raise RuntimeError(f"no queue frame within {timeout}s; last output: {tail!r}")
    return elapsed


def import_offenders(top: int = 8) -> list[tuple[str, float]]:
    """Start-up imports (python -X importtime): the total, then packages ranked by the import time spent in
    their own modules (self time summed per top-level package, ms)."""
    code = "; ".join(f"import {m}" for m in STARTUP_MODULES)
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True)
    totals: dict[str, float] = {}
    total = 0.0
    for line in result.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)", line)
        if not m:
            continue
        own, cumulative, indent, name = int(m.group(1)), int(m.group(2)), len(m.group(3)), m.group(4)
        if indent == 1:
            total += cumulative / 1000.0
        package = name.split(".")[0]
        totals[package] = totals.get(package, 0.0) + own / 1000.0
    ranked = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)[:top]
    return [("(all start-up imports)", total), *ranked]


def run() -> dict[str, Any]:
    with SandboxProcess(tickets=2000) as sandbox:
        cold: list[float] = []
        warm: list[float] = []
        for _ in range(RUNS_COLD):
            root = tempfile.mkdtemp(prefix="fstui-bench-start-")
            cold.append(time_to_first_frame(sandbox.url, root))
        root = tempfile.mkdtemp(prefix="fstui-bench-start-")
        time_to_first_frame(sandbox.url, root)  # leaves the warm cache
        for _ in range(RUNS_WARM):
            warm.append(time_to_first_frame(sandbox.url, root))
    # a second import run: the first one may have compiled .pyc files
    import_offenders()
    return {"cold": median(cold), "warm": median(warm), "cold_runs": cold, "warm_runs": warm,
            "imports": import_offenders()}


if __name__ == "__main__":
    r = run()
    print(f"cold {r['cold']:.3f}s {['%.3f' % x for x in r['cold_runs']]}")
    print(f"warm {r['warm']:.3f}s {['%.3f' % x for x in r['warm_runs']]}")
    for name, ms in r["imports"]:
        print(f"  {name:<28} {ms:8.1f} ms")

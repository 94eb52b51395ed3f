"""The secrets scan: after a session of commands with a distinctive API key, the key (and its Basic-auth
form) is in no file fstui wrote (config, cache, data, drafts, outbox, damaged copies), in no output
(stdout, stderr) and in no process's argv."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SECRET = "fsk-RELIABILITY-" + "Zq7" * 6


def needles(secret: str = SECRET) -> list[bytes]:
    basic = base64.b64encode(f"{secret}:X".encode()).decode()
    return [secret.encode(), basic.encode(), secret[8:].encode()]


def scan_files(roots: list[Path], secret: str = SECRET) -> list[str]:
    """Files under `roots` that contain the key in any form."""
    hits = []
    scanned = 0
    for root in roots:
        if not root.exists():
            continue
        for path in root.rglob("*"):
            if path.is_file():
                scanned += 1
                data = path.read_bytes()
                if any(n in data for n in needles(secret)):
                    hits.append(str(path))
    scan_files.scanned = scanned  # type: ignore[attr-defined]
    return hits


def scan_text(text: str, secret: str = SECRET) -> bool:
    return any(n.decode() in text for n in needles(secret))


def session(url: str, env: dict[str, str], body_file: str) -> dict[str, Any]:
    """Run a CLI session in subprocesses; returns outputs and the argv seen while they ran."""
    commands = [
        ["tickets", "list"], ["tickets", "show", "1990", "--conversations"],
        ["reply", "1990", "--body-file", body_file], ["note", "1990", "--body-file", body_file],
        ["reply", "99999999", "--body-file", body_file], ["outbox"], ["outbox", "--json"],
        ["tickets", "show", "99999999"],
    ]
    outputs, argvs = [], []
    for command in commands:
        child = subprocess.Popen([sys.executable, "-m", "fstui.cli", *command, "--url", url], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            argvs.append(Path(f"/proc/{child.pid}/cmdline").read_bytes().decode(errors="replace"))
        except OSError:
            pass
        out, err = child.communicate(timeout=120)
        outputs.append(out + err)
    return {"outputs": outputs, "argvs": argvs, "commands": len(commands)}


def full_scan(tmp: Path) -> dict[str, Any]:
    from fstui.sandbox.server import SandboxServer

    env = {**os.environ, "FRESHSERVICE_API_KEY": SECRET, "FSTUI_CONFIG_DIR": str(tmp / "config"),
           "FSTUI_CACHE_DIR": str(tmp / "cache"), "FSTUI_DATA_DIR": str(tmp / "data")}
    body = tmp / "body.txt"
    body.write_text("secrets scan reply")
    started = time.monotonic()
    with SandboxServer(tickets=2000, api_key=SECRET) as server:
        got = session(server.url, env, str(body))
    files = scan_files([tmp / "config", tmp / "cache", tmp / "data"])
    return {"commands": got["commands"], "files_scanned": getattr(scan_files, "scanned", 0), "files_with_key": files,
            "outputs_with_key": sum(scan_text(o) for o in got["outputs"]),
            "argv_with_key": sum(scan_text(a) for a in got["argvs"]), "seconds": time.monotonic() - started}

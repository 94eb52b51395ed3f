"""The reliability suite at full size: `.venv/bin/python -m tests.reliability` (about 6 minutes on 2 cores).

Prints one table of figures, like the benchmark's. Options: `--only soak,late,restart,hostile,secrets`,
`--quick` (the default run's sizes), `--json FILE`. The default test run (`pytest tests/reliability`) runs a
short version of each case.

- soak: 200 replies and notes under 35% injected faults (429, 500, dropped connections, writes applied but
  answered after the client's timeout), with 4 and then 12 processes on one outbox, kill -9 at random
  moments (35 in all, each victim replaced by a process carrying on with its share): every write on the
  server exactly once (lost 0, duplicated 0), nothing left in the outbox.
- late: a write the server applies 12 s after it was sent (the client gave up at 5 s): found, not posted
  again (landing window 20 s); one applied 30 s late (beyond the window): re-posted, the late twin found
  (a note's deleted, a reply's reported).
- restart: the server stopped for 30 s mid-session: stale reads meanwhile, writes delivered once after.
- hostile: every status x list/show/reply/note x table/JSON through the CLI, and 401/500/200 through the
  TUI: 0 attack bytes (ESC, BEL, C1, bidi) on the terminal.
- secrets: a CLI session with a distinctive key: the key in 0 files, 0 outputs, 0 argv.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

PARTS = ("soak", "late", "restart", "hostile", "secrets")


def _isolate(tmp: Path) -> None:
    for name in ("CONFIG", "CACHE", "DATA"):
        os.environ[f"FSTUI_{name}_DIR"] = str(tmp / name.lower())
    os.environ.pop("FRESHSERVICE_API_KEY", None)


def _row(rows: list, figure: str, value: Any, target: str, ok: bool | None) -> None:
    rows.append((figure, str(value), target, "-" if ok is None else ("PASS" if ok else "MISS")))


def soak(quick: bool, rows: list, raw: dict) -> None:
    from fstui.sandbox.server import SandboxServer
    from tests.reliability.soak import SoakSpec, run_soak

    specs = [SoakSpec()] if quick else [
        SoakSpec(writes=200, processes=4, kills=15, fault_rate=0.35, timeout=1.0, held=2.0, landing=3.0, seed=1),
        SoakSpec(writes=200, processes=12, kills=20, fault_rate=0.35, timeout=1.0, held=2.0, landing=3.0, seed=2),
    ]
    with SandboxServer(tickets=2000) as server:
        for spec in specs:
            got = run_soak(server.url, spec)
            raw.setdefault("soak", []).append(got)
            label = f"Soak: {spec.writes} writes, {spec.processes} processes, {got['killed']} kill -9, " \
                    f"{spec.fault_rate:.0%} faults ({got['faults']} injected)"
            _row(rows, label, f"{got['seconds']:.0f} s", "-", None)
            _row(rows, "  writes on the server", f"{got['on_server']}/{got['writes']}", "all",
                 got["on_server"] == got["writes"])
            _row(rows, "  lost", got["lost"], "0", got["lost"] == 0)
            _row(rows, "  duplicated", got["duplicated"], "0", got["duplicated"] == 0)
            _row(rows, "  left in the outbox after the drain", got["left_in_outbox"], "0", got["left_in_outbox"] == 0)


async def _late_cases(quick: bool, url: str) -> list[tuple[str, dict]]:
    from fstui.api.client import FreshserviceClient
    from fstui.config import Profile
    from fstui.sandbox import DEMO_API_KEY
    from fstui.service import ServiceConfig
    from fstui.service.factory import open_service
    from tests.reliability.late import late_write

    opened: list[Any] = []

    async def make_service(timeout: float = 2.0, profile_name: str = "late", **overrides: Any) -> Any:
        config = ServiceConfig(sync_enabled=False, prefetch_cursor=False, prefetch_next_page=False,
                               outbox_backoff_base=0.05, outbox_backoff_max=0.5, **overrides)
        client = FreshserviceClient(url, api_key=DEMO_API_KEY, timeout=timeout)
        service = await open_service(Profile(name=profile_name, url=url, api_key=DEMO_API_KEY), config=config,
                                     client=client)
        opened.append(service)
        return service

    class Control:
        def faults(self, **kw: Any) -> None:
            import httpx

            httpx.post(f"{url}/_sandbox/faults", json=kw, timeout=5).raise_for_status()

    scale = (1.0, 1.6, 1.6, 1.0) if quick else (12.0, 20.0, 30.0, 20.0)
    timeout = 0.3 if quick else 5.0
    out = []
    try:
        for kind, late, landing, label in (
                ("reply", scale[0], scale[1], "reply applied within the landing window"),
                ("note", scale[2], scale[3], "note applied beyond the landing window"),
                ("reply", scale[2], scale[3], "reply applied beyond the landing window")):
            got = await late_write(make_service, Control(), url, kind=kind, late=late, landing=landing,
                                   text=f"late {label} {time.time()}", timeout=timeout)
            out.append((f"{label} ({late:g} s late, window {landing:g} s)", got))
    finally:
        for service in opened:
            await service.close()
    return out


def late(quick: bool, rows: list, raw: dict) -> None:
    from fstui.sandbox.server import SandboxServer

    with SandboxServer(tickets=200) as server:
        cases = asyncio.run(_late_cases(quick, server.url))
    raw["late"] = cases
    for label, got in cases:
        _row(rows, f"Late: {label}", f"{got['copies']} on server", "-", None)
        if "within" in label:
            _row(rows, "  found, not posted again", got["confirmed_by"], "found", got["confirmed_by"] == "found")
        elif label.startswith("note"):
            action = (got["twin"] or {}).get("action")
            _row(rows, "  late twin deleted, agent told", action, "deleted", action == "deleted" and got["copies"] == 1)
        else:
            action = (got["twin"] or {}).get("action")
            _row(rows, "  late twin reported", action, "reported", action == "reported")


def restart(quick: bool, rows: list, raw: dict) -> None:
    from tests.reliability.restart import restart_session

    got = asyncio.run(restart_session(down_seconds=1.0 if quick else 30.0, writes=3 if quick else 10))
    raw["restart"] = got
    _row(rows, f"Server stopped {got['down_seconds']:g} s mid-session: writes delivered",
         f"{got['delivered']}/{got['writes']}", "all", got["delivered"] == got["writes"])
    _row(rows, "  duplicated", got["duplicated"], "0", got["duplicated"] == 0)
    _row(rows, "  reads during the outage: cached copy, no error", got["stale_read_during_outage"], "True",
         got["stale_read_during_outage"])
    _row(rows, "  reads after: fresh by themselves", got["fresh_read_after"], "True", got["fresh_read_after"])
    _row(rows, "  seconds from restart to all delivered", f"{got['seconds_to_deliver']:.1f}", "-", None)


def hostile(quick: bool, rows: list, raw: dict) -> None:
    from textual.drivers.headless_driver import HeadlessDriver

    from tests.reliability.hostile import STATUSES, play_cli
    from tests.reliability.test_hostile_tui import attack_bytes, play_tui

    os.environ["FRESHSERVICE_API_KEY"] = "k" * 20
    body = Path(tempfile.mkdtemp()) / "body.txt"
    body.write_text("hello")
    statuses = (200, 401, 500) if quick else STATUSES
    runs, dirty = 0, []
    for status in statuses:
        for table in (True, False):
            n, bad = play_cli(status, str(body), table=table)
            runs += n
            dirty += bad
    _row(rows, f"Hostile server through the CLI: {len(statuses)} statuses x 6 commands x table/JSON",
         f"{runs} runs", "-", None)
    _row(rows, "  runs with attack bytes on stdout/stderr", len(dirty), "0", not dirty)
    tui_dirty = 0

    class Env:
        def setenv(self, key: str, value: str) -> None:
            os.environ[key] = value

    for status in (200, 401, 403, 404, 429, 500, 503):
        written: list[str] = []
        with mock.patch.object(HeadlessDriver, "is_headless", property(lambda self: False)), \
                mock.patch.object(HeadlessDriver, "write", lambda self, data: written.append(data)), \
                mock.patch.object(HeadlessDriver, "flush", lambda self: None, create=True):
            leftover = asyncio.run(play_tui(status, written, Env()))
        tui_dirty += bool(attack_bytes(leftover))
    _row(rows, "Hostile server through the TUI: 7 statuses (start-up, queue, outbox)", "7 sessions", "-", None)
    _row(rows, "  sessions with attack bytes on the terminal", tui_dirty, "0", tui_dirty == 0)
    raw["hostile"] = {"cli_runs": runs, "cli_dirty": dirty, "tui_dirty": tui_dirty}


def secrets(quick: bool, rows: list, raw: dict) -> None:
    from tests.reliability.secrets import full_scan

    got = full_scan(Path(tempfile.mkdtemp()))
    raw["secrets"] = got
    _row(rows, f"Secrets: {got['commands']} CLI commands with a distinctive key, "
               f"{got['files_scanned']} files scanned", f"{got['seconds']:.0f} s", "-", None)
    _row(rows, "  files / outputs / argv holding the key",
         f"{len(got['files_with_key'])} / {got['outputs_with_key']} / {got['argv_with_key']}", "0 / 0 / 0",
         not got["files_with_key"] and not got["outputs_with_key"] and not got["argv_with_key"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability", description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS), help="comma-separated parts: " + ",".join(PARTS))
    parser.add_argument("--quick", action="store_true", help="the default run's sizes (about a minute)")
    parser.add_argument("--json", metavar="FILE", help="also save the raw figures")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    _isolate(Path(tempfile.mkdtemp(prefix="fstui-reliability-")))
    os.environ["TEXTUAL_CURSOR_BLINK"] = "0"
    rows: list[tuple[str, str, str, str]] = []
    raw: dict[str, Any] = {}
    started = time.monotonic()
    for part in parts:
        print(f"running {part} ...", file=sys.stderr, flush=True)
        globals()[part](args.quick, rows, raw)
    from tests.benchmarks.__main__ import print_table  # the benchmark's table, same look

    print_table(rows)
    missed = sum(1 for r in rows if r[3] == "MISS")
    print(f"\n{len(rows)} figures, {missed} missed, {time.monotonic() - started:.0f} s "
          f"({'quick' if args.quick else 'full'} sizes)")
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=2, default=str))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

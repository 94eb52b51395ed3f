"""Run every benchmark and print one table: `.venv/bin/python -m tests.benchmarks`

Options: `--only credits,latency,startup,memory` to run a subset; `--json FILE` to also save the raw figures.
Takes about 10 minutes on a 2-core machine (the 50k-ticket memory run is the longest part).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import sys
import time
from typing import Any

PARTS = ("credits", "latency", "startup", "memory", "outbox")


def _row(rows: list[tuple[str, str, str, str]], figure: str, value: str, target: str, ok: bool | None) -> None:
    rows.append((figure, value, target, "-" if ok is None else ("PASS" if ok else "MISS")))


def credits_rows(r: dict[str, Any], rows: list) -> None:
    naive, bound = r["naive"]["credits"], r["lower_bound"]
    for key, label in (("fstui", "empty cache"), ("fstui_warm", "look-ups cached")):
        c = r[key]["credits"]
        _row(rows, f"Triage session credits, {label}", f"{c}", "-", None)
        _row(rows, f"  vs naive ({naive})", f"{c / naive:.2f}x", "<= 0.40x", c / naive <= 0.40)
        _row(rows, f"  vs lower bound ({bound})", f"{c / bound:.2f}x", "<= 1.15x", c / bound <= 1.15)
        current = r.get("current_api_bound")
        if current:  # the bound with the reads today's API asks (credits.py): a figure, not a target
            _row(rows, f"  vs lower bound with today's API reads ({current})", f"{c / current:.2f}x", "-", None)


LATENCY_TARGETS = {"move": 15.0, "open": 50.0, "back": 50.0, "next page": 15.0}
LATENCY_LABELS = {"move": "move (j)", "open": "open prefetched ticket", "back": "back to queue (esc)",
                  "next page": "next page (append a 100-row page)"}


def latency_rows(r: dict[int, dict[str, dict[str, float]]], rows: list) -> None:
    sizes = sorted(r)
    for name, target in LATENCY_TARGETS.items():
        for size in sizes:
            f = r[size][name]
            _row(rows, f"Key CPU p50/p95, {LATENCY_LABELS[name]}, {size // 1000}k rows",
                 f"{f['p50']:.1f} / {f['p95']:.1f} ms", f"p95 <= {target:.0f} ms", f["p95"] <= target)
        if len(sizes) == 2:
            small, big = (r[s][name]["p95"] for s in sizes)
            _row(rows, f"  {sizes[1] // 1000}k vs {sizes[0] // 1000}k p95", f"{big / small:.2f}x", "<= 2x",
                 big <= 2 * small)


def startup_rows(r: dict[str, Any], rows: list) -> None:
    _row(rows, "Start-up to first queue frame, warm cache", f"{r['warm']:.2f} s", "<= 0.6 s", r["warm"] <= 0.6)
    _row(rows, "Start-up to first queue frame, cold", f"{r['cold']:.2f} s", "-", None)
    total, *top = r["imports"]
    _row(rows, "  start-up imports (-X importtime)", f"{total[1]:.0f} ms", "-", None)
    for name, ms in top[:5]:
        _row(rows, f"    {name}", f"{ms:.0f} ms", "-", None)


def memory_rows(r: dict[int, dict[str, Any]], rows: list) -> None:
    for size, m in sorted(r.items()):
        target = 250.0 if size == 10_000 else None
        _row(rows, f"Peak RSS, {size // 1000}k tickets cached and loaded", f"{m['peak_mb']:.0f} MB",
             f"<= {target:.0f} MB" if target else "-", (m["peak_mb"] <= target) if target else None)


def outbox_rows(r: dict[Any, Any], rows: list) -> None:
    idle = r.get("idle") or {}
    hs = sorted(h for h in r if h != "idle")
    small, big = (r[h] for h in hs)
    for h in hs:
        f = r[h]
        _row(rows, f"Outbox with {h} sent replies (20 kB each): open / one reply", f"{f['open_ms']:.1f} / "
             f"{f['reply_ms']:.1f} ms", "-", None)
        _row(rows, f"  its size on disk", f"{f['size_mb']:.2f} MB", "-", None)
    for key, label in (("open_ms", "open (start-up)"), ("reply_ms", "one reply")):
        ratio = big[key] / max(small[key], 0.01)
        _row(rows, f"  {label}: {hs[1]} vs {hs[0]} sent", f"{ratio:.2f}x", "<= 2x", ratio <= 2.0)
    if idle:
        _row(rows, "Idle sender pass, nothing due: none / 5 failed 1 MiB writes kept",
             f"{idle[0]:.2f} / {idle[5]:.2f} ms", "<= 2x", idle[5] <= 2 * max(idle[0], 0.5))


def _guard(rows: list, part: str, run: Any) -> None:
    """Run one part; a failure becomes an ERROR row (and a traceback on stderr) instead of losing the table."""
    import traceback

    try:
        run()
    except Exception as exc:  # noqa: BLE001 - reported in the table
        traceback.print_exc()
        rows.append((f"{part}: did not complete", type(exc).__name__, "-", "ERROR"))


def print_table(rows: list[tuple[str, str, str, str]]) -> None:
    widths = [max(len(row[i]) for row in rows + [("Figure", "Value", "Target", "Result")]) for i in range(4)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(("Figure", "Value", "Target", "Result"), widths)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS), help="comma-separated subset of " + ",".join(PARTS))
    parser.add_argument("--json", metavar="FILE", help="also write the raw figures as JSON")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")

    from tests.benchmarks.common import isolate_dirs

    isolate_dirs()
    raw: dict[str, Any] = {}
    rows: list[tuple[str, str, str, str]] = []
    started = time.time()
    # start-up first: it measures wall time, best before this process has warmed the disk caches for others
    if "startup" in parts:
        from tests.benchmarks import startup

        print("running start-up ...", file=sys.stderr, flush=True)
        _guard(rows, 'startup', lambda: (raw.__setitem__("startup", startup.run()), startup_rows(raw["startup"], rows)))
    if "credits" in parts:
        from tests.benchmarks import credits

        print("running credits ...", file=sys.stderr, flush=True)
        _guard(rows, 'credits', lambda: (raw.__setitem__("credits", asyncio.run(credits.run())), credits_rows(raw["credits"], rows)))
    if "latency" in parts:
        from tests.benchmarks import latency

        print("running latency ...", file=sys.stderr, flush=True)
        isolate_dirs()
        _guard(rows, 'latency', lambda: (raw.__setitem__("latency", asyncio.run(latency.run())), latency_rows(raw["latency"], rows)))
    if "memory" in parts:
        from tests.benchmarks import memory

        print("running memory ...", file=sys.stderr, flush=True)
        _guard(rows, 'memory', lambda: (raw.__setitem__("memory", memory.run()), memory_rows(raw["memory"], rows)))
    if "outbox" in parts:
        from tests.benchmarks import outbox

        print("running outbox ...", file=sys.stderr, flush=True)
        _guard(rows, 'outbox', lambda: (raw.__setitem__("outbox", outbox.run()), outbox_rows(raw["outbox"], rows)))
    print(f"\nfstui benchmarks — Python {platform.python_version()}, {platform.machine()}, "
          f"{__import__('os').cpu_count()} CPUs, {time.time() - started:.0f} s\n")
    print_table(rows)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(raw, fh, indent=1, default=str)
    misses = [r[0].strip() for r in rows if r[3] == "MISS"]
    if misses:
        print(f"\n{len(misses)} target(s) missed.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Memory: peak RSS of the app process with N tickets cached and loaded in the queue.

For each N a fresh process runs the real app headless (Pilot) against a sandbox in another process, pages
the all-tickets view into the queue until all N rows are loaded (so all N tickets are in the disk cache and
in the table), and reports its peak RSS (VmHWM). The page size is raised to 100 for this run
only, to page 50k tickets in reasonable time (it changes the number of requests, not what is held).
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from tests.benchmarks.common import SandboxProcess


def _peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM). Not getrusage's ru_maxrss: Linux carries that across fork+exec, so a
    child started by a big parent would report the parent's peak."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


async def _child(rows: int, url: str) -> dict[str, Any]:
    from fstui.service import ServiceConfig
    from tests.benchmarks.common import BENCH_SIZE, load_rows, make_http_app

    before = _peak_rss_mb()
    app = make_http_app(url, config=ServiceConfig(per_page=100))
    async with app.run_test(size=BENCH_SIZE) as pilot:
        queue = await load_rows(pilot, app, rows, timeout=1800)
        loaded = len(queue.shown_ids)
        await pilot.pause(0.2)
        peak = _peak_rss_mb()
    return {"rows": loaded, "peak_mb": peak, "baseline_mb": before}


def measure(rows: int, timeout: float = 1800.0) -> dict[str, Any]:
    with SandboxProcess(tickets=int(rows * 1.1) + 200) as sandbox:
        result = subprocess.run([sys.executable, "-m", "tests.benchmarks.memory", "--child", str(rows), sandbox.url],
                                capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"memory child failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(sizes: tuple[int, ...] = (10_000, 50_000)) -> dict[int, dict[str, Any]]:
    return {rows: measure(rows) for rows in sizes}


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        import asyncio

        from tests.benchmarks.common import isolate_dirs

        isolate_dirs()
        print(json.dumps(asyncio.run(_child(int(sys.argv[2]), sys.argv[3]))))
    else:
        sizes = tuple(int(a) for a in sys.argv[1:]) or (10_000, 50_000)
        for rows, r in run(sizes).items():
            print(f"{rows:>6} tickets: peak RSS {r['peak_mb']:.0f} MB (loaded {r['rows']}, start {r['baseline_mb']:.0f} MB)")

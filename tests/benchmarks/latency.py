"""Keypress latency: CPU time (time.process_time) from a key to the screen settled, p50/p95 over 50 presses.

The app runs headless (Pilot) in this process on the production ServiceConfig; the sandbox runs in another
process (loopback HTTP), so its CPU is not counted. "Settled" = the key's handlers and workers are done
and the next frame has been composed (a 30 ms pause covers Textual's 60 fps refresh timer; waiting costs
no CPU). With N rows loaded in the queue (the all-tickets view, paged in ServiceConfig().per_page rows
at a time, 100):

- move: j in the middle of the loaded rows;
- open: enter on a row whose ticket and thread were prefetched (the cursor rested on it first), until the
  whole thread is shown;
- back: escape from that ticket to the queue;
- next page: j onto the row near the end that makes the queue append the next page (already prefetched),
  until its rows are appended.
"""

from __future__ import annotations

import time
from typing import Any

from fstui.service.config import ServiceConfig
from tests.benchmarks.common import (
    BENCH_SIZE,
    SandboxProcess,
    load_rows,
    make_http_app,
    percentile,
    queue_screen,
    wait_for,
)

PRESSES = 50
SETTLE = 0.03
EXTRA_PAGES = 60  # the view holds this many pages beyond N, for the next-page presses
PAGE_ROWS = ServiceConfig().per_page


def _ticket_screen(app: Any):
    from fstui.tui.screens.ticket import TicketScreen

    return app.screen if isinstance(app.screen, TicketScreen) else None


def _idle(app: Any, node: Any) -> bool:
    return all(w.is_finished for w in app.workers if w.node is node)


async def _settle(pilot: Any) -> None:
    await pilot.pause(SETTLE)
    await pilot.pause()


async def _measure(samples: list[float], coro_factory) -> None:
    t0 = time.process_time()
    await coro_factory()
    samples.append((time.process_time() - t0) * 1000.0)


async def measure(rows: int) -> dict[str, dict[str, float]]:
    results: dict[str, list[float]] = {"move": [], "open": [], "back": [], "next page": []}
    with SandboxProcess(tickets=int((rows + EXTRA_PAGES * PAGE_ROWS) * 1.1) + 100) as sandbox:
        app = make_http_app(sandbox.url)
        async with app.run_test(size=BENCH_SIZE) as pilot:
            queue = await load_rows(pilot, app, rows)
            table = queue.table
            service = app.service

            # -- move: 50 x j from the middle
            table.move_cursor(row=len(queue.shown_ids) // 2, animate=False)
            await _settle(pilot)
            for _ in range(PRESSES):
                async def move() -> None:
                    await pilot.press("j")
                    await _settle(pilot)
                await _measure(results["move"], move)

            # -- open a prefetched ticket, and back
            start = len(queue.shown_ids) // 2 + 100
            for i in range(PRESSES):
                row = start + i * 3
                table.move_cursor(row=row, animate=False)
                tid = queue.shown_ids[row]
                await wait_for(pilot, lambda: service._convs_record(tid) is not None, 10, "the prefetch")
                await pilot.pause(0.05)

                async def open_ticket() -> None:
                    await pilot.press("enter")
                    await wait_for(pilot, lambda: (s := _ticket_screen(app)) is not None and s.conversations_loaded
                                   and s.ticket is not None and _idle(app, s), 10, "the ticket")
                    await _settle(pilot)
                await _measure(results["open"], open_ticket)

                async def back() -> None:
                    await pilot.press("escape")
                    await wait_for(pilot, lambda: queue_screen(app) is not None, 10, "the queue")
                    await _settle(pilot)
                await _measure(results["back"], back)

            # -- next page: j onto the row that makes the queue append the next (prefetched) page
            from fstui.tui.screens.queue import LOAD_AHEAD_ROWS

            misses = 0
            for _ in range(PRESSES):
                table.move_cursor(row=len(queue.shown_ids) - LOAD_AHEAD_ROWS - 1, animate=False)
                page = max(queue.pages) + 1
                key = f"queue:{queue.view.key()}:{page}"
                try:
                    await wait_for(pilot, lambda: service.store.get_record(key) is not None, 5, "the page prefetch")
                except TimeoutError:
                    misses += 1  # measured anyway: the page is then fetched on the key press
                await pilot.pause(0.05)
                before = len(queue.shown_ids)

                async def next_page() -> None:
                    await pilot.press("j")
                    await wait_for(pilot, lambda: len(queue.shown_ids) > before, 10, "the next page")
                    await _settle(pilot)
                await _measure(results["next page"], next_page)
    out = {name: {"p50": percentile(v, 50), "p95": percentile(v, 95), "n": len(v)} for name, v in results.items()}
    out["next page"]["not_prefetched"] = misses
    return out


async def run(sizes: tuple[int, ...] = (1000, 10000)) -> dict[int, dict[str, dict[str, float]]]:
    return {rows: await measure(rows) for rows in sizes}


if __name__ == "__main__":
    import asyncio
    import sys

    from tests.benchmarks.common import isolate_dirs

    isolate_dirs()
    sizes = tuple(int(a) for a in sys.argv[1:]) or (1000, 10000)
    for rows, figures in asyncio.run(run(sizes)).items():
        for name, f in figures.items():
            print(f"{rows:>6} {name:<10} p50 {f['p50']:7.2f} ms  p95 {f['p95']:7.2f} ms  (n={f['n']})")

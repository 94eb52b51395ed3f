"""Prefetch: only what the user is about to open, governed by the rate budget, never ahead of the user."""

from __future__ import annotations

import asyncio
import time

from fstui.service import QueueView
from tests.service.conftest import collect


async def settle(service, timeout=3.0):
    """Wait until the prefetcher has nothing queued or running."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    await asyncio.sleep(service.config.cursor_debounce + 0.05)
    while loop.time() < deadline:
        if not service.prefetch.jobs and not service.core.inflight:
            await asyncio.sleep(0.05)
            if not service.prefetch.jobs and not service.core.inflight:
                return
        await asyncio.sleep(0.02)


async def test_cursor_row_is_prefetched_and_then_free(make_service):
    service = await make_service()
    [page] = await collect(service.queue_page(QueueView(), 1))
    ids = [t.id for t in page.value.tickets]
    service.rows_shown(ids)
    service.cursor_on(ids[:3])
    await settle(service)
    assert service.stats.prefetch_done == 1  # only the row under the cursor (no in-order opening yet)
    calls = service.stats.api_calls
    [thread] = await collect(service.conversations(ids[0]))
    assert thread.fresh and service.stats.api_calls == calls


async def test_next_row_prefetched_only_when_opening_in_order(make_service):
    service = await make_service()
    [page] = await collect(service.queue_page(QueueView(), 1))
    ids = [t.id for t in page.value.tickets]
    service.rows_shown(ids)
    for i in range(2):
        await collect(service.ticket(ids[i]))
        await collect(service.conversations(ids[i]))
    service.cursor_on(ids[2:5])
    await settle(service)
    assert service.stats.prefetch_done == 2  # row 2 and row 3
    calls = service.stats.api_calls
    for i in (2, 3):
        await collect(service.conversations(ids[i]))
    assert service.stats.api_calls == calls


async def test_next_page_prefetched_when_paging_forward(make_service):
    service = await make_service()
    view = QueueView()
    await collect(service.queue_page(view, 1))
    service.queue_shown(view, 1)
    await settle(service)
    assert service.stats.prefetch_done == 0  # a first page is not evidence of paging
    await collect(service.queue_page(view, 2))
    service.queue_shown(view, 2)
    await settle(service)
    assert service.stats.prefetch_done == 1
    calls = service.stats.api_calls
    items = await collect(service.queue_page(view, 3))
    assert len(items) == 1 and items[0].fresh and service.stats.api_calls == calls


async def test_prefetch_stops_at_reserve_and_resumes_after_window(make_service, control):
    service = await make_service()
    control.plan(total=100, window_seconds=60, remaining=15)
    [page] = await collect(service.queue_page(QueueView(), 1))  # headers now say 14/100 left
    assert service.budget.fraction_remaining() < 0.2
    ids = [t.id for t in page.value.tickets]
    service.cursor_on(ids[:2])
    await settle(service)
    assert service.stats.prefetch_done == 0
    assert service.stats.prefetch_skipped >= 1
    assert service.stats.extra.get("prefetch_skipped_reserve", 0) >= 1
    # the user's own requests still go through
    [thread] = await collect(service.conversations(ids[1]))
    assert thread.fresh
    # a new window: the next response reports the full budget, prefetch resumes
    control.post("clock", {"advance": 61})
    await collect(service.queue_page(QueueView(), 1, force=True))
    assert service.budget.fraction_remaining() > 0.9
    service.cursor_on(ids[2:4])
    await settle(service)
    assert service.stats.prefetch_done == 1


async def test_prefetch_pauses_during_retry_after(make_service):
    service = await make_service()
    [page] = await collect(service.queue_page(QueueView(), 1))
    ids = [t.id for t in page.value.tickets]
    service.budget.set_retry_after(0.6)
    started = time.monotonic()
    service.cursor_on(ids[:1])
    await asyncio.sleep(0.3)
    assert service.stats.prefetch_done == 0
    assert service.stats.extra.get("prefetch_skipped_retry-after", 0) >= 1
    await settle(service, timeout=3)
    assert service.stats.prefetch_done == 1
    assert time.monotonic() - started >= 0.6


async def test_user_is_never_starved_by_prefetch(make_service, control):
    service = await make_service(prefetch_next_rows=10)
    view = QueueView()
    [page] = await collect(service.queue_page(view, 1))
    ids = [t.id for t in page.value.tickets]
    service.rows_shown(ids)
    service.prefetch.sequential_opens = 1  # pretend the user opens in order: up to 11 prefetches queued
    control.faults(slow=1.0, slow_seconds=0.25)
    service.cursor_on(ids[:11])
    await asyncio.sleep(service.config.cursor_debounce + 0.1)  # the first prefetch is in flight
    started = time.monotonic()
    [thread] = await collect(service.conversations(ids[20]))
    elapsed = time.monotonic() - started
    control.faults()
    # one slow request of its own plus at most the one prefetch already in flight
    assert elapsed < 0.25 * 2 + 0.3, elapsed
    assert service.stats.prefetch_done <= 2


async def test_next_page_prefetched_only_when_cursor_nears_the_end(make_service):
    service = await make_service()
    view = QueueView()
    [first] = await collect(service.queue_page(view, 1))
    assert len(first.value.tickets) == 100  # per_page=100: one list call covers 100 rows
    service.queue_shown(view, 1)
    rows = len(first.value.tickets)
    for row in range(0, rows - service.config.prefetch_near_end_rows - 1):  # the cursor walks rows 0..88
        service.queue_cursor(view, 1, rows - 1 - row)
    await collect(service.queue_page(view, 2))  # the UI loads page 2 itself (its own load-ahead)
    service.queue_shown(view, 2)  # with queue_cursor hints, showing a page prefetches nothing
    await settle(service)
    assert service.stats.prefetch_done == 0
    service.queue_cursor(view, 2, service.config.prefetch_near_end_rows)  # near the end of page 2
    await settle(service)
    assert service.stats.prefetch_done == 1
    calls = service.stats.api_calls
    items = await collect(service.queue_page(view, 3))
    assert len(items) == 1 and items[0].fresh and service.stats.api_calls == calls


async def test_no_prefetch_for_the_row_a_refresh_lands_on(make_service):
    service = await make_service()
    view = QueueView()
    [page] = await collect(service.queue_page(view, 1))
    ids = [t.id for t in page.value.tickets]
    for i in range(60, 63):  # opening in order: the next row would be prefetched
        service.cursor_on(ids[i:i + 3])
        await collect(service.ticket(ids[i]))
        await collect(service.conversations(ids[i]))
    assert service.prefetch.sequential_opens >= 1
    await settle(service)  # the prefetches the in-order opening asked for finish before we count
    done = service.stats.prefetch_done
    async for cached in service.queue_page(view, 1, force=True):  # the user's refresh
        service.cursor_on(ids[0:3])  # the UI rebuilt its table: the cursor jumped to row 0
    await settle(service)
    assert service.stats.prefetch_done == done and service.stats.extra.get("prefetch_skipped_landing")
    assert service.prefetch.sequential_opens == 0  # in-order opening starts over after a refresh
    service.cursor_on(ids[1:4])  # the user moves and rests: prefetched as usual (only that row)
    await settle(service)
    assert service.stats.prefetch_done == done + 1

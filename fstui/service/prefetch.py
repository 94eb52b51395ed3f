"""Prefetch: only what the user is about to open, governed by the RateBudget, never ahead of the user.

- the row under the cursor, once the cursor rests; the next row only while the user opens tickets
  in queue order; the next queue page only when the cursor nears the end of the loaded rows
  (``queue_cursor``; a UI that sends only ``queue_shown``: while the user pages forward);
- nothing for the row a queue refresh puts the cursor on (the user did not move there), and the
  in-order streak starts over after a refresh;
- stops below the reserve (``reserve_fraction`` of the total), pauses while a Retry-After is pending,
  and waits while any of the user's own requests is in flight.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fstui.service.core import ServiceCore
from fstui.service.reads import QueueView, Reads
from fstui.service.records import TicketRecords

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[Any]]

#: seconds after a queue reload during which the cursor landing on its first row is the UI's doing
LANDING_WINDOW = 1.5


class AlreadyCurrent(Exception):
    """A prefetch found nothing to do."""


class Prefetcher:
    def __init__(self, core: ServiceCore, reads: Reads, records: TicketRecords) -> None:
        self.core = core
        self.reads = reads
        self.records = records
        self.jobs: list[tuple[str, Job]] = []
        self.wake = asyncio.Event()
        self.cursor_task: asyncio.Task[None] | None = None
        self.last_opened: int | None = None
        self.expected_next: int | None = None
        self.cursor_ids: list[int] = []
        self.sequential_opens = 0
        self.last_row_order: list[int] = []
        self.last_shown: tuple[str, int] | None = None
        #: the UI sends queue_cursor: the next page is prefetched from there, not from queue_shown
        self.cursor_hints = False
        #: the row a queue refresh landed the cursor on, and until when that landing is expected
        self.landing_ids: set[int] = set()
        self.landing_until = 0.0

    # ------------------------------------------------------------------ hints from the UI

    def note_open(self, ticket_id: int) -> None:
        """Track whether the user opens tickets in queue order (then the next row is worth prefetching)."""
        if self.expected_next is not None and ticket_id == self.expected_next:
            self.sequential_opens += 1
        elif ticket_id != self.last_opened:
            self.sequential_opens = 0
        self.last_opened = ticket_id
        self.expected_next = None
        for order in (self.cursor_ids, self.last_row_order):
            if ticket_id in order:
                i = order.index(ticket_id)
                if i + 1 < len(order):
                    self.expected_next = order[i + 1]
                    break

    def queue_shown(self, view: QueueView, page: int) -> None:
        """The UI shows this page. A UI that never sends `queue_cursor` gets the next page prefetched
        while the user pages forward (the old behaviour); otherwise this only records the page."""
        key = view.key()
        previous = self.last_shown
        self.last_shown = (key, page)
        if self.cursor_hints or not self.core.config.prefetch_next_page:
            return
        paging_forward = previous is not None and previous[0] == key and previous[1] == page - 1
        if paging_forward:
            self._prefetch_page_after(view, page)

    def queue_cursor(self, view: QueueView, last_page: int, rows_below: int) -> None:
        """Where the cursor is in the queue: `last_page` is the last page loaded, `rows_below` the
        number of loaded rows under the cursor. Within `prefetch_near_end_rows` of the end, the next
        page is prefetched (a page the cursor never gets near is never fetched)."""
        self.cursor_hints = True
        config = self.core.config
        if not config.prefetch_next_page or rows_below > config.prefetch_near_end_rows:
            return
        self._prefetch_page_after(view, last_page)

    def _prefetch_page_after(self, view: QueueView, page: int) -> None:
        """O(1): called on every cursor move near the end of the rows (it reads one page record, never
        the page's tickets)."""
        nxt = page + 1
        key = view.page_key(nxt)
        if self.core.current(key, self.core.config.queue_ttl) or any(k == key for k, _ in self.jobs):
            return
        rec = self.core.store.get_record(view.page_key(page))
        if rec is None or not isinstance(rec[0], dict) or not rec[0].get("ids") or not rec[0].get("has_next"):
            return  # not loaded (nothing to follow yet) or the last page

        async def job() -> None:
            await self.reads.fetch_queue(view, nxt, prefetch=True)

        self.enqueue(key, job)

    def queue_reloaded(self, view: QueueView, first_ids: list[int]) -> None:
        """Page 1 of a view shown before is being reloaded (the user's refresh, or sync): the cursor
        a UI puts on its first row is not the user resting there, and in-order opening starts over."""
        self.sequential_opens = 0
        self.expected_next = None
        self.landing_ids = set(first_ids[:1])
        self.landing_until = time.monotonic() + LANDING_WINDOW

    def cursor_on(self, ticket_ids: list[int]) -> None:
        """The cursor rests on ticket_ids[0]; the rest are the rows after it, in order."""
        ids = [i for i in ticket_ids if isinstance(i, int)]
        if not ids:
            return
        previous = self.cursor_ids[0] if self.cursor_ids else None
        landing = ids[0] in self.landing_ids and time.monotonic() < self.landing_until
        if landing and ids[0] == previous:
            self.cursor_ids = ids
            return  # a reload re-announced the row the cursor already rests on: that rest stands
        self.cursor_ids = ids
        if self.cursor_task is not None:
            self.cursor_task.cancel()
            self.cursor_task = None
        if landing:
            self.core.count("prefetch_skipped_landing")
            return  # a refresh put the cursor there; the user did not rest on it
        self.cursor_task = asyncio.get_running_loop().create_task(self._cursor_rest(ids))

    def rows_shown(self, ticket_ids: list[int]) -> None:
        """Optional: the order of the rows on screen (for detecting in-order opening)."""
        self.last_row_order = list(ticket_ids)

    async def _cursor_rest(self, ids: list[int]) -> None:
        config = self.core.config
        await asyncio.sleep(config.cursor_debounce)
        jobs: list[int] = []
        if config.prefetch_cursor:
            jobs.append(ids[0])
        if self.sequential_opens >= 1 and config.prefetch_next_rows > 0:
            jobs.extend(ids[1:1 + config.prefetch_next_rows])
        # drop stale cursor jobs: only the newest resting place matters
        self.jobs = [(k, j) for k, j in self.jobs if not k.startswith("cursor:")]
        for tid in jobs:
            self.enqueue(f"cursor:{tid}", self._ticket_job(tid))

    def _ticket_job(self, tid: int) -> Job:
        async def job() -> None:
            if self.records.ticket_json(tid) is None:
                await self.reads.fetch_ticket(tid, prefetch=True)
            cached = self.records.cached_conversations(tid)
            if cached is None or not self.records.convs_current(tid, cached[2]):
                await self.reads.fetch_conversations(tid, prefetch=True)
            else:
                raise AlreadyCurrent

        return job

    # ------------------------------------------------------------------ the scheduler

    def enqueue(self, key: str, job: Job, *, front: bool = False) -> None:
        if any(k == key for k, _ in self.jobs):
            return
        if front:
            self.jobs.insert(0, (key, job))
        else:
            self.jobs.append((key, job))
        self.wake.set()

    def allowed(self) -> tuple[bool, str]:
        """Whether the budget allows a prefetch now, and why not."""
        budget = self.core.client.budget
        if budget.retry_after_remaining() > 0:
            return False, "retry-after"
        fraction = budget.fraction_remaining()
        if fraction is not None and fraction < self.core.config.reserve_fraction:
            return False, "reserve"
        if not self.core.online:
            return False, "offline"
        share = self.core.share_gate()
        if share:
            return False, share
        return True, ""

    async def run(self) -> None:
        core = self.core
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.jobs:
                # the user's own requests go first
                while core.user_inflight > 0:
                    await core.user_idle.wait()
                    await asyncio.sleep(0)
                if not self.jobs:
                    break
                key, job = self.jobs.pop(0)
                allowed, why = self.allowed()
                if not allowed:
                    core.stats.prefetch_skipped += 1
                    core.count(f"prefetch_skipped_{why}")
                    if why == "retry-after":
                        # paused, not dropped: try again once the server lets us
                        self.jobs.insert(0, (key, job))
                        await asyncio.sleep(min(core.client.budget.retry_after_remaining() + 0.05, 60))
                    continue
                try:
                    await job()
                except AlreadyCurrent:
                    continue
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # noqa: BLE001 - a failed prefetch is only a missed chance
                    log.debug("prefetch %s failed: %s", key, exc)
                    core.stats.prefetch_skipped += 1
                    continue
                core.stats.prefetch_done += 1

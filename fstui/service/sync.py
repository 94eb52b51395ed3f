"""Incremental sync: poll tickets ``updated_since`` the last poll so changed tickets update in place and
new ones appear, marked new. The interval slows down when the budget runs low; while offline the loop
probes with backoff (the first call that gets through puts the service back online).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from fstui.api import errors as api_errors
from fstui.api.models import Ticket
from fstui.service.core import ServiceCore, from_epoch, iso_epoch
from fstui.service.events import TicketsChanged
from fstui.service.records import TicketRecords

log = logging.getLogger(__name__)


@dataclass
class Poll:
    """What one updated_since poll found."""

    tickets: list[Ticket] = field(default_factory=list)
    changed: set[int] = field(default_factory=set)
    #: unknown before, created since the session started
    new: set[int] = field(default_factory=set)
    #: False: more pages of changes than the poll read (the caches hold only part of them)
    complete: bool = True


class Sync:
    def __init__(self, core: ServiceCore, records: TicketRecords) -> None:
        self.core = core
        self.records = records
        self.session_start = time.time()
        #: epoch seconds (server clock) for updated_since
        self.cursor: float | None = None
        #: nothing on screen to keep current until a queue was loaded
        self.queue_shown_once = False
        #: see Reads.rows_complete (set by the DataService)
        self.rows_complete: Callable[[int | None], bool] = lambda workspace_id: False

    def queue_loaded(self, now: float) -> None:
        """A queue page came from the server: from now on, keep it current."""
        if not self.queue_shown_once:
            self.queue_shown_once = True
            if self.cursor is None:
                self.cursor = now

    def delay(self) -> float:
        """The interval, slowed down when the budget runs low."""
        config = self.core.config
        budget = self.core.client.budget
        base = config.sync_interval
        fraction = budget.fraction_remaining()
        if fraction is not None:
            if fraction < config.reserve_fraction:
                base *= 4
            elif fraction < 2 * config.reserve_fraction:
                base *= 2
        return max(base, budget.retry_after_remaining())

    async def run(self) -> None:
        core = self.core
        config = core.config
        while True:
            if core.online:
                delay = self.delay()
            else:
                core.offline_failures += 1
                delay = min(config.offline_backoff_max,
                            config.offline_backoff_base * 2 ** (core.offline_failures - 1))
            core.sync_wake.clear()
            try:
                await asyncio.wait_for(core.sync_wake.wait(), timeout=delay)
                if core.online:
                    continue  # woken for a reason other than going offline: restart the wait
            except asyncio.TimeoutError:
                pass
            if core.client.budget.retry_after_remaining() > 0:
                continue
            if not self.queue_shown_once and core.online:
                continue  # nothing on screen to keep current yet
            try:
                await self.sync_now()
            except asyncio.CancelledError:
                raise
            except api_errors.FreshserviceError as exc:
                log.info("sync failed: %s", exc)
            except Exception:  # noqa: BLE001
                log.exception("sync failed")

    async def poll(self, *, max_pages: int | None = None, prefetch: bool = True) -> Poll:
        """Tickets updated since the last poll (``max_pages`` of 100 at most): caches updated, nothing
        emitted. `prefetch=False`: the user's own request (the queue's refresh), ahead of prefetch."""
        core = self.core
        config = core.config
        if self.cursor is None:
            self.cursor = time.time() - config.clock_skew
        since = from_epoch(self.cursor - 1.0)
        started = time.monotonic()
        result_poll = Poll()
        newest = self.cursor
        page = 1
        now = time.time()
        limit = config.sync_max_pages if max_pages is None else max_pages
        while True:
            scope = core.workspace_scope  # 0: every workspace the queue shows
            kwargs = {} if scope is None else {"workspace_id": scope}
            result = await core.api(core.client.list_tickets, updated_since=since, page=page, per_page=100,
                                    prefetch=prefetch, **kwargs)
            for ticket in result.items:
                partial = scope == 0 and not self.rows_complete(ticket.workspace_id)
                was_changed, known = self.records.put_ticket(ticket, now, merge=True, global_only=partial)
                result_poll.tickets.append(ticket)
                updated = iso_epoch(ticket.updated_at)
                if updated is not None:
                    newest = max(newest, updated)
                if was_changed:
                    result_poll.changed.add(ticket.id)
                    created = iso_epoch(ticket.created_at)
                    if not known and created is not None and created >= self.session_start - config.clock_skew:
                        result_poll.new.add(ticket.id)
            if result.next_page is None:
                break
            if page >= limit:
                result_poll.complete = False
                break
            page = result.next_page
        if result_poll.complete or max_pages is None:
            # every change up to `newest` is in the caches: what was seen before this poll is current
            # (the sync loop moves on even past more than sync_max_pages of changes, as it always did)
            self.cursor = newest
            core.last_sync_ok = started
        self.records.new_ids |= result_poll.new
        return result_poll

    async def sync_now(self) -> TicketsChanged:
        """One poll: tickets updated since the last one; updates caches, emits TicketsChanged."""
        result = await self.poll()
        event = TicketsChanged(frozenset(result.changed), frozenset(result.new))
        if result.changed:
            self.core.emit(event)
        return event

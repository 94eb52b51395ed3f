"""Cached-then-fresh reads: queue pages, tickets, threads.

The cached copy comes at once (if any), then the server's when the cached one is not known to be
current. A ticket opened from a queue is not fetched again (the list carried its fields); a thread
is fetched with GET /tickets/[id]/conversations?per_page=100 (1 credit for up to 100 conversations).

Queue lists read 100 rows a call (``ServiceConfig.per_page``) with the requester embedded (3 credits).
Page 1 of the default "recent" view is refreshed incrementally: ONE ``updated_since`` list call (no
include, 1 credit) merged into the cached page — changed tickets update in place, tickets created
since the page was listed go on top, marked new (only those created in the last ``recent_days``, the
view's rule). New rows whose requester name is unknown get it looked up in the background (at most
``refresh_name_lookups`` of them; more -> a full reload, which embeds the names). A full reload (the
list again) when the last full load is older than ``queue_full_reload`` (10 min), when more than 100
tickets changed, and for every other view and page (updated_since does not map onto spam/deleted/
watching/new_and_my_open/requester/query lists or onto later pages).

Staleness this allows, until the next full reload (at most ``queue_full_reload``): a ticket deleted
or marked spam elsewhere stays in the view (updated_since does not return those); a ticket that
crossed the 30-day line stays; a ticket created elsewhere and already older than the newest listed
one (clock skew between servers) is not added on top.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from fstui.api import errors as api_errors
from fstui.api.models import Conversation, Ticket
from fstui.service.core import REFRESH_MAX_AGE, ServiceCore, from_epoch, iso_epoch, utcnow, within
from fstui.service.events import TicketsChanged
from fstui.service.records import TicketRecords

if TYPE_CHECKING:
    from fstui.api.client import Page
    from fstui.service.sync import Sync

T = TypeVar("T")

QUEUE_KINDS = ("recent", "new_and_my_open", "watching", "spam", "deleted", "requester", "updated_since", "query")
_SERVER_FILTERS = {"new_and_my_open", "watching", "spam", "deleted"}
#: updated_since for "every ticket": lifts the ticket list's 30-day window (requester views)
ALL_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)
VIEW_INCLUDES = ("requester", "tags")
"""What a ticket view embeds (GET /tickets/[id]?include=requester,tags: 1 + 2 credits)."""


def _about_include(exc: Exception) -> bool:
    """Whether a 400 is about the ``include`` parameter."""
    errors = getattr(exc, "errors", None) or []
    return any(getattr(e, "field", None) == "include" for e in errors)


def list_includes(config: Any, core: ServiceCore) -> tuple[str, ...]:
    """What a queue list embeds: the requester (the queue shows names), and tags (+2 credits a page: the
    ticket screen shows them and the tag editor starts from them) unless the server refused them once."""
    include: list[str] = []
    if config.include_requester:
        include.append("requester")
    if config.include_tags and not core.list_tags_refused:
        include.append("tags")
    return tuple(include)


@dataclass(frozen=True)
class Cached(Generic[T]):
    value: T
    fetched_at: datetime  # aware UTC, when the server sent it
    fresh: bool  # False: from the disk cache (may be replaced by a fresh one soon)
    stale: bool = False  # True: server unreachable, this is the best we have

    @property
    def age(self) -> timedelta:
        return utcnow() - self.fetched_at


@dataclass(frozen=True)
class QueueView:
    """What a ticket queue shows."""

    kind: str = "recent"
    email: str | None = None
    updated_since: datetime | None = None
    query: str | None = None
    order_type: str = "desc"
    #: None: the server's default (the primary workspace); 0: every workspace the agent sees; N: one
    workspace_id: int | None = None

    def key(self) -> str:
        since = self.updated_since.isoformat() if self.updated_since else ""
        key = "|".join((self.kind, self.email or "", since, self.query or "", self.order_type))
        return key if self.workspace_id is None else f"{key}|ws={self.workspace_id}"

    def page_key(self, page: int) -> str:
        """The cache (and `ServiceCore.seen`) key of one page of this view."""
        return f"queue:{self.key()}:{page}"


@dataclass
class QueuePage:
    view: QueueView
    page: int
    tickets: list[Ticket]
    has_next: bool
    new_ids: set[int] = field(default_factory=set)
    #: tickets in the whole view when the server says (the filter query's ``total``), else None
    total: int | None = None


class Reads:
    def __init__(self, core: ServiceCore, records: TicketRecords, sync: "Sync") -> None:
        self.core = core
        self.records = records
        self.sync = sync
        #: told when the user opens a ticket (the prefetcher watches for in-order opening)
        self.on_open: Callable[[int], None] = lambda ticket_id: None
        #: told when page 1 of a view shown before is reloaded: (view, its first ticket ids)
        self.on_reload: Callable[[QueueView, list[int]], None] = lambda view, ids: None
        #: told about a requester whose name a refreshed queue row needs (looked up in the background)
        self.on_unknown_requester: Callable[[int], None] = lambda requester_id: None
        #: whether a workspace_id=0 row of this workspace carries every field (see
        #: TicketRecords.put_ticket's global_only); set by the DataService
        self.rows_complete: Callable[[int | None], bool] = lambda workspace_id: False
        #: the last few pages built (validated Ticket models), so that showing a page the prefetcher
        #: just fetched does not read and validate its 100 ticket records again on the key press.
        #: page key -> (record time, ids, page-1 new ids, built at (monotonic), page). See `_built_page`.
        self._built: dict[str, tuple[float, list[int], frozenset[int], float, QueuePage]] = {}
        core.subscribe(self._forget_built)

    _BUILT_PAGES = 4

    def _forget_built(self, event: Any) -> None:
        if isinstance(event, TicketsChanged) and (event.ids or event.new_ids):
            self._built.clear()

    def _remember_built(self, key: str, rec_time: float, qpage: QueuePage, ids: list[int]) -> None:
        self._built.pop(key, None)
        self._built[key] = (rec_time, list(ids), frozenset(self.records.new_ids), time.monotonic(), qpage)
        while len(self._built) > self._BUILT_PAGES:
            self._built.pop(next(iter(self._built)))

    def _built_page(self, key: str, rec_time: float, ids: list[int]) -> QueuePage | None:
        """The page built before from the same page record, if none of its tickets was written since
        (in this process: every ticket write stamps `core.seen` and emits TicketsChanged)."""
        entry = self._built.get(key)
        if entry is None:
            return None
        t, built_ids, new_ids, built_at, qpage = entry
        if t != rec_time or built_ids != ids or new_ids != self.records.new_ids:
            return None
        seen = self.core.seen
        if any(seen.get(f"ticket:{tid}", 0.0) > built_at for tid in ids):
            return None
        return qpage

    def _when_current(self, cached: Cached[T] | None, current: bool) -> Cached[T] | None:
        """For the `current_*` reads: the cached copy when it needs no server call, else None."""
        if cached is None or not current:
            return None
        self.core.stats.cache_hits += 1
        return Cached(cached.value, cached.fetched_at, fresh=True)

    async def _cached_then_fresh(self, cached: Cached[T] | None, current: bool,
                                 fetch: Callable[[], Awaitable[T]]) -> AsyncIterator[Cached[T]]:
        """The shape of every read: the cached copy (if any), then the server's unless the cached one
        is current; when the server cannot be reached, the cached copy again, marked stale."""
        if cached is not None:
            self.core.stats.cache_hits += 1
            yield Cached(cached.value, cached.fetched_at, fresh=current)
            if current:
                return
        else:
            self.core.stats.cache_misses += 1
        try:
            fresh = await fetch()
        except api_errors.TransportError:
            if cached is not None:
                yield Cached(cached.value, cached.fetched_at, fresh=False, stale=True)
                return
            raise
        yield Cached(fresh, utcnow(), fresh=True)

    # ------------------------------------------------------------------ queue

    def _list_call(self, view: QueueView, page: int, prefetch: bool) -> Awaitable["Page[Ticket]"]:
        c = self.core.client
        order = view.order_type if view.order_type in ("asc", "desc") else None
        if view.kind == "query":
            return self.core.api(c.filter_tickets, view.query or "", page=page, prefetch=prefetch,
                                 workspace_id=view.workspace_id)
        kwargs: dict[str, Any] = {"page": page, "per_page": self.core.config.per_page, "order_type": order}
        if view.workspace_id is not None:
            kwargs["workspace_id"] = view.workspace_id
        include = list_includes(self.core.config, self.core)
        if include:
            kwargs["include"] = include
        if view.kind in _SERVER_FILTERS:
            kwargs["filter"] = view.kind
        elif view.kind == "requester":
            # A person's tickets of any age: without updated_since the list only has tickets created in
            # the last 30 days (API-SUPPLEMENT "default window"); sorted created_at, newest first.
            kwargs["email"] = view.email
            kwargs["updated_since"] = ALL_TIME
        elif view.kind == "updated_since":
            kwargs["updated_since"] = view.updated_since
        return self.core.api(c.list_tickets, prefetch=prefetch, **kwargs)

    async def fetch_queue(self, view: QueueView, page: int, prefetch: bool = False, *,
                          exact: bool = False) -> QueuePage:
        """The page from the server: page 1 of the recent view incrementally when its cached copy allows
        it (see the module docstring), else listed again. ``exact``: always listed again, so the page is
        the server's page as it is now (an incremental page 1 also carries the tickets created since it
        was listed, on top: more rows than a page, some of them also on the server's page 2)."""
        key = view.page_key(page)
        base = None if prefetch or exact else self._incremental_base(view, page)
        if base is not None:
            return await self.core.single(key, lambda: self._refresh_incrementally(view, base))
        return await self.core.single(key, lambda: self._fetch_full(view, page, prefetch))

    async def _fetch_full(self, view: QueueView, page: int, prefetch: bool) -> QueuePage:
        key = view.page_key(page)
        started = time.time()
        try:
            result = await self._list_call(view, page, prefetch)
        except api_errors.ValidationError as exc:
            if "tags" not in list_includes(self.core.config, self.core) or not _about_include(exc):
                raise
            self.core.list_tags_refused = True  # this server does not embed tags in lists: views read them
            result = await self._list_call(view, page, prefetch)
        now = time.time()
        ids: list[int] = []
        for ticket in result.items:
            self.records.put_ticket(ticket, now, merge=True,
                                    global_only=view.workspace_id == 0 and not self.rows_complete(ticket.workspace_id))
            ids.append(ticket.id)
        has_next = result.next_page is not None
        self.core.store.set_record(key, {"ids": ids, "has_next": has_next, "full_at": now, "synced": started,
                                         "total": result.total}, now)
        self.core.seen[key] = time.monotonic()
        self.sync.queue_loaded(started)
        qpage = self._build_page(view, page, ids, has_next)
        qpage.total = result.total
        self._remember_built(key, now, qpage, ids)
        return qpage

    def _incremental_base(self, view: QueueView, page: int) -> dict[str, Any] | None:
        """The cached page-1 record an updated_since refresh can start from, or None (full reload)."""
        config = self.core.config
        if not (config.incremental_refresh and page == 1 and view.kind == "recent" and view.order_type == "desc"):
            return None
        rec = self.core.store.get_record(view.page_key(1))
        if rec is None or not isinstance(rec[0], dict):
            return None
        data = rec[0]
        full_at = data.get("full_at")
        if not isinstance(full_at, (int, float)) or not 0 <= time.time() - full_at <= config.queue_full_reload:
            return None
        if not isinstance(data.get("ids"), list) or not data["ids"]:
            return None
        return data

    async def _refresh_incrementally(self, view: QueueView, base: dict[str, Any]) -> QueuePage:
        config = self.core.config
        key = view.page_key(1)
        if self.sync.cursor is None:  # listed by an earlier process: changes since that listing
            synced = base.get("synced", base["full_at"])
            self.sync.cursor = float(synced) if isinstance(synced, (int, float)) else float(base["full_at"])
        poll = await self.sync.poll(max_pages=1, prefetch=False)
        if not poll.complete:
            self.core.count("queue_refresh_full_many_changes")
            return await self._fetch_full(view, 1, False)
        self.sync.queue_loaded(time.time())  # the page is the server's now: the live refresh keeps it so
        ids = [i for i in base["ids"] if isinstance(i, int)]
        listed = set(ids)
        newest_listed = max((c for c in (self._created(i) for i in ids) if c is not None), default=None)
        # the server's clock, not ours: the newest change it just reported
        server_now = max((u for u in (iso_epoch(t.updated_at) for t in poll.tickets) if u is not None), default=None)
        cutoff = server_now - config.recent_days * 86400 if server_now is not None else None
        added: list[Ticket] = []
        for ticket in poll.tickets:
            created = iso_epoch(ticket.created_at)
            if ticket.id in listed or getattr(ticket, "deleted", False) or created is None:
                continue
            if cutoff is not None and created < cutoff:
                continue  # not in the recent view (created more than recent_days ago)
            if newest_listed is not None and created <= newest_listed:
                continue  # belongs further down the list, on a page not shown from this copy
            added.append(ticket)
        added.sort(key=lambda t: (iso_epoch(t.created_at) or 0.0, t.id), reverse=True)
        unknown = {t.requester_id for t in added
                   if isinstance(t.requester_id, int) and self.records.names.get("requesters", t.requester_id) is None}
        if len(unknown) > config.refresh_name_lookups:
            self.core.count("queue_refresh_full_names")
            return await self._fetch_full(view, 1, False)
        for requester_id in sorted(unknown):
            self.on_unknown_requester(requester_id)
        new_ids = [t.id for t in added]
        if cutoff is not None:
            ids = [i for i in ids if (self._created(i) or cutoff) >= cutoff]
        merged = new_ids + ids
        self.records.new_ids |= set(new_ids)
        now = time.time()
        has_next = bool(base.get("has_next"))
        self.core.store.set_record(key, {"ids": merged, "has_next": has_next, "full_at": base["full_at"],
                                         "synced": now}, now)
        self.core.seen[key] = time.monotonic()
        self.core.count("queue_refresh_incremental")
        if poll.changed or new_ids:
            self.core.emit(TicketsChanged(frozenset(poll.changed), frozenset(new_ids) | frozenset(poll.new)))
        return self._build_page(view, 1, merged, has_next)

    def _created(self, ticket_id: int) -> float | None:
        rec = self.records.ticket_json(ticket_id)
        return iso_epoch(rec[0].get("created_at")) if rec is not None else None

    def _build_page(self, view: QueueView, page: int, ids: list[int], has_next: bool) -> QueuePage:
        tickets: list[Ticket] = []
        ids = list(ids)
        new_ids = self.records.new_ids
        if view.kind == "recent" and view.order_type == "desc" and page == 1 and new_ids:
            fresh_new = sorted((i for i in new_ids if i not in ids), reverse=True)
            ids = fresh_new + ids
        for tid in ids:
            rec = self.records.ticket_json(tid)
            if rec is None:
                continue
            data = rec[0]
            if view.kind != "deleted" and data.get("deleted"):
                continue
            try:
                tickets.append(self.records.ticket_model(data))
            except Exception:  # noqa: BLE001 - a bad record is skipped, not fatal
                continue
        return QueuePage(view=view, page=page, tickets=tickets, has_next=has_next,
                         new_ids={t.id for t in tickets if t.id in new_ids})

    def cached_queue(self, view: QueueView, page: int) -> tuple[QueuePage, float] | None:
        rec = self.core.store.get_record(view.page_key(page))
        if rec is None or not isinstance(rec[0], dict):
            return None
        ids = [i for i in rec[0].get("ids", []) if isinstance(i, int)]
        key = view.page_key(page)
        qp = self._built_page(key, rec[1], ids)
        if qp is None or qp.has_next != bool(rec[0].get("has_next")):
            qp = self._build_page(view, page, ids, bool(rec[0].get("has_next")))
            self._remember_built(key, rec[1], qp, ids)
        total = rec[0].get("total")
        qp.total = total if isinstance(total, int) else None
        if ids and not qp.tickets and view.kind != "deleted":
            return None
        return qp, rec[1]

    def current_queue_page(self, view: QueueView, page: int) -> Cached[QueuePage] | None:
        """A page after the first when the cached copy is current (e.g. just prefetched): what
        `queue_page` would yield, without a server call and without waiting, so that the UI can
        show it within the key press. None when the server would have to be asked."""
        if page < 2 or not self.core.current(view.page_key(page), self.core.config.queue_ttl):
            return None
        rec = self.cached_queue(view, page)  # built only once it is known to be current
        if rec is None:
            return None
        return self._when_current(Cached(rec[0], from_epoch(rec[1]), fresh=False), current=True)

    async def server_queue_page(self, view: QueueView, page: int = 1) -> Cached[QueuePage]:
        """Page ``page`` of a view exactly as the server lists it now (scripts: page N is the server's
        page N, never a cached page 1 with newer tickets merged on top). One list call; the server
        unreachable -> the cached copy marked stale, else the error."""
        try:
            qpage = await self.fetch_queue(view, page, exact=True)
        except api_errors.TransportError:
            rec = self.cached_queue(view, page)
            if rec is None:
                raise
            return Cached(rec[0], from_epoch(rec[1]), fresh=False, stale=True)
        if view.kind == "recent" and page == 1 and self.records.new_ids:  # not what sync found: the TUI's
            listed = set(self.core.store.get_record(view.page_key(1))[0]["ids"])
            qpage = QueuePage(view, 1, [t for t in qpage.tickets if t.id in listed], qpage.has_next,
                              qpage.new_ids & listed)
        return Cached(qpage, utcnow(), fresh=True)

    async def queue_page(self, view: QueueView, page: int = 1, *, force: bool = False
                         ) -> AsyncIterator[Cached[QueuePage]]:
        """The cached page at once (if any), then the server's (unless fetched moments ago).
        `force=True` (the user's "refresh") always asks the server."""
        key = view.page_key(page)
        reload = page == 1 and key in self.core.seen  # shown before in this session: a refresh
        rec = self.cached_queue(view, page)
        cached = Cached(rec[0], from_epoch(rec[1]), fresh=False) if rec is not None else None
        current = not force and self.core.current(key, self.core.config.queue_ttl) and cached is not None
        if reload and cached is not None:
            self.on_reload(view, [t.id for t in cached.value.tickets[:1]])
        async for item in self._cached_then_fresh(cached, current,
                                                  lambda: self._forced(force, self.fetch_queue(view, page))):
            if reload and item.fresh:
                self.on_reload(view, [t.id for t in item.value.tickets[:1]])
            yield item

    # ------------------------------------------------------------------ ticket

    def _missing_includes(self, ticket_id: int) -> tuple[str, ...]:
        """The view's includes the cached copy lacks (a list row embedded requester and tags already):
        asking for them again costs a credit each and tells nothing new unless the ticket changed, and
        a changed ticket's answer without them makes them unknown (records.put_ticket), not stale."""
        rec = self.records.ticket_json(ticket_id)
        held = rec[0] if rec is not None and isinstance(rec[0], dict) else {}
        return tuple(name for name in VIEW_INCLUDES if name not in held)

    async def fetch_ticket(self, ticket_id: int, prefetch: bool = False, *, complete: bool = True) -> Ticket:
        """GET /tickets/[id] with ``include=requester,tags`` (1 + 1 credit each), merged into the cached
        copy; ``complete=False``: only the includes the cached copy lacks (opening a ticket whose list row
        is not the whole ticket, e.g. another workspace's from an all-workspaces list)."""
        async def fetch() -> Ticket:
            # tags and the requester's email come only when asked (+1 credit each): the ticket screen
            # shows both, and the tag editor starts from the tags read here
            include = VIEW_INCLUDES if complete else self._missing_includes(ticket_id)
            ticket = await self.core.api(self.core.client.get_ticket, ticket_id, include=include,
                                         prefetch=prefetch)
            self.records.put_ticket(ticket, time.time(), merge=True)
            if include == VIEW_INCLUDES:
                return ticket
            rec = self.records.ticket_json(ticket_id)  # the answer with what the cached copy embedded
            return self.records.ticket_model(rec[0]) if rec is not None else ticket

        return await self.core.single(f"ticket:{ticket_id}", fetch)

    async def server_tickets(self, ticket_ids: Iterable[int]) -> dict[int, Ticket]:
        """Each ticket as the server has it now, read (GET /tickets/[id], 1 credit, + 1 per include the cached
        copy lacks; one request per ticket at a time), even when the cached copy counts as current: another
        agent may have changed it since. One that cannot be read (gone, refused, offline) is left out: the
        caller must not state its value from an old copy."""
        found: dict[int, Ticket] = {}
        for ticket_id in dict.fromkeys(ticket_ids):
            try:
                found[ticket_id] = await self.fetch_ticket(ticket_id,
                                                           complete=self.records.ticket_json(ticket_id) is None)
            except api_errors.FreshserviceError:
                continue
        return found

    def _cached_ticket(self, ticket_id: int) -> tuple[Cached[Ticket] | None, bool]:
        """The cached ticket (from a queue list, a view, or sync) and whether it is current."""
        rec = self.records.ticket_json(ticket_id)
        if rec is None:
            return None, False
        try:
            cached = Cached(self.records.ticket_model(rec[0]), from_epoch(rec[1]), fresh=False)
        except Exception:  # noqa: BLE001
            return None, False
        return cached, self.core.current(f"ticket:{ticket_id}")

    async def ticket(self, ticket_id: int, *, force: bool = False) -> AsyncIterator[Cached[Ticket]]:
        """A ticket: the cached copy, then the server's when the cached one is not known to be current."""
        self.on_open(ticket_id)
        cached, current = self._cached_ticket(ticket_id)
        async for item in self._cached_then_fresh(cached, current and not force,
                                                  lambda: self._forced(force, self.fetch_ticket(
                                                      ticket_id, complete=force))):
            yield item

    def current_ticket(self, ticket_id: int) -> Cached[Ticket] | None:
        """The ticket the user opens, when the cached copy is current (no server call, no wait):
        None when `ticket` has to ask the server."""
        self.on_open(ticket_id)
        return self._when_current(*self._cached_ticket(ticket_id))

    # ------------------------------------------------------------------ conversations

    async def fetch_conversations(self, ticket_id: int, prefetch: bool = False, *,
                                  shared: bool = True) -> list[Conversation]:
        """The whole thread from the server. `shared=False`: a request of its own, never one already
        in flight (the outbox must see the server as it is now)."""
        async def fetch() -> list[Conversation]:
            items: list[Conversation] = []
            page = 1
            while True:  # per_page=100: one credit for a thread of up to 100
                result = await self.core.api(self.core.client.list_conversations, ticket_id, page=page,
                                             per_page=100, prefetch=prefetch)
                items.extend(result.items)
                if result.next_page is None or page >= 50:
                    break
                page = result.next_page
            self.records.store_conversations(ticket_id, items)
            return items

        if not shared:
            return await within(0.0, fetch())  # the server's own answer, never a team member's copy
        return await self.core.single(f"convs:{ticket_id}", fetch)

    @staticmethod
    def _forced(force: bool, fetch: Awaitable[T]) -> Awaitable[T]:
        """The agent's refresh takes a team member's shared answer only when it is seconds old."""
        return within(REFRESH_MAX_AGE, fetch) if force else fetch

    def _cached_conversations(self, ticket_id: int) -> tuple[Cached[list[Conversation]] | None, bool]:
        rec = self.records.cached_conversations(ticket_id)
        if rec is None:
            return None, False
        return Cached(rec[0], from_epoch(rec[1]), fresh=False), self.records.convs_current(ticket_id, rec[2])

    async def conversations(self, ticket_id: int, *, force: bool = False
                            ) -> AsyncIterator[Cached[list[Conversation]]]:
        """The whole thread of a ticket (all pages), oldest first."""
        cached, current = self._cached_conversations(ticket_id)
        async for item in self._cached_then_fresh(cached, current and not force,
                                                  lambda: self._forced(force, self.fetch_conversations(ticket_id))):
            yield item

    def current_conversations(self, ticket_id: int) -> Cached[list[Conversation]] | None:
        """The thread, when the cached copy is current (no server call, no wait); else None."""
        return self._when_current(*self._cached_conversations(ticket_id))

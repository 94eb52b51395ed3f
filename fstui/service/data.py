"""DataService: what the screens talk to.

- Cached-then-fresh reads: the cached copy at once, then the server's (when the cached one is not
  known to be current).
- Credits are precious (the account's budget is shared by every agent and integration):
  * a ticket opened from a queue is not fetched again: the list already carried its fields;
  * a thread is fetched with GET /tickets/[id]/conversations?per_page=100 (1 credit for up to 100
    conversations; ``include=conversations`` costs 2 and stops at 10);
  * something fetched in this session is current until the server says otherwise: the incremental
    sync (``updated_since``) reports every changed ticket, and a thread is refetched only when its
    ticket's ``updated_at`` moved past what we saw;
  * our own writes update the caches from the write's response instead of refetching;
  * prefetch is governed by the RateBudget and by what the user actually does: the row under the
    cursor (after it rests), the next row only while the user opens tickets in order, the next queue
    page only while the user pages forward.
- Offline: cached data is returned marked stale; the sync loop probes with backoff and says when
  the server is back.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from fstui.api import errors as api_errors
from fstui.api.models import (
    Agent,
    Asset,
    Conversation,
    Group,
    Requester,
    RequesterField,
    Role,
    Ticket,
    TicketField,
)
from fstui.api.ratelimit import RateBudget
from fstui.service.errors import ReadOnlyError
from fstui.service.events import (
    BudgetChanged,
    ConversationsChanged,
    NoticeAdded,
    OnlineChanged,
    OutboxChanged,
    ServiceStats,
    TicketsChanged,
)
from fstui.service.outbox import Outbox, OutboxEntry

if TYPE_CHECKING:
    from fstui.api.client import FreshserviceClient, Page
    from fstui.config import Profile
    from fstui.service.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")

QUEUE_KINDS = ("recent", "new_and_my_open", "watching", "spam", "deleted", "requester", "updated_since", "query")
_SERVER_FILTERS = {"new_and_my_open", "watching", "spam", "deleted"}


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _from_epoch(t: float) -> datetime:
    return datetime.fromtimestamp(t, timezone.utc)


def _iso_epoch(value: Any) -> float | None:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class Cached(Generic[T]):
    value: T
    fetched_at: datetime  # aware UTC, when the server sent it
    fresh: bool  # False: from the disk cache (may be replaced by a fresh one soon)
    stale: bool = False  # True: server unreachable, this is the best we have

    @property
    def age(self) -> timedelta:
        return _utcnow() - self.fetched_at


@dataclass(frozen=True)
class QueueView:
    """What a ticket queue shows."""

    kind: str = "recent"
    email: str | None = None
    updated_since: datetime | None = None
    query: str | None = None
    order_type: str = "desc"

    def key(self) -> str:
        since = self.updated_since.isoformat() if self.updated_since else ""
        return "|".join((self.kind, self.email or "", since, self.query or "", self.order_type))


@dataclass
class QueuePage:
    view: QueueView
    page: int
    tickets: list[Ticket]
    has_next: bool
    new_ids: set[int] = field(default_factory=set)


@dataclass
class ServiceConfig:
    """Knobs of the service (tests shorten the times)."""

    #: prefetch stops when remaining/total falls below this
    reserve_fraction: float = 0.2
    #: incremental sync interval; doubled below 2x the reserve, x4 below the reserve
    sync_interval: float = 60.0
    sync_enabled: bool = True
    #: the cursor must rest this long before its row is prefetched
    cursor_debounce: float = 0.4
    #: prefetch the row under the cursor
    prefetch_cursor: bool = True
    #: prefetch up to this many rows after it, while the user opens tickets in order
    prefetch_next_rows: int = 1
    #: prefetch the next queue page, while the user pages forward
    prefetch_next_page: bool = True
    per_page: int = 30
    #: queue pages embed the requester (+2 credits a page): the queue shows requester names and the
    #: ticket header their email, and one include per 30 rows is far cheaper than a lookup per requester
    include_requester: bool = True
    #: a queue page fetched this recently is shown without asking again (unless forced)
    queue_ttl: float = 60.0
    #: without a working sync, something fetched this recently counts as current
    volatile_ttl: float = 60.0
    #: agents, groups, roles, fields, requesters: refreshed after this long
    lookup_ttl: float = 24 * 3600.0
    #: server clock vs ours, tolerated when comparing timestamps
    clock_skew: float = 600.0
    offline_backoff_base: float = 1.0
    offline_backoff_max: float = 60.0
    #: max pages of changes one sync poll reads (100 per page)
    sync_max_pages: int = 3
    request_timeout: float | None = None
    outbox_backoff_base: float = 1.0
    outbox_backoff_max: float = 60.0
    outbox_lease_seconds: float = 120.0
    #: before looking whether an unanswered write was applied, wait this long after sending it
    #: (the request may still be running on the server); default: the client's read timeout
    reconcile_grace: float | None = None


def _normalize_text(value: str | None) -> str:
    """HTML or text -> comparable text (for finding our own write on the server)."""
    if not value:
        return ""
    text = re.sub(r"<br\s*/?>|</p>|</div>", "\n", value, flags=re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text)
    return " ".join(text.split())


class DataService:
    """Cached reads, budget-aware prefetch, incremental sync, and the outbox for writes."""

    def __init__(
        self,
        client: "FreshserviceClient",
        store: "Store",
        outbox: Outbox,
        *,
        profile: "Profile | None" = None,
        config: ServiceConfig | None = None,
        agent_email: str | None = None,
        notices: list[str] | None = None,
        on_close: Callable[[], Awaitable[None] | None] | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.outbox = outbox
        self.profile = profile
        self.config = config or ServiceConfig()
        self.agent_email = agent_email if agent_email is not None else (profile.email if profile else None)
        self._read_only = bool(profile.read_only) if profile else False
        self.notices: list[str] = list(notices or [])
        self._on_close = on_close
        self._listeners: list[Callable[[Any], None]] = []
        self._stats = ServiceStats()
        self._online = True
        self._offline_failures = 0
        self._session_start = time.time()
        # what this session has seen from the server: key -> time.monotonic()
        self._seen: dict[str, float] = {}
        self._last_sync_ok: float | None = None  # monotonic
        self._sync_cursor: float | None = None  # epoch seconds (server clock) for updated_since
        self._new_ids: set[int] = set()
        self._inflight: dict[str, asyncio.Future[Any]] = {}
        self._user_inflight = 0
        self._user_idle = asyncio.Event()
        self._user_idle.set()
        self._tasks: list[asyncio.Task[Any]] = []
        self._prefetch_jobs: list[tuple[str, Callable[[], Awaitable[Any]]]] = []
        self._prefetch_wake = asyncio.Event()
        self._cursor_task: asyncio.Task[None] | None = None
        self._page_task: asyncio.Task[None] | None = None
        self._last_opened: int | None = None
        self._expected_next: int | None = None
        self._cursor_ids: list[int] = []
        self._sequential_opens = 0
        self._last_row_order: list[int] = []
        self._last_shown: tuple[str, int] | None = None
        self._queue_shown_once = False
        self._sync_wake = asyncio.Event()
        self._lookups_started: set[str] = set()
        self._names: dict[str, dict[int, str]] = {"agents": {}, "groups": {}, "requesters": {}}
        self._load_names()
        for message in self.notices:
            log.info("notice: %s", message)
        client.budget.subscribe(lambda budget: self._emit(BudgetChanged(budget)))
        outbox.subscribe(lambda entry: self._emit(OutboxChanged(entry)))
        outbox.on_transport_error = lambda exc: self._set_online(False, exc)
        outbox.on_transport_ok = lambda: self._set_online(True)

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    async def open(cls, profile: "Profile", *, config: ServiceConfig | None = None) -> "DataService":
        """Build the service for a profile (starts the embedded sandbox for a demo profile)."""
        from fstui.service.factory import open_service

        return await open_service(profile, config=config)

    def start(self) -> None:
        """Start the background tasks (outbox sender, prefetcher, sync) on the running loop."""
        loop = asyncio.get_running_loop()
        self.outbox.start(self)
        self._tasks.append(loop.create_task(self._prefetch_loop(), name="fstui-prefetch"))
        if self.config.sync_enabled:
            self._tasks.append(loop.create_task(self._sync_loop(), name="fstui-sync"))

    async def close(self) -> None:
        if getattr(self, "_closed", False):
            return
        self._closed = True
        for task in [*self._tasks, self._cursor_task, self._page_task]:
            if task is not None:
                task.cancel()
        for task in [*self._tasks, self._cursor_task, self._page_task]:
            if task is not None:
                try:
                    await task
                except (asyncio.CancelledError, Exception):  # noqa: BLE001
                    pass
        self._tasks.clear()
        await self.outbox.close()
        try:
            await self.client.aclose()
        finally:
            self.store.close()  # diskcache connections are per thread: close in the thread that used it
            if self._on_close is not None:
                result = self._on_close()
                if asyncio.iscoroutine(result):
                    await result

    @property
    def read_only(self) -> bool:
        """Writes refused (follows `profile.read_only`, which the palette may toggle)."""
        if self.profile is not None:
            return bool(self.profile.read_only)
        return self._read_only

    def set_read_only(self, value: bool) -> None:
        self._read_only = bool(value)
        if self.profile is not None:
            self.profile.read_only = bool(value)

    @staticmethod
    def estimate_credits(kind: str) -> int:
        """Credits one write of this kind costs (every documented write costs 1)."""
        return 1

    # ------------------------------------------------------------------ observation

    def subscribe(self, callback: Callable[[Any], None]) -> Callable[[], None]:
        """Events: BudgetChanged, OnlineChanged, TicketsChanged, ConversationsChanged, OutboxChanged,
        NoticeAdded. Returns an unsubscribe function."""
        self._listeners.append(callback)

        def unsubscribe() -> None:
            if callback in self._listeners:
                self._listeners.remove(callback)

        return unsubscribe

    def _emit(self, event: Any) -> None:
        for callback in list(self._listeners):
            try:
                callback(event)
            except Exception:  # noqa: BLE001
                log.exception("service subscriber failed")

    def _notice(self, message: str) -> None:
        self.notices.append(message)
        self._emit(NoticeAdded(message))

    @property
    def client_budget(self) -> RateBudget:
        return self.client.budget

    @property
    def budget(self) -> RateBudget:
        return self.client.budget

    @property
    def stats(self) -> ServiceStats:
        s = self._stats
        s.api_calls = self.client.calls
        s.credits = self.client.credits
        s.online = self._online
        try:
            s.outbox_pending = self.outbox.pending_count()
        except Exception:  # noqa: BLE001
            pass
        return s

    @property
    def online(self) -> bool:
        return self._online

    def _set_online(self, online: bool, exc: BaseException | None = None) -> None:
        if online:
            self._offline_failures = 0
        if online == self._online:
            return
        self._online = online
        if online:
            message = "Back online."
            self.outbox.paused_until = 0.0
            self.outbox.wake()
        else:
            message = "Offline: showing cached data; retrying."
            self._sync_wake.set()  # the sync loop probes with backoff
        self._emit(OnlineChanged(online, message))

    # ------------------------------------------------------------------ API calls

    async def _api(self, fn: Callable[..., Awaitable[T]], *args: Any, prefetch: bool = False, **kwargs: Any) -> T:
        """Every call goes through here: user-first accounting and online state."""
        if not prefetch:
            self._user_inflight += 1
            self._user_idle.clear()
        try:
            result = await fn(*args, **kwargs)
        except api_errors.ConnectFailed as exc:
            self._set_online(False, exc)
            raise
        else:
            self._set_online(True)
            return result
        finally:
            if not prefetch:
                self._user_inflight -= 1
                if self._user_inflight <= 0:
                    self._user_inflight = 0
                    self._user_idle.set()

    async def _single(self, key: str, factory: Callable[[], Awaitable[T]]) -> T:
        """One request per key at a time: a user asking for what a prefetch is fetching shares it."""
        existing = self._inflight.get(key)
        if existing is not None and not existing.done():
            return await asyncio.shield(existing)
        task = asyncio.ensure_future(factory())
        self._inflight[key] = task

        def _done(t: asyncio.Future[Any]) -> None:
            if self._inflight.get(key) is t:
                del self._inflight[key]
            if not t.cancelled():
                t.exception()  # mark retrieved

        task.add_done_callback(_done)
        return await asyncio.shield(task)

    def _current(self, key: str, ttl: float | None = None) -> bool:
        """Whether what we hold for `key` is known to match the server now."""
        seen = self._seen.get(key)
        if seen is None:
            return False
        now = time.monotonic()
        ttl = self.config.volatile_ttl if ttl is None else ttl
        if now - seen < ttl:
            return True
        # The sync loop reports every changed ticket; while it works, what we saw stays current.
        if self._last_sync_ok is not None and self._last_sync_ok >= seen and self.config.sync_enabled:
            return now - self._last_sync_ok < max(ttl, 2.5 * self.config.sync_interval)
        return False

    # ------------------------------------------------------------------ ticket records

    def _ticket_json(self, ticket_id: int) -> tuple[dict[str, Any], float] | None:
        rec = self.store.get_record(f"ticket:{ticket_id}")
        if rec is None or not isinstance(rec[0], dict):
            return None
        return rec[0], rec[1]

    def _put_ticket(self, ticket: Ticket | dict[str, Any], fetched_at: float | None = None, *,
                    merge: bool = True) -> tuple[bool, bool]:
        """Store a ticket. Returns (changed, was_known)."""
        data = ticket.model_dump(mode="json") if isinstance(ticket, Ticket) else dict(ticket)
        data.pop("conversations", None)
        tid = int(data["id"])
        old = self._ticket_json(tid)
        if old is not None and merge:
            merged = dict(old[0])
            merged.update({k: v for k, v in data.items()})
            data = merged
        changed = old is None or old[0].get("updated_at") != data.get("updated_at") or old[0] != data
        self.store.set_record(f"ticket:{tid}", data, fetched_at)
        self._seen[f"ticket:{tid}"] = time.monotonic()
        if isinstance(data.get("requester"), dict) and data["requester"].get("name"):
            self._remember_name("requesters", data.get("requester_id"), data["requester"]["name"])
        return changed, old is not None

    @staticmethod
    def _ticket_model(data: dict[str, Any]) -> Ticket:
        return Ticket.model_validate(data)

    # ------------------------------------------------------------------ reads: queue

    def _list_call(self, view: QueueView, page: int, prefetch: bool) -> Awaitable["Page[Ticket]"]:
        c = self.client
        order = view.order_type if view.order_type in ("asc", "desc") else None
        if view.kind == "query":
            return self._api(c.filter_tickets, view.query or "", page=page, prefetch=prefetch)
        kwargs: dict[str, Any] = {"page": page, "per_page": self.config.per_page, "order_type": order}
        if self.config.include_requester:
            kwargs["include"] = ("requester",)
        if view.kind in _SERVER_FILTERS:
            kwargs["filter"] = view.kind
        elif view.kind == "requester":
            kwargs["email"] = view.email
        elif view.kind == "updated_since":
            kwargs["updated_since"] = view.updated_since
        return self._api(c.list_tickets, prefetch=prefetch, **kwargs)

    async def _fetch_queue(self, view: QueueView, page: int, prefetch: bool = False) -> QueuePage:
        key = f"queue:{view.key()}:{page}"

        async def fetch() -> QueuePage:
            result = await self._list_call(view, page, prefetch)
            now = time.time()
            ids: list[int] = []
            changed: set[int] = set()
            for ticket in result.items:
                was_changed, _known = self._put_ticket(ticket, now, merge=True)
                ids.append(ticket.id)
                if was_changed:
                    changed.add(ticket.id)
            self.store.set_record(key, {"ids": ids, "has_next": result.next_page is not None}, now)
            self._seen[key] = time.monotonic()
            if not self._queue_shown_once:
                self._queue_shown_once = True
                if self._sync_cursor is None:
                    self._sync_cursor = now
            return self._build_page(view, page, ids, result.next_page is not None)

        return await self._single(key, fetch)

    def _build_page(self, view: QueueView, page: int, ids: list[int], has_next: bool) -> QueuePage:
        tickets: list[Ticket] = []
        ids = list(ids)
        if view.kind == "recent" and view.order_type == "desc" and page == 1 and self._new_ids:
            fresh_new = sorted((i for i in self._new_ids if i not in ids), reverse=True)
            ids = fresh_new + ids
        for tid in ids:
            rec = self._ticket_json(tid)
            if rec is None:
                continue
            data = rec[0]
            if view.kind != "deleted" and data.get("deleted"):
                continue
            try:
                tickets.append(self._ticket_model(data))
            except Exception:  # noqa: BLE001 - a bad record is skipped, not fatal
                continue
        return QueuePage(view=view, page=page, tickets=tickets, has_next=has_next,
                         new_ids={t.id for t in tickets if t.id in self._new_ids})

    def _cached_queue(self, view: QueueView, page: int) -> tuple[QueuePage, float] | None:
        rec = self.store.get_record(f"queue:{view.key()}:{page}")
        if rec is None or not isinstance(rec[0], dict):
            return None
        ids = [i for i in rec[0].get("ids", []) if isinstance(i, int)]
        qp = self._build_page(view, page, ids, bool(rec[0].get("has_next")))
        if ids and not qp.tickets and view.kind != "deleted":
            return None
        return qp, rec[1]

    async def queue_page(self, view: QueueView, page: int = 1, *, force: bool = False
                         ) -> AsyncIterator[Cached[QueuePage]]:
        """The cached page at once (if any), then the server's (unless fetched moments ago).
        `force=True` (the user's "refresh") always asks the server."""
        key = f"queue:{view.key()}:{page}"
        cached = self._cached_queue(view, page)
        current = not force and self._current(key, self.config.queue_ttl) and cached is not None
        if cached is not None:
            self._stats.cache_hits += 1
            yield Cached(cached[0], _from_epoch(cached[1]), fresh=current)
            if current:
                return
        else:
            self._stats.cache_misses += 1
        try:
            fresh = await self._fetch_queue(view, page)
        except api_errors.TransportError as exc:
            if cached is not None:
                yield Cached(cached[0], _from_epoch(cached[1]), fresh=False, stale=True)
                return
            raise
        yield Cached(fresh, _utcnow(), fresh=True)

    # ------------------------------------------------------------------ reads: ticket

    async def _fetch_ticket(self, ticket_id: int, prefetch: bool = False) -> Ticket:
        async def fetch() -> Ticket:
            ticket = await self._api(self.client.get_ticket, ticket_id, prefetch=prefetch)
            self._put_ticket(ticket, time.time(), merge=True)
            return ticket

        return await self._single(f"ticket:{ticket_id}", fetch)

    async def ticket(self, ticket_id: int, *, force: bool = False) -> AsyncIterator[Cached[Ticket]]:
        """A ticket: the cached copy (from a queue list, a view, or sync), then the server's when
        the cached one is not known to be current."""
        key = f"ticket:{ticket_id}"
        self._note_open(ticket_id)
        rec = self._ticket_json(ticket_id)
        current = not force and rec is not None and self._current(key)
        model = None
        if rec is not None:
            try:
                model = self._ticket_model(rec[0])
            except Exception:  # noqa: BLE001
                model = None
        if model is not None and rec is not None:
            self._stats.cache_hits += 1
            yield Cached(model, _from_epoch(rec[1]), fresh=current)
            if current:
                return
        else:
            self._stats.cache_misses += 1
        try:
            fresh = await self._fetch_ticket(ticket_id)
        except api_errors.TransportError as exc:
            if model is not None and rec is not None:
                yield Cached(model, _from_epoch(rec[1]), fresh=False, stale=True)
                return
            raise
        yield Cached(fresh, _utcnow(), fresh=True)

    # ------------------------------------------------------------------ reads: conversations

    def _convs_record(self, ticket_id: int) -> tuple[dict[str, Any], float] | None:
        rec = self.store.get_record(f"convs:{ticket_id}")
        if rec is None or not isinstance(rec[0], dict) or not isinstance(rec[0].get("items"), list):
            return None
        return rec[0], rec[1]

    def _convs_current(self, ticket_id: int, rec: dict[str, Any]) -> bool:
        if not self._current(f"convs:{ticket_id}"):
            # not fetched this session, or sync is not vouching for it
            return False
        trec = self._ticket_json(ticket_id)
        if trec is None:
            return True
        updated = _iso_epoch(trec[0].get("updated_at"))
        through = rec.get("through")
        if updated is None or not isinstance(through, (int, float)):
            return True
        return updated <= through + 2.0

    async def _fetch_conversations(self, ticket_id: int, prefetch: bool = False) -> list[Conversation]:
        async def fetch() -> list[Conversation]:
            items: list[Conversation] = []
            page = 1
            while True:  # per_page=100: one credit for a thread of up to 100
                result = await self._api(self.client.list_conversations, ticket_id, page=page, per_page=100,
                                         prefetch=prefetch)
                items.extend(result.items)
                if result.next_page is None or page >= 50:
                    break
                page = result.next_page
            self._store_conversations(ticket_id, items)
            return items

        return await self._single(f"convs:{ticket_id}", fetch)

    def _store_conversations(self, ticket_id: int, items: list[Conversation], through: float | None = None) -> None:
        trec = self._ticket_json(ticket_id)
        ticket_updated = _iso_epoch(trec[0].get("updated_at")) if trec else None
        latest = max((_iso_epoch(c.updated_at) or 0.0 for c in items), default=0.0)
        through = max(x for x in (through, ticket_updated, latest, 0.0) if x is not None)
        self.store.set_record(
            f"convs:{ticket_id}",
            {"items": [c.model_dump(mode="json") for c in items], "through": through},
        )
        self._seen[f"convs:{ticket_id}"] = time.monotonic()

    def _cached_conversations(self, ticket_id: int) -> tuple[list[Conversation], float, dict[str, Any]] | None:
        rec = self._convs_record(ticket_id)
        if rec is None:
            return None
        try:
            items = [Conversation.model_validate(c) for c in rec[0]["items"]]
        except Exception:  # noqa: BLE001
            return None
        return items, rec[1], rec[0]

    async def conversations(self, ticket_id: int, *, force: bool = False
                            ) -> AsyncIterator[Cached[list[Conversation]]]:
        """The whole thread of a ticket (all pages), oldest first."""
        cached = self._cached_conversations(ticket_id)
        current = not force and cached is not None and self._convs_current(ticket_id, cached[2])
        if cached is not None:
            self._stats.cache_hits += 1
            yield Cached(cached[0], _from_epoch(cached[1]), fresh=current)
            if current:
                return
        else:
            self._stats.cache_misses += 1
        try:
            fresh = await self._fetch_conversations(ticket_id)
        except api_errors.TransportError:
            if cached is not None:
                yield Cached(cached[0], _from_epoch(cached[1]), fresh=False, stale=True)
                return
            raise
        yield Cached(fresh, _utcnow(), fresh=True)

    # ------------------------------------------------------------------ non-volatile lookups

    def _load_names(self) -> None:
        for kind in ("agents", "groups", "requesters"):
            rec = self.store.get_record(f"names:{kind}")
            if rec is not None and isinstance(rec[0], dict):
                self._names[kind] = {int(k): str(v) for k, v in rec[0].items() if str(k).isdigit()}

    def _remember_name(self, kind: str, ident: Any, name: Any) -> None:
        if not isinstance(ident, int) or not name:
            return
        names = self._names.setdefault(kind, {})
        if names.get(ident) != name:
            names[ident] = str(name)
            self.store.set_record(f"names:{kind}", {str(k): v for k, v in names.items()})

    async def _lookup_list(self, key: str, fetch: Callable[[], Awaitable[list[Any]]], model: type[Any],
                           *, prefetch: bool = False) -> list[Any]:
        rec = self.store.get_record(f"lookup:{key}")
        if rec is not None and isinstance(rec[0], list) and time.time() - rec[1] < self.config.lookup_ttl:
            try:
                self._stats.cache_hits += 1
                return [model.model_validate(x) for x in rec[0]]
            except Exception:  # noqa: BLE001
                pass
        self._stats.cache_misses += 1

        async def do() -> list[Any]:
            try:
                items = await fetch()
            except api_errors.TransportError:
                if rec is not None and isinstance(rec[0], list):
                    return [model.model_validate(x) for x in rec[0]]
                raise
            self.store.set_record(f"lookup:{key}", [i.model_dump(mode="json") for i in items])
            return items

        return await self._single(f"lookup:{key}", do)

    async def _collect(self, aiter: AsyncIterator[Any], prefetch: bool = False) -> list[Any]:
        async def run() -> list[Any]:
            return [x async for x in aiter]

        return await self._api(run, prefetch=prefetch)

    async def agents(self, *, prefetch: bool = False) -> list[Agent]:
        items = await self._lookup_list(
            "agents", lambda: self._collect(self.client.iter_agents(per_page=100), prefetch), Agent,
            prefetch=prefetch)
        names = {a.id: a.name for a in items if a.name}
        if names != self._names.get("agents"):
            self._names["agents"] = names
            self.store.set_record("names:agents", {str(k): v for k, v in names.items()})
        return items

    async def groups(self, *, prefetch: bool = False) -> list[Group]:
        items = await self._lookup_list(
            "groups", lambda: self._collect(self.client.iter_groups(per_page=100), prefetch), Group,
            prefetch=prefetch)
        names = {g.id: g.name for g in items if g.name}
        if names != self._names.get("groups"):
            self._names["groups"] = names
            self.store.set_record("names:groups", {str(k): v for k, v in names.items()})
        return items

    async def roles(self) -> list[Role]:
        return await self._lookup_list("roles", lambda: self._collect(self.client.iter_roles(per_page=100)), Role)

    async def ticket_fields(self) -> list[TicketField]:
        return await self._lookup_list("ticket_fields", lambda: self._api(self.client.list_ticket_fields),
                                       TicketField)

    async def requester_fields(self) -> list[RequesterField]:
        return await self._lookup_list("requester_fields", lambda: self._api(self.client.list_requester_fields),
                                       RequesterField)

    async def requester(self, requester_id: int) -> Requester:
        key = f"requester:{requester_id}"
        rec = self.store.get_record(key)
        if rec is not None and isinstance(rec[0], dict) and time.time() - rec[1] < self.config.lookup_ttl:
            self._stats.cache_hits += 1
            return Requester.model_validate(rec[0])
        self._stats.cache_misses += 1

        async def fetch() -> Requester:
            try:
                r = await self._api(self.client.get_requester, requester_id)
            except api_errors.TransportError:
                if rec is not None and isinstance(rec[0], dict):
                    return Requester.model_validate(rec[0])
                raise
            self._remember_requester(r)
            self._remember_name("requesters", r.id, r.name)
            return r

        return await self._single(key, fetch)

    async def agent(self, agent_id: int) -> Agent | None:
        for a in await self.agents():
            if a.id == agent_id:
                return a
        return None

    async def group(self, group_id: int) -> Group | None:
        for g in await self.groups():
            if g.id == group_id:
                return g
        return None

    async def me(self) -> Agent | None:
        """The signed-in agent (looked up once by email, cached long)."""
        email = (self.agent_email or "").strip().lower()
        if not email:
            return None
        rec = self.store.get_record(f"me:{email}")
        if rec is not None and isinstance(rec[0], dict) and time.time() - rec[1] < self.config.lookup_ttl:
            return Agent.model_validate(rec[0])

        async def fetch() -> Agent | None:
            try:
                # The agents list is needed anyway for names (cached a day): find ourselves in it.
                for agent in await self.agents():
                    if (agent.email or "").lower() == email:
                        self.store.set_record(f"me:{email}", agent.model_dump(mode="json"))
                        return agent
                page = await self._api(self.client.list_agents, email=email, per_page=1)
            except api_errors.TransportError:
                return Agent.model_validate(rec[0]) if rec is not None and isinstance(rec[0], dict) else None
            agent = page.items[0] if page.items else None
            if agent is not None:
                self.store.set_record(f"me:{email}", agent.model_dump(mode="json"))
                self._remember_name("agents", agent.id, agent.name)
            return agent

        return await self._single(f"me:{email}", fetch)

    # browse screens: paged lists, cached briefly (assets and requesters change rarely)

    async def _paged(self, key: str, call: Callable[[], Awaitable["Page[Any]"]], model: type[Any],
                     ttl: float = 300.0) -> "Page[Any]":
        from fstui.api.client import Page

        rec = self.store.get_record(key)
        if rec is not None and isinstance(rec[0], dict) and time.time() - rec[1] < ttl:
            self._stats.cache_hits += 1
            d = rec[0]
            return Page(items=[model.model_validate(x) for x in d["items"]], page=d["page"],
                        next_page=d.get("next_page"), total=d.get("total"))
        self._stats.cache_misses += 1

        async def fetch() -> "Page[Any]":
            try:
                page = await self._api(call)
            except api_errors.TransportError:
                if rec is not None and isinstance(rec[0], dict):
                    d = rec[0]
                    return Page(items=[model.model_validate(x) for x in d["items"]], page=d["page"],
                                next_page=d.get("next_page"), total=d.get("total"))
                raise
            self.store.set_record(key, {"items": [i.model_dump(mode="json") for i in page.items], "page": page.page,
                                        "next_page": page.next_page, "total": page.total})
            return page

        return await self._single(key, fetch)

    async def assets(self, *, order_by: str | None = None, order_type: str | None = None, trashed: bool = False,
                     include_type_fields: bool = False, page: int = 1, per_page: int = 30,
                     force: bool = False) -> "Page[Asset]":
        key = f"assets:{order_by}:{order_type}:{trashed}:{include_type_fields}:{page}:{per_page}"
        if force:
            self.store.delete(key)
        return await self._paged(key, lambda: self.client.list_assets(
            order_by=order_by, order_type=order_type, trashed=trashed, include_type_fields=include_type_fields,
            page=page, per_page=per_page), Asset)

    async def filter_assets(self, query: str, page: int = 1) -> "Page[Asset]":
        return await self._paged(f"assets_q:{query}:{page}", lambda: self.client.filter_assets(query, page=page),
                                 Asset)

    async def asset(self, display_id: int, *, include_type_fields: bool = False) -> Asset:
        key = f"asset:{display_id}:{include_type_fields}"
        rec = self.store.get_record(key)
        if rec is not None and isinstance(rec[0], dict) and time.time() - rec[1] < 300:
            return Asset.model_validate(rec[0])
        a = await self._api(self.client.get_asset, display_id, include_type_fields=include_type_fields)
        self.store.set_record(key, a.model_dump(mode="json"))
        return a

    async def requesters(self, page: int = 1, *, email: str | None = None, per_page: int = 30,
                         force: bool = False) -> "Page[Requester]":
        key = f"requesters:{email}:{page}:{per_page}"
        if force:
            self.store.delete(key)
        result = await self._paged(key, lambda: self.client.list_requesters(email=email, page=page,
                                                                             per_page=per_page), Requester)
        for r in result.items:
            self._remember_name("requesters", r.id, r.name)
            if self.store.get_record(f"requester:{r.id}") is None:
                self._remember_requester(r)
        return result

    async def agents_page(self, *, state: str | None = None, page: int = 1, per_page: int = 30,
                          force: bool = False) -> "Page[Agent]":
        key = f"agents_page:{state}:{page}:{per_page}"
        if force:
            self.store.delete(key)
        result = await self._paged(key, lambda: self.client.list_agents(state=state, page=page, per_page=per_page),
                                   Agent)
        for a in result.items:
            self._remember_name("agents", a.id, a.name)
        return result

    async def find_requesters(self, *, email: str | None = None, mobile_phone_number: str | None = None,
                              work_phone_number: str | None = None) -> list[Requester]:
        """Server-side filter (not cached); the names seen are remembered."""
        page = await self._api(self.client.list_requesters, email=email, mobile_phone_number=mobile_phone_number,
                               work_phone_number=work_phone_number, per_page=100)
        for r in page.items:
            self._remember_name("requesters", r.id, r.name)
            self._remember_requester(r)
        return list(page.items)

    async def find_agents(self, *, email: str | None = None, mobile_phone_number: str | None = None,
                          work_phone_number: str | None = None, state: str | None = None) -> list[Agent]:
        page = await self._api(self.client.list_agents, email=email, mobile_phone_number=mobile_phone_number,
                               work_phone_number=work_phone_number, state=state, per_page=100)
        for a in page.items:
            self._remember_name("agents", a.id, a.name)
        return list(page.items)

    def _remember_requester(self, r: Requester) -> None:
        self.store.set_record(f"requester:{r.id}", r.model_dump(mode="json"))
        seen = self.store.get("requesters_seen")
        ids = [i for i in seen if isinstance(i, int)] if isinstance(seen, list) else []
        if r.id not in ids:
            ids.append(r.id)
            self.store.set("requesters_seen", ids[-2000:])

    # synchronous, cache-only lists for the command palette (never call the API)

    def _cached_lookup(self, key: str, model: type[Any]) -> list[Any]:
        rec = self.store.get_record(f"lookup:{key}")
        if rec is None or not isinstance(rec[0], list):
            return []
        out = []
        for x in rec[0]:
            try:
                out.append(model.model_validate(x))
            except Exception:  # noqa: BLE001
                continue
        return out

    def cached_agents(self) -> list[Agent]:
        return self._cached_lookup("agents", Agent)

    def cached_groups(self) -> list[Group]:
        return self._cached_lookup("groups", Group)

    def cached_roles(self) -> list[Role]:
        return self._cached_lookup("roles", Role)

    def cached_requesters(self) -> list[Requester]:
        seen = self.store.get("requesters_seen")
        out: list[Requester] = []
        for rid in seen if isinstance(seen, list) else []:
            rec = self.store.get_record(f"requester:{rid}")
            if rec is not None and isinstance(rec[0], dict):
                try:
                    out.append(Requester.model_validate(rec[0]))
                except Exception:  # noqa: BLE001
                    continue
        return out

    def role_name(self, role_id: int | None) -> str | None:
        for r in self.cached_roles():
            if r.id == role_id:
                return r.name
        return None

    # synchronous, cache-only names for rendering (never call the API; a miss schedules one
    # background load of the agents/groups lists, which are cached for a day)

    def agent_name(self, agent_id: int | None) -> str | None:
        if agent_id is None:
            return None
        name = self._names["agents"].get(agent_id)
        if name is None:
            self._background_lookup("agents")
        return name

    def group_name(self, group_id: int | None) -> str | None:
        if group_id is None:
            return None
        name = self._names["groups"].get(group_id)
        if name is None:
            self._background_lookup("groups")
        return name

    def requester_name(self, requester_id: int | None) -> str | None:
        if requester_id is None:
            return None
        return self._names["requesters"].get(requester_id)

    def _background_lookup(self, kind: str) -> None:
        if kind in self._lookups_started:
            return
        rec = self.store.get_record(f"lookup:{kind}")
        if rec is not None and time.time() - rec[1] < self.config.lookup_ttl:
            return
        self._lookups_started.add(kind)
        job = self.agents if kind == "agents" else self.groups

        async def run() -> None:
            result = await job(prefetch=True)
            if result:
                self._emit(TicketsChanged(frozenset(), frozenset()))  # names arrived: re-render

        self._enqueue_prefetch(f"lookup:{kind}", run, front=False)

    # ------------------------------------------------------------------ prefetch

    def _note_open(self, ticket_id: int) -> None:
        """Track whether the user opens tickets in queue order (then the next row is worth prefetching)."""
        if self._expected_next is not None and ticket_id == self._expected_next:
            self._sequential_opens += 1
        elif ticket_id != self._last_opened:
            self._sequential_opens = 0
        self._last_opened = ticket_id
        self._expected_next = None
        for order in (self._cursor_ids, self._last_row_order):
            if ticket_id in order:
                i = order.index(ticket_id)
                if i + 1 < len(order):
                    self._expected_next = order[i + 1]
                    break

    def queue_shown(self, view: QueueView, page: int) -> None:
        """The UI shows this page: prefetch the next one while the user pages forward."""
        key = view.key()
        previous = self._last_shown
        self._last_shown = (key, page)
        if not self.config.prefetch_next_page:
            return
        paging_forward = previous is not None and previous[0] == key and previous[1] == page - 1
        if not paging_forward:
            return
        cached = self._cached_queue(view, page)
        if cached is not None and not cached[0].has_next:
            return
        nxt = page + 1
        if self._current(f"queue:{key}:{nxt}", self.config.queue_ttl):
            return

        async def job() -> None:
            await self._fetch_queue(view, nxt, prefetch=True)

        self._enqueue_prefetch(f"queue:{key}:{nxt}", job, front=False)

    def cursor_on(self, ticket_ids: list[int]) -> None:
        """The cursor rests on ticket_ids[0]; the rest are the rows after it, in order."""
        ids = [i for i in ticket_ids if isinstance(i, int)]
        if not ids:
            return
        self._cursor_ids = ids
        if self._cursor_task is not None:
            self._cursor_task.cancel()
        self._cursor_task = asyncio.get_running_loop().create_task(self._cursor_rest(ids))

    def rows_shown(self, ticket_ids: list[int]) -> None:
        """Optional: the order of the rows on screen (for detecting in-order opening)."""
        self._last_row_order = list(ticket_ids)

    async def _cursor_rest(self, ids: list[int]) -> None:
        await asyncio.sleep(self.config.cursor_debounce)
        jobs: list[int] = []
        if self.config.prefetch_cursor:
            jobs.append(ids[0])
        if self._sequential_opens >= 1 and self.config.prefetch_next_rows > 0:
            jobs.extend(ids[1:1 + self.config.prefetch_next_rows])
        # drop stale cursor jobs: only the newest resting place matters
        self._prefetch_jobs = [(k, j) for k, j in self._prefetch_jobs if not k.startswith("cursor:")]
        for tid in jobs:
            self._enqueue_prefetch(f"cursor:{tid}", self._prefetch_ticket_job(tid), front=False)

    def _prefetch_ticket_job(self, tid: int) -> Callable[[], Awaitable[Any]]:
        async def job() -> None:
            if self._ticket_json(tid) is None:
                await self._fetch_ticket(tid, prefetch=True)
            cached = self._cached_conversations(tid)
            if cached is None or not self._convs_current(tid, cached[2]):
                await self._fetch_conversations(tid, prefetch=True)
            else:
                raise _AlreadyCurrent

        return job

    def _enqueue_prefetch(self, key: str, job: Callable[[], Awaitable[Any]], *, front: bool) -> None:
        if any(k == key for k, _ in self._prefetch_jobs):
            return
        if front:
            self._prefetch_jobs.insert(0, (key, job))
        else:
            self._prefetch_jobs.append((key, job))
        self._prefetch_wake.set()

    def prefetch_allowed(self) -> tuple[bool, str]:
        """Whether the budget allows a prefetch now, and why not."""
        budget = self.client.budget
        if budget.retry_after_remaining() > 0:
            return False, "retry-after"
        fraction = budget.fraction_remaining()
        if fraction is not None and fraction < self.config.reserve_fraction:
            return False, "reserve"
        if not self._online:
            return False, "offline"
        return True, ""

    async def _prefetch_loop(self) -> None:
        while True:
            await self._prefetch_wake.wait()
            self._prefetch_wake.clear()
            while self._prefetch_jobs:
                # the user's own requests go first
                while self._user_inflight > 0:
                    await self._user_idle.wait()
                    await asyncio.sleep(0)
                if not self._prefetch_jobs:
                    break
                key, job = self._prefetch_jobs.pop(0)
                allowed, why = self.prefetch_allowed()
                if not allowed:
                    self._stats.prefetch_skipped += 1
                    self._stats.extra[f"prefetch_skipped_{why}"] = self._stats.extra.get(
                        f"prefetch_skipped_{why}", 0) + 1
                    if why == "retry-after":
                        # paused, not dropped: try again once the server lets us
                        self._prefetch_jobs.insert(0, (key, job))
                        await asyncio.sleep(min(self.client.budget.retry_after_remaining() + 0.05, 60))
                    continue
                try:
                    await job()
                except _AlreadyCurrent:
                    continue
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # noqa: BLE001 - a failed prefetch is only a missed chance
                    log.debug("prefetch %s failed: %s", key, exc)
                    self._stats.prefetch_skipped += 1
                    continue
                self._stats.prefetch_done += 1

    # ------------------------------------------------------------------ incremental sync

    def sync_delay(self) -> float:
        """The interval, slowed down when the budget runs low."""
        base = self.config.sync_interval
        fraction = self.client.budget.fraction_remaining()
        if fraction is not None:
            if fraction < self.config.reserve_fraction:
                base *= 4
            elif fraction < 2 * self.config.reserve_fraction:
                base *= 2
        return max(base, self.client.budget.retry_after_remaining())

    async def _sync_loop(self) -> None:
        while True:
            if self._online:
                delay = self.sync_delay()
            else:
                self._offline_failures += 1
                delay = min(self.config.offline_backoff_max,
                            self.config.offline_backoff_base * 2 ** (self._offline_failures - 1))
            self._sync_wake.clear()
            try:
                await asyncio.wait_for(self._sync_wake.wait(), timeout=delay)
                if self._online:
                    continue  # woken for a reason other than going offline: restart the wait
            except asyncio.TimeoutError:
                pass
            if self.client.budget.retry_after_remaining() > 0:
                continue
            if not self._queue_shown_once and self._online:
                continue  # nothing on screen to keep current yet
            try:
                await self.sync_now()
            except asyncio.CancelledError:
                raise
            except api_errors.FreshserviceError as exc:
                log.info("sync failed: %s", exc)
            except Exception:  # noqa: BLE001
                log.exception("sync failed")

    async def sync_now(self) -> TicketsChanged:
        """One poll: tickets updated since the last one; updates caches, emits TicketsChanged."""
        if self._sync_cursor is None:
            self._sync_cursor = time.time() - self.config.clock_skew
        since = _from_epoch(self._sync_cursor - 1.0)
        started = time.monotonic()
        changed: set[int] = set()
        new: set[int] = set()
        newest = self._sync_cursor
        page = 1
        now = time.time()
        while True:
            result = await self._api(self.client.list_tickets, updated_since=since, page=page, per_page=100,
                                     prefetch=True)
            for ticket in result.items:
                was_changed, known = self._put_ticket(ticket, now, merge=True)
                updated = _iso_epoch(ticket.updated_at)
                if updated is not None:
                    newest = max(newest, updated)
                if was_changed:
                    changed.add(ticket.id)
                    created = _iso_epoch(ticket.created_at)
                    if not known and created is not None and created >= self._session_start - self.config.clock_skew:
                        new.add(ticket.id)
            if result.next_page is None or page >= self.config.sync_max_pages:
                break
            page = result.next_page
        self._sync_cursor = newest
        self._last_sync_ok = started
        self._new_ids |= new
        event = TicketsChanged(frozenset(changed), frozenset(new))
        if changed:
            self._emit(event)
        return event

    # ------------------------------------------------------------------ writes (the outbox)

    def _write(self, kind: str, ticket_id: int | None, payload: dict[str, Any]) -> OutboxEntry:
        if self.read_only:
            raise ReadOnlyError(f"{kind.replace('_', ' ')}: this profile is read-only")
        return self.outbox.add(kind, ticket_id, payload)

    def reply(self, ticket_id: int, body: str, cc_emails: Any = (), bcc_emails: Any = ()) -> OutboxEntry:
        return self._write("reply", ticket_id, {"body": body, "cc_emails": list(cc_emails or ()),
                                                "bcc_emails": list(bcc_emails or ())})

    def note(self, ticket_id: int, body: str, private: bool = True, notify_emails: Any = ()) -> OutboxEntry:
        return self._write("note", ticket_id, {"body": body, "private": bool(private),
                                               "notify_emails": list(notify_emails or ())})

    def edit_note(self, conversation_id: int, ticket_id: int, body: str) -> OutboxEntry:
        return self._write("edit_note", ticket_id, {"conversation_id": conversation_id, "body": body})

    def delete_conversation(self, conversation_id: int, ticket_id: int) -> OutboxEntry:
        return self._write("delete_conversation", ticket_id, {"conversation_id": conversation_id})

    def update_ticket(self, ticket_id: int, fields: dict[str, Any]) -> OutboxEntry:
        return self._write("update_ticket", ticket_id, {"fields": dict(fields)})

    def bulk_update(self, ticket_ids: list[int], fields: dict[str, Any]) -> list[OutboxEntry]:
        """One entry per ticket (each delivered and confirmed on its own)."""
        if self.read_only:
            raise ReadOnlyError("bulk update: this profile is read-only")
        return [self.update_ticket(tid, fields) for tid in ticket_ids]

    def delete_ticket(self, ticket_id: int) -> OutboxEntry:
        return self._write("delete_ticket", ticket_id, {})

    def restore_ticket(self, ticket_id: int) -> OutboxEntry:
        return self._write("restore_ticket", ticket_id, {})

    def create_ticket(self, fields: dict[str, Any]) -> OutboxEntry:
        return self._write("create_ticket", None, {"fields": dict(fields)})

    def pending_writes(self, ticket_id: int) -> list[OutboxEntry]:
        """Unconfirmed and failed writes for a ticket (the ticket screen shows them inline)."""
        return [e for e in self.outbox.entries(ticket_id) if e.state != "sent"]

    # -- the outbox's Sender protocol ---------------------------------------------------------

    async def perform(self, entry: OutboxEntry) -> dict[str, Any] | None:
        c = self.client
        p = entry.payload
        tid = entry.ticket_id
        if entry.kind == "reply":
            conv = await self._api(c.create_reply, tid, p["body"], cc_emails=p.get("cc_emails") or None,
                                   bcc_emails=p.get("bcc_emails") or None)
            return conv.model_dump(mode="json")
        if entry.kind == "note":
            conv = await self._api(c.create_note, tid, p["body"], private=p.get("private", True),
                                   notify_emails=p.get("notify_emails") or None)
            return conv.model_dump(mode="json")
        if entry.kind == "edit_note":
            conv = await self._api(c.update_conversation, p["conversation_id"], p["body"])
            return conv.model_dump(mode="json")
        if entry.kind == "delete_conversation":
            await self._api(c.delete_conversation, p["conversation_id"])
            return None
        if entry.kind == "update_ticket":
            ticket = await self._api(c.update_ticket, tid, p["fields"])
            return ticket.model_dump(mode="json")
        if entry.kind == "delete_ticket":
            await self._api(c.delete_ticket, tid)
            return None
        if entry.kind == "restore_ticket":
            await self._api(c.restore_ticket, tid)
            return None
        if entry.kind == "create_ticket":
            ticket = await self._api(c.create_ticket, p["fields"])
            return ticket.model_dump(mode="json")
        raise ValueError(f"unknown outbox kind {entry.kind!r}")

    async def reconcile(self, entry: OutboxEntry, exclude_ids: set[int]) -> tuple[bool, dict[str, Any] | None]:
        """Was an earlier attempt applied? Replies and notes: look for the text in the thread
        (created after the first attempt, by us when we know who we are). Updates, edits,
        deletes and restores are idempotent: sending them again is as cheap as looking and
        gives the same result (a 404 on a repeated delete counts as done)."""
        since = (entry.first_attempt_at or entry.created_at.timestamp()) - self.config.clock_skew
        if entry.kind in ("reply", "note"):
            items = await self._fetch_conversations(entry.ticket_id)  # also refreshes the cache
            want = _normalize_text(entry.payload.get("body"))
            me = None
            me_rec = self.store.get_record(f"me:{(self.agent_email or '').lower()}")
            if me_rec is not None and isinstance(me_rec[0], dict):
                me = me_rec[0].get("id")
            for conv in items:
                if conv.id in exclude_ids:
                    continue
                created = _iso_epoch(conv.created_at)
                if created is not None and created < since:
                    continue
                if me is not None and conv.user_id is not None and conv.user_id != me:
                    continue
                if entry.kind == "note" and conv.private is not None and bool(conv.private) != bool(
                        entry.payload.get("private", True)):
                    continue
                text = _normalize_text(conv.body_text) or _normalize_text(conv.body)
                if text == want or _normalize_text(conv.body) == want:
                    return True, conv.model_dump(mode="json")
            return False, None
        if entry.kind == "create_ticket":
            fields = entry.payload.get("fields", {})
            result = await self._api(self.client.list_tickets, updated_since=_from_epoch(since), per_page=100)
            for t in result.items:
                if t.id in exclude_ids:
                    continue
                if (t.subject or "") != (fields.get("subject") or ""):
                    continue
                if fields.get("requester_id") and t.requester_id != fields.get("requester_id"):
                    continue
                if fields.get("description") and _normalize_text(t.description) != _normalize_text(
                        fields.get("description")) and _normalize_text(t.description_text) != _normalize_text(
                        fields.get("description")):
                    continue
                return True, t.model_dump(mode="json")
            return False, None
        return False, None

    def applied(self, entry: OutboxEntry) -> None:
        """Update the caches from the confirmed write (no refetch)."""
        tid = entry.ticket_id
        result = entry.result
        if entry.kind in ("reply", "note", "edit_note", "delete_conversation") and tid is not None:
            cached = self._cached_conversations(tid)
            if cached is not None:
                items, _, rec = cached
                through = rec.get("through")
                if entry.kind in ("reply", "note") and isinstance(result, dict):
                    conv = Conversation.model_validate(result)
                    if all(c.id != conv.id for c in items):
                        items.append(conv)
                    through = max(through or 0.0, _iso_epoch(conv.updated_at) or _iso_epoch(conv.created_at) or 0.0)
                elif entry.kind == "edit_note" and isinstance(result, dict):
                    conv = Conversation.model_validate(result)
                    items = [conv if c.id == conv.id else c for c in items]
                elif entry.kind == "delete_conversation":
                    cid = entry.payload.get("conversation_id")
                    items = [c for c in items if c.id != cid]
                was_current = self._convs_current(tid, rec)
                self._store_conversations(tid, items, through=through)
                if not was_current:
                    self._seen.pop(f"convs:{tid}", None)
            self._emit(ConversationsChanged(tid))
        elif entry.kind == "update_ticket" and isinstance(result, dict) and tid is not None:
            rec = self._convs_record(tid)
            thread_current = rec is not None and self._convs_current(tid, rec[0])
            self._put_ticket(result, time.time(), merge=True)
            if thread_current:
                self._bump_conversations_through(tid, result.get("updated_at"))
            self._emit(TicketsChanged(frozenset({tid})))
        elif entry.kind in ("delete_ticket", "restore_ticket") and tid is not None:
            rec = self._ticket_json(tid)
            if rec is not None:
                data = dict(rec[0])
                data["deleted"] = entry.kind == "delete_ticket"
                self.store.set_record(f"ticket:{tid}", data, rec[1])
            self._emit(TicketsChanged(frozenset({tid})))
        elif entry.kind == "create_ticket" and isinstance(result, dict) and isinstance(result.get("id"), int):
            self._put_ticket(result, time.time(), merge=False)
            self._new_ids.add(result["id"])
            self._emit(TicketsChanged(frozenset({result["id"]}), frozenset({result["id"]})))

    def _bump_conversations_through(self, tid: int, updated_at: Any) -> None:
        """An update of ours moved the ticket's updated_at: the thread we hold is still complete."""
        updated = _iso_epoch(updated_at)
        rec = self._convs_record(tid)
        if updated is None or rec is None:
            return
        data = dict(rec[0])
        data["through"] = max(data.get("through") or 0.0, updated)
        self.store.set_record(f"convs:{tid}", data, rec[1])


class _AlreadyCurrent(Exception):
    """A prefetch found nothing to do."""

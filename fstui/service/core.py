"""What every part of the data service shares: the client and store, the counters, the listeners,
the online state, and the one path every API call takes (user-first accounting, one request per key).
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TypeVar

from fstui.api import errors as api_errors
from fstui.service.config import ServiceConfig
from fstui.service.events import NoticeAdded, OnlineChanged, ServiceStats, notify

if TYPE_CHECKING:
    from fstui.api.client import FreshserviceClient
    from fstui.service.outbox import Outbox
    from fstui.service.store import Store

T = TypeVar("T")

#: True while the call in progress is the service's own (prefetch, sync, background look-ups), False
#: while it is the agent's; the shared budget (shared_budget.py) gates background calls first
BACKGROUND_CALL: contextvars.ContextVar[bool] = contextvars.ContextVar("fstui_background_call", default=False)

#: how old (seconds) a team member's shared answer may be to stand for the call in progress: None = the
#: usual freshness rules, 0 = only the server's own answer will do (the outbox looking before a resend)
SHARED_MAX_AGE: contextvars.ContextVar[float | None] = contextvars.ContextVar("fstui_shared_max_age", default=None)
#: the agent's explicit refresh: a team member's answer only if it is this fresh
REFRESH_MAX_AGE = 3.0


async def within(max_age: float, awaitable: Awaitable[T]) -> T:
    """Await with SHARED_MAX_AGE set (a refresh: REFRESH_MAX_AGE; a look before a resend: 0)."""
    token = SHARED_MAX_AGE.set(max_age)
    try:
        return await awaitable
    finally:
        SHARED_MAX_AGE.reset(token)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def from_epoch(t: float) -> datetime:
    return datetime.fromtimestamp(t, timezone.utc)


def iso_epoch(value: Any) -> float | None:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return None
    return None


class ServiceCore:
    """The state the reads, lookups, prefetcher, sync and writes share."""

    def __init__(self, client: "FreshserviceClient", store: "Store", outbox: "Outbox", config: ServiceConfig,
                 notices: list[str]) -> None:
        self.client = client
        self.store = store
        self.outbox = outbox
        self.config = config
        self.notices = notices
        self.stats = ServiceStats()
        self.listeners: list[Callable[[Any], None]] = []
        self.online = True
        self.offline_failures = 0
        #: set when going offline: the sync loop probes with backoff
        self.sync_wake = asyncio.Event()
        #: what this session has seen from the server: key -> time.monotonic()
        self.seen: dict[str, float] = {}
        self.last_sync_ok: float | None = None  # monotonic
        self.inflight: dict[str, asyncio.Future[Any]] = {}
        self.user_inflight = 0
        self.user_idle = asyncio.Event()
        self.user_idle.set()
        #: the server answered 400 to include=tags on a ticket list: lists are asked without it
        self.list_tags_refused = False
        #: the workspaces the account-wide reads (sync, groups) cover: None = the server's default
        #: (the primary workspace), 0 = every workspace the agent can see (fstui.service.workspaces)
        self.workspace_scope: int | None = None
        #: why background calls (prefetch, sync) must wait now ("" = they may go); the shared budget sets it
        self.share_gate: Callable[[], str] = lambda: ""

    # ------------------------------------------------------------------ observation

    def subscribe(self, callback: Callable[[Any], None]) -> Callable[[], None]:
        self.listeners.append(callback)

        def unsubscribe() -> None:
            if callback in self.listeners:
                self.listeners.remove(callback)

        return unsubscribe

    def emit(self, event: Any) -> None:
        notify(self.listeners, event)

    def notice(self, message: str) -> None:
        self.notices.append(message)
        self.emit(NoticeAdded(message))

    def count(self, reason: str) -> None:
        self.stats.extra[reason] = self.stats.extra.get(reason, 0) + 1

    def set_online(self, online: bool, exc: BaseException | None = None) -> None:
        if online:
            self.offline_failures = 0
        if online == self.online:
            return
        self.online = online
        if online:
            message = "Back online."
            self.outbox.paused_until = 0.0
            self.outbox.wake()
        else:
            message = "Offline: showing cached data; retrying."
            self.sync_wake.set()  # the sync loop probes with backoff
        self.emit(OnlineChanged(online, message, None if online else exc))

    # ------------------------------------------------------------------ API calls

    async def api(self, fn: Callable[..., Awaitable[T]], *args: Any, prefetch: bool = False, **kwargs: Any) -> T:
        """Every call goes through here: user-first accounting and online state."""
        if not prefetch:
            self.user_inflight += 1
            self.user_idle.clear()
        kind = BACKGROUND_CALL.set(prefetch)
        try:
            result = await fn(*args, **kwargs)
        except api_errors.TransportError as exc:  # no answer (refused, dropped, timed out), after the client's
            self.set_online(False, exc)             # retries: offline, as a write meeting the same says
            raise
        else:
            self.set_online(True)
            return result
        finally:
            BACKGROUND_CALL.reset(kind)
            if not prefetch:
                self.user_inflight -= 1
                if self.user_inflight <= 0:
                    self.user_inflight = 0
                    self.user_idle.set()

    async def single(self, key: str, factory: Callable[[], Awaitable[T]]) -> T:
        """One request per key at a time: a user asking for what a prefetch is fetching shares it."""
        existing = self.inflight.get(key)
        if existing is not None and not existing.done():
            return await asyncio.shield(existing)
        task = asyncio.ensure_future(factory())
        self.inflight[key] = task

        def _done(t: asyncio.Future[Any]) -> None:
            if self.inflight.get(key) is t:
                del self.inflight[key]
            if not t.cancelled():
                t.exception()  # mark retrieved

        task.add_done_callback(_done)
        return await asyncio.shield(task)

    def current(self, key: str, ttl: float | None = None) -> bool:
        """Whether what we hold for `key` is known to match the server now."""
        seen = self.seen.get(key)
        if seen is None:
            return False
        now = time.monotonic()
        ttl = self.config.volatile_ttl if ttl is None else ttl
        if now - seen < ttl:
            return True
        # The sync loop reports every changed ticket; while it works, what we saw stays current.
        if self.last_sync_ok is not None and self.last_sync_ok >= seen and self.config.sync_enabled:
            return now - self.last_sync_ok < max(ttl, 2.5 * self.config.sync_interval)
        return False

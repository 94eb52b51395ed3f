"""The team's shared backend: one Redis (or Valkey) that every fstui process of an account uses for
shared reads (shared_reads.py) and the shared rate budget (shared_budget.py).

Optional and off by default (a profile's ``shared = "rediss://..."``). Failure never stops an agent:
every Redis call has a timeout in milliseconds (``shared_timeout_ms``) and no retry; the first error
or timeout makes this process leave the team ("local cache, own budget", said in the status bar), and
a background probe rejoins once Redis answers again. Redis is only ever awaited in the service's
network path (workers and the service's own tasks), never on a key press: the screens' synchronous
reads (``current_*``) use the local cache only.

What goes to Redis, all under ``fstui:<hash of the account URL>:``: API responses to reads (never a
request's headers, so never the API key), version counters per ticket, the account's last rate-limit
headers, a Retry-After pause, and a ledger of the credits fstui spent. Drafts and the outbox never.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fstui.config_shared import SharedSettings
from fstui.service.events import SharedChanged

log = logging.getLogger(__name__)

T = TypeVar("T")

#: seconds between probes while Redis is unreachable (doubling up to the max)
PROBE_MIN = 0.5
PROBE_MAX = 10.0


class SharedUnavailable(Exception):
    """Redis did not answer in time (or at all): the caller goes on alone."""


def account_namespace(base_url: str) -> str:
    """`fstui:<12 hex>:` — every key of one account (the URL hashed: no host names in key names)."""
    return "fstui:" + hashlib.sha256(base_url.encode("utf-8")).hexdigest()[:12] + ":"


class SharedBackend:
    """One Redis connection pool for this process, with its joined/left state.

    `settings.url` is redis:// or rediss:// (checked by fstui.config_shared); `emit` receives
    SharedChanged events. `redis_client` lets tests pass their own (redis.asyncio.Redis).
    """

    def __init__(self, settings: SharedSettings, base_url: str, *, emit: Callable[[Any], None] = lambda e: None,
                 redis_client: Any = None) -> None:
        self.settings = settings
        self.ns = account_namespace(base_url)
        self.emit = emit
        self.timeout = settings.timeout_ms / 1000.0
        self.joined = False
        #: counted decisions (benchmarks, tests): hits, misses, waits, errors
        self.stats: dict[str, int] = {}
        self._probe_task: asyncio.Task[None] | None = None
        #: called (on the loop) each time this process joins or rejoins the team
        self.on_join: list[Callable[[], None]] = []
        self._closed = False
        self.redis = redis_client if redis_client is not None else self._connect()

    def _connect(self) -> Any:
        from redis.asyncio import Redis
        from redis.asyncio.retry import Retry
        from redis.backoff import NoBackoff
        from redis.exceptions import ConnectionError as RedisConnectionError

        # One immediate retry on a broken connection only (a pooled socket to a restarted Redis); never
        # on a timeout: a Redis that is slow once is left for the probe, the agent never waits twice.
        return Redis.from_url(
            self.settings.url,
            socket_timeout=self.timeout,
            socket_connect_timeout=self.timeout,
            retry=Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
            health_check_interval=0,
            decode_responses=False,
            max_connections=16,
        )

    def count(self, what: str, n: int = 1) -> None:
        self.stats[what] = self.stats.get(what, 0) + n

    def key(self, *parts: str) -> str:
        return self.ns + ":".join(parts)

    # ------------------------------------------------------------------ joined / left

    async def join(self) -> bool:
        """Try once (PING); True when joined. Starts the probe otherwise."""
        try:
            await asyncio.wait_for(self.redis.ping(), timeout=self.timeout * 4)
        except Exception as exc:  # noqa: BLE001 - any failure means: go on alone
            self._left(exc)
            return False
        self._joined()
        return True

    def _joined(self) -> None:
        if self.joined:
            return
        self.joined = True
        self.count("joined")
        for callback in list(self.on_join):
            try:
                callback()
            except Exception:  # noqa: BLE001
                log.exception("shared on_join callback failed")
        self.emit(SharedChanged(True, f"Shared cache {self.settings.display}: joined."))

    def _left(self, exc: BaseException | None) -> None:
        was = self.joined
        self.joined = False
        if was:
            self.count("left")
            log.warning("shared cache unreachable (%s): local cache and own budget", type(exc).__name__)
            self.emit(SharedChanged(False, "Shared cache unreachable: local cache and own budget; rejoining "
                                           "when it is back."))
        elif self._probe_task is None:
            self.emit(SharedChanged(False, "Shared cache unreachable: local cache and own budget."))
        self._start_probe()

    def _start_probe(self) -> None:
        if self._closed or (self._probe_task is not None and not self._probe_task.done()):
            return
        try:
            self._probe_task = asyncio.get_running_loop().create_task(self._probe(), name="fstui-shared-probe")
        except RuntimeError:  # no loop (closing)
            self._probe_task = None

    async def _probe(self) -> None:
        delay = PROBE_MIN
        while not self._closed and not self.joined:
            await asyncio.sleep(delay)
            try:
                await asyncio.wait_for(self.redis.ping(), timeout=self.timeout * 4)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001
                delay = min(PROBE_MAX, delay * 2)
                continue
            self._joined()

    async def call(self, fn: Callable[[], Awaitable[T]]) -> T:
        """Run one Redis operation within the timeout; raise SharedUnavailable (and leave) on failure."""
        if not self.joined:
            raise SharedUnavailable("not joined")
        try:
            return await asyncio.wait_for(fn(), timeout=self.timeout * 2)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - redis errors, timeouts, OSError: all mean "alone"
            self.count("errors")
            self._left(exc)
            raise SharedUnavailable(str(type(exc).__name__)) from exc

    async def close(self) -> None:
        self._closed = True
        if self._probe_task is not None:
            self._probe_task.cancel()
            try:
                await self._probe_task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass
        try:
            await self.redis.aclose()
        except Exception:  # noqa: BLE001
            pass


def now_ms() -> int:
    return int(time.time() * 1000)

"""The shared rate budget: one account budget for every fstui process of a team.

- The account's budget as last read from ANY process's response headers is published to Redis and
  pulled into each process's RateBudget (status bar, prefetch reserve, sync slow-down).
- A Retry-After seen by one process pauses all: it is published, and every process's RateBudget
  gets the same deadline (reads wait, writes are delayed, prefetch and sync pause).
- ``budget_share``: all fstui processes together spend at most ``share x total`` credits in any
  ``budget_window`` seconds (a sliding window over a ledger of what they spent, so no window, however
  aligned, sees more). Background calls (prefetch, sync, background look-ups) stop first, at
  BACKGROUND_PART of the share, so the rest is kept for the agents; an interactive read that would go
  over asks the agent (``ask``; without one it waits for the share to free up); a write is never
  dropped, only delayed (RateLimited with the wait: the outbox keeps it and says so).

When Redis is unreachable, nothing here is used: the process goes on with its own RateBudget.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from fstui.api import errors as api_errors
from fstui.api.ratelimit import parse_retry_after
from fstui.service.shared import SharedBackend, SharedUnavailable, now_ms

if TYPE_CHECKING:
    from fstui.api.ratelimit import RateBudget

log = logging.getLogger(__name__)

#: background calls stop once the ledger reaches this part of fstui's share (the rest: the agents)
BACKGROUND_PART = 0.75
#: seconds between pulls of the shared budget and pause into this process
PULL_INTERVAL = 1.0
#: a read waits out a team member's Retry-After up to this long (the client's own limit for a 429)
MAX_PAUSE_WAIT = 120.0

# KEYS: ledger (zset of "id:cost" by ms), pause (ms deadline)
# ARGV: window_ms, limit (0 = no limit), cost, member, force (1 = add even over the limit)
# -> {1, 0}: reserved; {0, wait_ms}: over the limit until then; {-1, wait_ms}: paused (Retry-After)
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local pause = tonumber(redis.call('GET', KEYS[2]) or '0')
if pause > now then return {-1, pause - now} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if limit > 0 and ARGV[5] ~= '1' then
  local items = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
  local sum = 0
  for i = 1, #items, 2 do
    sum = sum + tonumber(string.match(items[i], ':(-?%d+)$'))
  end
  if sum + cost > limit then
    local over = sum + cost - limit
    local wait = window
    for i = 1, #items, 2 do
      over = over - tonumber(string.match(items[i], ':(-?%d+)$'))
      if over <= 0 then wait = tonumber(items[i + 1]) + window - now + 1; break end
    end
    return {0, wait}
  end
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window * 2)
return {1, 0}
"""

# KEYS: ledger; ARGV: member (reserved before sending), delta (actual - estimated cost), delta member
# The reservation is moved to the time the answer came (the server charged it then, not when it was
# reserved), and corrected to the real cost.
_SETTLE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
if tonumber(ARGV[2]) ~= 0 then redis.call('ZADD', KEYS[1], now, ARGV[3]) end
return 1
"""

_SPENT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
local items = redis.call('ZRANGE', KEYS[1], 0, -1)
local sum = 0
for i = 1, #items do sum = sum + tonumber(string.match(items[i], ':(-?%d+)$')) end
return sum
"""

#: asked with (seconds until the share frees up, credits of the read): True = read anyway (over the
#: share), False = wait for the share, None = do not read now
Ask = Callable[[float, int], Awaitable["bool | None"]]


class ShareSpent(api_errors.RateLimited):
    """fstui's share of the account budget is in use: not sent now (``retry_after`` seconds until it frees)."""

    title = "Team budget share in use"


def estimate_cost(method: str, path: str, include: str | None) -> int:
    """Credits a request will cost: 1, plus per include 2 on a list, 1 on one object (reference: rate limits)."""
    includes = len([p for p in (include or "").split(",") if p.strip()])
    if not includes:
        return 1
    last = path.rstrip("/").rsplit("/", 1)[-1]
    collection = not last.isdigit()
    return 1 + includes * (2 if collection else 1)


class SharedBudget:
    """The team's budget on Redis; `budget` is this process's RateBudget (headers of its own responses)."""

    def __init__(self, backend: SharedBackend, budget: "RateBudget", *, share: float, window: float,
                 notice: Callable[[str], None] = lambda m: None) -> None:
        self.backend = backend
        self.budget = budget
        self.share = share
        self.window_ms = int(window * 1000)
        self.notice = notice
        #: asked before an interactive read goes over the share (see Ask); None: the read waits for it
        self.ask: Ask | None = None
        self.ledger = backend.key("ledger")
        self.pause = backend.key("pause")
        self.budget_key = backend.key("budget")
        self._reserve = backend.redis.register_script(_RESERVE)
        self._spent = backend.redis.register_script(_SPENT)
        self._settle = backend.redis.register_script(_SETTLE)
        #: (epoch ms, credits) this process spent while it was not with the team: added to the
        #: team's ledger when it rejoins, so the others count them in the windows they fall in
        self.unledgered: list[tuple[int, int]] = []
        backend.on_join.append(self._rejoined)
        #: the team's spending in the window, as last pulled (the background gate)
        self.spent = 0
        self._remote_at = 0
        self._task: asyncio.Task[None] | None = None
        self._said_delay = 0.0

    # ------------------------------------------------------------------ limits

    def limit(self) -> int:
        """fstui's share of the account's total, in credits (0 = unknown yet: no limit)."""
        total = self.budget.total
        if not total:
            return 0
        return max(1, math.floor(self.share * total))

    def gate(self) -> str:
        """Why background calls must wait now ("" = they may go): the core's `share_gate`."""
        if self.share >= 1.0:
            return ""
        if not self.backend.joined:
            # alone, fstui cannot know what the others spend: its optional calls wait for the team
            return "share-unknown"
        limit = self.limit()
        if limit and self.spent >= BACKGROUND_PART * limit:
            return "share"
        return ""

    # ------------------------------------------------------------------ before and after a request

    async def before(self, method: str, path: str, include: str | None, *, background: bool) -> str | None:
        """Reserve the request's credits in the team's ledger; returns the ledger member (to correct the
        cost afterwards) or None when Redis was not asked. Raises RateLimited/ShareSpent when it must wait."""
        if not self.backend.joined:
            return None
        cost = estimate_cost(method, path, include)
        write = method not in ("GET", "HEAD")
        limit = self.limit() if self.share < 1.0 else 0
        if background and limit:
            limit = max(1, math.floor(BACKGROUND_PART * limit))
        member = f"{uuid.uuid4().hex[:12]}:{cost}"
        while True:
            try:
                ok, wait_ms = await self.backend.call(lambda: self._reserve(
                    keys=[self.ledger, self.pause], args=[self.window_ms, limit, cost, member, 0]))
            except SharedUnavailable:
                return None
            wait = int(wait_ms) / 1000.0
            if int(ok) == 1:
                return member
            if int(ok) == -1:  # another process saw a Retry-After: everyone waits it out
                self.backend.count("paused")
                self.budget.set_retry_after(wait)
                if write or wait > MAX_PAUSE_WAIT:  # a write is delayed by the outbox, which says so
                    raise api_errors.RateLimited(429, "the account is rate limited (Retry-After seen by another "
                                                 "fstui of the team)", retry_after=wait, method=method, path=path)
                await asyncio.sleep(wait)  # a read waits, as after its own 429
                continue
            self.backend.count("over_share")
            if write or background:
                if write:
                    self._say_delayed(wait)
                raise ShareSpent(429, f"fstui's share of the account budget ({self.share:.0%}) is in use; "
                                 f"{'delayed' if write else 'not fetched'} for {wait:.0f}s",
                                 retry_after=wait, method=method, path=path)
            # an interactive read: ask the agent; without a way to ask, wait for the share to free up
            go = await self.ask(wait, cost) if self.ask is not None else False
            if go is True:
                try:
                    await self.backend.call(lambda: self._reserve(
                        keys=[self.ledger, self.pause], args=[self.window_ms, 0, cost, member, 1]))
                except SharedUnavailable:
                    return None
                self.backend.count("over_share_asked")
                return member
            if go is None:
                raise ShareSpent(429, f"fstui's share of the account budget ({self.share:.0%}) is in use; "
                                 "not read", retry_after=wait, method=method, path=path)
            self.backend.count("share_waits")
            await asyncio.sleep(min(wait, 60.0))

    def _say_delayed(self, wait: float) -> None:
        now = time.monotonic()
        if now - self._said_delay > 30:
            self._said_delay = now
            self.notice(f"Writes delayed {wait:.0f}s: fstui's share of the account budget "
                        f"({self.share:.0%}) is in use. Nothing is dropped; the outbox sends them then.")

    async def refund(self, member: str | None) -> None:
        """The reserved request was not sent (another process's answer came meanwhile)."""
        if member is None:
            return
        try:
            await self.backend.call(lambda: self.backend.redis.zrem(self.ledger, member))
        except SharedUnavailable:
            pass

    def _rejoined(self) -> None:
        if self.unledgered:
            asyncio.get_running_loop().create_task(self._flush_unledgered())

    async def _flush_unledgered(self) -> None:
        spent, self.unledgered = self.unledgered, []
        cutoff = now_ms() - self.window_ms
        items = {f"{uuid.uuid4().hex[:12]}:{cost}": at for at, cost in spent if at > cutoff and cost}
        if not items:
            return
        try:
            await self.backend.call(lambda: self.backend.redis.zadd(self.ledger, items))
        except SharedUnavailable:
            self.unledgered = spent + self.unledgered

    async def after(self, member: str | None, status: int, headers: Any) -> None:
        """Publish what the response said about the budget; settle the ledger to the real cost and time."""
        used = _int(headers.get("X-RateLimit-Used-CurrentRequest"))
        if member is None or not self.backend.joined:
            if used:  # sent without the team (Redis unreachable): told to the team when it is back
                self.unledgered.append((now_ms(), used))
                del self.unledgered[:-1000]
            if not self.backend.joined:
                return
        
        total = _int(headers.get("X-RateLimit-Total"))
        remaining = _int(headers.get("X-RateLimit-Remaining"))
        retry_after = (parse_retry_after(headers.get("Retry-After")) or 0.0) if status == 429 else 0.0
        try:
            async def publish() -> None:
                async with self.backend.redis.pipeline(transaction=False) as pipe:
                    if member is not None:
                        estimated = int(member.rsplit(":", 1)[1])
                        actual = used if used is not None else (0 if status == 429 else estimated)
                        delta = actual - estimated
                        await self._settle(keys=[self.ledger], client=pipe,
                                           args=[member, delta, f"{uuid.uuid4().hex[:12]}:{delta}"])
                    if total is not None and remaining is not None:
                        pipe.hset(self.budget_key, mapping={"total": total, "remaining": remaining, "at": now_ms()})
                        pipe.pexpire(self.budget_key, self.window_ms * 2)
                    if retry_after > 0:
                        pipe.set(self.pause, now_ms() + int(retry_after * 1000), px=int(retry_after * 1000) + 1)
                    await pipe.execute()

            await self.backend.call(publish)
        except SharedUnavailable:
            return
        if retry_after > 0:
            self.backend.count("pause_published")

    # ------------------------------------------------------------------ pulling the team's state

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._pull_loop(), name="fstui-shared-budget")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass

    async def _pull_loop(self) -> None:
        while True:
            await asyncio.sleep(PULL_INTERVAL)
            if self.backend.joined:
                await self.pull()

    async def pull(self) -> None:
        """The team's latest budget headers, pause and ledger sum, into this process."""
        async def read() -> list[Any]:
            async with self.backend.redis.pipeline(transaction=False) as pipe:
                pipe.hgetall(self.budget_key)
                pipe.pttl(self.pause)
                return await pipe.execute()

        try:
            shared, pause_ms = await self.backend.call(read)
            self.spent = int(await self.backend.call(lambda: self._spent(keys=[self.ledger], args=[self.window_ms])))
        except SharedUnavailable:
            return
        if isinstance(pause_ms, int) and pause_ms > 0 and self.budget.retry_after_remaining() < pause_ms / 1000 - 0.5:
            self.budget.set_retry_after(pause_ms / 1000)
        if shared:
            at = _int(_text(shared.get(b"at")))
            if at is not None and at > self._remote_at:
                self._remote_at = at
                mine = self.budget.updated_at.timestamp() * 1000 if self.budget.updated_at else 0
                if at > mine:
                    self.budget.update({"X-RateLimit-Total": _text(shared.get(b"total")) or "",
                                        "X-RateLimit-Remaining": _text(shared.get(b"remaining")) or ""})


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.decode() if isinstance(value, bytes) else str(value)


def _int(value: Any) -> int | None:
    try:
        return int(float(value)) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None

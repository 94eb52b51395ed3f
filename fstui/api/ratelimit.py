"""The rate budget, read from the headers of every response.

Freshservice reports the budget in ``X-RateLimit-Total``, ``X-RateLimit-Remaining`` and
``X-RateLimit-Used-CurrentRequest`` and, once it is spent, ``Retry-After``. The reference
speaks of an hourly window, newer accounts have a per-minute one: we never assume a window
length, the headers are the only truth.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

log = logging.getLogger(__name__)

BudgetCallback = Callable[["RateBudget"], None]


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive header lookup that works for httpx.Headers and plain dicts."""
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        for key, val in headers.items():
            if key.lower() == lowered:
                return val
    return value


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value.strip()))
    except ValueError:
        return None


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or an HTTP date)."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    wall = time.time() if now is None else now
    return max(0.0, when.timestamp() - wall)


@dataclass
class RateBudget:
    """What the server last told us about the account's API budget."""

    total: int | None = None
    remaining: int | None = None
    last_cost: int | None = None
    retry_after_until: float | None = None  # time.monotonic() deadline
    updated_at: datetime | None = None  # aware UTC, when headers were last seen
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)
    _subscribers: list[BudgetCallback] = field(default_factory=list, repr=False, compare=False)

    def update(self, headers: Mapping[str, str]) -> None:
        """Read the rate-limit headers of one response (success or error) and notify."""
        changed = False
        total = _int(_header(headers, "X-RateLimit-Total"))
        remaining = _int(_header(headers, "X-RateLimit-Remaining"))
        cost = _int(_header(headers, "X-RateLimit-Used-CurrentRequest"))
        retry_after = parse_retry_after(_header(headers, "Retry-After"))
        if total is not None:
            self.total, changed = total, True
        if remaining is not None:
            self.remaining, changed = remaining, True
        if cost is not None:
            self.last_cost, changed = cost, True
        if retry_after is not None:
            self.retry_after_until = self.clock() + retry_after
            changed = True
        if changed:
            self.updated_at = datetime.now(timezone.utc)
            self._notify()

    def set_retry_after(self, seconds: float) -> None:
        """Record a wait that did not come from a header (e.g. a 429 without Retry-After)."""
        self.retry_after_until = self.clock() + max(0.0, seconds)
        self._notify()

    def retry_after_remaining(self) -> float:
        """Seconds until the server said we may call again; 0 when there is no such wait."""
        if self.retry_after_until is None:
            return 0.0
        left = self.retry_after_until - self.clock()
        if left <= 0:
            return 0.0
        return left

    def fraction_remaining(self) -> float | None:
        """remaining / total, in [0, 1]; None until both have been seen."""
        if self.total is None or self.remaining is None or self.total <= 0:
            return None
        return max(0.0, min(1.0, self.remaining / self.total))

    def subscribe(self, callback: BudgetCallback) -> Callable[[], None]:
        """Call ``callback(budget)`` after every change. Returns a function that unsubscribes."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def _notify(self) -> None:
        for callback in list(self._subscribers):
            try:
                callback(self)
            except Exception:  # a broken listener must not break the request
                log.exception("rate budget subscriber failed")

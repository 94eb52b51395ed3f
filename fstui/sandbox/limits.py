"""Rate limits: the plans of the reference and the newer per-minute plans, with include credits.

Hourly plans (API v2 reference): Sprout 1000, Blossom 3000, Garden 3000, ESM 4000, Estate 5000,
Forest 5000 calls per hour. Per-minute plans (accounts created after 2020-09-01): Starter 100,
Growth 200, Pro 400, Enterprise 500 per minute, with a separate ticket-list sub-limit of
40 / 70 / 120 / 140 per minute.

Choices where the references are silent, written down here:
- Windows are fixed and aligned to the clock (an hourly window starts on the hour), so
  Retry-After is the number of whole seconds until the window ends (at least 1).
- A request is refused (429) only when nothing is left; a request that costs more than what
  remains is served and leaves Remaining at 0.
- A refused request (429) is not charged: X-RateLimit-Used-CurrentRequest is 0 on a 429.
- The headers always describe the overall budget. The ticket-list sub-limit is enforced (429 with
  Retry-After) but not reported in the headers, as the overview describes only the overall ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    name: str
    total: int
    window: int  # seconds
    list_limit: int | None = None  # ticket-list sub-limit per window (per-minute plans)


PLANS: dict[str, Plan] = {
    "sprout": Plan("sprout", 1000, 3600),
    "blossom": Plan("blossom", 3000, 3600),
    "garden": Plan("garden", 3000, 3600),
    "esm": Plan("esm", 4000, 3600),
    "estate": Plan("estate", 5000, 3600),
    "forest": Plan("forest", 5000, 3600),
    "starter": Plan("starter", 100, 60, 40),
    "growth": Plan("growth", 200, 60, 70),
    "pro": Plan("pro", 400, 60, 120),
    "enterprise": Plan("enterprise", 500, 60, 140),
}

DEFAULT_PLAN = "estate"


def get_plan(name: str | Plan | None) -> Plan:
    if isinstance(name, Plan):
        return name
    key = (name or DEFAULT_PLAN).strip().lower()
    try:
        return PLANS[key]
    except KeyError:
        raise ValueError(f"unknown plan {name!r}; choose one of {', '.join(PLANS)}") from None


#: Credits for embedding: one per include on a single object, two per include on a collection.
VIEW_INCLUDE_CREDIT = 1
LIST_INCLUDE_CREDIT = 2


def request_cost(includes: int, *, collection: bool) -> int:
    return 1 + includes * (LIST_INCLUDE_CREDIT if collection else VIEW_INCLUDE_CREDIT)


class RateLimiter:
    """An account-wide budget per fixed window, with an optional ticket-list sub-budget."""

    def __init__(self, plan: str | Plan = DEFAULT_PLAN) -> None:
        self.set_plan(plan)

    def set_plan(
        self,
        plan: str | Plan,
        *,
        total: int | None = None,
        window: int | None = None,
        list_limit: int | None | bool = False,
    ) -> None:
        base = get_plan(plan)
        self.plan = Plan(
            base.name,
            total if total is not None else base.total,
            window if window is not None else base.window,
            base.list_limit if list_limit is False else list_limit,  # type: ignore[arg-type]
        )
        self.window_start: float | None = None
        self.used = 0
        self.list_used = 0

    def _roll(self, now: float) -> None:
        start = math.floor(now / self.plan.window) * self.plan.window
        if self.window_start != start:
            self.window_start = start
            self.used = 0
            self.list_used = 0

    def retry_after(self, now: float) -> int:
        self._roll(now)
        assert self.window_start is not None
        return max(1, math.ceil(self.window_start + self.plan.window - now))

    def remaining(self, now: float) -> int:
        self._roll(now)
        return max(0, self.plan.total - self.used)

    def exhausted(self, now: float, *, ticket_list: bool = False) -> bool:
        self._roll(now)
        if self.used >= self.plan.total:
            return True
        return bool(ticket_list and self.plan.list_limit is not None and self.list_used >= self.plan.list_limit)

    def charge(self, now: float, cost: int, *, ticket_list: bool = False) -> None:
        self._roll(now)
        self.used += cost
        if ticket_list:
            self.list_used += 1

    def set_remaining(self, now: float, remaining: int) -> None:
        """Leave ``remaining`` credits in the current window (tests, benchmarks)."""
        self._roll(now)
        self.used = max(0, self.plan.total - remaining)

    def headers(self, now: float, used_now: int) -> dict[str, str]:
        return {
            "X-RateLimit-Total": str(self.plan.total),
            "X-RateLimit-Remaining": str(self.remaining(now)),
            "X-RateLimit-Used-CurrentRequest": str(used_now),
        }

    def describe(self, now: float) -> dict:
        return {
            "plan": self.plan.name,
            "total": self.plan.total,
            "window_seconds": self.plan.window,
            "list_limit": self.plan.list_limit,
            "used": self.used if self.window_start is not None else 0,
            "list_used": self.list_used,
            "remaining": self.remaining(now),
            "retry_after": self.retry_after(now),
        }

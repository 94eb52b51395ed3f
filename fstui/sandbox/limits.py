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
- Per-endpoint sub-limits of the per-minute plans (API-SUPPLEMENT §7): List Tickets, View/Create/
  Update Ticket (one shared budget), List Assets, Update Asset, List Agents, List Requesters, each
  counted per request on top of the overall budget (``endpoint_class`` names the class of a request).
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

#: Per-minute plans' per-endpoint sub-limits beside the ticket list's (``Plan.list_limit``).
SUB_LIMITS: dict[str, dict[str, int]] = {
    "starter": {"ticket": 50, "list_assets": 40, "update_asset": 50, "list_agents": 40, "list_requesters": 40},
    "growth": {"ticket": 80, "list_assets": 70, "update_asset": 80, "list_agents": 70, "list_requesters": 70},
    "pro": {"ticket": 140, "list_assets": 120, "update_asset": 140, "list_agents": 120, "list_requesters": 120},
    "enterprise": {"ticket": 160, "list_assets": 140, "update_asset": 160, "list_agents": 140,
                   "list_requesters": 140},
}


def endpoint_class(method: str, template: str) -> str | None:
    """The sub-limited class of a request (None: only the overall budget counts it)."""
    if method == "GET" and template == "/api/v2/tickets":
        return "list_tickets"
    if (method, template) in (("GET", "/api/v2/tickets/{id}"), ("POST", "/api/v2/tickets"),
                              ("PUT", "/api/v2/tickets/{id}")):
        return "ticket"
    if method == "GET" and template == "/api/v2/assets":
        return "list_assets"
    if method == "PUT" and template == "/api/v2/assets/{id}":
        return "update_asset"
    if method == "GET" and template == "/api/v2/agents":
        return "list_agents"
    if method == "GET" and template == "/api/v2/requesters":
        return "list_requesters"
    return None


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
        self.sub_limits = dict(SUB_LIMITS.get(base.name, {})) if base.window == 60 else {}
        self.window_start: float | None = None
        self.used = 0
        self.list_used = 0
        self.sub_used: dict[str, int] = {}

    def _roll(self, now: float) -> None:
        start = math.floor(now / self.plan.window) * self.plan.window
        if self.window_start != start:
            self.window_start = start
            self.used = 0
            self.list_used = 0
            self.sub_used = {}

    def retry_after(self, now: float) -> int:
        self._roll(now)
        assert self.window_start is not None
        return max(1, math.ceil(self.window_start + self.plan.window - now))

    def remaining(self, now: float) -> int:
        self._roll(now)
        return max(0, self.plan.total - self.used)

    def exhausted(self, now: float, *, ticket_list: bool = False, endpoint: str | None = None) -> bool:
        self._roll(now)
        if self.used >= self.plan.total:
            return True
        limit = self.sub_limits.get(endpoint) if endpoint else None
        if limit is not None and self.sub_used.get(endpoint, 0) >= limit:  # type: ignore[arg-type]
            return True
        return bool(ticket_list and self.plan.list_limit is not None and self.list_used >= self.plan.list_limit)

    def charge(self, now: float, cost: int, *, ticket_list: bool = False, endpoint: str | None = None) -> None:
        self._roll(now)
        self.used += cost
        if ticket_list:
            self.list_used += 1
        if endpoint:
            self.sub_used[endpoint] = self.sub_used.get(endpoint, 0) + 1

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
            "sub_limits": dict(self.sub_limits),
            "sub_used": dict(self.sub_used),
            "remaining": self.remaining(now),
            "retry_after": self.retry_after(now),
        }

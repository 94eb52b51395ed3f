"""A copy shown while offline is not left labelled "(offline copy)" once the connection is back (brk QA §4).

When the service says it is online again (``OnlineChanged(online=True)``: a request or the sync loop's next
success), a screen showing an offline copy re-reads what it shows once, quietly (the queue's page 1: 1 credit
+ 2 for its requesters; a thread: 1), when the budget allows it (:func:`may_reread`: no Retry-After
pending, above the reserve the prefetcher keeps). When it does not, the label becomes "(cached)" — true
while online — and R reads it. Either way the info line and the status bar agree.
"""

from __future__ import annotations

from typing import Any

OFFLINE = " (offline copy)"
CACHED = " (cached)"


def may_reread(app: Any) -> bool:
    """Whether a quiet re-read may spend a credit now (the prefetcher's rule: fstui.service.prefetch)."""
    service = getattr(app, "service", None)
    budget = getattr(service, "client_budget", None)
    if budget is None:
        return True
    try:
        if budget.retry_after_remaining() > 0:
            return False
        fraction = budget.fraction_remaining()
    except Exception:  # noqa: BLE001 - a test double without a budget
        return True
    reserve = getattr(getattr(getattr(service, "core", None), "config", None), "reserve_fraction", 0.0) or 0.0
    return fraction is None or fraction >= reserve


def relabel(text: str) -> str:
    """The info text with "(offline copy)" said as "(cached)" (online again, not re-read)."""
    return text.replace(OFFLINE, CACHED)

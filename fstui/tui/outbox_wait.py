"""How long the outbox's writes wait before they are sent ("outbox 2 (wait 4m)").

A write the server answered with 429 + Retry-After (or that failed on the network) waits until its
``next_attempt_at`` (wall clock, kept in the durable store, so it survives a restart). Nothing waits
unseen: the status bar and the outbox screen say that the writes wait and until when (QA of issue 11).
"""

from __future__ import annotations

import time
from typing import Any

from fstui.service.outbox_store import PENDING


def send_at(outbox: Any, now: float | None = None) -> float | None:
    """Epoch seconds when the next pending write may go, when every pending write waits; else None
    (nothing pending, or one is due now / being sent)."""
    now = time.time() if now is None else now
    soonest: float | None = None
    try:
        entries = list(outbox.store.open_entries())
    except Exception:  # noqa: BLE001 - the count stays shown; only the wait is unknown
        return None
    for entry in entries:
        if not getattr(entry, "is_open", False):
            continue
        at = float(getattr(entry, "next_attempt_at", 0.0) or 0.0)
        if getattr(entry, "state", "") != PENDING or at <= now:
            return None  # one is going now: nothing "waits"
        soonest = at if soonest is None else min(soonest, at)
    held = held_until(outbox, now=now)  # the outbox's pause after a 429
    if soonest is not None and held is not None:
        soonest = max(soonest, held)
    return soonest


def held_until(outbox: Any, budget: Any = None, now: float | None = None) -> float | None:
    """Epoch seconds until which no write is sent at all (a 429's Retry-After on the client, or the outbox's
    pause after one); None when writes may go now. A write queued (or retried) now waits at least that long."""
    now = time.time() if now is None else now
    hold = float(getattr(outbox, "paused_until", 0.0) or 0.0) - time.monotonic()
    remaining = getattr(budget, "retry_after_remaining", None)
    if callable(remaining):
        hold = max(hold, float(remaining()))
    return now + hold if hold > 0 else None


def wait_text(until: float | None, now: float | None = None) -> str:
    """``"wait 4m"`` / ``"wait 45s"`` / ``"wait 1h05m"``; "" when nothing waits (or the time has come)."""
    if until is None:
        return ""
    now = time.time() if now is None else now
    seconds = int(until - now + 0.999)
    if seconds <= 0:
        return ""
    if seconds < 60:
        return f"wait {seconds}s"
    minutes = (seconds + 59) // 60
    if minutes < 60:
        return f"wait {minutes}m"
    return f"wait {minutes // 60}h{minutes % 60:02d}m"


def until_text(until: float | None) -> str:
    """``"14:05:10"`` (local time) for the outbox screen; "" when nothing waits."""
    if until is None or until <= time.time():
        return ""
    return time.strftime("%H:%M:%S", time.localtime(until))

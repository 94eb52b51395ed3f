"""Labels, relative times and sizes for display (our own strings: no API text passes through here)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]
"""Returns "now" as an aware UTC datetime; injected so snapshots are deterministic."""


def system_clock() -> datetime:
    return datetime.now(UTC)


# Fallbacks used when fstui.api.models enums do not know a value (the API may add new ones).
STATUS_LABELS = {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed"}
PRIORITY_LABELS = {1: "Low", 2: "Medium", 3: "High", 4: "Urgent"}
SOURCE_LABELS = {
    1: "Email", 2: "Portal", 3: "Phone", 4: "Chat", 5: "Feedback widget", 6: "Yammer", 7: "AWS Cloudwatch",
    8: "Pagerduty", 9: "Walkup", 10: "Slack",
}  # fmt: skip


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def status_label(value: object) -> str:
    number = _int(value)
    if number is None:
        return "-"
    return STATUS_LABELS.get(number, f"Status {number}")


def priority_label(value: object) -> str:
    number = _int(value)
    if number is None:
        return "-"
    return PRIORITY_LABELS.get(number, f"Priority {number}")


def source_label(value: object) -> str:
    number = _int(value)
    if number is None:
        return "-"
    return SOURCE_LABELS.get(number, f"Source {number}")


def _span(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds < 60:
        return f"{int(seconds)}s"
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 86400 * 2:
        return f"{int(seconds // 3600)}h"
    if seconds < 86400 * 60:
        return f"{int(seconds // 86400)}d"
    if seconds < 86400 * 730:
        return f"{int(seconds // (86400 * 30))}mo"
    return f"{int(seconds // (86400 * 365))}y"


def span(seconds: float) -> str:
    """A duration as fstui shows it: 45s, 12m, 5h, 3d, 2mo, 1y (the outbox's ages, in the TUI and the CLI)."""
    return _span(seconds)


def ago(when: datetime | None, now: datetime) -> str:
    """"5m ago" style; "-" when unknown."""
    if when is None:
        return "-"
    delta = (now - when).total_seconds()
    if delta < 0:
        return "in " + _span(delta)
    if delta < 60:
        return "now"
    return _span(delta) + " ago"


def short_ago(when: datetime | None, now: datetime) -> str:
    """Compact form for table cells: "5m", "3d"."""
    if when is None:
        return "-"
    delta = (now - when).total_seconds()
    if delta < 60:
        return "now"
    return _span(delta)


def countdown(due: datetime | None, now: datetime) -> tuple[str, bool]:
    """("in 3h", False) or ("2d late", True) for a due date; ("-", False) when there is none."""
    if due is None:
        return "-", False
    delta = (due - now).total_seconds()
    if delta >= 0:
        return "in " + _span(delta), False
    return _span(delta) + " late", True


def timestamp(when: datetime | None) -> str:
    if when is None:
        return "-"
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def size(num_bytes: object) -> str:
    number = _int(num_bytes)
    if number is None:
        return "?"
    if number < 1024:
        return f"{number} B"
    if number < 1024 * 1024:
        return f"{number / 1024:.1f} KB"
    return f"{number / (1024 * 1024):.1f} MB"


def since(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)

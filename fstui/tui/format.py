"""Labels, relative times and sizes for display. The field labels (status, priority, source) are the
account's, i.e. API text: callers show them through tui/text.py like any other server string."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from fstui.service.field_labels import EMPTY, FieldLabels
from fstui.service.sla_order import sla_paused  # one rule for the shown "paused" and the SLA order

Clock = Callable[[], datetime]
"""Returns "now" as an aware UTC datetime; injected so snapshots are deterministic."""


def system_clock() -> datetime:
    return datetime.now(UTC)


def as_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def labels_of(service: Any, ticket: Any = None) -> FieldLabels:
    """The account's field labels (status, priority, source, custom fields) from the service's cache; the
    documented ones (and ``#id`` for the rest) when it has none. ``ticket``: labels for that ticket (its
    workspace's fields: another workspace names fields of its own)."""
    getter = getattr(service, "field_labels", None)
    if callable(getter):
        try:
            return getter(ticket) if ticket is not None else getter()
        except Exception:  # noqa: BLE001 - a label is never worth a crash
            return EMPTY
    return EMPTY


def status_label(value: object, labels: FieldLabels = EMPTY) -> str:
    """The account's name of a status ("Waiting on Customer"); ``#12`` when no field names it."""
    return labels.status(value)


def priority_label(value: object, labels: FieldLabels = EMPTY) -> str:
    return labels.priority(value)


def source_label(value: object, labels: FieldLabels = EMPTY) -> str:
    return labels.source(value)


RESOLVED, CLOSED, PENDING = 4, 5, 3


def sla(due: datetime | None, now: datetime, status: object) -> tuple[str, bool]:
    """An SLA due date as shown: a countdown only while the clock runs; "-" once resolved or closed (the
    clock stopped: "38d late" on a closed ticket would be noise), "paused" where it stands still."""
    number = as_int(status)
    if due is None or number in (RESOLVED, CLOSED):
        return "-", False
    if sla_paused(number):
        return "paused", False
    return countdown(due, now)


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


def local_time(when: datetime | None) -> str:
    """The exact time in the machine's local time zone: "2025-03-14 13:05:09 CET"."""
    if when is None:
        return "-"
    local = when.astimezone()
    return local.strftime("%Y-%m-%d %H:%M:%S ") + (local.tzname() or local.strftime("%z"))


def size(num_bytes: object) -> str:
    number = as_int(num_bytes)
    if number is None:
        return "?"
    if number < 1024:
        return f"{number} B"
    if number < 1024 * 1024:
        return f"{number / 1024:.1f} KB"
    return f"{number / (1024 * 1024):.1f} MB"


def since(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)

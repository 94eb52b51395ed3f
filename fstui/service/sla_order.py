"""Client-side orders of a queue's loaded rows: SLA first, priority, updated, created, or as the server sent.

``order_ids(ids, tickets, sort, now)`` -> the ids in that order. Every key ends with the ticket id, so
the order is total and stable: a page arriving later only inserts its rows where they belong; rows
already shown keep their relative order (the cursor's ticket stays put).

SLA first (the triage order): Freshservice gives every ticket two targets, ``fr_due_by`` (first
response) and ``due_by`` (resolution); the v2 list does not say whether the first response was made,
so — our choice where the reference is silent — the first-response target counts while the ticket is
Open (status 2) and its ``fr_due_by`` is still ahead of its ``due_by``; ``fr_escalated``/``is_escalated``
(the server's own "breached") count as breached too. Groups, in order:

0. breached (a target passed, or the server flagged it): the longest overdue first;
1. first response pending: the nearest first-response target first;
2. resolution pending: the nearest resolution target first;
3. the clock paused (Pending and the account's own statuses, see :func:`sla_paused`): the nearest
   target first — a paused ticket is never "breached", whatever its dates say;
4. no running target (Resolved, Closed, no dates): as the server sent them (by id, newest first).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fstui.service.core import iso_epoch

SORTS: dict[str, str] = {
    "server": "as listed",
    "sla": "SLA first",
    "priority": "priority",
    "updated": "updated",
    "created": "created",
}
"""sort name -> what the view title says."""

_STOPPED = {4, 5}  # Resolved, Closed: no SLA clock running
_OPEN = 2
_PENDING = 3


def sla_paused(status: object) -> bool:
    """Whether the SLA clock stands still in this status. Pending pauses it (Freshservice's default), and so
    do the account's own statuses (ids above 5): Freshservice lets an admin choose per custom status whether
    its timer stops, the API does not say which, and accounts add them for "waiting on someone else" states
    (Waiting on Customer, Awaiting Vendor) — a paused clock shown as running would look late when it is not."""
    try:
        number = int(getattr(status, "value", status))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return number == _PENDING or number > max(_STOPPED)


def sla_key(ticket: Any, now: float) -> tuple[int, float, int]:
    """(group, seconds, -id): smaller is more urgent. See the module docstring for the groups."""
    tid = int(getattr(ticket, "id", 0) or 0)
    status = getattr(ticket, "status", None)
    status = int(status) if isinstance(status, int) else status
    if status in _STOPPED:
        return (4, 0.0, -tid)
    due = iso_epoch(getattr(ticket, "due_by", None))
    first = iso_epoch(getattr(ticket, "fr_due_by", None))
    if sla_paused(status):  # shown as "paused": after every running clock, never as breached
        return (3, due, -tid) if due is not None else (4, 0.0, -tid)
    first_pending = status == _OPEN and first is not None and (due is None or first < due)
    targets = [t for t in ((first if first_pending else None), due) if t is not None]
    flagged = bool(getattr(ticket, "is_escalated", False)) or (first_pending and bool(getattr(ticket, "fr_escalated", False)))
    passed = [t for t in targets if t <= now]
    if passed or flagged:
        return (0, min(passed) if passed else min(targets, default=now), -tid)
    if first_pending and first is not None:
        return (1, first, -tid)
    if due is not None:
        return (2, due, -tid)
    return (4, 0.0, -tid)


def _priority_key(ticket: Any, now: float) -> tuple:
    priority = getattr(ticket, "priority", None)
    return (-(int(priority) if isinstance(priority, int) else 0), -int(ticket.id))


def _time_key(field: str) -> Any:
    def key(ticket: Any, now: float) -> tuple:
        return (-(iso_epoch(getattr(ticket, field, None)) or 0.0), -int(ticket.id))

    return key


_KEYS = {
    "sla": sla_key,
    "priority": _priority_key,  # Urgent first, then newest
    "updated": _time_key("updated_at"),  # most recently updated first
    "created": _time_key("created_at"),  # newest first
}


def order_ids(ids: Iterable[int], tickets: Mapping[int, Any], sort: str, now: float) -> list[int]:
    """``ids`` in the order ``sort`` (one of SORTS); "server" (or unknown) keeps them as given."""
    ids = list(ids)
    key = _KEYS.get(sort)
    if key is None:
        return ids
    return sorted(ids, key=lambda i: key(tickets[i], now))


def is_overdue(ticket: Any, now: float) -> bool:
    """The resolution target has passed and the ticket is not Resolved/Closed (a saved view's
    ``only = "overdue"``: the filter query can only compare whole days)."""
    if getattr(ticket, "status", None) in _STOPPED:
        return False
    due = iso_epoch(getattr(ticket, "due_by", None))
    return due is not None and due <= now

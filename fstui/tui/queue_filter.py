"""What the queue's `/` filter looks in: the whole values of a ticket, never its (cut) cells.

A row matches when the filter text (case-insensitive, spaces folded) is part of its subject, requester
(name or email), agent, group, one of its tags, its status or priority label, or its id. The cells are
cut to the terminal's width, so matching them made `/vpn drops` depend on how wide the window was.
"""

from __future__ import annotations

from typing import Any

from fstui.tui import format as fmt
from fstui.tui.text import one_line


def _requester(ticket: Any, service: Any) -> list[str]:
    found = [service.requester_name(ticket.requester_id) if ticket.requester_id else None]
    embedded = getattr(ticket, "requester", None)
    if embedded is not None:
        found += [getattr(embedded, "name", None), getattr(embedded, "email", None)]
    return [value for value in found if value]


def searchable(ticket: Any, service: Any) -> str:
    """The text `/` searches, lower case, one value a line (so a match never spans two values)."""
    labels = fmt.labels_of(service)  # the account's labels: custom statuses are found by their names
    values: list[Any] = [ticket.subject, fmt.status_label(ticket.status, labels),
                         fmt.priority_label(ticket.priority, labels), *_requester(ticket, service)]
    if ticket.responder_id:
        values.append(service.agent_name(ticket.responder_id))
    if ticket.group_id:
        values.append(service.group_name(ticket.group_id))
    values.extend(getattr(ticket, "tags", None) or ())
    return "\n".join(one_line(value).casefold() for value in values if value)


def matches(needle: str, ticket: Any, service: Any) -> bool:
    """Whether the ticket matches the filter text ``needle`` (see the module docstring)."""
    needle = " ".join(needle.split()).casefold()
    if not needle:
        return True
    if needle.lstrip("#").isdigit() and needle.lstrip("#") in str(ticket.id):
        return True
    return needle in searchable(ticket, service)

"""What a ticket view is, in words: ``Tickets assigned to Ximena Bianchi (newest first)``, never
``Query agent_id:1000000009``. Names come from the service's cache (a miss asks for the agents/groups list
once in the background, and the title is drawn again when they arrive; until then ``#id``)."""

from __future__ import annotations

import re
from typing import Any

from fstui.tui import format as fmt
from fstui.tui import org_names
from fstui.tui.text import one_line

VIEW_TITLES = {
    "recent": "Recent tickets",
    "new_and_my_open": "New and my open",
    "watching": "Watching",
    "spam": "Spam",
    "deleted": "Deleted",
    "requester": "Requester",
    "updated_since": "Updated since",
    "query": "Query",
}

_TERM = re.compile(r"\b([a-z_]+):([<>]?)('[^']*'|\"[^\"]*\"|[^\s()]+)", re.I)
_JOIN = re.compile(r"\s+(AND|OR)\s+", re.I)


def _name(service: Any, lookup: str, value: str) -> str:
    getter = getattr(service, lookup, None)
    ident = int(value) if value.isdigit() else None
    name = getter(ident) if callable(getter) and ident is not None else None
    return one_line(name, 40) if name else f"#{value}"


def _term(service: Any, field: str, op: str, raw: str) -> str:
    """One ``field:value`` term of a filter query in words (the raw term when it is not one we name)."""
    value = raw.strip("'\"")
    field = field.lower()
    if field in DATE_FIELDS:
        return _date_term(field, op, value, raw)
    if op:
        return f"{field}:{op}{raw}"
    labels = fmt.labels_of(service)
    null = value.lower() == "null"
    if field == "agent_id":
        return "unassigned" if null else f"assigned to {_name(service, 'agent_name', value)}"
    if field == "group_id":
        return "in no group" if null else f"in group {_name(service, 'group_name', value)}"
    if field == "requester_id":
        return f"from {_name(service, 'requester_name', value)}"
    if field in ("status", "priority", "source", "urgency", "impact") and value.isdigit():
        return f"with {field} {one_line(labels.label(field, int(value)), 40)}"
    if field == "department_id" and (null or value.isdigit()):  # the header's name for it, never the id
        return "in no department" if null else f"in department {org_names.department(service, int(value))}"
    if field == "tag":
        return f"tagged {one_line(value, 40)}"
    if field == "email":
        return f"from {one_line(value, 60)}"
    if not field.endswith("_id") and not null:  # a custom or text field: its name in words, not its API name
        return f"with {field.removeprefix('cf_').replace('_', ' ')} {one_line(value, 40)}"
    return f"{field}:{raw}"


DATE_FIELDS = {"created_at": "created", "updated_at": "updated", "due_by": "due", "fr_due_by": "first response due"}
_DATE_OPS = {">": "after", "<": "before", "": "on"}


def _date_term(field: str, op: str, value: str, raw: str) -> str:
    """``created_at:>'2026-11-20'`` -> ``created after 20 Nov 2026`` (the raw term when the date is not one)."""
    from datetime import date

    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return f"{field}:{op}{raw}"
    return f"{DATE_FIELDS[field]} {_DATE_OPS[op]} {day.day} {day.strftime('%b %Y')}"


def describe_query(query: str | None, service: Any = None) -> str:
    """A filter query in words: ``agent_id:1000000009`` -> ``Tickets assigned to Ximena Bianchi``,
    ``priority:4 AND status:2`` -> ``Tickets with priority Urgent and status Open``."""
    text = " ".join((query or "").split()).strip('"')
    words = _TERM.sub(lambda m: _term(service, m.group(1), m.group(2), m.group(3)), text)
    words = _JOIN.sub(lambda m: f" {m.group(1).lower()} ", words)
    words = words.replace(" and with ", " and ")
    return one_line(f"Tickets {words}", 500)  # the title line cuts it to the screen


def view_title(view: Any, service: Any = None) -> str:
    """The queue's title line for a view, with its order."""
    kind = getattr(view, "kind", "recent")
    title = VIEW_TITLES.get(kind, kind)
    if kind == "requester":
        title = f"Tickets from {one_line(view.email, 60)}"
    elif kind == "updated_since" and view.updated_since is not None:
        title += f" {fmt.timestamp(view.updated_since)}"
    elif kind == "query":
        title = describe_query(view.query, service)
    order = "oldest first" if getattr(view, "order_type", "desc") == "asc" else "newest first"
    return f"{title} ({order})"

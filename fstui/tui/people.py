"""Who a ticket is from, from whatever has it: the embedded requester (``include=requester``), the names
cache, a requester read before, the agents list (agents can be requesters too). Plain strings: callers show
them through tui/text.py. No textual import: the CLI uses it too."""

from __future__ import annotations

from typing import Any


def author_name(service: Any, user_id: Any) -> str | None:
    """Who wrote a message (a requester or an agent) by name, from the caches only; None while nobody
    knows it. The requester's name is tried first: it asks nothing, while an agent's name missing from
    the agents list reads that list again (once a session), which a requester's message never needs."""
    if user_id is None:
        return None
    for lookup in ("requester_name", "agent_name"):
        getter = getattr(service, lookup, None)
        name = getter(user_id) if callable(getter) else None
        if name:
            return name
    return None


def requester_name(service: Any, ticket: Any, looked_up: Any = None) -> str | None:
    """The requester's name (None while nobody knows it)."""
    rid = getattr(ticket, "requester_id", None)
    getter = getattr(service, "requester_name", None)
    name = getter(rid) if callable(getter) and rid else None
    embedded = getattr(ticket, "requester", None)
    if not name and embedded is not None:
        name = embedded.name or embedded.email
    if not name and looked_up is not None:
        name = " ".join(p for p in (looked_up.first_name, looked_up.last_name) if p)
    if not name and rid:
        agent_name = getattr(service, "agent_name", None)
        name = agent_name(rid) if callable(agent_name) else None
    return name or None


def requester_email(service: Any, ticket: Any, looked_up: Any = None) -> str | None:
    """The requester's email: embedded, on the ticket, from this screen's look-up or a requester read before."""
    embedded = getattr(ticket, "requester", None)
    if embedded is not None and embedded.email:
        return embedded.email
    if getattr(ticket, "email", None):
        return ticket.email
    cached = getattr(service, "cached_requester", None)
    rid = getattr(ticket, "requester_id", None)
    for person in (looked_up, cached(rid) if callable(cached) and rid else None):
        email = getattr(person, "primary_email", None) or getattr(person, "email", None)
        if email:
            return email
    return None


def recipients(conversation: Any) -> list[tuple[str, str]]:
    """Who a message went to: ``[("to", "a@x"), ("cc", "b@y, c@z"), ("bcc", ...)]``, only those it names.
    A note's ``to_emails`` are the people it notified."""
    out = []
    for label, key in (("to", "to_emails"), ("cc", "cc_emails"), ("bcc", "bcc_emails")):
        emails = [str(e) for e in (getattr(conversation, key, None) or []) if e]
        if emails:
            out.append((label, ", ".join(emails)))
    return out

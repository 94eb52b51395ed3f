"""The account's names for the CLI's tables: status, priority and source labels from the ticket fields
(read once, cached a day like the TUI's), requester emails, recipients of a message."""

from __future__ import annotations

from typing import Any

from fstui.service.field_labels import EMPTY, FieldLabels


async def field_labels(service: Any, ticket: Any = None) -> FieldLabels:
    """The account's ticket-field labels, and the agents' and groups' names the table shows (each list 1
    credit, cached a day like the TUI's; documented labels and ``#id`` when they cannot be read).
    ``ticket``: one ticket to show; one of another workspace gets that workspace's labels when the
    account's do not name all it shows (its fields of its own)."""
    # one ticket: the account's workspaces first (which is the primary; on several, the groups of every
    # workspace are read), cached a day like the TUI's
    reads = ((service.workspaces.workspaces,) if ticket is not None else ()) + (service.agents, service.groups)
    for names in reads:
        try:
            await names()
        except Exception:  # noqa: BLE001 - offline or refused: ids stand in
            pass
    try:
        return await service.read_field_labels(ticket)
    except Exception:  # noqa: BLE001 - offline or refused: documented labels, #id for the rest
        return EMPTY


def recipients(conversation: Any) -> str:
    """``to: a@x  cc: b@y  bcc: c@z`` ("" when the message names nobody)."""
    from fstui.tui.people import recipients as recipients_of

    return "  ".join(f"{label}: {emails}" for label, emails in recipients_of(conversation))


def requester_email(service: Any, ticket: Any) -> str:
    """The requester's email from the embedded requester, the ticket or a requester read before."""
    from fstui.tui.people import requester_email as email_of

    return email_of(service, ticket) or ""


def author(service: Any, conversation: Any) -> str:
    """Who wrote a message: an agent's or requester's name (from the names read), else ``#id``."""
    from fstui.tui.people import author_name

    user_id = getattr(conversation, "user_id", None)
    if user_id is None:
        return getattr(conversation, "from_email", None) or "unknown"
    return author_name(service, user_id) or f"#{user_id}"

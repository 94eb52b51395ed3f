"""Show what was just read from the server (brk QA §14): when a question about a change ("already has
Low?") read tickets afresh (``DataService.server_tickets``), the screens take those copies like a sync
update, so that no row or header keeps a value the agent was just told is not the server's.

The queue screens (their ``tickets`` dict and row redraw) and the ticket screen (its header) take them;
a ticket another agent changed is marked ``•`` as the live refresh marks it (fstui.tui.live).
"""

from __future__ import annotations

from typing import Any


def changed_since_listed(listed: dict[int, Any] | None, found: dict[int, Any], field: str) -> list[int]:
    """The ids whose ``field`` the server has with another value than the copy shown (``listed``)."""
    from fstui.tui.ticket_actions import same_value

    out = []
    for tid, fresh in found.items():
        old = (listed or {}).get(tid)
        if old is not None and not same_value(getattr(old, field, None), getattr(fresh, field, None)):
            out.append(tid)
    return out


def take_server_copies(app: Any, found: dict[int, Any], changed: list[int] | None = None) -> None:
    """Put the tickets in ``found`` (id -> Ticket, just read) on every screen showing them: queue rows are
    redrawn from them, an open ticket screen's header too. ``changed``: the ids another agent changed
    since they were listed (marked ``•``, unless the change was this app's own write)."""
    if not found:
        return
    live = getattr(app, "live_marks", None)
    if changed and live is not None:
        live.note_changed(changed)
    for screen in list(getattr(app, "screen_stack", ())):
        tickets = getattr(screen, "tickets", None)
        if isinstance(tickets, dict) and hasattr(screen, "_update_row"):
            for tid, fresh in found.items():
                if tid in tickets:
                    tickets[tid] = fresh
                    screen._update_row(tid)
        if hasattr(screen, "_take_ticket") and getattr(screen, "ticket_id", None) in found:
            from fstui.service import Cached

            screen._take_ticket(Cached(found[screen.ticket_id], app.now(), fresh=True))

"""Live queue: marks on tickets that are new or changed since the agent last looked (until opened), the
terminal bell and desktop notifications (OSC 9 / OSC 777) for new tickets, and the status-bar words for
the live refresh (which the service's incremental sync drives: fstui/service/sync.py).

Marks are words in the row, not colour alone: ``*`` after the id for a new ticket, ``•`` for a ticket
someone else changed. A ticket changed by this app's own writes (the outbox's tickets, for two minutes
after the write) is not marked: the agent knows what they did.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fstui.tui.text import one_line

NEW = "*"
CHANGED = "•"
OWN_WRITE_SECONDS = 120.0


@dataclass
class LiveMarks:
    """Held by the app (so that a rebuilt queue keeps them)."""

    changed: set[int] = field(default_factory=set)
    #: created since the agent last saw the view (SeenViews: while fstui was closed too)
    new_since: set[int] = field(default_factory=set)
    #: tickets opened this session: their new/changed marks are gone
    opened: set[int] = field(default_factory=set)
    _own: dict[int, float] = field(default_factory=dict)

    def wrote(self, ticket_id: int | None) -> None:
        """This app queued or delivered a write to ``ticket_id`` (its next change is ours)."""
        if isinstance(ticket_id, int):
            self._own[ticket_id] = time.monotonic() + OWN_WRITE_SECONDS

    def note_changed(self, ids: Iterable[int]) -> set[int]:
        """Tickets the server says changed: those not changed by us become marked. Returns them."""
        now = time.monotonic()
        others = {i for i in ids if self._own.get(i, 0.0) < now}
        self.changed |= others
        self.opened -= others  # changed again after it was opened: marked again
        return others

    def open(self, ticket_id: int) -> None:
        self.changed.discard(ticket_id)
        self.new_since.discard(ticket_id)
        self.opened.add(ticket_id)

    def mark(self, ticket_id: int, new: bool) -> str:
        """The row's mark: NEW, CHANGED or ""."""
        if (new or ticket_id in self.new_since) and ticket_id not in self.opened:
            return NEW
        return CHANGED if ticket_id in self.changed else ""

    def since_last_seen(self, tickets: Iterable[Any], last_seen: float,
                        own: dict[int, float] | None = None) -> None:
        """Mark what was created or updated after ``last_seen`` (epoch seconds, server clock). ``own``:
        ticket id -> epoch of the agent's latest write to it from here; an update no later than
        ``OWN_WRITE_SECONDS`` after it is the agent's own (a reply before quitting is not "changed")."""
        own = own or {}
        for ticket in tickets:
            created, updated = _epoch(ticket.created_at), _epoch(ticket.updated_at)
            if ticket.id in self.opened:
                continue
            if created is not None and created > last_seen:
                self.new_since.add(ticket.id)
            elif updated is not None and updated > last_seen and \
                    updated > own.get(ticket.id, float("-inf")) + OWN_WRITE_SECONDS:
                self.changed.add(ticket.id)


def _epoch(value: Any) -> float | None:
    return value.timestamp() if hasattr(value, "timestamp") else None


class SeenViews:
    """When the agent last saw each view, per profile (data_dir()/seen-views.json), in the server's clock
    (the newest ``updated_at`` the view showed), so the marks also cover what changed while fstui was
    closed. Only our own timestamps are written; a broken file counts as "never seen"."""

    def __init__(self, profile_name: str, path: Path | None = None) -> None:
        from fstui.locations import data_dir

        self.profile = profile_name
        self.path = path or data_dir() / "seen-views.json"

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def last_seen(self, view_key: str) -> float | None:
        value = self._read().get(f"{self.profile}|{view_key}")
        return float(value) if isinstance(value, (int, float)) else None

    def saw(self, view_key: str, epoch: float) -> None:
        data = self._read()
        data[f"{self.profile}|{view_key}"] = epoch
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh)
            os.replace(tmp, self.path)
        except OSError:
            pass  # marks are a help, not a duty


def live_words(state: str, delay: float) -> str:
    """The status bar's words for the live refresh; "" while it simply runs (nothing to say)."""
    # short: the status bar is one line at 80 columns too
    if state == "paused":
        return "refresh paused"  # the budget shown beside it says why
    if state == "slowed":
        minutes = delay / 60
        return f"refresh {minutes:.0f}m" if minutes >= 1 else f"refresh {delay:.0f}s"
    return ""


def _osc(sequence: str) -> str:
    """tmux passes an escape sequence to the outer terminal only when wrapped (with passthrough on)."""
    if os.environ.get("TMUX"):
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence


def _field(value: object, limit: int) -> str:
    # one_line removes control characters (ESC, BEL, C1: nothing can end the sequence early);
    # OSC 777 separates its fields with ";"
    return one_line(value, limit).replace(";", ",")


def desktop_notification(title: str, body: str, kind: str = "osc9") -> str:
    """The escape sequence of a desktop notification: OSC 9 (iTerm2, WezTerm, Windows Terminal, kitty,
    ghostty) or OSC 777 (VTE terminals, foot, rxvt). Server text is cleaned (fstui/tui/text.py)."""
    if kind == "osc777":
        return _osc(f"\x1b]777;notify;{_field(title, 60)};{_field(body, 200)}\x07")
    return _osc(f"\x1b]9;{_field(title, 60)}: {_field(body, 200)}\x07")


def alert_new(app: Any, view_name: str, tickets: list[Any]) -> None:
    """New tickets arrived in a view with ``notify = true``: bell and/or desktop notification, as the
    config's [ui] bell / desktop_notifications say."""
    ui = getattr(app, "ui", None)
    if ui is None or not tickets:
        return
    if ui.bell:
        app.bell()
    setting = ui.desktop_notifications
    if setting:
        first = tickets[0]
        more = f" (+{len(tickets) - 1} more)" if len(tickets) > 1 else ""
        body = f"#{first.id} {one_line(first.subject or '(no subject)', 120)}{more}"
        driver = getattr(app, "_driver", None)  # as App.copy_to_clipboard writes its OSC 52
        if driver is not None:
            kind = setting if isinstance(setting, str) else "osc9"
            driver.write(desktop_notification(f"fstui: new in {view_name}", body, kind))

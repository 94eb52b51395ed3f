"""Read-only means read-only (issue 11, section 6): one place says whether this session may write, which
keys are writes, and how a refused write is told.

- A session started read-only (``--read-only`` or a profile's ``read_only = true``) stays read-only: the
  palette can turn read-only ON in a writable session (and off again), never off in a session that
  started read-only (``FstuiApp.started_read_only``).
- While read-only, the key bar does not offer the write keys (:func:`offers`), and a write key says it is
  refused before any picker, prompt or compose screen opens (:func:`refuse_write`). The service refuses
  every write as well (ReadOnlyError), so this is what the user sees, not the only guard.
"""

from __future__ import annotations

from typing import Any

WRITE_ACTIONS = frozenset({
    "reply", "note", "public_note", "status", "close", "priority", "assign", "group", "tags", "edit",
    "delete_conversation", "delete_ticket", "restore_ticket",
    # working a ticket (issue 14): new and child tickets, major incident, tasks and time entries
    "new_ticket", "child_ticket", "major_incident", "add_task", "task_status", "edit_task", "delete",
    "log_time", "timer",
    # the outbox screen: a retry sends the write again
    "retry",
})
"""Screen actions that change something on the server (the queue's, the ticket screen's and the tasks/time
view's keys)."""

REFUSED = "This session is read-only: nothing can be {}."
"""The refusal; ``{}``: what could not be done ("changed", "created")."""


def action_name(action: str) -> str:
    """"status" from "status", "screen.status" or "answer(True)"."""
    return action.split("(", 1)[0].rsplit(".", 1)[-1]


def is_write_action(action: str) -> bool:
    return action_name(action) in WRITE_ACTIONS


def is_read_only(app: Any) -> bool:
    """Whether writes are refused now (the service's flag once it is open, else the profile's)."""
    service = getattr(app, "service", None)
    if service is not None and hasattr(service, "read_only"):
        return bool(service.read_only)
    profile = getattr(service, "profile", None) or getattr(app, "profile", None)
    info = getattr(app, "status_info", None)
    return bool(getattr(profile, "read_only", False) or getattr(info, "read_only", False))


def refuse_write(app: Any, what: str = "changed") -> bool:
    """True (after saying so) when the session is read-only: the caller then opens nothing. ``what``:
    the word the refusal ends with ("changed", "created")."""
    if not is_read_only(app):
        return False
    toast = getattr(app, "toast", None) or app.notify
    toast(REFUSED.format(what), severity="warning", timeout=4)
    return True


def offers(app: Any, action: str) -> bool:
    """Whether the key bar offers a binding's action now (write keys are hidden while read-only)."""
    return not (is_write_action(action) and is_read_only(app))


def toggle_read_only(app: Any) -> bool:
    """The palette's "Toggle read-only": returns the new state.

    A session that started read-only stays so (said, nothing changed). Otherwise read-only is switched
    on, or off again, for the running account (the service checks it at each write)."""
    service = getattr(app, "service", None)
    current = is_read_only(app)
    if current and getattr(app, "started_read_only", False):
        toast = getattr(app, "toast", None) or app.notify
        toast("This session was started read-only (--read-only or the profile) and stays read-only. "
              "Restart without it to write.", title="Account", severity="warning", timeout=8)
        return True
    new = not current
    setter = getattr(service, "set_read_only", None)
    if callable(setter):
        setter(new)
    for profile in {id(p): p for p in (getattr(service, "profile", None), getattr(app, "profile", None))
                    if p is not None}.values():
        profile.read_only = new
    info = getattr(app, "status_info", None)
    if info is not None and hasattr(info, "read_only"):
        info.read_only = new
    try:
        from fstui.tui.messages import StatusChanged

        app.post_message(StatusChanged())
    except ImportError:
        pass
    app.notify("Read-only: writes are refused" if new else "Writes enabled", title="Account")
    return new

"""The outbox as people read it: one row per entry, the status text, the one-line warning (the CLI's
`fstui outbox` and the TUI's outbox screen say the same). Plain strings: callers sanitise on output."""

from __future__ import annotations

import time
from typing import Any


#: every outbox write kind (outbox_store.KINDS) as people read it: (label, words in a sentence)
KIND_NAMES: dict[str, tuple[str, str]] = {
    "reply": ("Reply", "reply"), "note": ("Note", "note"), "edit_note": ("Edit note", "note edit"),
    "delete_conversation": ("Delete message", "message deletion"), "update_ticket": ("Update", "update"),
    "delete_ticket": ("Delete ticket", "ticket deletion"), "restore_ticket": ("Restore", "restore"),
    "create_ticket": ("New ticket", "new ticket"),
    "create_task": ("New task", "new task"), "update_task": ("Task change", "task change"),
    "delete_task": ("Delete task", "task deletion"), "create_time_entry": ("Time entry", "time entry"),
    "update_time_entry": ("Time change", "time entry change"),
    "delete_time_entry": ("Delete time", "time entry deletion"), "start_timer": ("Start timer", "timer start"),
    "create_child_ticket": ("Child ticket", "child ticket"), "promote_ticket": ("Major incident", "major incident"),
    "demote_ticket": ("Not major", "major incident removal"), "unknown": ("Unknown (damaged)", "damaged write"),
}


def kind_label(kind: str) -> str:
    """'Time entry' for "create_time_entry": the outbox screen's Write column (at most 14 cells)."""
    return KIND_NAMES.get(kind, (kind.replace("_", " ").capitalize(), ""))[0]


def kind_words(kind: str) -> str:
    """'time entry' for "create_time_entry": a write named in a sentence ("time entry to #12")."""
    return KIND_NAMES.get(kind, ("", kind.replace("_", " ")))[1]


def describe(entry: Any, now: float | None = None) -> dict[str, Any]:
    """One entry as a row: id, state, kind, ticket, age (s), error (and a late twin, if one was found)."""
    now = time.time() if now is None else now
    row: dict[str, Any] = {
        "id": entry.id, "state": entry.state, "kind": entry.kind, "ticket_id": entry.ticket_id,
        "created_at": entry.created_at.isoformat(), "age_seconds": max(0, int(now - entry.created_at.timestamp())),
        "attempts": entry.attempts, "error": entry.error, "error_kind": entry.error_kind,
        "error_status": entry.error_status, "outcome_unknown": entry.outcome_unknown or _left_mid_send(entry, now),
        "field_errors": list(entry.field_errors or []), "confirmed_by": entry.confirmed_by,
        "sent_at": entry.sent_at, "twin": entry.twin,
    }
    if isinstance(entry.result, dict) and "id" in entry.result:
        row["result_id"] = entry.result["id"]
    wait = float(getattr(entry, "next_attempt_at", 0.0) or 0.0) - now
    if entry.state == "pending" and wait > 0:  # held back (Retry-After, backoff): how long, never unseen
        row["next_attempt_in"] = int(wait + 0.999)
    return row


def _left_mid_send(entry: Any, now: float) -> bool:
    """A "sending" entry no live process holds: its sender stopped mid-send, so it may have landed (the next
    sender treats it so: it looks on the server first)."""
    from fstui.service.outbox_store import owner_alive

    if entry.state != "sending":
        return False
    return not (float(entry.lease_until or 0.0) > now and owner_alive(entry.lease_owner or ""))


def _span(seconds: int) -> str:
    return f"{seconds}s" if seconds < 60 else f"{(seconds + 59) // 60}m"


#: what a confirmed write's answer is, by kind (the ticket's own writes answer with the ticket: nothing to add)
_RESULTS = {"reply": "conversation {}", "note": "conversation {}", "edit_note": "conversation {}",
            "create_ticket": "ticket #{}", "create_child_ticket": "ticket #{}", "create_task": "task {}",
            "update_task": "task {}", "create_time_entry": "time entry {}", "update_time_entry": "time entry {}",
            "start_timer": "time entry {}"}


def may_have_landed(entry: Any) -> bool:
    """Whether the write may already be on the server although no answer said so: the outbox recorded an
    unknown outcome (a timeout, a dropped connection, a 5xx), or its request is (or was, when a process
    stopped mid-send) under way. Such a write is looked for on the server before it is sent again."""
    return bool(getattr(entry, "outcome_unknown", False)) or getattr(entry, "state", None) == "sending"


def _at(seconds: float | None) -> str:
    """'11:31 UTC' today, '2026-11-29 23:50 UTC' another day (the CLI's times are UTC)."""
    from datetime import datetime, timezone

    if not seconds:
        return ""
    when, now = datetime.fromtimestamp(seconds, timezone.utc), datetime.now(timezone.utc)
    return when.strftime("%H:%M UTC" if when.date() == now.date() else "%Y-%m-%d %H:%M UTC")


def what_to(entry: Any) -> str:
    """'reply to ticket 1981', 'new ticket': a write named in a sentence, with its ticket."""
    words = kind_words(entry.kind)
    return words if entry.ticket_id is None else f"{words} to ticket {entry.ticket_id}"


def already_sent(entry: Any, action: str) -> str | None:
    """Why a confirmed write cannot be discarded or retried (None when it is not sent): 'reply to ticket
    1981 was already sent at 11:31 UTC (conversation 9000000015); nothing to discard'. Its receipt is
    kept: the late-twin check and 'sent in the last day' read it."""
    if entry.state != "sent":
        return None
    at = _at(getattr(entry, "sent_at", None))
    made = _RESULTS.get(entry.kind or "")
    result_id = entry.result.get("id") if isinstance(entry.result, dict) else None
    what = f" ({made.format(result_id)})" if made and result_id is not None else ""
    how = "was found already sent" if getattr(entry, "confirmed_by", None) == "found" else "was already sent"
    return f"{what_to(entry)} {how}{f' at {at}' if at else ''}{what}; nothing to {action}"


def status_text(row: dict[str, Any]) -> str:
    """What a person reads in the last column: the error, or what happened to a confirmed write."""
    twin = row.get("twin")
    if twin:
        if twin.get("action") == "deleted":
            return f"a late copy ({twin.get('id')}) arrived after the resend and was deleted"
        return f"DELIVERED TWICE: a late copy ({twin.get('id')}) arrived after the resend (both emailed)"
    if row["state"] == "sent":
        how = "found on the server" if row.get("confirmed_by") == "found" else "sent"
        made = _RESULTS.get(row.get("kind") or "")
        return how + (f" ({made.format(row['result_id'])})" if made and row.get("result_id") else "")
    error = row.get("error") or ""
    if row["state"] in ("pending", "sending") and row.get("outcome_unknown"):
        return (error + ": " if error else "") + "looking on the server before sending again"
    wait = row.get("next_attempt_in")
    then = f"next try in {_span(wait)}" if wait else ""
    if row["state"] in ("pending", "sending") and not error:
        return then or (row["state"] if row["state"] == "sending" else "waiting")
    return f"{error}; {then}" if error and then else error


def warning_line(outbox: Any) -> str | None:
    """The one-line warning a later CLI run prints when earlier writes failed or were delivered twice."""
    failed = outbox.failed_count()
    twins = [e for e in outbox.twins() if (e.twin or {}).get("action") == "reported"]
    parts = []
    if failed:
        parts.append(f"{failed} earlier write{'s' if failed != 1 else ''} failed and {'are' if failed != 1 else 'is'} "
                     "kept in the outbox")
    if twins:
        parts.append(f"{len(twins)} repl{'ies were' if len(twins) != 1 else 'y was'} delivered twice")
    if not parts:
        return None
    return "warning: " + "; ".join(parts) + ": see `fstui outbox` (retry ID / discard ID)"



"""Discarding a write the agent made (brk QA §11/§12): one question and one hint for every place that can.

A failed reply or note in the outbox is the agent's typed text with no other copy, so no key drops it at
once: the thread's ``x`` and the outbox screen's ``x`` both ask (:func:`confirm_discard`, No first), naming
what is discarded (``outbox_report.kind_words``, the ticket, a preview of the text). The hints under a
failed write name the keys that work (``e`` edits and resends, ``x`` discards) and, in a read-only
session, only ``x`` (discarding sends nothing, so it stays allowed; resending is refused).
"""

from __future__ import annotations

from typing import Any

from textual.content import Content

from fstui.service.outbox_report import describe, kind_words
from fstui.tui.read_only import is_read_only
from fstui.tui.text import body_text, one_line, safe_line

PREVIEW_CHARS = 80


def what_is_discarded(entry: Any) -> str:
    """'failed note to #2000': the write named in a sentence (its state, kind and ticket)."""
    to = f" to #{entry.ticket_id}" if getattr(entry, "ticket_id", None) is not None else ""
    return f"{entry.state} {kind_words(entry.kind)}{to}"


def discard_question(entries: list[Any]) -> Content:
    """The question before ``entries`` are discarded: what, that it is never sent, and the typed text
    (cut with …) so the agent sees what goes. Content: the preview is server/agent text, sanitised."""
    names = ", ".join(what_is_discarded(e) for e in entries)
    lead = f"Discard the {names}?"
    if any(describe(e)["outcome_unknown"] for e in entries):  # no answer came: it may already be there
        lead += " It may already be on the ticket (no answer came); fstui will not look for it or send it again."
    else:
        lead += " It will never be sent" + ("." if len(entries) == 1 else " (none of them).")
    question = Content(lead)
    for entry in entries:
        body = (getattr(entry, "payload", None) or {}).get("body")
        if body:
            text = one_line(body_text(body, None))
            question += Content("\n\nIts text (kept nowhere else):\n") + safe_line(text, max_chars=PREVIEW_CHARS)
    return question


async def confirm_discard(app: Any, entries: list[Any]) -> bool:
    """Ask (No first, fstui.tui.screens.confirm_modal) before ``entries`` are discarded; True on yes.
    Call from a worker (it waits for the answer)."""
    from fstui.tui.screens.confirm_modal import ConfirmScreen

    if not entries:
        return False
    return bool(await app.push_screen_wait(ConfirmScreen(discard_question(entries), yes="y: discard",
                                                         no="n: keep it")))


def failed_hint(app: Any) -> str:
    """The keys under a failed write in the thread: 'e: edit and resend   x: discard' ('x: discard' alone
    while read-only: nothing can be resent)."""
    return "x: discard" if is_read_only(app) else "e: edit and resend   x: discard"


def failed_field_hint(app: Any, title: str) -> str:
    """The header line under a failed field change: 'Priority was not changed: e retries, x discards'."""
    keys = "x discards the change" if is_read_only(app) else "e retries, x discards"
    return f"{title} was not changed: {keys}"

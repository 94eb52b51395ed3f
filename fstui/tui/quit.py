"""q with writes still in the outbox: say what is pending and that it is sent on next start, then ask."""

from __future__ import annotations

from typing import Any

from fstui.service.outbox_report import kind_words
from fstui.tui.text import one_line, safe

def waiting_summary(entries: list[Any], limit: int = 4) -> str:
    """'reply to #12, update to #40 and 2 more' (ours: kinds and ids)."""
    words = [f"{kind_words(e.kind)} to #{e.ticket_id}" if e.ticket_id is not None else kind_words(e.kind)
             for e in entries]
    shown = ", ".join(words[:limit])
    return shown + (f" and {len(words) - limit} more" if len(words) > limit else "")


async def confirm_quit(app: Any) -> None:
    from fstui.tui.screens.confirm_modal import ConfirmScreen

    outbox = getattr(getattr(app, "service", None), "outbox", None)
    try:
        waiting = [e for e in outbox.entries(include_sent=False) if e.is_open] if outbox is not None else []
        failed = outbox.failed_count() if outbox is not None else 0
    except Exception:  # noqa: BLE001 - never keep the user from quitting
        waiting, failed = [], 0
    if not waiting and not failed:
        app.exit()
        return
    lines = []
    read_only = bool(getattr(getattr(app, "service", None), "read_only", False))
    when = ("by the next session that may write (this one is read-only)" if read_only
            else "when fstui next starts (or by `fstui outbox send`)")
    if waiting:
        lines.append(f"{len(waiting)} write{'s are' if len(waiting) != 1 else ' is'} not sent yet: "
                     f"{waiting_summary(waiting)}. {'They are' if len(waiting) != 1 else 'It is'} kept in the "
                     f"outbox and sent {when}.")
    if failed:
        lines.append(f"{failed} failed write{'s wait' if failed != 1 else ' waits'} for you in the outbox (O).")
    lines.append("Quit now?")

    def answered(yes: bool | None) -> None:
        if yes:
            app.exit()

    app.push_screen(ConfirmScreen(safe(one_line(" ".join(lines[:-1]), 600) + "\n\n" + lines[-1]),
                                  yes="y: quit", no="n: stay"), answered)

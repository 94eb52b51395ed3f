"""How a CLI write (``reply``, ``note``, ``tickets create``, ``time log``, ``timer``, ``outbox send|retry``)
waits for its outbox entry and says how it ended.

The command waits ``--timeout`` seconds from its start; a request still under way then is waited for a little
longer (``ATTEMPT_GRACE``): its own HTTP timeout, at most ``--timeout`` (``request_timeout``), ends it, and the
outbox records whether it may have landed. An entry the command leaves while its request is under way (state
``sending``) may have reached the server: it is reported as outcome unknown, as the outbox then records it
(the next run looks on the server before sending it again). Never reported as a plain "queued/not sent".
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from dataclasses import replace
from typing import Any

from fstui.service.outbox_report import may_have_landed, what_to

#: a request under way at the deadline is waited for this much longer (within fstui.cli._run_service's
#: ``--timeout + 5`` bound, so the command always reports its write)
ATTEMPT_GRACE = 4.0

#: the event-loop time the running command started (set by fstui.cli._run_service): --timeout counts from it,
#: so reads made before the write (form fields, who-am-I) do not lengthen the wait
COMMAND_START: ContextVar[float | None] = ContextVar("fstui_cli_command_start", default=None)

#: the HTTP read timeout the client uses when none is given (fstui.api.transport.DEFAULT_TIMEOUT)
DEFAULT_READ_TIMEOUT = 30.0


def request_timeout(timeout: float) -> float | None:
    """The HTTP timeout (seconds) of a write command's requests: its ``--timeout`` when that is shorter than
    the client's default read timeout, so an attempt ends within the time the command waits; None keeps
    the default."""
    return timeout if timeout < DEFAULT_READ_TIMEOUT else None


def hold(service: Any) -> None:
    """``--no-wait``: this run sends nothing, so the entry reported is the entry as it stays (pending,
    never sent); the next fstui run delivers it."""
    service.outbox.hold = lambda: True


def as_left(entry: Any) -> Any:
    """The entry as the command leaves it: one whose request is under way may land (outcome unknown)."""
    if entry is not None and entry.state == "sending" and not entry.outcome_unknown:
        return replace(entry, outcome_unknown=True)
    return entry


async def wait_for(outbox: Any, entries: list[Any], timeout: float) -> list[Any]:
    """Poll ``outbox`` until every entry is sent or failed, or ``timeout`` seconds after the command started
    and no request is under way (at most ``ATTEMPT_GRACE`` more). Returns the entries as left (``as_left``)."""
    loop = asyncio.get_running_loop()
    start = COMMAND_START.get()
    start = loop.time() if start is None else start
    deadline, last = start + timeout, start + timeout + ATTEMPT_GRACE
    current = list(entries)
    while True:
        current = [outbox.get(e.id) or e for e in current]
        waiting = [e for e in current if e.state in ("pending", "sending")]
        now = loop.time()
        if not waiting or now >= last or (now >= deadline and not any(e.state == "sending" for e in waiting)):
            break
        await asyncio.sleep(0.05)
    return [as_left(e) for e in current]


def unknown_line(entry: Any) -> str:
    """The terminal's line for a write that may have landed without an answer."""
    why = f": {entry.error}" if entry.error else ""
    if entry.kind in ("create_ticket", "create_child_ticket"):
        where = "it may already be created"
    elif entry.ticket_id is not None:
        where = f"it may already be on ticket {entry.ticket_id}"
    else:
        where = "it may already be done"
    return (f"{what_to(entry)} ({entry.id}): no answer from the server in time{why}; {where}. fstui will look "
            "on the server before sending it again: do not send it again yourself (`fstui outbox` shows it)")


__all__ = ["ATTEMPT_GRACE", "COMMAND_START", "as_left", "hold", "may_have_landed", "request_timeout",
           "unknown_line", "wait_for"]

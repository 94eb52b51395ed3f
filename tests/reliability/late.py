"""Late-applied writes: the sandbox holds a write `late_seconds` before applying it (the client has timed
out long before). Within the landing window the write is found, never posted twice; beyond it the re-post's
late twin is found: a note's deleted, a reply's reported."""

from __future__ import annotations

import asyncio

import httpx

from fstui.service import QueueView
from tests.service.conftest import collect


async def first_ticket(service) -> int:
    pages = await collect(service.queue_page(QueueView(), 1))  # cached (when it is), then fresh
    return pages[-1].value.tickets[0].id


async def server_copies(sandbox_url: str, ticket_id: int, text: str) -> int:
    from fstui.sandbox import DEMO_API_KEY

    async with httpx.AsyncClient(auth=(DEMO_API_KEY, "X"), timeout=10) as http:
        r = await http.get(f"{sandbox_url}/api/v2/tickets/{ticket_id}/conversations", params={"per_page": 100})
        r.raise_for_status()
        return sum(text in (c.get("body_text") or c.get("body") or "") for c in r.json()["conversations"])


async def wait_state(service, entry_id: str, done, timeout: float = 20.0):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        entry = service.outbox.get(entry_id)
        if entry is not None and done(entry):
            return entry
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out: {service.outbox.get(entry_id)}")


async def late_write(make_service, control, sandbox_url, *, kind: str, late: float, landing: float,
                     text: str, timeout: float = 0.3) -> dict:
    """One reply/note held `late` s by the server (the client's read timeout: `timeout` s); the landing
    window is `landing` s. Returns what happened."""
    service = await make_service(timeout=timeout, reconcile_grace=timeout + 0.05, landing_window=landing)
    tid = await first_ticket(service)
    control.faults(late_apply=1.0, late_seconds=late)
    entry = service.reply(tid, text) if kind == "reply" else service.note(tid, text)
    await wait_state(service, entry.id, lambda e: e.attempts >= 1 and e.outcome_unknown, timeout=timeout * 3 + 10)
    control.faults()  # the next request (a look or a re-post) goes through at once
    sent = await wait_state(service, entry.id, lambda e: e.state == "sent", timeout=landing * 2 + 20)
    # wait out the late request and the watch after a re-post
    await asyncio.sleep(max(0.0, late - timeout) + 0.2)
    if sent.watch_until:
        await wait_state(service, entry.id, lambda e: e.twin is not None or not service.outbox.store.next_watch(),
                         timeout=3 * landing + 5)
    from fstui.service.outbox_report import describe, status_text, warning_line

    final = service.outbox.get(entry.id)
    return {"confirmed_by": final.confirmed_by, "twin": final.twin, "status": status_text(describe(final)),
            "warning": warning_line(service.outbox),
            "copies": await server_copies(sandbox_url, tid, text), "notices": list(service.notices)}

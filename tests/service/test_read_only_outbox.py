"""Issue 11, section 6: read-only means read-only, also for writes an earlier session queued."""

from __future__ import annotations

import asyncio

from tests.tui.harness import make_sandbox, open_service

NOTES = "POST /api/v2/tickets/{id}/notes"


async def test_a_read_only_session_does_not_deliver_earlier_writes_until_writes_are_allowed():
    sandbox = make_sandbox(tickets=20)
    service = await open_service(sandbox, read_only=True)
    try:
        tid = next(iter(sandbox.state.sandbox.store.tickets))
        # queued by an earlier, writable session (the outbox is on disk, per account)
        entry = service.outbox.add("note", tid, {"body": "queued yesterday", "private": True, "notify_emails": []})
        await asyncio.sleep(0.5)
        assert service.outbox.get(entry.id).state == "pending" and service.outbox.pending_count() == 1
        assert sandbox.state.sandbox.stats()["by_endpoint"].get(NOTES, 0) == 0
        service.set_read_only(False)  # a session that may write: it is delivered
        for _ in range(100):
            if service.outbox.get(entry.id).state == "sent":
                break
            await asyncio.sleep(0.05)
        assert service.outbox.get(entry.id).state == "sent"
        assert sandbox.state.sandbox.stats()["by_endpoint"][NOTES] == 1
    finally:
        await service.close()

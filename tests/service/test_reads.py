"""Cached-then-fresh reads against the sandbox: what they cost and what they return."""

from __future__ import annotations

import asyncio

from fstui.service import ConversationsChanged, QueueView
from tests.service.conftest import collect


async def wait_sent(service, entry, timeout=10.0):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        current = service.outbox.get(entry.id)
        if current is not None and current.state in ("sent", "failed"):
            return current
        await asyncio.sleep(0.02)
    raise AssertionError(f"entry {entry.id} not delivered: {service.outbox.get(entry.id)}")


async def test_queue_then_ticket_costs_no_extra_view(make_service):
    service = await make_service()
    [page] = await collect(service.queue_page(QueueView(), 1))
    assert page.fresh and not page.stale and page.value.tickets
    calls = service.stats.api_calls
    tid = page.value.tickets[0].id
    # opening a ticket from the queue: the list carried it, nothing to fetch
    items = await collect(service.ticket(tid))
    assert len(items) == 1 and items[0].fresh and items[0].value.id == tid
    assert service.stats.api_calls == calls
    # its thread: one call (per_page=100), then served from the cache
    [thread] = await collect(service.conversations(tid))
    assert thread.fresh
    assert service.stats.api_calls == calls + 1
    again = await collect(service.conversations(tid))
    assert len(again) == 1 and again[0].fresh
    assert service.stats.api_calls == calls + 1
    # a second page view within the TTL is not refetched; an explicit refresh is
    assert len(await collect(service.queue_page(QueueView(), 1))) == 1
    assert len(await collect(service.queue_page(QueueView(), 1, force=True))) == 2
    assert service.stats.api_calls == calls + 2


async def test_disk_cache_is_shown_first_then_fresh(make_service):
    service = await make_service()
    [page] = await collect(service.queue_page(QueueView(), 1))
    tid = page.value.tickets[0].id
    await collect(service.conversations(tid))
    await service.close()
    second = await make_service()
    items = await collect(second.queue_page(QueueView(), 1))
    assert [i.fresh for i in items] == [False, True]
    assert [t.id for t in items[0].value.tickets] == [t.id for t in page.value.tickets]
    threads = await collect(second.conversations(tid))
    assert [i.fresh for i in threads] == [False, True]


async def test_reply_updates_cached_thread_without_refetch(make_service):
    service = await make_service()
    events = []
    service.subscribe(events.append)
    [page] = await collect(service.queue_page(QueueView(), 1))
    tid = page.value.tickets[0].id
    [thread] = await collect(service.conversations(tid))
    before = len(thread.value)
    calls = service.stats.api_calls
    entry = service.reply(tid, "<div>Thanks, looking into it</div>")
    assert entry.state == "pending"
    done = await wait_sent(service, entry)
    assert done.state == "sent" and isinstance(done.result["id"], int)
    assert any(isinstance(e, ConversationsChanged) and e.ticket_id == tid for e in events)
    items = await collect(service.conversations(tid))
    assert len(items) == 1 and len(items[0].value) == before + 1
    assert service.stats.api_calls == calls + 1  # just the POST


async def test_status_change_updates_ticket_in_place(make_service):
    service = await make_service()
    [page] = await collect(service.queue_page(QueueView(), 1))
    tid = page.value.tickets[0].id
    await collect(service.conversations(tid))
    entry = service.update_ticket(tid, {"status": 3})
    await wait_sent(service, entry)
    calls = service.stats.api_calls
    [t] = await collect(service.ticket(tid))
    assert int(t.value.status) == 3
    assert len(await collect(service.conversations(tid))) == 1  # thread still current
    assert service.stats.api_calls == calls


async def test_validation_error_keeps_text(make_service):
    service = await make_service()
    entry = service.update_ticket(1, {"priority": 99})
    failed = await wait_sent(service, entry)
    assert failed.state == "failed" and failed.field_errors
    assert failed.payload == {"fields": {"priority": 99}}
    service.outbox.resend(entry.id, {"fields": {"priority": 2}})
    assert (await wait_sent(service, entry)).state == "sent"


async def test_read_only_profile_refuses_writes(make_service):
    import pytest

    from fstui.service.errors import ReadOnlyError

    service = await make_service()
    service.set_read_only(True)
    with pytest.raises(ReadOnlyError):
        service.reply(1, "x")
    assert service.outbox.entries() == []


async def test_me_and_names(make_service):
    from fstui.sandbox import DEMO_AGENT_EMAIL

    service = await make_service()
    me = await service.me()
    assert me is not None and me.email == DEMO_AGENT_EMAIL
    agents = await service.agents()
    assert service.agent_name(agents[0].id) == agents[0].name
    calls = service.stats.api_calls
    await service.agents()
    assert service.stats.api_calls == calls


async def test_current_reads_answer_only_when_no_server_call_is_needed(make_service):
    """current_ticket / current_conversations / current_queue_page: what the UI may show within a key
    press. They never call the server, and answer None whenever the async read would have to."""
    service = await make_service()
    view = QueueView()
    [page] = await collect(service.queue_page(view, 1))
    tid = page.value.tickets[0].id
    assert service.current_conversations(tid) is None  # never fetched: the server must be asked
    assert service.current_queue_page(view, 2) is None
    calls = service.stats.api_calls
    ticket = service.current_ticket(tid)  # the queue list carried it moments ago
    assert ticket is not None and ticket.fresh and ticket.value.id == tid
    await collect(service.conversations(tid))
    await collect(service.queue_page(view, 2))
    calls = service.stats.api_calls
    thread = service.current_conversations(tid)
    assert thread is not None and thread.fresh
    assert [c.id for c in thread.value] == [c.id for c in (await collect(service.conversations(tid)))[0].value]
    second = service.current_queue_page(view, 2)
    assert second is not None and second.value.page == 2 and second.value.tickets
    assert service.current_queue_page(view, 1) is None  # page 1 goes through queue_page (a reload)
    assert service.stats.api_calls == calls


async def test_current_reads_step_aside_once_the_copy_is_old(make_service):
    service = await make_service(volatile_ttl=0.05, queue_ttl=0.05)
    view = QueueView()
    [page] = await collect(service.queue_page(view, 1))
    tid = page.value.tickets[0].id
    await collect(service.conversations(tid))
    await collect(service.queue_page(view, 2))
    await asyncio.sleep(0.1)
    assert service.current_ticket(tid) is None
    assert service.current_conversations(tid) is None
    assert service.current_queue_page(view, 2) is None

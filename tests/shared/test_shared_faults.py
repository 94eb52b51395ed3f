"""Redis killed mid-session, slow (stopped), restarted: the agent goes on with its local cache and own
budget, the status says so, and it rejoins the team when Redis is back."""

from __future__ import annotations

import asyncio

from fstui.service.events import SharedChanged

from .conftest import control, last, open_agent, recent_view, until_sent

RECENT = recent_view()


async def _until(predicate, what: str, tries: int = 300) -> None:
    for _ in range(tries):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"never: {what}")


async def test_redis_killed_mid_session_then_restarted(asgi, redis_server, agents):
    a = await agents("a")
    b = await agents("b")
    events: list[SharedChanged] = []
    b.subscribe(lambda e: events.append(e) if isinstance(e, SharedChanged) else None)
    page = (await last(a.queue_page(RECENT))).value
    redis_server.kill()
    # b's reads still work: the server answers, Redis is left aside
    page_b = (await last(b.queue_page(RECENT))).value
    tid = page_b.tickets[0].id
    convs = (await last(b.conversations(tid))).value
    assert [t.id for t in page_b.tickets] == [t.id for t in page.tickets]
    assert convs is not None
    assert not b.shared.joined
    assert events and events[-1].joined is False and "local cache" in events[-1].message
    # writes go on too (own budget), through the outbox
    entry = b.note(tid, "<div>while Redis is down</div>", private=True)
    await until_sent(b, entry)  # without Redis
    redis_server.start()  # same port, empty: a restarted Redis
    await _until(lambda: b.shared.joined, "b rejoining")
    assert events[-1].joined is True
    # shared again: what b fetches now, a reads without credits
    await last(b.conversations(page_b.tickets[5].id, force=True))
    spent = (await control(asgi, "GET", "/_sandbox/stats"))["credits"]
    await last(a.conversations(page_b.tickets[5].id, force=True))
    assert (await control(asgi, "GET", "/_sandbox/stats"))["credits"] == spent


async def test_a_redis_that_stops_answering_is_left_within_its_timeout(asgi, redis_server, agents):
    a = await agents("a", timeout_ms=50)
    await last(a.queue_page(RECENT))
    redis_server.pause()  # connected, but answers nothing (a slow or hung Redis)
    try:
        page = (await last(a.queue_page(RECENT, force=True))).value
        assert page.tickets  # read from the server all the same
        assert not a.shared.joined
    finally:
        redis_server.resume()
    await _until(lambda: a.shared.joined, "rejoining once Redis answers")


async def test_redis_down_at_start_does_not_stop_the_agent(asgi, redis_server, redis_url):
    redis_server.kill()
    try:
        a = await open_agent(asgi, redis_url, "a")
        try:
            assert not a.shared.joined
            page = (await last(a.queue_page(RECENT))).value
            assert page.tickets
        finally:
            await a.close()
    finally:
        redis_server.start()

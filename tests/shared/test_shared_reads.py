"""Shared reads against a real Redis: what one agent fetched, the others read without credits; a change
seen or made by one makes the others fetch again; nothing personal and never the API key in Redis."""

from __future__ import annotations

import asyncio
import base64
import time

import redis

from fstui.sandbox import DEMO_API_KEY
from fstui.service import QueueView

from .conftest import control, last, recent_view, until_sent

RECENT = recent_view()


async def _credits(asgi) -> int:
    return (await control(asgi, "GET", "/_sandbox/stats"))["credits"]


async def test_a_second_agent_reads_the_queue_ticket_and_thread_without_credits(asgi, agents):
    a = await agents("a")
    b = await agents("b")
    page = (await last(a.queue_page(RECENT))).value
    tid = page.tickets[2].id
    await last(a.ticket(tid, force=True))
    convs_a = (await last(a.conversations(tid))).value
    spent = await _credits(asgi)
    page_b = (await last(b.queue_page(RECENT))).value
    ticket_b = (await last(b.ticket(tid, force=True))).value
    convs_b = (await last(b.conversations(tid))).value
    assert await _credits(asgi) == spent  # b paid nothing
    assert [t.id for t in page_b.tickets] == [t.id for t in page.tickets]
    assert ticket_b.subject == page.tickets[2].subject
    assert [c.id for c in convs_b] == [c.id for c in convs_a]
    assert b.shared.backend.stats.get("hits", 0) >= 3


async def test_a_reply_by_one_agent_makes_the_others_read_the_thread_again(asgi, agents):
    a = await agents("a")
    b = await agents("b")
    page = (await last(a.queue_page(RECENT))).value
    tid = page.tickets[0].id
    before = (await last(a.conversations(tid))).value
    await last(b.conversations(tid))  # b holds the shared thread
    entry = a.reply(tid, "<div>Looking into it now</div>")
    await until_sent(a, entry)
    after = (await last(b.conversations(tid, force=True))).value
    assert len(after) == len(before) + 1
    assert "Looking into it now" in (after[-1].body or "")


async def test_personal_views_are_never_shared(asgi, agents):
    a = await agents("a")
    b = await agents("b")
    mine = QueueView(kind="new_and_my_open", order_type="desc")
    await last(a.queue_page(mine))
    spent = await _credits(asgi)
    await last(b.queue_page(mine))
    assert await _credits(asgi) > spent  # b asked the server for its own "my open" tickets


async def test_one_sync_poll_serves_the_team_and_the_next_poll_asks_again(asgi, agents):
    a = await agents("a")
    b = await agents("b")
    page = (await last(a.queue_page(RECENT))).value
    await last(b.queue_page(RECENT))
    await a.sync_now()
    spent = await _credits(asgi)
    await b.sync_now()  # a's poll, moments ago, from no later: b's answer
    assert await _credits(asgi) == spent
    assert b.shared.backend.stats.get("feed_hits") == 1
    tid = page.tickets[0].id
    entry = a.update_ticket(tid, {"priority": 4})
    await until_sent(a, entry)
    changed = await b.sync_now()  # not the same answer again: b asks the server and sees the change
    assert await _credits(asgi) > spent
    assert tid in changed.ids
    assert b.current_ticket(tid).value.priority == 4


async def test_redis_never_holds_the_api_key_drafts_or_the_outbox(asgi, redis_url, agents):
    a = await agents("a")
    page = (await last(a.queue_page(RECENT))).value
    tid = page.tickets[1].id
    await last(a.ticket(tid, force=True))
    await last(a.conversations(tid))
    a.outbox.paused_until = time.monotonic() + 3600  # hold the reply in the outbox
    a.reply(tid, "<div>PENDING-REPLY-TEXT</div>")
    await a.shared.budget.pull()
    r = redis.Redis.from_url(redis_url)
    keys = r.keys("*")
    assert keys
    blob = b"".join(keys) + b"".join(r.dump(k) or b"" for k in keys)
    basic = base64.b64encode(f"{DEMO_API_KEY}:X".encode())
    assert DEMO_API_KEY.encode() not in blob and basic not in blob
    assert b"PENDING-REPLY-TEXT" not in blob
    kinds = {k.decode().split(":")[2] for k in keys}
    assert kinds <= {"r", "seq", "ver", "upd", "cgen", "ledger", "budget", "pause"}


async def test_what_a_key_press_reads_never_waits_on_redis(asgi, agents):
    """The screens' synchronous reads (current_*, cached_*) use the local cache only."""
    a = await agents("a")
    page = (await last(a.queue_page(RECENT))).value
    tid = page.tickets[0].id
    await last(a.conversations(tid))
    calls: list[str] = []
    real = a.shared.backend.call

    async def spy(fn):
        calls.append("redis")
        return await real(fn)

    a.shared.backend.call = spy
    assert a.current_ticket(tid) is not None
    assert a.current_conversations(tid) is not None
    a.current_queue_page(RECENT, 2)
    a.cached_agents()
    a.requester_name(page.tickets[0].requester_id)
    assert calls == []


def test_rediss_urls_use_tls():
    from redis.asyncio.connection import SSLConnection

    from fstui.config_shared import SharedSettings
    from fstui.service.shared import SharedBackend

    backend = SharedBackend(SharedSettings(url="rediss://:pw@redis.example:6380/0"), "https://acme.freshservice.com")
    assert backend.redis.connection_pool.connection_class is SSLConnection
    plain = SharedBackend(SharedSettings(url="redis://127.0.0.1:6379/0"), "https://acme.freshservice.com")
    assert plain.redis.connection_pool.connection_class is not SSLConnection


async def test_a_ticket_whose_answer_moved_its_version_is_still_shared(asgi, agents):
    """A view that is the first to report a ticket's new updated_at serves the others at once."""
    a = await agents("a")
    b = await agents("b")
    await a.client.get_ticket(7)  # first sighting of ticket 7 by the team: its version moves
    spent = await _credits(asgi)
    assert (await b.client.get_ticket(7)).id == 7
    assert await _credits(asgi) == spent


async def test_the_outbox_look_before_a_resend_asks_the_server_not_the_team(asgi, agents):
    a = await agents("a")
    b = await agents("b")
    tid = (await last(a.queue_page(RECENT))).value.tickets[0].id
    await a.reads.fetch_conversations(tid)
    spent = await _credits(asgi)
    await b.reads.fetch_conversations(tid, shared=False)  # what Writes.reconcile does
    assert await _credits(asgi) == spent + 1


async def test_the_agents_refresh_takes_a_team_answer_only_when_seconds_old(asgi, monkeypatch, agents):
    import fstui.service.reads as reads_module

    a = await agents("a")
    b = await agents("b")
    tid = (await last(a.queue_page(RECENT))).value.tickets[0].id
    await last(a.conversations(tid))
    spent = await _credits(asgi)
    await last(b.conversations(tid, force=True))  # a's answer is moments old: it stands
    assert await _credits(asgi) == spent
    monkeypatch.setattr(reads_module, "REFRESH_MAX_AGE", 0.05)
    await asyncio.sleep(0.1)
    await last(b.conversations(tid, force=True))  # older than the refresh accepts: the server
    assert await _credits(asgi) == spent + 1

"""The shared budget against a real Redis: one budget seen by all, a Retry-After pauses all, and
budget_share holds background calls first, asks before an interactive read, delays writes."""

from __future__ import annotations

import asyncio
import time

import pytest

from fstui.api import errors as api_errors
from fstui.service.core import BACKGROUND_CALL
from fstui.service.shared_budget import ShareSpent, estimate_cost

from .conftest import control, last, recent_view, until_sent

RECENT = recent_view()


def test_estimated_costs_follow_the_reference():
    assert estimate_cost("GET", "/api/v2/tickets", "requester") == 3  # +2 per include on a list
    assert estimate_cost("GET", "/api/v2/tickets/12", "requester,stats") == 3  # +1 per include on one
    assert estimate_cost("GET", "/api/v2/tickets/12/conversations", None) == 1
    assert estimate_cost("POST", "/api/v2/tickets/12/reply", None) == 1


async def test_the_budget_one_agent_read_is_the_budget_every_agent_sees(asgi, agents):
    await control(asgi, "POST", "/_sandbox/plan", {"plan": "growth"})
    a = await agents("a")
    b = await agents("b")
    await last(a.queue_page(RECENT))
    assert b.budget.remaining is None
    await b.shared.budget.pull()
    assert b.budget.total == 200
    assert b.budget.remaining == a.budget.remaining


async def test_a_retry_after_seen_by_one_agent_pauses_all(asgi, agents):
    await control(asgi, "POST", "/_sandbox/plan", {"plan": "starter", "remaining": 0})
    a = await agents("a")
    b = await agents("b")
    a.client.max_retry_wait = 0.0  # a gives up at once instead of waiting the 429 out
    with pytest.raises(api_errors.RateLimited):
        await last(a.queue_page(RECENT))
    await b.shared.budget.pull()
    assert b.budget.retry_after_remaining() > 0  # b waits too, without asking the server
    assert b.prefetch_allowed() == (False, "retry-after")
    requests = (await control(asgi, "GET", "/_sandbox/stats"))["requests"]
    b.client.max_retry_wait = 0.0
    with pytest.raises(api_errors.RateLimited):
        await b.client.get_ticket(1)
    assert (await control(asgi, "GET", "/_sandbox/stats"))["requests"] == requests


async def _fill_share(agent, credits: int, *, age: float = 0.0) -> None:
    """The team's ledger holds `credits` spent `age` seconds ago (as other agents would have)."""
    budget = agent.shared.budget
    redis = agent.shared.backend.redis
    await redis.delete(budget.ledger)
    await redis.zadd(budget.ledger, {f"others:{credits}": int((time.time() - age) * 1000)})
    await budget.pull()


async def test_background_calls_stop_first_and_interactive_reads_ask(asgi, agents):
    await control(asgi, "POST", "/_sandbox/plan", {"plan": "starter"})  # 100 a minute; share 0.5 = 50
    a = await agents("a", share=0.5)
    page = (await last(a.queue_page(RECENT))).value  # learns the total
    await _fill_share(a, 40)  # 40 of 50: above the background part (37), below the share
    assert a.shared.budget.gate() == "share"
    assert a.prefetch_allowed() == (False, "share")
    token = BACKGROUND_CALL.set(True)
    try:
        with pytest.raises(ShareSpent):
            await a.client.get_ticket(page.tickets[0].id)
    finally:
        BACKGROUND_CALL.reset(token)
    await a.client.get_ticket(page.tickets[0].id)  # the agent's own read still goes
    await _fill_share(a, 50)
    asked: list[tuple[float, int]] = []

    async def no(wait: float, cost: int):
        asked.append((wait, cost))
        return None

    a.shared.ask = no
    with pytest.raises(ShareSpent):
        await a.client.get_ticket(page.tickets[1].id)
    assert asked and asked[0][1] == 1 and 0 < asked[0][0] <= 60.5  # until the oldest spend leaves the window

    async def yes(wait: float, cost: int):
        return True

    a.shared.ask = yes
    ticket = await a.client.get_ticket(page.tickets[1].id)
    assert ticket.id == page.tickets[1].id


async def test_a_write_over_the_share_is_delayed_not_dropped_and_says_so(asgi, agents):
    await control(asgi, "POST", "/_sandbox/plan", {"plan": "starter"})
    a = await agents("a", share=0.5)
    page = (await last(a.queue_page(RECENT))).value
    await _fill_share(a, 50, age=59.0)  # the share frees up in about a second
    entry = a.note(page.tickets[0].id, "<div>held by the share</div>", private=True)
    for _ in range(100):
        if a.outbox.get(entry.id).error:
            break
        await asyncio.sleep(0.02)
    held = a.outbox.get(entry.id)
    assert held.state == "pending"  # kept, to be sent once the share frees up
    assert held.error == "Team budget share in use"
    assert any("Writes delayed" in n for n in a.notices)
    await until_sent(a, entry)


async def test_a_read_during_a_team_members_retry_after_waits_it_out_then_reads(asgi, agents):
    a = await agents("a")
    page = (await last(a.queue_page(RECENT))).value
    await a.shared.backend.redis.set(a.shared.budget.pause, int(time.time() * 1000) + 300, px=300)
    ticket = await a.client.get_ticket(page.tickets[0].id)  # not refused: it waits, then reads
    assert ticket.id == page.tickets[0].id
    assert a.shared.backend.stats.get("paused") == 1

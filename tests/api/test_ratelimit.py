"""The rate budget and 429 handling."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from fstui.api import errors as E
from fstui.api.ratelimit import RateBudget, parse_retry_after

from .conftest import FakeClock, reference


def limited(retry_after: str | None = "7", **extra) -> httpx.Response:
    headers = {"X-RateLimit-Total": "100", "X-RateLimit-Remaining": "0",
               "X-RateLimit-Used-CurrentRequest": "1", **extra}
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    return httpx.Response(429, json={"description": "Rate limit exceeded"}, headers=headers)


def good(data, remaining="99", used="1") -> httpx.Response:
    return httpx.Response(200, json=data, headers={
        "X-RateLimit-Total": "100", "X-RateLimit-Remaining": remaining,
        "X-RateLimit-Used-CurrentRequest": used})


def test_budget_update_and_notify():
    clock = FakeClock()
    budget = RateBudget(clock=clock)
    seen = []
    unsubscribe = budget.subscribe(lambda b: seen.append((b.total, b.remaining, b.last_cost)))
    assert budget.fraction_remaining() is None and budget.retry_after_remaining() == 0
    budget.update({"x-ratelimit-total": "3000", "X-Ratelimit-Remaining": "998",
                   "X-RateLimit-Used-CurrentRequest": "3"})
    assert (budget.total, budget.remaining, budget.last_cost) == (3000, 998, 3)
    assert budget.fraction_remaining() == pytest.approx(998 / 3000)
    budget.update({"Retry-After": "1521"})
    assert budget.retry_after_remaining() == 1521
    clock.now += 1000
    assert budget.retry_after_remaining() == 521
    clock.now += 600
    assert budget.retry_after_remaining() == 0
    budget.update({"Content-Type": "application/json"})  # nothing new: no notification
    assert len(seen) == 2
    unsubscribe()
    budget.update({"X-RateLimit-Remaining": "1"})
    assert len(seen) == 2


def test_broken_subscriber_does_not_break_update():
    budget = RateBudget()
    budget.subscribe(lambda b: 1 / 0)
    budget.update({"X-RateLimit-Remaining": "5"})
    assert budget.remaining == 5


def test_retry_after_http_date():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("garbage") is None and parse_retry_after("-5") == 0.0


async def test_every_response_updates_budget_and_counters(client, server):
    server.reply(good(reference("ticket_view"), remaining="90", used="3"),
                 httpx.Response(404, json={}, headers={"X-RateLimit-Remaining": "89",
                                                        "X-RateLimit-Used-CurrentRequest": "1"}))
    await client.get_ticket(1, include=["stats"])
    assert client.budget.remaining == 90 and client.budget.last_cost == 3
    with pytest.raises(E.NotFound):
        await client.get_ticket(2)
    assert client.budget.remaining == 89 and client.budget.last_cost == 1
    assert client.calls == 2 and client.credits == 4


async def test_read_waits_retry_after_then_retries(client, server, clock):
    server.reply(limited("7"), limited("2"), good(reference("ticket_view")))
    ticket = await client.get_ticket(266)
    assert ticket.id == 266
    assert clock.sleeps == [7.0, 2.0]
    assert len(server.requests) == 3 and client.calls == 3


async def test_read_gives_up_after_max_retries(make_client, server, clock):
    client = make_client(max_retries=2)
    server.reply(limited("1"), limited("1"), limited("1"), good(reference("ticket_view")))
    with pytest.raises(E.RateLimited) as info:
        await client.get_ticket(1)
    assert info.value.retry_after == 1.0 and len(server.requests) == 3
    await client.aclose()


async def test_read_does_not_wait_beyond_the_bound(make_client, server, clock):
    client = make_client(max_retry_wait=60)
    server.reply(limited("3600"))
    with pytest.raises(E.RateLimited) as info:
        await client.list_tickets()
    assert info.value.retry_after == 3600 and clock.sleeps == []
    await client.aclose()


async def test_write_raises_rate_limited_without_retry(client, server, clock):
    server.reply(limited("30"))
    with pytest.raises(E.RateLimited) as info:
        await client.create_reply(1, "hello")
    assert info.value.retry_after == 30 and info.value.status == 429
    assert len(server.requests) == 1 and clock.sleeps == []
    # While the server's wait is pending, a write is not even sent.
    with pytest.raises(E.RateLimited) as info:
        await client.create_note(1, "hello")
    assert len(server.requests) == 1 and 0 < info.value.retry_after <= 30
    # A read waits for it first.
    server.reply(good(reference("ticket_view")))
    await client.get_ticket(1)
    assert clock.sleeps == [30.0]


async def test_429_without_retry_after_uses_a_default(client, server, clock):
    server.reply(limited(None), good(reference("ticket_view")))
    await client.get_ticket(1)
    assert clock.sleeps and clock.sleeps[0] > 0


async def test_wait_is_cancellable(make_client, server):
    client = make_client(sleep=asyncio.sleep)  # real sleep, to cancel it
    server.reply(limited("30"), good(reference("ticket_view")))
    task = asyncio.create_task(client.get_ticket(1))
    await asyncio.sleep(0.05)
    assert not task.done()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(server.requests) == 1
    await client.aclose()

"""Reads recover by themselves (issue 13 §5): a GET that meets a 5xx or a dropped connection is sent again
with backoff and jitter (Retry-After honoured), a few times, within the rate budget, then says so.
Writes are never retried here (the outbox looks first)."""

from __future__ import annotations

import httpx
import pytest

from fstui.api import errors as E
from tests.api.conftest import FakeServer


@pytest.fixture
def server():
    return FakeServer()


def client_on(server, sleeps):
    from fstui.api.client import FreshserviceClient

    async def sleep(seconds):
        sleeps.append(seconds)

    return FreshserviceClient("https://acme.freshservice.com", api_key="k", sleep=sleep,
                              transport=httpx.MockTransport(server.handler))


def ticket(tid=1):
    return httpx.Response(200, json={"ticket": {"id": tid, "subject": "s"}},
                          headers={"X-RateLimit-Total": "100", "X-RateLimit-Remaining": "90"})


def dropped(request):
    raise httpx.RemoteProtocolError("peer closed connection", request=request)


async def test_500_then_dropped_then_ok_is_one_successful_read(server):
    sleeps: list[float] = []
    server.reply(httpx.Response(500, json={}), dropped, ticket())
    got = await client_on(server, sleeps).get_ticket(1)
    assert got.id == 1 and len(server.requests) == 3
    assert len(sleeps) == 2 and 0 <= sleeps[0] <= 0.5 and 0 <= sleeps[1] <= 1.0  # backoff with full jitter


async def test_retry_after_on_503_is_honoured(server):
    sleeps: list[float] = []
    server.reply(httpx.Response(503, json={}, headers={"Retry-After": "7"}), ticket())
    await client_on(server, sleeps).get_ticket(1)
    assert len(sleeps) == 1 and 6.9 <= sleeps[0] <= 7.0  # as the server said, not a backoff


async def test_gives_up_after_a_few_and_says_so(server):
    sleeps: list[float] = []
    server.default = httpx.Response(500, json={"description": "boom"})
    with pytest.raises(E.ServerError) as info:
        await client_on(server, sleeps).get_ticket(1)
    assert len(server.requests) == 4 and "(tried 4 times)" in str(info.value)


async def test_no_retry_when_the_budget_is_nearly_spent(server):
    sleeps: list[float] = []
    server.default = httpx.Response(500, json={}, headers={"X-RateLimit-Total": "100", "X-RateLimit-Remaining": "2"})
    with pytest.raises(E.ServerError):
        await client_on(server, sleeps).get_ticket(1)
    assert len(server.requests) == 1


async def test_writes_are_not_retried(server):
    sleeps: list[float] = []
    server.default = httpx.Response(500, json={})
    with pytest.raises(E.ServerError):
        await client_on(server, sleeps).create_note(1, "x")
    assert len(server.requests) == 1

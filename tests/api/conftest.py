"""A scripted fake Freshservice for the client's unit tests (httpx.MockTransport)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from fstui.api.client import FreshserviceClient
from fstui.api.ratelimit import RateBudget

API_KEY = "sk-TEST-SECRET-8c1f2a9b"
BASE = "https://acme.freshservice.com/api/v2"
REFERENCE = Path(__file__).parents[1] / "fixtures" / "reference"


def reference(name: str) -> Any:
    return json.loads((REFERENCE / f"{name}.json").read_text(encoding="utf-8"))


Responder = httpx.Response | Callable[[httpx.Request], httpx.Response] | BaseException


class FakeServer:
    """Answers queued responses in order (then ``default``) and records every request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.queue: list[Responder] = []
        self.default: Responder = httpx.Response(200, json={})

    def reply(self, *responses: Responder) -> FakeServer:
        self.queue.extend(responses)
        return self

    def handler(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        item = self.queue.pop(0) if self.queue else self.default
        if isinstance(item, BaseException):
            raise item
        if callable(item) and not isinstance(item, httpx.Response):
            return item(request)
        return item

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def server() -> FakeServer:
    return FakeServer()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_client(server: FakeServer, clock: FakeClock):
    made: list[FreshserviceClient] = []

    def make(base: str = "https://acme.freshservice.com", **kwargs: Any) -> FreshserviceClient:
        kwargs.setdefault("api_key", API_KEY)
        kwargs.setdefault("transport", httpx.MockTransport(server.handler))
        kwargs.setdefault("budget", RateBudget(clock=clock))
        kwargs.setdefault("sleep", clock.sleep)
        client = FreshserviceClient(base, **kwargs)
        made.append(client)
        return client

    yield make


@pytest.fixture
async def client(make_client) -> FreshserviceClient:
    c = make_client()
    yield c
    await c.aclose()

"""Sandbox tests run in-process over httpx.ASGITransport (fast), with a clock the tests control."""

from __future__ import annotations

import httpx
import pytest

from fstui.sandbox import DEMO_API_KEY
from fstui.sandbox.app import create_app

T0 = 1_767_225_600.0  # 2026-01-01T00:00:00Z


class FakeClock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def app(clock):
    return create_app(seed=1, tickets=2000, clock=clock)


@pytest.fixture
def sb(app, clock):
    """The Sandbox behind the app, reset to the seeded state with the clock back at T0."""
    clock.now = T0
    sandbox = app.state.sandbox
    sandbox.reset()
    return sandbox


@pytest.fixture
async def client(app, sb):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test",
                                 auth=(DEMO_API_KEY, "X")) as c:
        yield c


@pytest.fixture
async def anon(app, sb):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test") as c:
        yield c

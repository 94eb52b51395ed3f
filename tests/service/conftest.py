"""Helpers for the service tests: a DataService wired to the test sandbox with short timeouts."""

from __future__ import annotations

import contextlib

import httpx
import pytest

from fstui.config import Profile
from fstui.service.data import ServiceConfig

FAST = dict(
    sync_enabled=False,
    cursor_debounce=0.05,
    offline_backoff_base=0.05,
    offline_backoff_max=0.2,
    outbox_backoff_base=0.02,
    outbox_backoff_max=0.1,
    outbox_lease_seconds=30.0,
    landing_window=0.0,  # = reconcile_grace (tests that study late landings set their own)
)


class Control:
    """The sandbox's control endpoints (faults, plan, stats)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def post(self, path: str, body: dict) -> dict:
        r = httpx.post(f"{self.base_url}/_sandbox/{path}", json=body, timeout=5)
        r.raise_for_status()
        return r.json()

    def faults(self, **kw) -> dict:
        return self.post("faults", kw)

    def plan(self, **kw) -> dict:
        return self.post("plan", kw)

    def stats(self) -> dict:
        r = httpx.get(f"{self.base_url}/_sandbox/stats", timeout=5)
        r.raise_for_status()
        return r.json()


@pytest.fixture
def control(sandbox_url):
    ctl = Control(sandbox_url)
    yield ctl
    with contextlib.suppress(Exception):
        ctl.faults()


@pytest.fixture
async def make_service(sandbox_url):
    """async make_service(**config) -> DataService (closed at teardown)."""
    from fstui.api.client import FreshserviceClient
    from fstui.sandbox import DEMO_AGENT_EMAIL, DEMO_API_KEY
    from fstui.service.factory import open_service

    opened = []

    async def make(timeout: float = 2.0, profile_name: str = "test", **overrides):
        config = ServiceConfig(**{**FAST, **overrides})
        client = FreshserviceClient(sandbox_url, api_key=DEMO_API_KEY, timeout=timeout, max_retry_wait=5.0)
        profile = Profile(name=profile_name, url=sandbox_url, api_key=DEMO_API_KEY, email=DEMO_AGENT_EMAIL)
        service = await open_service(profile, config=config, client=client)
        opened.append(service)
        return service

    yield make
    for service in opened:
        with contextlib.suppress(Exception):
            await service.close()


async def collect(iterator):
    return [item async for item in iterator]


"""Contract tests: the real client against the real sandbox over loopback HTTP.

Uses the shared ``sandbox`` / ``sandbox_url`` fixtures of tests/conftest.py (engineer B's; one
session-scoped SandboxServer, reset before each test). Falls back to a SandboxServer of our own
when they are not there, and skips when the sandbox cannot be imported.
"""

from __future__ import annotations

import httpx
import pytest

from fstui.api.client import FreshserviceClient
from fstui.api.ratelimit import RateBudget


@pytest.fixture(scope="session")
def _own_sandbox():
    try:
        from fstui.sandbox.server import SandboxServer
    except ImportError:
        pytest.skip("fstui.sandbox.server is not available yet")
    server = SandboxServer(tickets=300)
    server.start()
    yield server
    server.stop()


class Control:
    """The sandbox's control endpoints (/_sandbox/...)."""

    def __init__(self, root: str) -> None:
        self.root = root.rstrip("/")
        if self.root.endswith("/api/v2"):
            self.root = self.root[: -len("/api/v2")]

    def post(self, what: str, body: dict | None = None) -> dict:
        r = httpx.post(f"{self.root}/_sandbox/{what}", json=body or {}, timeout=10)
        r.raise_for_status()
        return r.json()

    def stats(self) -> dict:
        r = httpx.get(f"{self.root}/_sandbox/stats", timeout=10)
        r.raise_for_status()
        return r.json()


@pytest.fixture
def sandbox_env(request):
    """(base url, SandboxServer) — B's fixtures when present, else our own server, reset."""
    try:
        url = request.getfixturevalue("sandbox_url")
        server = request.getfixturevalue("sandbox")
    except pytest.FixtureLookupError:
        server = request.getfixturevalue("_own_sandbox")
        url = server.url
        Control(url).post("reset")
    return url, server


@pytest.fixture
def control(sandbox_env) -> Control:
    return Control(sandbox_env[0])


class SandboxSleep:
    """Injected into the client: instead of sleeping, move the sandbox's clock forward."""

    def __init__(self, control: Control) -> None:
        self.control = control
        self.sleeps: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.control.post("clock", {"advance": seconds})


@pytest.fixture
def sleeper(control) -> SandboxSleep:
    return SandboxSleep(control)


@pytest.fixture
async def api(sandbox_env, sleeper):
    url, server = sandbox_env
    clock_now = [0.0]
    budget = RateBudget(clock=lambda: clock_now[0])
    orig = sleeper.__call__

    async def sleep(seconds: float) -> None:
        await orig(seconds)
        clock_now[0] += seconds

    client = FreshserviceClient(url, api_key=server.api_key, budget=budget, sleep=sleep,
                                timeout=10.0)
    yield client
    await client.aclose()

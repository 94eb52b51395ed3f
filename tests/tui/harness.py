"""Build the real app on the real DataService talking to an in-process sandbox (fixed seed, frozen clock).

The sandbox runs as an ASGI app behind httpx's ASGITransport, so there are no sockets and no threads;
"now" is frozen both in the sandbox and in the app, so relative times and snapshots are deterministic.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import httpx

from fstui.config import Profile

FROZEN = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
FROZEN_EPOCH = FROZEN.timestamp()


def frozen_clock() -> datetime:
    return FROZEN


def make_sandbox(*, tickets: int = 200, seed: int = 1, faults: Any = None):
    from fstui.sandbox import DEMO_API_KEY
    from fstui.sandbox.app import create_app

    return create_app(seed=seed, tickets=tickets, clock=lambda: FROZEN_EPOCH, faults=faults, api_key=DEMO_API_KEY)


async def open_service(asgi_app: Any = None, *, base_url: str | None = None, config: Any = None, read_only: bool = False):
    """A DataService on the sandbox: in-process (asgi_app) or over HTTP (base_url of a SandboxServer)."""
    from fstui.api.client import FreshserviceClient
    from fstui.sandbox import DEMO_AGENT_EMAIL, DEMO_API_KEY
    from fstui.service import ServiceConfig
    from fstui.service.factory import open_service as factory_open

    config = config or ServiceConfig(sync_enabled=False, cursor_debounce=0.0, outbox_backoff_base=0.05,
                                     outbox_backoff_max=0.2)
    if asgi_app is not None:
        client = FreshserviceClient("http://127.0.0.1:9", api_key=DEMO_API_KEY,
                                    transport=httpx.ASGITransport(app=asgi_app))
    else:
        client = FreshserviceClient(base_url, api_key=DEMO_API_KEY)
    profile = Profile(name="test", url="http://127.0.0.1:9", email=DEMO_AGENT_EMAIL, read_only=read_only)
    return await factory_open(profile, config=config, client=client)


def quiet_config():
    """No background prefetch or sync: every API call is one the user caused (snapshots, screenshots)."""
    from fstui.service import ServiceConfig

    return ServiceConfig(sync_enabled=False, prefetch_cursor=False, prefetch_next_page=False, prefetch_next_rows=0,
                         cursor_debounce=0.0, outbox_backoff_base=0.05, outbox_backoff_max=0.2)


def make_app(asgi_app: Any = None, *, base_url: str | None = None, read_only: bool = False, config: Any = None,
             **kwargs: Any):
    from fstui.tui.app import FstuiApp

    profile = Profile(name="test", demo=True, read_only=read_only)

    async def factory():
        return await open_service(asgi_app, base_url=base_url, read_only=read_only, config=config)

    return FstuiApp(service_factory=factory, profile=profile, clock=frozen_clock, **kwargs)


async def wait_for(pilot: Any, predicate, timeout: float = 10.0) -> None:
    """Let the app run until ``predicate()`` holds (workers, sandbox calls and messages settle)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)


async def wait_for_notice(pilot: Any, app: Any, words: str, timeout: float = 10.0) -> str:
    """The first notification holding ``words``, once the app has shown it (a toast is a message the app handles
    in turn, so it can land a moment after the screen a test waits for)."""
    found: list[str] = []

    def shown() -> bool:
        found[:] = [str(n.message) for n in app._notifications if words in str(n.message)]
        return bool(found)

    await wait_for(pilot, shown, timeout)
    return found[0]


def answer_me_with(asgi_app: Any, status: int) -> None:
    """The sandbox's GET /agents/me answers ``status`` instead of the agent (404: the route is gone, as on an
    account without it; 403: access denied; 5xx: a server error)."""
    from fstui.sandbox.app import Resp

    sandbox = asgi_app.state.sandbox
    if status == 404:
        sandbox.routes = [r for r in sandbox.routes if r.template != "/api/v2/agents/me"]
        return
    body = ({"code": "access_denied", "message": "You are not authorized to perform this action."}
            if status == 403 else {"code": "internal_error", "message": "Something went wrong"})
    for route in sandbox.routes:
        if route.template == "/api/v2/agents/me":
            route.methods = {"GET": lambda ctx: Resp(status, body)}

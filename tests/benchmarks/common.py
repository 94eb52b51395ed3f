"""Shared pieces of the benchmarks: an in-process sandbox, the real app on the real DataService, waits.

The sandbox runs as an ASGI app behind httpx's ASGITransport (no sockets, no threads), with the real
clock so that the service's incremental sync and "recent" (30-day) view behave as on a live account.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
from collections.abc import Callable
from typing import Any

import httpx

BENCH_SIZE = (120, 40)


def isolate_dirs(prefix: str = "fstui-bench-") -> str:
    """Point config/cache/data at a fresh temp dir (never the developer's own files); returns it."""
    root = tempfile.mkdtemp(prefix=prefix)
    os.environ["FSTUI_CONFIG_DIR"] = os.path.join(root, "config")
    os.environ["FSTUI_CACHE_DIR"] = os.path.join(root, "cache")
    os.environ["FSTUI_DATA_DIR"] = os.path.join(root, "data")
    os.environ["TEXTUAL_CURSOR_BLINK"] = "0"
    os.environ.pop("FRESHSERVICE_API_KEY", None)
    return root


def make_sandbox(*, tickets: int, seed: int = 1) -> Any:
    from fstui.sandbox import DEMO_API_KEY
    from fstui.sandbox.app import create_app

    return create_app(seed=seed, tickets=tickets, api_key=DEMO_API_KEY)


def asgi_client(asgi_app: Any):
    """A FreshserviceClient talking to the in-process sandbox."""
    from fstui.api.client import FreshserviceClient
    from fstui.sandbox import DEMO_API_KEY

    return FreshserviceClient("http://127.0.0.1:9", api_key=DEMO_API_KEY,
                              transport=httpx.ASGITransport(app=asgi_app))


async def control(asgi_app: Any, method: str, path: str, json: Any = None) -> dict:
    """Call a /_sandbox control endpoint (stats, reset, plan, ...)."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi_app), base_url="http://127.0.0.1:9") as c:
        response = await c.request(method, path, json=json)
        response.raise_for_status()
        return response.json()


async def sandbox_stats(asgi_app: Any) -> dict:
    return await control(asgi_app, "GET", "/_sandbox/stats")


def make_app(asgi_app: Any, *, config: Any = None, profile_name: str = "bench"):
    """The real FstuiApp on the real DataService (production ServiceConfig unless given)."""
    from fstui.config import Profile
    from fstui.sandbox import DEMO_AGENT_EMAIL
    from fstui.service.factory import open_service
    from fstui.tui.app import FstuiApp

    profile = Profile(name=profile_name, url="http://127.0.0.1:9", email=DEMO_AGENT_EMAIL)

    async def factory():
        return await open_service(profile, config=config, client=asgi_client(asgi_app))

    return FstuiApp(service_factory=factory, profile=profile)


async def wait_for(pilot: Any, predicate: Callable[[], bool], timeout: float = 30.0, what: str = "the app") -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await pilot.pause(0.01)


def queue_screen(app: Any):
    from fstui.tui.screens.queue import TicketQueueScreen

    screen = app.screen
    return screen if isinstance(screen, TicketQueueScreen) else None


async def wait_queue(pilot: Any, app: Any, rows: int = 1, timeout: float = 60.0) -> Any:
    await wait_for(pilot, lambda: queue_screen(app) is not None and len(queue_screen(app).shown_ids) >= rows,
                   timeout, f"the queue to show {rows} rows")
    return queue_screen(app)


async def wait_outbox_empty(pilot: Any, app: Any, timeout: float = 30.0) -> None:
    outbox = app.service.outbox
    await wait_for(pilot, lambda: outbox.pending_count() == 0 and not any(
        e.state in ("pending", "sending") for e in outbox.entries(include_sent=False)), timeout, "the outbox to drain")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100.0
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


class RequestLog:
    """ASGI wrapper that records every /api/v2 request in order (method, path?query) for diagnosis."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.state = app.state
        self.entries: list[str] = []
        self.mark = ""

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and scope.get("path", "").startswith("/api/v2"):
            query = scope.get("query_string", b"").decode()
            self.entries.append(f"{self.mark}{scope['method']} {scope['path']}{'?' + query if query else ''}")
        await self.app(scope, receive, send)


class SandboxProcess:
    """A SandboxServer in its own process (so its CPU and memory are not the app's), over loopback HTTP."""

    def __init__(self, *, tickets: int, seed: int = 1) -> None:
        import subprocess
        import sys

        code = (
            "import sys\n"
            "from fstui.sandbox.server import SandboxServer\n"
            f"s = SandboxServer(seed={seed}, tickets={tickets}, port=0)\n"
            "print(s.start(), flush=True)\n"
            "sys.stdin.read()\n"
            "s.stop()\n"
        )
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http"):
            self.close()
            raise RuntimeError("the sandbox process did not start")
        # a large budget: the benchmarks page through tens of thousands of tickets
        httpx.post(f"{self.url}/_sandbox/plan", json={"plan": "estate", "total": 10_000_000}, timeout=30).raise_for_status()

    def stats(self) -> dict:
        return httpx.get(f"{self.url}/_sandbox/stats", timeout=30).json()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except Exception:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> "SandboxProcess":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def make_http_app(url: str, *, config: Any = None, profile_name: str = "bench"):
    """The real app over loopback HTTP to a SandboxServer (e.g. a SandboxProcess)."""
    from fstui.api.client import FreshserviceClient
    from fstui.config import Profile
    from fstui.sandbox import DEMO_AGENT_EMAIL, DEMO_API_KEY
    from fstui.service.factory import open_service
    from fstui.tui.app import FstuiApp

    profile = Profile(name=profile_name, url=url, email=DEMO_AGENT_EMAIL)

    async def factory():
        return await open_service(profile, config=config, client=FreshserviceClient(url, api_key=DEMO_API_KEY))

    return FstuiApp(service_factory=factory, profile=profile)


ALL_TICKETS_SINCE = "2000-01-01T00:00:00+00:00"
"""A view holding every ticket of the sandbox: updated since long before the seeded history."""


def all_tickets_view():
    from datetime import datetime

    from fstui.service import QueueView

    return QueueView(kind="updated_since", updated_since=datetime.fromisoformat(ALL_TICKETS_SINCE))


async def load_rows(pilot: Any, app: Any, rows: int, timeout: float = 600.0) -> Any:
    """Show the all-tickets view and page it (G: bottom, which loads the next page) until ``rows`` are loaded."""
    queue = await wait_queue(pilot, app, 1)
    queue.set_view(all_tickets_view())
    wanted = all_tickets_view()  # shown in the session's workspaces (set_view scopes every view)
    await wait_for(pilot, lambda: (queue.view.kind, queue.view.updated_since) == (wanted.kind, wanted.updated_since)
                   and len(queue.shown_ids) > 0, 60, "the view")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while len(queue.shown_ids) < rows:
        if loop.time() > deadline:
            raise TimeoutError(f"loaded only {len(queue.shown_ids)} rows")
        before = len(queue.shown_ids)
        if not queue.has_next:
            raise RuntimeError(f"the view ended at {before} rows")
        await pilot.press("G")
        await wait_for(pilot, lambda: len(queue.shown_ids) > before, 60, "the next page")
    return queue

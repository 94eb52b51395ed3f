"""The server stops mid-session and comes back: reads show the cached copy meanwhile and recover by
themselves, writes queued during the outage are delivered once when it is back."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from tests.reliability.soak import server_bodies


async def restart_session(down_seconds: float = 1.0, writes: int = 4) -> dict[str, Any]:
    from fstui.api.client import FreshserviceClient
    from fstui.config import Profile
    from fstui.sandbox import DEMO_API_KEY
    from fstui.sandbox.server import SandboxServer
    from fstui.service import QueueView, ServiceConfig
    from fstui.service.factory import open_service

    server = SandboxServer(tickets=200)
    url = await asyncio.to_thread(server.start)
    config = ServiceConfig(sync_enabled=True, sync_interval=0.5, offline_backoff_base=0.2, offline_backoff_max=0.5,
                           outbox_backoff_base=0.1, outbox_backoff_max=0.5, reconcile_grace=0.5, landing_window=1.0)
    client = FreshserviceClient(url, api_key=DEMO_API_KEY, timeout=2.0)
    service = await open_service(Profile(name="restart", url=url, api_key=DEMO_API_KEY), config=config, client=client)
    marker = f"restart-{int(time.time() * 1000)}"
    try:
        pages = [p async for p in service.queue_page(QueueView(), 1)]
        tickets = [t.id for t in pages[-1].value.tickets[:writes]]
        await asyncio.to_thread(server.stop)
        stopped = time.monotonic()
        # a read during the outage: the cached copy, marked stale (no error)
        during = [p async for p in service.queue_page(QueueView(), 1, force=True)]
        stale_read = bool(during) and all(not p.fresh for p in during)
        for i, tid in enumerate(tickets):
            service.reply(tid, f"{marker} {i}")
        await asyncio.sleep(max(0.0, down_seconds - (time.monotonic() - stopped)))
        await asyncio.to_thread(server.start)
        back = time.monotonic()
        while any(e.is_open for e in service.outbox.entries(include_sent=False)):
            if time.monotonic() - back > 30:
                break
            await asyncio.sleep(0.05)
        delivered_after = time.monotonic() - back
        after = [p async for p in service.queue_page(QueueView(), 1, force=True)]
        found = await asyncio.to_thread(server_bodies, url, tuple(tickets), marker)
        return {"writes": len(tickets), "delivered": sum(1 for n in found.values() if n >= 1),
                "duplicated": sum(1 for n in found.values() if n > 1), "stale_read_during_outage": stale_read,
                "fresh_read_after": bool(after) and after[-1].fresh, "seconds_to_deliver": delivered_after,
                "down_seconds": down_seconds}
    finally:
        await service.close()
        await asyncio.to_thread(server.stop)

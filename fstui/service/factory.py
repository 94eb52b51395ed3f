"""Build a DataService from a Profile (the one place that wires client, store, outbox, sandbox)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from fstui import locations
from fstui.service.data import DataService, ServiceConfig
from fstui.service.outbox import Outbox
from fstui.service.store import Store, account_slug, secure_dir

if TYPE_CHECKING:
    from fstui.config import Profile


async def open_service(profile: "Profile", *, config: ServiceConfig | None = None,
                       client: Any = None) -> DataService:
    """Open the store and outbox off the event loop's thread, build the client, start the tasks.

    A demo profile starts the embedded sandbox (stopped again by ``service.close()``).
    """
    from fstui.api.client import FreshserviceClient, normalize_base_url

    config = config or ServiceConfig()
    sandbox = None
    if client is not None:
        base_url = client.base_url
        agent_email = profile.email
    elif profile.demo:
        from fstui.sandbox.server import SandboxServer

        sandbox = SandboxServer()
        base_url = await asyncio.to_thread(sandbox.start)
        agent_email = sandbox.agent_email
        client = FreshserviceClient(base_url, api_key=sandbox.api_key, timeout=config.request_timeout)
    else:
        base_url = normalize_base_url(domain=profile.domain, url=profile.url)
        agent_email = profile.email
        if profile.api_key:
            client = FreshserviceClient(base_url, api_key=profile.api_key, timeout=config.request_timeout)
        else:
            client = FreshserviceClient(base_url, email=profile.email, password=profile.password,
                                        timeout=config.request_timeout)

    # One directory per account; the demo's sandbox port changes on every start, so it is keyed "demo".
    slug = account_slug(profile.name, "demo" if profile.demo else base_url)
    try:
        store = await asyncio.to_thread(Store.open, locations.cache_dir() / slug)
        notices = list(store.notices)
        await asyncio.to_thread(secure_dir, locations.data_dir() / slug)
        outbox = await asyncio.to_thread(
            Outbox,
            locations.data_dir() / slug / "outbox",
            notices=notices,
            lease_seconds=config.outbox_lease_seconds,
            backoff_base=config.outbox_backoff_base,
            backoff_max=config.outbox_backoff_max,
            reconcile_grace=_reconcile_grace(config, client),
        )
    except BaseException:
        await client.aclose()
        if sandbox is not None:
            await asyncio.to_thread(sandbox.stop)
        raise

    team = None
    if getattr(profile, "shared", None) is not None:
        try:
            from fstui.service.shared_team import Team

            team = Team(profile.shared, base_url, client, config)
        except ImportError:  # the optional client is missing: the agent goes on alone, and is told
            notices.append("This profile sets `shared`, but the Redis client is not installed "
                           "(pip install 'fstui[team]'): using the local cache and this process's budget.")

    async def on_close() -> None:
        if team is not None:
            await team.close()
        if sandbox is not None:
            await asyncio.to_thread(sandbox.stop)

    service = DataService(client, store, outbox, profile=profile, config=config, agent_email=agent_email,
                          notices=notices, on_close=on_close)
    service.sandbox = sandbox  # type: ignore[attr-defined]
    service.shared = team  # type: ignore[attr-defined]
    if team is not None:
        await team.start(service.core)
    service.start()
    return service


def _reconcile_grace(config: ServiceConfig, client: Any) -> float:
    """No answer after the client's read timeout means the server is done with the request."""
    if config.reconcile_grace is not None:
        return config.reconcile_grace
    timeout = getattr(client, "reconcile_after", None) or config.request_timeout or 30.0
    return float(timeout) + 1.0

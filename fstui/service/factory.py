"""Build a DataService from a Profile (the one place that wires client, store, outbox, sandbox)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
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

        # one demo account, kept between runs in the data directory (fstui --demo-reset starts it afresh)
        state_path = demo_state_path(profile)
        if not state_path.exists():  # a fresh demo account never meets the cache of an earlier one
            await asyncio.to_thread(shutil.rmtree, locations.cache_dir() / demo_slug(profile), True)
        sandbox = SandboxServer(state_path=state_path)
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
        # the top-level directories name the accounts (one sub-directory each): private too
        await asyncio.to_thread(secure_roots)
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
            landing_window=_landing_window(config, client),
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


def demo_slug(profile: "Profile") -> str:
    """The demo desk's directory name under the cache and data directories."""
    return account_slug(profile.name, "demo")


def demo_state_path(profile: "Profile") -> Path:
    """The file that keeps the demo desk's account between runs (fstui.sandbox.persist)."""
    return locations.data_dir() / demo_slug(profile) / "sandbox.json"


def outbox_dir(profile: "Profile") -> Path:
    """The account's outbox directory (data_dir()/<account>/outbox), as open_service uses it."""
    from fstui.api.urls import normalize_base_url

    account = "demo" if profile.demo else normalize_base_url(domain=profile.domain, url=profile.url)
    return locations.data_dir() / account_slug(profile.name, account) / "outbox"


def secure_roots() -> None:
    """The cache, data and drafts top-level directories, created private (0700) or made so."""
    for root in (locations.cache_dir(), locations.data_dir(), locations.data_dir() / "drafts"):
        secure_dir(root)


def _landing_window(config: ServiceConfig, client: Any) -> float:
    """How long after it was sent a request may still land (see fstui.service.outbox)."""
    if config.landing_window is not None:
        return config.landing_window
    timeout = getattr(client, "http_timeout", None)  # the real client's, read without making its httpx client
    if timeout is None:
        timeout = getattr(getattr(client, "_http", None), "timeout", None)
    read = getattr(timeout, "read", None) or config.request_timeout or 30.0
    return max(120.0, 4 * float(read), _reconcile_grace(config, client))


def _reconcile_grace(config: ServiceConfig, client: Any) -> float:
    """No answer after the client's read timeout means the server is done with the request."""
    if config.reconcile_grace is not None:
        return config.reconcile_grace
    timeout = getattr(client, "reconcile_after", None) or config.request_timeout or 30.0
    return float(timeout) + 1.0

"""Team: the shared backend of one profile wired into one DataService (factory.py builds it).

- shared reads: the client's httpx transport is wrapped (shared_reads.SharedTransport), so every
  read and write of the client passes through the team's cache, budget and ticket versions;
- the shared budget (shared_budget.SharedBudget) gates background calls through the core's
  ``share_gate`` and pulls the team's budget and pauses into the client's RateBudget;
- SharedChanged events reach the status bar through the core's listeners.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fstui.config_shared import SharedSettings
from fstui.service.config import ServiceConfig
from fstui.service.shared import SharedBackend
from fstui.service.shared_budget import Ask, SharedBudget
from fstui.service.shared_reads import SharedTransport, SharedTtls

if TYPE_CHECKING:
    from fstui.service.core import ServiceCore


class Team:
    """Holds the backend and budget; `joined` says whether this process is with the team right now."""

    def __init__(self, settings: SharedSettings, base_url: str, client: Any, config: ServiceConfig, *,
                 redis_client: Any = None) -> None:
        self.settings = settings
        self._core: "ServiceCore | None" = None
        self.backend = SharedBackend(settings, base_url, emit=self._emit, redis_client=redis_client)
        self.budget = SharedBudget(self.backend, client.budget, share=settings.budget_share,
                                   window=settings.budget_window, notice=self._notice)
        ttls = SharedTtls(queue=config.queue_ttl, ticket=max(config.volatile_ttl, 2.5 * config.sync_interval),
                          lookup=config.lookup_ttl, other=config.volatile_ttl)
        self._wrap(client, ttls)
        self.last_message = ""

    def _wrap(self, client: Any, ttls: SharedTtls) -> None:
        # httpx keeps the transport (and one per proxy mount) on the client; wrapping them keeps the
        # client's own settings (TLS, proxies from the environment, limits) exactly as they were.
        http = client._http
        http._transport = SharedTransport(http._transport, self.backend, self.budget, ttls)
        mounts = getattr(http, "_mounts", None)
        if isinstance(mounts, dict):
            for pattern, transport in list(mounts.items()):
                if transport is not None:
                    mounts[pattern] = SharedTransport(transport, self.backend, self.budget, ttls)

    @property
    def joined(self) -> bool:
        return self.backend.joined

    @property
    def ask(self) -> Ask | None:
        return self.budget.ask

    @ask.setter
    def ask(self, ask: Ask | None) -> None:
        """How to ask the agent before an interactive read goes over fstui's share (the TUI sets it)."""
        self.budget.ask = ask

    async def start(self, core: "ServiceCore") -> None:
        """Join (one PING, within the timeout) and start pulling the team's budget."""
        self._core = core
        core.share_gate = self.budget.gate
        await self.backend.join()
        if self.backend.joined:
            await self.budget.pull()
        self.budget.start()

    def _emit(self, event: Any) -> None:
        self.last_message = getattr(event, "message", "")
        if self._core is not None:
            self._core.emit(event)

    def _notice(self, message: str) -> None:
        if self._core is not None:
            self._core.notice(message)

    async def close(self) -> None:
        await self.budget.close()
        await self.backend.close()

"""GET /api/v2/agents/me (API-SUPPLEMENT §2.1): the agent owning the credentials.

Minimal on purpose (the API issue adds the full resource); the outbox uses it to know who "we" are
before it adopts a conversation found on the server as an earlier attempt of its own.
"""

from __future__ import annotations

from typing import Any

from fstui.api.models import Agent


async def get_me(client: Any) -> Agent:
    """The signed-in agent: ``{"agent": {...}}`` -> Agent. Raises the client's ApiError/TransportError."""
    native = getattr(client, "get_me", None)
    if native is not None:  # the client's own method, once it has one
        return await native()
    return await client._get_one(Agent, "/agents/me", "agent")

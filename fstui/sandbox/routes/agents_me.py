"""GET /api/v2/agents/me: the agent owning the API key (API-SUPPLEMENT §2.1), wrapper {"agent": {...}}.

Minimal: the outbox asks it who "we" are before it adopts a conversation found on the server as its own.
"""

from __future__ import annotations

from ..app import Ctx, Resp


def view_me(ctx: Ctx) -> Resp:
    return Resp(200, {"agent": ctx.store.agent_out(ctx.agent)})

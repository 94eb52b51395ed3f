"""A Freshservice-compatible sandbox server (API v2), independent of the client.

The sandbox is an ASGI app (``fstui.sandbox.app.create_app``) served by uvicorn on loopback
(``fstui.sandbox.server.SandboxServer``, ``fstui sandbox``). It is the embedded default account,
the server every integration test runs against, and a demo/training tool.

The credentials below are fixed and documented so that demos and tests can rely on them.
"""

from __future__ import annotations

#: The API key the sandbox accepts for the demo agent (``create_app(api_key=...)`` can change it).
DEMO_API_KEY = "fstui-sandbox-demo-key"
#: The demo agent: a full-time agent with the Account Admin role, present in every seed.
DEMO_AGENT_EMAIL = "demo.agent@fstui-sandbox.example"
DEMO_AGENT_PASSWORD = "fstui-demo"

#: A second agent whose role only allows viewing: every write it attempts gets 403 access_denied.
READONLY_API_KEY = "fstui-sandbox-readonly-key"
READONLY_AGENT_EMAIL = "readonly.agent@fstui-sandbox.example"
READONLY_AGENT_PASSWORD = "fstui-readonly"

__all__ = [
    "DEMO_API_KEY",
    "DEMO_AGENT_EMAIL",
    "DEMO_AGENT_PASSWORD",
    "READONLY_API_KEY",
    "READONLY_AGENT_EMAIL",
    "READONLY_AGENT_PASSWORD",
]

"""Serve the sandbox with uvicorn on loopback, in a background thread (tests, the embedded demo)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import uvicorn

from . import DEMO_AGENT_EMAIL, DEMO_AGENT_PASSWORD, DEMO_API_KEY
from .app import create_app
from .faults import FaultConfig
from .limits import DEFAULT_PLAN


class SandboxServer:
    """A running sandbox: ``url = server.start()`` ... ``server.stop()`` (or ``with SandboxServer() as s``)."""

    def __init__(
        self,
        *,
        seed: int = 1,
        tickets: int = 2000,
        plan: str = DEFAULT_PLAN,
        faults: FaultConfig | dict | str | None = None,
        api_key: str = DEMO_API_KEY,
        clock: Callable[[], float] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        workspaces: bool = True,
    ) -> None:
        self.host = host
        self.port = port
        self.api_key = api_key
        self.agent_email = DEMO_AGENT_EMAIL
        self.agent_password = DEMO_AGENT_PASSWORD
        self.app = create_app(seed=seed, tickets=tickets, plan=plan, faults=faults, api_key=api_key, clock=clock,
                              workspaces=workspaces)
        self.sandbox = self.app.state.sandbox
        self.url: str | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    def start(self, timeout: float = 10.0) -> str:
        """Start serving; returns the base URL (e.g. http://127.0.0.1:41234) once it accepts requests."""
        if self.url is not None:
            return self.url
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(128)
        sock.setblocking(False)
        self._socket = sock
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app, log_level="warning", access_log=False, lifespan="off", http="h11", loop="asyncio",
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
        self._thread = threading.Thread(target=self._run, name=f"fstui-sandbox-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the sandbox server did not start")
            time.sleep(0.01)
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.url = f"http://{host}:{self.port}"
        return self.url

    def _run(self) -> None:
        assert self._server is not None and self._socket is not None
        asyncio.run(self._server.serve(sockets=[self._socket]))

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        self._server = None
        self._thread = None
        self._socket = None
        self.url = None

    def serve_forever(self) -> None:
        """Serve in the foreground until interrupted (the ``fstui sandbox`` command)."""
        config = uvicorn.Config(self.app, host=self.host, port=self.port, log_level="warning", access_log=False,
                                lifespan="off", http="h11", loop="asyncio")
        uvicorn.Server(config).run()

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

"""`fstui serve`: the TUI in a web browser, through textual-serve (Textual's own web server).

For agents without a terminal. Each browser tab starts its own ``fstui`` process with the same profile
(the key comes from the environment, keyring or config file as for the TUI: never on a command line).
It listens on loopback by default; bound anywhere else it says on start that it must sit behind the
company's authentication — textual-serve itself has none, and whoever reaches the port works as the agent.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def exposure_warning(host: str) -> str | None:
    """What `fstui serve` says when bound beyond loopback (None on loopback)."""
    if host in LOOPBACK or host.startswith("127."):
        return None
    return (f"fstui serve is listening on {host}: anyone who can reach this port uses the help desk as "
            "you, with your API key. Put it behind your company's authentication (a reverse proxy with "
            "single sign-on) or bind it to 127.0.0.1.")


def app_command(account_args: Sequence[str]) -> str:
    """The shell command textual-serve runs per browser session: this Python, this fstui, the same
    account options (--profile/--domain/--url/--read-only/--theme)."""
    return shlex.join([sys.executable, "-m", "fstui.cli", *account_args])


def serve(account_args: Sequence[str], *, host: str = "127.0.0.1", port: int = 8000,
          public_url: str | None = None) -> int:
    """Serve until interrupted; returns the exit code."""
    from textual_serve.server import Server

    warning = exposure_warning(host)
    if warning:
        print(f"fstui: WARNING: {warning}", file=sys.stderr, flush=True)
    server = Server(app_command(account_args), host=host, port=port, title="fstui", public_url=public_url)
    server.serve()
    return 0

"""The team settings of a profile: the optional shared backend (Redis or Valkey) and fstui's share of
the account's rate budget. Off by default: without ``shared`` nothing here is used.

In a ``[profiles.NAME]`` table::

    shared = "rediss://:PASSWORD@redis.internal:6380/0"   # redis:// or rediss:// (TLS)
    budget_share = 0.5            # all fstui processes together stay under half of the budget
    budget_window = 60            # seconds of the account's rate window (per-minute plans: 60)
    shared_timeout_ms = 50        # a Redis call slower than this falls back to the local cache
    shared_allow_insecure = false # allow a non-loopback redis:// without a password

Security: the shared cache holds ticket data. A ``redis://`` URL (no TLS) to a host other than
loopback is refused unless it carries a password or ``shared_allow_insecure = true``; the README
asks for ``rediss://`` (TLS) with a password (AUTH / ACL) on a private Redis.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

SCHEMES = ("redis", "rediss")


class SharedConfigError(ValueError):
    """The team settings are not usable; the message says what to change."""


@dataclass(frozen=True)
class SharedSettings:
    """A profile's shared backend. `url` may carry a password: it is never shown (repr hides it)."""

    #: redis://[:password@]host[:port][/db] or rediss://... (TLS)
    url: str = field(repr=False)
    #: fraction of the account's budget all fstui processes together may spend per window, in (0, 1]
    budget_share: float = 1.0
    #: the account's rate window in seconds (the headers do not say it; per-minute plans: 60)
    budget_window: float = 60.0
    #: milliseconds a Redis call may take before fstui falls back to its local cache and own budget
    timeout_ms: int = 50
    #: accept redis:// without TLS/password to a non-loopback host (a private network you trust)
    allow_insecure: bool = False

    @property
    def display(self) -> str:
        """scheme://host:port/db, never the password."""
        parts = urlsplit(self.url)
        host = parts.hostname or "?"
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}{parts.path or ''}"


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_shared_url(url: str, *, allow_insecure: bool = False) -> None:
    """Raise SharedConfigError for a URL fstui will not send ticket data to.

    - the scheme must be redis:// or rediss:// (TLS);
    - redis:// (no TLS) to a host other than loopback needs a password (AUTH/ACL), unless
      ``shared_allow_insecure = true`` says the team trusts that network;
    - rediss:// (TLS) is accepted; the README asks for a password with it too.
    """
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise SharedConfigError("shared must be a redis:// or rediss:// URL (e.g. rediss://:PASSWORD@host:6380/0).")
    host = parts.hostname or ""
    if not host:
        raise SharedConfigError("shared: the Redis URL has no host.")
    if _is_loopback(host) or allow_insecure or parts.scheme == "rediss":
        return
    if not parts.password:
        raise SharedConfigError(
            f"shared: refusing redis:// to {host} without a password: the shared cache holds ticket data. "
            f"Use rediss://:PASSWORD@{host}:6380/0 (TLS and AUTH), redis://:PASSWORD@{host}:6379/0 on a "
            "private network, or set shared_allow_insecure = true."
        )


#: the team settings a profile table may hold (README: Team)
SHARED_KEYS = ("shared", "budget_share", "budget_window", "shared_timeout_ms", "shared_allow_insecure")


def parse_shared(where: str, table: Mapping[str, Any],
                 at: Callable[[str], str] | None = None) -> SharedSettings | None:
    """The team settings of one profile table (None when ``shared`` is not set). ``where`` names the table
    ("profiles.acme"); ``at(key)`` says where a key is written ("config.toml:7"), to begin each message."""
    def bad(key: str, what: str) -> SharedConfigError:
        return SharedConfigError(f"{at(key) + ': ' if at else ''}{where}.{key} {what}")

    url = table.get("shared")
    if url is None or url == "":
        return None
    if not isinstance(url, str):
        raise bad("shared", "must be a string (a redis:// or rediss:// URL).")
    share = table.get("budget_share", 1.0)
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share <= 1:
        raise bad("budget_share", "must be a number above 0 and at most 1 (e.g. 0.5).")
    window = table.get("budget_window", 60)
    if isinstance(window, bool) or not isinstance(window, (int, float)) or window <= 0:
        raise bad("budget_window", "must be a number of seconds (60 for per-minute plans).")
    timeout = table.get("shared_timeout_ms", 50)
    if isinstance(timeout, bool) or not isinstance(timeout, int) or not 1 <= timeout <= 10_000:
        raise bad("shared_timeout_ms", "must be whole milliseconds between 1 and 10000.")
    allow = table.get("shared_allow_insecure", False)
    if not isinstance(allow, bool):
        raise bad("shared_allow_insecure", "must be true or false.")
    try:
        check_shared_url(url, allow_insecure=allow)
    except SharedConfigError as exc:
        raise SharedConfigError(f"{at('shared') + ': ' if at else ''}{where}: {exc}") from None
    return SharedSettings(url=url, budget_share=float(share), budget_window=float(window), timeout_ms=timeout,
                          allow_insecure=allow)

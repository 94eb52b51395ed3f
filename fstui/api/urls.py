"""The API root for a domain or URL, and the rule that plain http is for loopback only."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from fstui.api import errors as E

API_PATH = "/api/v2"

_DOMAIN_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_base_url(domain: str | None = None, url: str | None = None) -> str:
    """The API root (``.../api/v2``, no trailing slash) for a domain or a full URL.

    ``domain``: ``"acme"`` or ``"acme.freshservice.com"`` -> ``https://acme.freshservice.com/api/v2``.
    ``url``: the account root (``http://127.0.0.1:8765``) or the API root (``.../api/v2``).
    Plain http is refused unless the host is loopback. Raises :class:`ConfigError`.
    """
    if (domain is None) == (url is None):
        raise E.ConfigError("give either a Freshservice domain or a URL")
    if domain is not None:
        name = domain.strip().lower().rstrip("/")
        if "://" in name or "/" in name:
            raise E.ConfigError(f"{domain!r} is a URL, not a domain: use --url for it")
        if name.endswith(".freshservice.com"):
            name = name[: -len(".freshservice.com")]
        if not _DOMAIN_RE.match(name):
            raise E.ConfigError(
                f"{domain!r} is not a Freshservice domain (expected 'acme' or "
                "'acme.freshservice.com'; use --url for other hosts)"
            )
        return f"https://{name}.freshservice.com{API_PATH}"

    assert url is not None
    text = url.strip()
    if "://" not in text:
        raise E.ConfigError(f"URL {url!r} must start with https://")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise E.ConfigError(f"URL scheme {parts.scheme!r} is not supported (use https)")
    if parts.username is not None or parts.password is not None:
        raise E.ConfigError("the URL must not contain credentials")
    if parts.query or parts.fragment:
        raise E.ConfigError("the URL must not contain a query or a fragment")
    try:
        host = parts.hostname
        port = parts.port
    except ValueError as exc:
        raise E.ConfigError(f"invalid URL {url!r}") from exc
    if not host:
        raise E.ConfigError(f"URL {url!r} has no host")
    if scheme == "http" and not is_loopback(host):
        raise E.ConfigError(f"plain http is only allowed for a loopback host, not {host!r}")
    host_part = f"[{host}]" if ":" in host else host
    netloc = host_part if port is None else f"{host_part}:{port}"
    path = parts.path.rstrip("/")
    if not path.endswith(API_PATH):
        path = path + API_PATH
    return f"{scheme}://{netloc}{path}"

"""Black-box helpers for the conformance modules: they see only HTTP, as a public client would."""

from __future__ import annotations

import httpx


async def first(client: httpx.AsyncClient, url: str, key: str, **params) -> dict:
    r = await client.get(url, params=params)
    assert r.status_code == 200, r.text
    assert r.json()[key], f"{url} lists nothing"
    return r.json()[key][0]


async def every(client: httpx.AsyncClient, url: str, key: str, **params) -> list[dict]:
    """All pages, following the Link header (100 a page)."""
    out: list[dict] = []
    next_url: str | None = url
    query = {"per_page": 100, **params}
    while next_url:
        r = await client.get(next_url, params=query)
        assert r.status_code == 200, r.text
        out += r.json()[key]
        link = r.headers.get("link")
        next_url = link[1:link.index(">")] if link else None
        query = {}
    return out


def errors(r: httpx.Response) -> list[tuple[str, str]]:
    """(field, code) of a 400/409 validation body."""
    body = r.json()
    assert body["description"] == "Validation failed", body
    return [(e["field"], e["code"]) for e in body["errors"]]


def credits(r: httpx.Response) -> int:
    return int(r.headers["x-ratelimit-used-currentrequest"])

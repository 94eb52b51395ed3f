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
    r = await client.get(url, params={"per_page": 100, **params})
    while True:
        assert r.status_code == 200, r.text
        out += r.json()[key]
        link = r.headers.get("link")
        if not link:
            return out
        r = await client.get(link[1:link.index(">")])  # the Link URL as it is (params={} would drop its query)


def errors(r: httpx.Response) -> list[tuple[str, str]]:
    """(field, code) of a 400/409 validation body."""
    body = r.json()
    assert body["description"] == "Validation failed", body
    return [(e["field"], e["code"]) for e in body["errors"]]


def credits(r: httpx.Response) -> int:
    return int(r.headers["x-ratelimit-used-currentrequest"])

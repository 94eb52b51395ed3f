"""Paging: page/per_page defaults and limits, the link header only when a next page exists."""

from __future__ import annotations

import pytest

LISTS = ["/api/v2/tickets", "/api/v2/requesters", "/api/v2/agents", "/api/v2/assets", "/api/v2/groups",
         "/api/v2/roles"]


@pytest.mark.parametrize("url", LISTS)
async def test_per_page_limits(client, url):
    assert (await client.get(url, params={"per_page": 100})).status_code == 200
    for bad in (101, 0, -1):
        r = await client.get(url, params={"per_page": bad})
        assert r.status_code == 400, bad
        assert r.json()["errors"][0]["field"] == "per_page"
    r = await client.get(url, params={"page": 0})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "page"
    r = await client.get(url, params={"page": "two"})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "datatype_mismatch"


async def test_link_header_keeps_parameters_and_ends(client, sb):
    r = await client.get("/api/v2/tickets", params={"per_page": 7, "include": "stats", "order_type": "asc"})
    link = r.headers["link"]
    assert link.startswith("<http://sandbox.test/api/v2/tickets?") and link.endswith('>; rel="next"')
    for part in ("per_page=7", "include=stats", "order_type=asc", "page=2"):
        assert part in link
    nxt = link[1:link.index(">")]
    r2 = await client.get(nxt)
    assert r2.status_code == 200 and len(r2.json()["tickets"]) == 7
    assert r2.json()["tickets"][0]["id"] != r.json()["tickets"][0]["id"]
    seen, url, pages = [], "/api/v2/groups?per_page=3", 0
    while url:
        r = await client.get(url)
        seen += [g["id"] for g in r.json()["groups"]]
        pages += 1
        url = r.headers.get("link", "")[1:].split(">")[0] or None
    assert pages == 3 and len(seen) == len(set(seen)) == 8


async def test_exact_last_page_has_no_link_and_past_the_end_is_empty(client):
    r = await client.get("/api/v2/groups", params={"per_page": 8})
    assert len(r.json()["groups"]) == 8 and "link" not in r.headers
    r = await client.get("/api/v2/groups", params={"per_page": 8, "page": 2})
    assert r.status_code == 200 and r.json()["groups"] == [] and "link" not in r.headers


async def test_default_page_size_is_30(client):
    for url in ("/api/v2/tickets", "/api/v2/requesters", "/api/v2/agents", "/api/v2/assets"):
        r = await client.get(url)
        key = url.rsplit("/", 1)[1]
        assert len(r.json()[key]) == 30, url
        assert "link" in r.headers

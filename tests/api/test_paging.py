"""Paging: per-page calls and async iterators that follow link rel="next"."""

from __future__ import annotations

from urllib.parse import parse_qsl

import httpx
import pytest

from fstui.api import errors as E
from fstui.api.client import parse_next_link

from .conftest import BASE


def page_response(request: httpx.Request, *, key: str, total_pages: int, per: int = 2):
    q = dict(parse_qsl(request.url.query.decode()))
    page = int(q.get("page", 1))
    items = [{"id": page * 100 + i} for i in range(per)]
    headers = {}
    if page < total_pages:
        nxt = request.url.copy_set_param("page", str(page + 1))
        headers["link"] = f'<{nxt}>; rel="next"'
    return httpx.Response(200, json={key: items}, headers=headers)


def test_parse_next_link():
    assert parse_next_link('<https://a/api/v2/tickets?page=2>; rel="next"') == \
        "https://a/api/v2/tickets?page=2"
    assert parse_next_link('<https://a/x?page=1>; rel="prev", <https://a/x?page=3>; rel=next') == \
        "https://a/x?page=3"
    assert parse_next_link('<https://a/x?page=1>; rel="prev"') is None
    assert parse_next_link(None) is None and parse_next_link("") is None


@pytest.mark.parametrize("method, key, kwargs, path", [
    ("iter_tickets", "tickets", {"filter": "watching"}, "/tickets"),
    ("iter_conversations", "conversations", {"ticket_id": 9}, "/tickets/9/conversations"),
    ("iter_assets", "assets", {"trashed": True}, "/assets"),
    ("iter_requesters", "requesters", {"email": "a@b.c"}, "/requesters"),
    ("iter_agents", "agents", {"state": "occasional"}, "/agents"),
    ("iter_roles", "roles", {}, "/roles"),
    ("iter_groups", "groups", {}, "/groups"),
])
async def test_iterators_follow_link_header(client, server, method, key, kwargs, path):
    server.default = lambda r: page_response(r, key=key, total_pages=3)
    ids = [item.id async for item in getattr(client, method)(**kwargs)]
    assert ids == [100, 101, 200, 201, 300, 301]
    assert len(server.requests) == 3
    pages = [dict(parse_qsl(r.url.query.decode())) for r in server.requests]
    assert [p["page"] for p in pages] == ["1", "2", "3"]
    assert all(r.url.path == "/api/v2" + path for r in server.requests)
    assert all(p["per_page"] == "100" for p in pages)
    for name, value in kwargs.items():
        if name != "ticket_id":
            expected = "true" if value is True else str(value)
            assert all(p[name] == expected for p in pages)


async def test_list_page_reports_next_page(client, server):
    server.default = lambda r: page_response(r, key="tickets", total_pages=2)
    first = await client.list_tickets(per_page=2)
    assert first.page == 1 and first.next_page == 2 and first.has_next
    second = await client.list_tickets(page=first.next_page, per_page=2)
    assert second.page == 2 and second.next_page is None and not second.has_next


async def test_iteration_stops_without_link(client, server):
    server.reply(httpx.Response(200, json={"tickets": [{"id": 1}]}))
    assert [t.id async for t in client.iter_tickets()] == [1]
    assert len(server.requests) == 1


async def test_next_link_to_another_host_is_refused(client, server):
    server.reply(httpx.Response(200, json={"tickets": [{"id": 1}]},
                                headers={"link": '<https://evil.example.com/api/v2/tickets?page=2>; rel="next"'}))
    seen = []
    with pytest.raises(E.RedirectRefused):
        async for t in client.iter_tickets():
            seen.append(t.id)
    assert seen == [1] and len(server.requests) == 1


async def test_self_link_does_not_loop(client, server):
    link = f'<{BASE}/tickets?page=2&per_page=100>; rel="next"'
    server.default = httpx.Response(200, json={"tickets": [{"id": 1}]}, headers={"link": link})
    ids = [t.id async for t in client.iter_tickets()]
    assert len(server.requests) == 2 and ids == [1, 1]


async def test_filter_total_from_header(client, server):
    server.reply(httpx.Response(200, json={"assets": [{"id": 1}]}, headers={"X-Total-Count": "77"}))
    page = await client.filter_assets("name:'x'")
    assert page.total == 77


async def test_filter_next_page_from_total(client, server):
    items = [{"id": i} for i in range(30)]
    server.reply(httpx.Response(200, json={"tickets": items, "total": 75}),
                 httpx.Response(200, json={"tickets": items[:15], "total": 75}),
                 httpx.Response(200, json={"tickets": items, "total": 5000}),
                 httpx.Response(200, json={"assets": items, "total": 5000}))
    assert (await client.filter_tickets("status:2")).next_page == 2
    assert (await client.filter_tickets("status:2", page=3)).next_page is None
    assert (await client.filter_tickets("status:2", page=10)).next_page is None  # page limit
    assert (await client.filter_assets("name:'x'", page=39)).next_page == 40

"""Base URL rules, redirects, and secrecy of the credentials."""

from __future__ import annotations

import logging

import httpx
import pytest

from fstui.api import errors as E
from fstui.api.client import FreshserviceClient, normalize_base_url

from .conftest import API_KEY


@pytest.mark.parametrize("kwargs, expected", [
    ({"domain": "acme"}, "https://acme.freshservice.com/api/v2"),
    ({"domain": "ACME.freshservice.com"}, "https://acme.freshservice.com/api/v2"),
    ({"domain": " acme.freshservice.com/ "}, "https://acme.freshservice.com/api/v2"),
    ({"url": "https://acme.freshservice.com"}, "https://acme.freshservice.com/api/v2"),
    ({"url": "https://acme.freshservice.com/api/v2/"}, "https://acme.freshservice.com/api/v2"),
    ({"url": "http://127.0.0.1:8765"}, "http://127.0.0.1:8765/api/v2"),
    ({"url": "http://127.0.0.1:8765/api/v2"}, "http://127.0.0.1:8765/api/v2"),
    ({"url": "http://localhost:9000/"}, "http://localhost:9000/api/v2"),
    ({"url": "http://[::1]:9000"}, "http://[::1]:9000/api/v2"),
    ({"url": "https://proxy.example.com/fs"}, "https://proxy.example.com/fs/api/v2"),
])
def test_normalize_base_url(kwargs, expected):
    assert normalize_base_url(**kwargs) == expected
    assert normalize_base_url(url=expected) == expected  # idempotent


@pytest.mark.parametrize("kwargs", [
    {},
    {"domain": "acme", "url": "https://acme.freshservice.com"},
    {"domain": "https://acme.freshservice.com"},
    {"domain": "help.acme.com"},
    {"domain": "ac me"},
    {"url": "acme.freshservice.com"},
    {"url": "http://acme.freshservice.com"},
    {"url": "http://10.0.0.5:8080"},
    {"url": "ftp://acme.freshservice.com"},
    {"url": "https://user:pw@acme.freshservice.com"},
    {"url": "https://acme.freshservice.com/?x=1"},
    {"url": "https://"},
])
def test_bad_base_urls_are_refused(kwargs):
    with pytest.raises(E.ConfigError):
        normalize_base_url(**kwargs)


def test_client_requires_credentials():
    with pytest.raises(E.ConfigError):
        FreshserviceClient("https://acme.freshservice.com")
    with pytest.raises(E.ConfigError):
        FreshserviceClient("https://acme.freshservice.com", email="a@b.c")


def test_client_refuses_plain_http_to_a_remote_host():
    with pytest.raises(E.ConfigError):
        FreshserviceClient("http://acme.freshservice.com", api_key=API_KEY)


async def test_same_origin_redirect_is_followed_for_reads(client, server):
    server.reply(httpx.Response(301, headers={"Location": "/api/v2/tickets/2"}),
                 httpx.Response(200, json={"ticket": {"id": 2}}))
    ticket = await client.get_ticket(1)
    assert ticket.id == 2
    assert server.requests[1].url.path == "/api/v2/tickets/2"
    assert server.requests[1].headers["Authorization"].startswith("Basic ")


@pytest.mark.parametrize("location", [
    "https://evil.example.com/api/v2/tickets/1",
    "http://acme.freshservice.com/api/v2/tickets/1",
    "https://acme.freshservice.com:8443/api/v2/tickets/1",
    "//other.freshservice.com/api/v2/tickets/1",
])
async def test_redirect_elsewhere_is_refused(client, server, location):
    server.reply(httpx.Response(302, headers={"Location": location}))
    with pytest.raises(E.RedirectRefused) as info:
        await client.get_ticket(1)
    assert len(server.requests) == 1
    assert API_KEY not in str(info.value)


async def test_redirect_of_a_write_is_not_followed(client, server):
    server.reply(httpx.Response(307, headers={"Location": "/api/v2/tickets/9"}))
    with pytest.raises(E.RedirectRefused):
        await client.update_ticket(1, {"status": 2})
    assert len(server.requests) == 1


async def test_redirect_loop_is_bounded(client, server):
    server.default = httpx.Response(302, headers={"Location": "/api/v2/tickets/1"})
    with pytest.raises(E.RedirectRefused):
        await client.get_ticket(1)
    assert len(server.requests) == 4


async def test_key_never_in_repr_log_or_exception(make_client, server, caplog):
    caplog.set_level(logging.DEBUG)
    client = make_client()
    password_client = make_client(api_key=None, email="a@b.c", password="hunter2-secret")
    assert API_KEY not in repr(client) and API_KEY not in str(client)
    assert "hunter2-secret" not in repr(password_client)
    assert API_KEY not in repr(client._http.auth) and API_KEY not in repr(vars(client._http.auth))
    server.reply(httpx.Response(401, json={"code": "invalid_credentials", "message": "bad"}),
                 httpx.Response(500, text="oops"),
                 httpx.ConnectError("refused"),
                 httpx.Response(429, headers={"Retry-After": "5"}),
                 httpx.Response(302, headers={"Location": "https://evil.example.com/"}))
    messages = []
    for call in (client.get_ticket(1), client.create_note(1, "x"), client.get_ticket(1),
                 client.create_reply(1, "x"), client.get_ticket(1)):
        with pytest.raises(E.FreshserviceError) as info:
            await call
        exc = info.value
        messages += [str(exc), repr(exc), repr(exc.__cause__), str(exc.__cause__)]
        messages += [repr(vars(exc))]
    for request in server.requests:
        messages.append(repr(request))
        messages.append(repr(request.headers))
    messages += [r.getMessage() for r in caplog.records]
    text = "\n".join(messages)
    assert API_KEY not in text
    import base64
    assert base64.b64encode(f"{API_KEY}:X".encode()).decode() not in text
    await client.aclose()
    await password_client.aclose()


async def test_one_shared_http_client_with_explicit_timeouts(client):
    http = client._http
    assert http.timeout.connect and http.timeout.read and http.timeout.write and http.timeout.pool
    assert http.follow_redirects is False
    async with client as same:
        assert same is client
    assert client.closed

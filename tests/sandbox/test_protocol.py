"""Auth, content negotiation, error bodies, rate limits and credits, control endpoints, faults (in-process)."""

from __future__ import annotations

import base64

import httpx
import pytest

from fstui.sandbox import (
    DEMO_AGENT_EMAIL,
    DEMO_AGENT_PASSWORD,
    DEMO_API_KEY,
    READONLY_AGENT_EMAIL,
    READONLY_AGENT_PASSWORD,
    READONLY_API_KEY,
)
from fstui.sandbox.app import DroppedConnection, create_app
from fstui.sandbox.limits import PLANS

RATE_HEADERS = ("x-ratelimit-total", "x-ratelimit-remaining", "x-ratelimit-used-currentrequest")


async def test_auth_api_key_and_password(anon):
    for auth in ((DEMO_API_KEY, "X"), (DEMO_API_KEY, "anything"), (DEMO_AGENT_EMAIL, DEMO_AGENT_PASSWORD),
                 (DEMO_AGENT_EMAIL.upper(), DEMO_AGENT_PASSWORD)):
        r = await anon.get("/api/v2/tickets", auth=auth)
        assert r.status_code == 200, auth


@pytest.mark.parametrize("header", [
    None, "Basic " + base64.b64encode(b"wrong-key:X").decode(), "Bearer " + DEMO_API_KEY,
    "Basic " + base64.b64encode(DEMO_API_KEY.encode()).decode(),  # no ":X"
    "Basic " + DEMO_API_KEY + ":X",  # forgot the Base64 encoding
    "Basic " + base64.b64encode(f"{DEMO_AGENT_EMAIL}:wrong".encode()).decode(),
])
async def test_bad_credentials_are_401_and_counted(anon, header):
    headers = {"Authorization": header} if header else {}
    r = await anon.get("/api/v2/tickets", headers=headers)
    assert r.status_code == 401
    assert r.json() == {"code": "invalid_credentials", "message": "You have to be logged in to perform this action."}
    assert r.headers["x-ratelimit-used-currentrequest"] == "1"
    assert int(r.headers["x-ratelimit-remaining"]) == 4999


async def test_every_response_has_rate_headers(client):
    responses = [
        await client.get("/api/v2/tickets/1"),
        await client.get("/api/v2/nothing-here"),
        await client.put("/api/v2/tickets", json={}),
        await client.post("/api/v2/tickets", content=b"{not json", headers={"Content-Type": "application/json"}),
        await client.delete("/api/v2/groups/1"),
    ]
    for r in responses:
        for h in RATE_HEADERS:
            assert h in r.headers, (r.request.url, h)
        assert r.headers["x-freshservice-api-version"] == "latest=v2; requested=v2"
    remaining = [int(r.headers["x-ratelimit-remaining"]) for r in responses]
    assert remaining == [4999, 4998, 4997, 4996, 4995]


async def test_wrong_verb_405(client):
    r = await client.put("/api/v2/tickets", json={"priority": 1})
    assert r.status_code == 405
    assert r.json()["code"] == "method_not_allowed" and r.headers["allow"] == "GET, POST"
    assert (await client.patch("/api/v2/tickets/1", json={})).status_code == 405


async def test_unknown_path_404(client):
    r = await client.get("/api/v2/widgets")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


async def test_xml_is_415(client):
    r = await client.post("/api/v2/tickets", content=b"<ticket/>", headers={"Content-Type": "application/xml"})
    assert r.status_code == 415 and r.json()["code"] == "invalid_content_type"


async def test_bad_accept_is_406(client):
    for accept in ("application/xml", "text/html"):
        r = await client.get("/api/v2/tickets", headers={"Accept": accept})
        assert r.status_code == 406 and r.json()["code"] == "invalid_accept_header"
    for accept in ("application/json", "*/*", "application/json; charset=utf-8", "text/html, */*;q=0.8"):
        assert (await client.get("/api/v2/tickets/1", headers={"Accept": accept})).status_code == 200, accept


async def test_invalid_json_400(client):
    for body in (b"{not json", b"[1, 2]", b'"text"'):
        r = await client.post("/api/v2/tickets", content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 400
        assert r.json() == {"description": "Validation failed", "errors": [
            {"field": None, "message": "Request body has invalid json format", "code": "invalid_json"}]}


async def test_read_only_agent_gets_403_on_writes(anon):
    for auth in ((READONLY_API_KEY, "X"), (READONLY_AGENT_EMAIL, READONLY_AGENT_PASSWORD)):
        assert (await anon.get("/api/v2/tickets/1", auth=auth)).status_code == 200
        r = await anon.put("/api/v2/tickets/1", json={"priority": 2}, auth=auth)
        assert r.status_code == 403
        assert r.json() == {"code": "access_denied", "message": "You are not authorized to perform this action."}
        assert (await anon.post("/api/v2/tickets/1/notes", json={"body": "x"}, auth=auth)).status_code == 403
        assert (await anon.delete("/api/v2/tickets/1", auth=auth)).status_code == 403


async def test_hourly_plan_exhaustion_retry_after_and_window_roll(client, sb, clock):
    sb.limiter.set_plan("sprout")
    r = await client.get("/api/v2/tickets/1")
    assert r.headers["x-ratelimit-total"] == "1000" and r.headers["x-ratelimit-remaining"] == "999"
    sb.limiter.set_remaining(sb.now(), 1)
    r = await client.get("/api/v2/tickets/1")
    assert r.status_code == 200 and r.headers["x-ratelimit-remaining"] == "0"
    r = await client.get("/api/v2/tickets/1")
    assert r.status_code == 429
    assert r.headers["retry-after"] == "3600"  # T0 is on the hour
    assert r.headers["x-ratelimit-remaining"] == "0" and r.headers["x-ratelimit-used-currentrequest"] == "0"
    clock.advance(1800)
    r = await client.get("/api/v2/tickets/1")
    assert r.status_code == 429 and r.headers["retry-after"] == "1800"
    clock.advance(1800)
    r = await client.get("/api/v2/tickets/1")
    assert r.status_code == 200 and r.headers["x-ratelimit-remaining"] == "999"


@pytest.mark.parametrize("plan,total,sub", [("starter", 100, 40), ("growth", 200, 70), ("pro", 400, 120),
                                            ("enterprise", 500, 140)])
async def test_per_minute_plans_with_ticket_list_sub_limit(client, sb, clock, plan, total, sub):
    sb.limiter.set_plan(plan)
    for _ in range(sub):
        r = await client.get("/api/v2/tickets", params={"per_page": 1})
        assert r.status_code == 200
    assert r.headers["x-ratelimit-total"] == str(total)
    r = await client.get("/api/v2/tickets", params={"per_page": 1})
    assert r.status_code == 429 and r.headers["retry-after"] == "60"
    r = await client.get("/api/v2/tickets/1")  # other endpoints still work
    assert r.status_code == 200 and r.headers["x-ratelimit-remaining"] == str(total - sub - 1)
    clock.advance(60)
    assert (await client.get("/api/v2/tickets", params={"per_page": 1})).status_code == 200


def test_hourly_plans():
    assert {k: (p.total, p.window) for k, p in PLANS.items() if p.window == 3600} == {
        "sprout": (1000, 3600), "blossom": (3000, 3600), "garden": (3000, 3600), "esm": (4000, 3600),
        "estate": (5000, 3600), "forest": (5000, 3600)}


async def test_a_request_costing_more_than_left_is_served_then_429(client, sb):
    sb.limiter.set_plan("starter")
    sb.limiter.set_remaining(sb.now(), 1)
    r = await client.get("/api/v2/tickets/1", params={"include": "stats,requester"})
    assert r.status_code == 200 and r.headers["x-ratelimit-remaining"] == "0"
    assert (await client.get("/api/v2/tickets/1")).status_code == 429


async def test_stats_and_reset_control_endpoints(client, anon, sb):
    await client.get("/api/v2/tickets", params={"include": "stats"})
    await client.get("/api/v2/tickets/1", params={"include": "requester"})
    await anon.get("/api/v2/tickets")
    stats = (await anon.get("/_sandbox/stats")).json()
    assert stats["requests"] == 3 and stats["credits"] == 3 + 2 + 1
    assert stats["by_endpoint"] == {"GET /api/v2/tickets": 2, "GET /api/v2/tickets/{id}": 1}
    await client.delete("/api/v2/tickets/1")
    assert (await client.get("/api/v2/tickets/1")).json()["ticket"]["deleted"] is True
    assert (await anon.post("/_sandbox/reset")).status_code == 200
    assert (await client.get("/api/v2/tickets/1")).json()["ticket"]["deleted"] is False
    stats = (await anon.get("/_sandbox/stats")).json()
    assert stats["requests"] == 1 and stats["rate"]["remaining"] == 4999


async def test_plan_and_clock_control_endpoints(client, anon):
    r = await anon.post("/_sandbox/plan", json={"plan": "starter", "remaining": 2})
    assert r.status_code == 200 and r.json()["remaining"] == 2
    assert (await client.get("/api/v2/tickets/1")).headers["x-ratelimit-remaining"] == "1"
    await client.get("/api/v2/tickets/1")
    assert (await client.get("/api/v2/tickets/1")).status_code == 429
    await anon.post("/_sandbox/clock", json={"advance": 60})
    assert (await client.get("/api/v2/tickets/1")).headers["x-ratelimit-remaining"] == "99"
    r = await anon.post("/_sandbox/plan", json={"total": 5, "window_seconds": 10})
    assert r.json()["total"] == 5 and r.json()["window_seconds"] == 10
    assert (await anon.post("/_sandbox/plan", json={"plan": "gold"})).status_code == 400


async def test_control_endpoints_are_loopback_only(app, sb):
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test") as remote:
        assert (await remote.get("/_sandbox/stats")).status_code == 403
        assert (await remote.post("/_sandbox/reset")).status_code == 403
        assert (await remote.post("/_sandbox/faults", json={"rate_500": 1.0})).status_code == 403
        assert (await remote.post("/_sandbox/plan", json={"total": 1})).status_code == 403
        assert (await remote.post("/_sandbox/clock", json={"advance": 3600})).status_code == 403
        assert (await remote.get("/_sandbox/attachments/1/a.txt")).status_code == 403
    assert not sb.faults.config.active and sb.clock_offset == 0


async def test_faults_are_deterministic_under_seed(client, anon, sb):
    async def run():
        r = await anon.post("/_sandbox/faults", json={"rate_429": 0.2, "rate_500": 0.2, "seed": 7})
        assert r.status_code == 200
        return [(await client.get("/api/v2/tickets/1")).status_code for _ in range(40)]

    first = await run()
    assert {200, 429, 500} <= set(first)
    assert await run() == first
    r = await client.get("/api/v2/tickets/1")
    if r.status_code == 429:
        assert r.headers["retry-after"] == "1"
    await anon.post("/_sandbox/faults", json={})
    assert {(await client.get("/api/v2/tickets/1")).status_code for _ in range(20)} == {200}
    assert (await anon.post("/_sandbox/faults", json={"rate_429": 2})).status_code == 400
    assert (await anon.post("/_sandbox/faults", json={"explode": 1})).status_code == 400


async def test_fault_500_does_not_apply_the_write(client, anon, sb):
    await anon.post("/_sandbox/faults", json={"rate_500": 1.0})
    r = await client.put("/api/v2/tickets/1", json={"priority": 4 if sb.store.tickets[1]["priority"] != 4 else 1})
    assert r.status_code == 500 and r.json()["code"] == "internal_error"
    for h in RATE_HEADERS:
        assert h in r.headers
    before = sb.store.tickets[1]["priority"]
    await anon.post("/_sandbox/faults", json={})
    assert sb.store.tickets[1]["priority"] == before


async def test_slow_fault(client, anon):
    await anon.post("/_sandbox/faults", json={"slow": 1.0, "slow_seconds": 0.05})
    import time

    start = time.monotonic()
    assert (await client.get("/api/v2/tickets/1")).status_code == 200
    assert time.monotonic() - start >= 0.05


async def test_drop_in_process_raises(client, anon, sb):
    await anon.post("/_sandbox/faults", json={"drop": 1.0})
    before = sb.store.tickets[1]["priority"]
    with pytest.raises(DroppedConnection):
        await client.put("/api/v2/tickets/1", json={"priority": 1 if before != 1 else 2})
    assert sb.store.tickets[1]["priority"] == before  # a dropped request is not applied


async def test_timeout_after_apply_applies_the_write(client, anon, sb):
    await anon.post("/_sandbox/faults", json={"timeout_after_apply": 1.0, "timeout_seconds": 0.3})
    before = sb.store.tickets[1]["priority"]
    new = 1 if before != 1 else 2
    import time

    start = time.monotonic()  # the ASGI transport has no timeouts: see the socket test for the client's view
    r = await client.put("/api/v2/tickets/1", json={"priority": new})
    assert time.monotonic() - start >= 0.3
    assert r.status_code == 200 and sb.store.tickets[1]["priority"] == new
    start = time.monotonic()
    assert (await client.get("/api/v2/tickets/1")).status_code == 200  # reads are not held
    assert time.monotonic() - start < 0.3


def test_create_app_accepts_plan_faults_and_key():
    app = create_app(tickets=50, plan="Starter", faults="rate_500=0.5,seed=2", api_key="k")
    sb = app.state.sandbox
    assert sb.limiter.plan.total == 100 and sb.faults.config.rate_500 == 0.5 and sb.api_key == "k"
    with pytest.raises(ValueError):
        create_app(tickets=10, plan="gold")

"""Who-am-I (issue 12, "Mine"): GET /agents/me, else the agent with the profile's email — where the account
does not answer /agents/me (404, 403: remembered) and where asking it fails (5xx, offline: used now, not
kept, so /agents/me is asked again). The agent carries its signature either way."""

from __future__ import annotations

import pytest

from fstui.api.client import FreshserviceClient
from fstui.api.retry import ReadRetry
from fstui.sandbox import DEMO_AGENT_EMAIL, DEMO_API_KEY
from tests.tui.harness import answer_me_with, make_sandbox, open_service, quiet_config

ME = "/api/v2/agents/me"


def calls(asgi, endpoint: str) -> int:
    return asgi.state.sandbox.stats()["by_endpoint"].get(endpoint, 0)


async def _service(asgi):
    service = await open_service(asgi, config=quiet_config())
    service.client.read_retry = ReadRetry(attempts=0)  # a 5xx at once, not after the read retries
    return service


@pytest.mark.parametrize("status", [404, 403, 500])
async def test_agents_me_refused_or_failing_falls_back_to_the_configured_email(status):
    asgi = make_sandbox()
    answer_me_with(asgi, status)
    service = await _service(asgi)
    try:
        me = await service.me()
        assert me is not None and me.email == DEMO_AGENT_EMAIL
        assert me.signature == "<div>Demo Agent<br>IT Service Desk</div>"  # what compose signs with
        if status == 500:  # a failure is not an answer: used now, /agents/me asked again next time
            assert service.cached_me() is None
            await service.me()
            assert calls(asgi, f"GET {ME}") == 2
        else:  # the account does not answer it: the email's agent is remembered (cache only from now on)
            assert service.cached_me() == me
            assert await service.me() == me and calls(asgi, f"GET {ME}") <= 1
        assert service.writes.known_my_id() == (None if status == 500 else me.id)
    finally:
        await service.close()


async def test_agents_me_unreachable_uses_the_cached_agents_list_by_email():
    asgi = make_sandbox()
    service = await _service(asgi)
    try:
        await service.agents()  # the agents list read earlier (names), cached a day
        real = service.client
        service.client = FreshserviceClient("http://127.0.0.1:9", api_key=DEMO_API_KEY, timeout=1,
                                            read_retry=ReadRetry(attempts=0))
        try:
            me = await service.me()
        finally:
            await service.client.aclose()
            service.client = real
        assert me is not None and me.email == DEMO_AGENT_EMAIL and me.signature
        assert service.cached_me() is None  # not kept: /agents/me is asked once the server answers
        assert (await service.me()).email == DEMO_AGENT_EMAIL and service.cached_me() is not None
    finally:
        await service.close()


async def test_no_email_and_no_agents_me_is_unknown():
    asgi = make_sandbox()
    answer_me_with(asgi, 403)
    service = await _service(asgi)
    service.lookups.agent_email = None
    try:
        assert await service.me() is None and service.cached_me() is None
    finally:
        await service.close()


async def test_who_am_i_is_asked_again_an_hour_later():
    """Breaker of issue 12: a signature changed on the server was still the old one a day long."""
    import time

    from fstui.service.lookups import ME_TTL
    from fstui.sandbox.app import create_app
    from tests.tui.harness import FROZEN_EPOCH, open_service, quiet_config

    app = create_app(seed=1, tickets=50, clock=lambda: FROZEN_EPOCH)
    service = await open_service(app, config=quiet_config())
    try:
        me = await service.me()
        key = service.lookups.me_key()
        app.state.sandbox.store.agents[me.id]["signature"] = "<div>New signature</div>"
        assert (await service.me()).signature != "<div>New signature</div>"  # minutes later: the cached one
        record = service.core.store.get_record(key)
        service.core.store.set_record(key, record[0], time.time() - ME_TTL - 1)
        assert (await service.me()).signature == "<div>New signature</div>"
    finally:
        await service.close()


async def test_who_am_i_belongs_to_the_key_not_the_account(make_service, sandbox_url):
    """QA: opened with a colleague's key on the same account (same cache), fstui kept the first key's agent:
    the status bar, {me} views and the outbox's "is this message ours" all used Demo Agent for Riley's key."""
    from fstui.api.client import FreshserviceClient
    from fstui.sandbox import DEMO_API_KEY, READONLY_API_KEY

    first = await make_service(profile_name="acme")
    demo = await first.me()
    assert await first.writes.my_id() == demo.id
    await first.close()

    colleague = await make_service(profile_name="acme")  # the same account and cache...
    await colleague.client.aclose()
    colleague.client = FreshserviceClient(sandbox_url, api_key=READONLY_API_KEY)  # ... another agent's key
    colleague.core.client = colleague.client
    riley = await colleague.me()
    assert riley is not None and riley.id != demo.id
    assert colleague.writes.known_my_id() in (None, riley.id)
    assert await colleague.writes.my_id() == riley.id
    assert colleague.client.credential_id != FreshserviceClient(sandbox_url, api_key=DEMO_API_KEY).credential_id
    assert READONLY_API_KEY not in colleague.client.credential_id

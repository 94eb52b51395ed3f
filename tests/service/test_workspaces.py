"""The service on the current API: who-am-I from /agents/me, the workspace scope of the queue, rows of an
all-workspaces list, department/location names, people found by name."""

from __future__ import annotations

import pytest

from fstui.sandbox.app import create_app
from fstui.service import QueueView
from tests.tui.harness import FROZEN_EPOCH, open_service, quiet_config


def sandbox(workspaces: bool = True, tickets: int = 200):
    return create_app(seed=1, tickets=tickets, clock=lambda: FROZEN_EPOCH, workspaces=workspaces)


def stats(app) -> dict:
    return app.state.sandbox.stats()["by_endpoint"]


async def service_on(app):
    return await open_service(app, config=quiet_config())


async def test_me_asks_agents_me_and_falls_back_to_the_email():
    app = sandbox()
    service = await service_on(app)
    try:
        me = await service.me()
        assert me.email == "demo.agent@fstui-sandbox.example" and me.workspace_ids == [2, 3, 4]
        assert stats(app).get("GET /api/v2/agents/me") == 1
        assert await service.me() == me and stats(app)["GET /api/v2/agents/me"] == 1  # cached
    finally:
        await service.close()
    # an account that does not answer /agents/me: found by the configured email
    app = sandbox()
    routes = app.state.sandbox.routes
    app.state.sandbox.routes = [r for r in routes if r.template != "/api/v2/agents/me"]
    service = await service_on(app)
    try:
        me = await service.me()
        assert me is not None and me.email == "demo.agent@fstui-sandbox.example"
    finally:
        await service.close()


async def test_default_scope_all_on_a_multi_workspace_account_none_on_one():
    app = sandbox()
    service = await service_on(app)
    try:
        scope = await service.workspaces.prepare(await service.me())
        assert scope == 0
        assert [w.name for w in service.workspaces.visible(await service.me())] == ["IT", "HR", "Facilities"]
        assert service.workspaces.label(0) == "All workspaces" and service.workspaces.label(3) == "HR"
        assert service.workspaces.resolve("hr") == 3 and service.workspaces.resolve("ALL") == 0
        with pytest.raises(ValueError, match="IT, HR, Facilities"):
            service.workspaces.resolve("Payroll")
    finally:
        await service.close()


async def test_an_account_with_one_workspace_sends_no_workspace_id():
    single = sandbox(workspaces=False)
    service = await service_on(single)
    try:
        assert await service.workspaces.prepare(await service.me()) is None
        assert "GET /api/v2/workspaces" not in stats(single)  # the agent sees one workspace: no call
        assert service.workspaces.label(None) == ""
        page = None
        async for cached in service.queue_page(QueueView(), 1):
            page = cached.value
        assert page.tickets and {t.workspace_id for t in page.tickets} == {2}
    finally:
        await service.close()


async def test_queue_of_every_workspace_and_rows_that_lack_workspace_fields():
    app = sandbox()
    service = await service_on(app)
    try:
        await service.workspaces.prepare(await service.me())
        service.set_workspace_scope(0)
        page = None
        async for cached in service.queue_page(QueueView(workspace_id=0), 1):
            page = cached.value
        assert {t.workspace_id for t in page.tickets} == {2, 3, 4}
        it = next(t for t in page.tickets if t.workspace_id == 2)
        hr = next(t for t in page.tickets if t.workspace_id == 3)
        assert it.custom_fields and service.current_ticket(it.id) is not None  # complete: opens at once
        assert service.current_ticket(hr.id) is None  # HR's own field was dropped: read whole on open
        listed_tags, listed_requester = hr.tags, hr.requester
        views_before = stats(app).get("GET /api/v2/tickets/{id}", 0)
        credits_before = app.state.sandbox.credits
        full = None
        async for cached in service.ticket(hr.id):
            full = cached.value
        assert "hr_case_type" in full.custom_fields
        # the list embedded requester and tags: the read asks for neither again (1 credit, not 3), and what
        # the list embedded is still shown
        assert stats(app)["GET /api/v2/tickets/{id}"] == views_before + 1
        assert app.state.sandbox.credits - credits_before == 1
        assert full.tags == listed_tags and full.requester is not None
        assert full.requester.email == listed_requester.email
        # listing again with workspace_id=0 never blanks the field read before
        async for cached in service.queue_page(QueueView(workspace_id=0), 1, force=True):
            pass
        assert "hr_case_type" in service.records.ticket_json(hr.id)[0]["custom_fields"]
        groups = await service.groups()
        assert {"HR Operations", "Facilities Desk", "Service Desk"} <= {g.name for g in groups}
        assets = await service.assets(per_page=100, order_by="id", order_type="desc")
        assert {a.workspace_id for a in assets.items} == {2, 4}  # Facilities' assets too
        found = await service.filter_assets("ci_type_id:8")
        assert found.items and {a.workspace_id for a in found.items} == {4}
    finally:
        await service.close()


async def test_department_location_names_and_people_by_name():
    app = sandbox()
    service = await service_on(app)
    try:
        assert service.department_name(1000000203) is None  # a miss: loaded in the background
        await service.lookups.departments()
        await service.lookups.locations()
        assert service.department_name(1000000203) == "Sales"
        assert service.location_name(14) == "London HQ - Floor 3"
        assert service.asset_type_name(1) is None  # a miss: loaded in the background
        await service.lookups.asset_types()
        assert service.asset_type_name(9) == "HVAC Unit"
        found = await service.find_agents_by_name("hann")
        assert [a.name for a in found] == ["Hannah Reyes"]
        requester = (await service.requesters(per_page=1)).items[0]
        assert requester.id in {r.id for r in await service.find_requesters_by_name(requester.primary_email)}
        fields = await service.lookups.form_fields()
        status = next(f for f in fields if f.name == "status")
        assert status.labels()[6] == "Waiting on Customer"
    finally:
        await service.close()


async def test_who_am_i_is_asked_once_when_the_app_and_the_outbox_ask_together():
    """QA of issue 12: /agents/me was called twice at start-up (the app's who-am-I and the outbox's)."""
    import asyncio

    app = sandbox()
    service = await service_on(app)
    try:
        me, my_id = await asyncio.gather(service.me(), service.writes.my_id())
        assert me.id == my_id and stats(app)["GET /api/v2/agents/me"] == 1
    finally:
        await service.close()


async def test_names_read_while_offline_are_asked_again_once_back():
    """Breaker of issue 12: opened offline, an HR ticket kept ``Agent: #1000000561`` for the rest of the
    session (the look-up got the old cached list back and was never asked again)."""
    import time

    from fstui.api import errors as api_errors

    app = sandbox()
    service = await service_on(app)
    try:
        await service.agents()
        lookups = service.lookups
        service.core.store.set_record("lookup:agents", [], time.time() - 10 * 86400)  # old, and lacks them
        jobs = []
        lookups.prefetch.enqueue = lambda key, run: jobs.append(run)
        real = service.core.client.iter_agents

        def offline(*args, **kwargs):
            raise api_errors.ConnectFailed("no route to host")

        service.core.client.iter_agents = offline
        lookups._read_now.discard("agents")
        lookups.names.replace("agents", {})  # a session that started with that old list
        assert service.agent_name(1000000001) is None
        for run in jobs:
            try:
                await run()
            except api_errors.TransportError:
                pass
        assert "agents" not in lookups._started  # not given up: a later miss asks again
        service.core.client.iter_agents = real
        jobs.clear()
        assert service.agent_name(1000000001) is None  # the miss asks again, now online
        for run in jobs:
            await run()
        assert service.agent_name(1000000001) == "Demo Agent"
    finally:
        await service.close()

"""Every endpoint of the client against the sandbox (loopback HTTP), reference semantics."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from fstui.api import errors as E
from fstui.api import models as m
from fstui.api.client import FreshserviceClient


async def test_auth_and_budget(api, sandbox_env):
    page = await api.list_tickets(per_page=5)
    assert 1 <= len(page.items) <= 5
    assert api.budget.total and api.budget.remaining is not None and api.budget.last_cost == 1
    assert api.calls == 1 and api.credits == 1
    url, server = sandbox_env
    async with FreshserviceClient(url, email=server.agent_email,
                                  password=server.agent_password) as by_password:
        assert (await by_password.list_tickets(per_page=1)).items
    async with FreshserviceClient(url, api_key="wrong-key") as bad:
        with pytest.raises(E.AuthenticationError) as info:
            await bad.list_tickets()
        assert "wrong-key" not in str(info.value)
        assert bad.budget.total is not None  # errors update the budget too


async def test_ticket_paging_follows_link(api):
    first = await api.list_tickets(per_page=100)
    assert len(first.items) == 100 and first.next_page == 2
    seen = []
    async for ticket in api.iter_tickets(per_page=100):
        seen.append(ticket.id)
        if len(seen) == 250:
            break
    assert len(seen) == len(set(seen)) == 250
    assert seen[:100] == [t.id for t in first.items]


async def test_ticket_list_filters_and_include(api):
    page = await api.list_tickets(per_page=30, include=["stats"])
    assert api.budget.last_cost == 3
    assert all(t.stats is not None for t in page.items)
    page = await api.list_tickets(per_page=10, include=["requester"])
    assert page.items[0].requester is not None and page.items[0].requester.email
    asc = await api.list_tickets(order_type="asc", per_page=10)
    desc = await api.list_tickets(order_type="desc", per_page=10)
    assert asc.items[0].id != desc.items[0].id
    one = desc.items[0]
    by_req = await api.list_tickets(requester_id=one.requester_id, per_page=100)
    assert by_req.items and all(t.requester_id == one.requester_id for t in by_req.items)
    since = datetime.now(timezone.utc) - timedelta(days=2)
    recent = await api.list_tickets(updated_since=since, per_page=100)
    assert all(t.updated_at >= since - timedelta(seconds=1) for t in recent.items)
    for name in ("new_and_my_open", "watching", "spam", "deleted"):
        await api.list_tickets(filter=name, per_page=5)


async def test_ticket_lifecycle(api):
    created = await api.create_ticket({
        "subject": "Contract test", "description": "<p>Hello</p>", "email": "contract@example.com",
        "priority": m.Priority.HIGH, "status": m.Status.OPEN, "source": m.Source.PHONE,
        "cc_emails": ["cc@example.com"], "tags": ["contract"]})
    assert created.id and created.priority is m.Priority.HIGH and created.source is m.Source.PHONE
    assert created.created_at.tzinfo is not None
    got = await api.get_ticket(created.id, include=["requester", "stats", "conversations"])
    assert got.subject == "Contract test" and got.requester.email == "contract@example.com"
    updated = await api.update_ticket(created.id, {"status": m.Status.PENDING, "priority": 1})
    assert updated.status is m.Status.PENDING and updated.priority is m.Priority.LOW
    await api.delete_ticket(created.id)
    deleted = [t.id async for t in api.iter_tickets(filter="deleted")]
    assert created.id in deleted
    await api.restore_ticket(created.id)
    again = await api.get_ticket(created.id)
    assert not again.deleted


async def test_ticket_with_attachment(api):
    upload = m.Upload("notes.txt", b"hello from the contract test", "text/plain")
    created = await api.create_ticket({"subject": "with file", "description": "see file",
                                       "email": "files@example.com", "priority": 2, "status": 2},
                                      attachments=[upload])
    assert created.attachments and created.attachments[0].name == "notes.txt"
    assert created.attachments[0].size == len(upload.content)


async def test_ticket_fields_and_filter(api):
    fields = await api.list_ticket_fields()
    names = {f.name for f in fields}
    assert {"subject", "status", "priority"} <= names
    only = await api.list_ticket_fields(type="default_requester")
    assert only and all(f.type == "default_requester" for f in only)
    page = await api.filter_tickets("priority:4 AND status:2")
    assert page.total is not None and page.total >= len(page.items)
    assert all(t.priority == 4 and t.status == 2 for t in page.items)


async def test_conversations(api):
    ticket = (await api.list_tickets(per_page=1)).items[0]
    reply = await api.create_reply(ticket.id, "<p>We are on it</p>", cc_emails=["x@example.com"])
    assert reply.id and reply.ticket_id == ticket.id
    note = await api.create_note(ticket.id, "<p>internal</p>")
    assert note.private is True
    public = await api.create_note(ticket.id, "public", private=False,
                                   attachments=[m.Upload("a.txt", b"abc", "text/plain")])
    assert public.private is False and public.attachments[0].name == "a.txt"
    edited = await api.update_conversation(note.id, "<p>edited</p>")
    assert "edited" in (edited.body or "")
    thread = [c async for c in api.iter_conversations(ticket.id, per_page=100)]
    ids = [c.id for c in thread]
    assert reply.id in ids and note.id in ids and public.id in ids
    page = await api.list_conversations(ticket.id, per_page=1)
    assert len(page.items) == 1 and page.next_page == 2
    await api.delete_conversation(note.id)
    thread = [c.id async for c in api.iter_conversations(ticket.id)]
    assert note.id not in thread
    with pytest.raises(E.NotFound):
        await api.update_conversation(note.id, "gone")


async def test_assets(api):
    page = await api.list_assets(per_page=5)
    assert page.items
    asset = page.items[0]
    assert asset.display_id is not None
    await api.list_assets(order_by="updated_at", order_type="asc", per_page=5)
    await api.list_assets(trashed=True, per_page=5)
    with_fields = await api.list_assets(include_type_fields=True, per_page=2)
    assert api.budget.last_cost == 3
    assert with_fields.items[0].type_fields is not None
    got = await api.get_asset(asset.display_id, include_type_fields=True)
    assert got.display_id == asset.display_id
    filtered = await api.filter_assets(f"ci_type_id:{asset.ci_type_id}")
    assert filtered.total is not None and all(a.ci_type_id == asset.ci_type_id for a in filtered.items)
    all_assets = [a async for a in api.iter_assets(per_page=100)]
    assert len(all_assets) >= len(page.items)


async def test_requesters(api):
    page = await api.list_requesters(per_page=5)
    assert page.items
    first = page.items[0]
    by_email = await api.list_requesters(email=first.primary_email)
    assert [r.id for r in by_email.items] == [first.id]
    got = await api.get_requester(first.id)
    assert got.primary_email == first.primary_email
    new = await api.create_requester({"first_name": "Contract", "last_name": "Tester",
                                      "primary_email": "contract.tester@example.com"})
    changed = await api.update_requester(new.id, {"job_title": "Tester"})
    assert changed.job_title == "Tester"
    await api.delete_requester(new.id)
    fields = await api.list_requester_fields()
    assert any(f.name == "first_name" for f in fields)
    assert len([r async for r in api.iter_requesters(per_page=100)]) >= len(page.items)


async def test_agents(api, sandbox_env):
    _, server = sandbox_env
    me = await api.list_agents(email=server.agent_email)
    assert len(me.items) == 1 and me.items[0].email == server.agent_email
    fulltime = await api.list_agents(state="fulltime", per_page=100)
    assert all(a.occasional is False for a in fulltime.items)
    occasional = await api.list_agents(state="occasional", per_page=100)
    assert all(a.occasional is True for a in occasional.items)
    agent = await api.get_agent(me.items[0].id)
    assert agent.roles and not agent.role_ids  # the current shape (API-SUPPLEMENT §0)
    role_id = agent.roles[0]["role_id"]
    new = await api.create_agent({"first_name": "Contract", "email": "contract.agent@example.com",
                                  "roles": [{"role_id": role_id, "assignment_scope": "member_groups"}]})
    assert new.roles == [{"role_id": role_id, "assignment_scope": "member_groups", "groups": []}]
    old = await api.create_agent({"first_name": "Old", "email": "old.agent@example.com", "role_ids": [role_id]})
    assert [r["role_id"] for r in old.roles] == [role_id]
    await api.delete_agent(old.id)
    changed = await api.update_agent(new.id, {"scoreboard_level_id": m.ScoreboardLevel.EXPERT})
    assert changed.scoreboard_level_id is m.ScoreboardLevel.EXPERT
    await api.delete_agent(new.id)
    assert [a async for a in api.iter_agents()]


async def test_roles_and_groups(api):
    roles = await api.list_roles()
    assert roles.items
    role = await api.get_role(roles.items[0].id)
    assert role.name == roles.items[0].name
    assert [r async for r in api.iter_roles()]
    groups = await api.list_groups()
    assert groups.items
    group = await api.get_group(groups.items[0].id)
    assert group.name == groups.items[0].name
    new = await api.create_group({"name": "Contract Group", "description": "made by a test"})
    changed = await api.update_group(new.id, {"description": "changed", "agent_ids": []})
    assert changed.description == "changed"
    await api.delete_group(new.id)
    with pytest.raises(E.NotFound):
        await api.get_group(new.id)
    assert [g async for g in api.iter_groups()]


async def test_error_mapping(api, sandbox_env):
    with pytest.raises(E.NotFound):
        await api.get_ticket(987654321)
    with pytest.raises(E.ValidationError) as info:
        await api.create_ticket({"subject": "no requester", "description": "x", "status": 2,
                                 "priority": 1})
    assert info.value.errors and info.value.errors[0].code
    some = (await api.list_tickets(per_page=1)).items[0]
    with pytest.raises(E.ValidationError) as info:
        await api.update_ticket(some.id, {"priority": 9})
    fields = info.value.field_errors()
    assert "priority" in fields
    from fstui.sandbox import READONLY_API_KEY
    url, _ = sandbox_env
    async with FreshserviceClient(url, api_key=READONLY_API_KEY) as readonly:
        ticket = (await readonly.list_tickets(per_page=1)).items[0]
        with pytest.raises(E.AccessDenied):
            await readonly.update_ticket(ticket.id, {"priority": 2})


async def test_rate_limit_read_waits_write_raises(api, control, sleeper):
    ticket = (await api.list_tickets(per_page=1)).items[0]
    control.post("plan", {"plan": "starter", "remaining": 0})
    with pytest.raises(E.RateLimited) as info:
        await api.create_note(ticket.id, "blocked")
    assert info.value.retry_after > 0
    # A read waits Retry-After (the injected sleep advances the sandbox clock) and succeeds.
    page = await api.list_tickets(per_page=1)
    assert page.items and sleeper.sleeps
    assert api.budget.remaining is not None and api.budget.remaining > 0


async def test_faults_map_to_transport_errors(api, control):
    ticket = (await api.list_tickets(per_page=1)).items[0]
    control.post("faults", {"rate_500": 1.0})
    with pytest.raises(E.ServerError):
        await api.get_ticket(ticket.id)
    control.post("faults", {"drop": 1.0})
    with pytest.raises(E.ConnectionDropped):
        await api.create_note(ticket.id, "maybe")
    control.post("faults", {})
    assert (await api.list_tickets(per_page=1)).items


async def test_include_credits_on_a_single_object(api):
    ticket = (await api.list_tickets(per_page=1)).items[0]
    await api.get_ticket(ticket.id)
    assert api.budget.last_cost == 1
    got = await api.get_ticket(ticket.id, include=["requester", "stats"])
    assert api.budget.last_cost == 3
    assert got.requester is not None and got.stats is not None


async def test_filter_paging_and_limits(api):
    first = await api.filter_tickets("status:2 OR status:3")
    assert first.total is not None and len(first.items) <= 30
    if first.total > 30:
        assert first.next_page == 2
        second = await api.filter_tickets("status:2 OR status:3", page=2)
        assert not {t.id for t in first.items} & {t.id for t in second.items}
    with pytest.raises(ValueError):
        await api.filter_assets("name:'x'", page=41)
    with pytest.raises(E.ValidationError):
        await api.filter_tickets("priority:>>")  # the server rejects a malformed query


async def test_calls_and_credits_match_the_server(api, control):
    before = control.stats()
    await api.list_tickets(per_page=10, include=["stats"])
    await api.get_ticket((await api.list_tickets(per_page=1)).items[0].id)
    after = control.stats()
    assert after["requests"] - before["requests"] == api.calls == 3
    assert after["credits"] - before["credits"] == api.credits == 5

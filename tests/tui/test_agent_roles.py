"""The agent detail screen reads the current agent shape (QA item 12): roles[] and member_of/observer_of
name the agent's roles, their assignment scopes and groups; an older account's scopes/group_ids still work."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from browse_support import BrowseHarness, FakeService  # noqa: E402

from fstui.api.models import Agent  # noqa: E402
from fstui.tui.screens.agents import AgentDetailScreen  # noqa: E402


async def _text(agent: Agent) -> str:
    app = BrowseHarness(lambda: AgentDetailScreen(agent), FakeService())
    async with app.run_test(size=(100, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
        return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


async def test_current_agent_shows_roles_scopes_and_groups_by_name():
    agent = Agent.model_validate({
        "id": 7, "first_name": "Nia", "last_name": "Okafor", "email": "nia@example.com", "occasional": False,
        "member_of": [10], "observer_of": [11],
        "roles": [{"role_id": 1, "assignment_scope": "entire_helpdesk", "groups": []},
                  {"role_id": 2, "assignment_scope": "specified_groups", "groups": [11]}]})
    text = await _text(agent)
    assert "Service Desk" in text and "Observer of" in text and "Linux Support" in text
    assert "Account Admin, SD Agent" in text  # role names from /roles, not ids
    assert "Roles" in text and "Scopes" not in text and "none listed" not in text
    assert "Entire helpdesk" in text and "Specified groups: Linux Support" in text
    assert "#1" not in text and "#10" not in text


async def test_older_account_agent_keeps_its_scopes_and_group_ids():
    agent = FakeService().agents_list[0]  # group_ids, role_ids and scopes, no roles[]
    text = await _text(agent)
    assert "Service Desk, Linux Support" in text and "Account Admin" in text
    assert "Scopes" in text and "Restricted Access" in text


async def test_agent_detail_shows_a_location_name_that_arrives_later():
    """A name not cached yet (#id) is replaced when the look-up arrives (the service's names event), as on
    the requester and asset details."""
    from fstui.service.events import TicketsChanged

    service = FakeService()
    agent = Agent.model_validate({"id": 8, "first_name": "Tom", "email": "tom@example.com", "location_id": 14,
                                  "roles": [{"role_id": 2, "assignment_scope": "member_groups", "groups": []}]})
    app = BrowseHarness(lambda: AgentDetailScreen(agent), service)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

        def text():
            return "\n".join("".join(seg.text for seg in s) for s in app.screen._compositor.render_strips())

        assert "#14" in text() and "Groups they are a member of" in text()
        service.location_name = lambda lid: {14: "London HQ - Floor 3"}.get(lid)
        service._publish(TicketsChanged(frozenset(), frozenset()))
        await pilot.pause()
        assert "London HQ - Floor 3" in text() and "#14" not in text()


async def test_group_detail_lists_members_and_observers_of_the_current_shape():
    from fstui.api.models import Group
    from fstui.tui.screens.groups import GroupDetailScreen

    group = Group.model_validate({"id": 20, "name": "Night shift", "members": [1, 2], "observers": [3]})
    app = BrowseHarness(lambda: GroupDetailScreen(group), FakeService())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        text = "\n".join("".join(seg.text for seg in s) for s in app.screen._compositor.render_strips())
    assert "Members (2)" in text and "Ada Lovelace" in text and "Grace Hopper" in text
    assert "Observers (1)" in text and "Linus Field" in text

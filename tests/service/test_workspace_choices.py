"""What a ticket's workspace offers (fstui.service.workspace_choices, fstui.service.knowledge): its groups,
its agents (unknown membership is not "none"), and its canned responses plus the global ones."""

from __future__ import annotations

from fstui.api.models import Agent, Group
from fstui.service import workspace_choices


def test_groups_and_agents_of_a_workspace():
    groups = [Group(id=1, name="Service Desk", workspace_id=2), Group(id=2, name="HR Operations", workspace_id=3),
              Group(id=3, name="Old group")]  # no workspace_id: the primary's
    assert [g.id for g in workspace_choices.groups_of(groups, 3, primary=2)] == [2]
    assert [g.id for g in workspace_choices.groups_of(groups, 2, primary=2)] == [1, 3]
    assert [g.id for g in workspace_choices.groups_of(groups, None, primary=2)] == [1, 2, 3]
    agents = [Agent(id=1, workspace_ids=[2, 3, 4]), Agent(id=2, workspace_ids=[2]), Agent(id=3, workspace_ids=[3]),
              Agent(id=4)]  # no list: offered everywhere
    assert [a.id for a in workspace_choices.agents_of(agents, [3])] == [1, 3, 4]
    assert [a.id for a in workspace_choices.agents_of(agents, [2, 3])] == [1, 4]  # bulk: in every one
    assert [a.id for a in workspace_choices.agents_of(agents, [None])] == [1, 2, 3, 4]
    older = [Agent(id=1), Agent(id=2)]  # an account whose agents carry no workspace_ids: everyone
    assert [a.id for a in workspace_choices.agents_of(older, [3])] == [1, 2]


async def test_canned_responses_of_the_tickets_workspace_and_the_global_ones(make_service):
    service = await make_service()
    hr = await service.knowledge.canned_responses(3)
    assert [r.title for r in hr] == ["Leave request received", "Payslip correction", "Office closed on public holidays"]
    it = {r.title for r in await service.knowledge.canned_responses(2)}
    assert {"Greeting", "Office closed on public holidays"} <= it and "Payslip correction" not in it
    folders = {f.name for f in await service.knowledge.canned_folders(3)}
    assert folders == {"HR replies", "Company-wide"}
    default = {r.title for r in await service.knowledge.canned_responses()}  # no workspace: as before
    assert "Greeting" in default and "Payslip correction" not in default


async def test_a_workspace_the_cached_groups_miss_is_read(make_service):
    """The groups list read before the account was known to have several workspaces holds IT's only:
    an HR ticket's group picker reads HR's (GET /groups?workspace_id=3), never offers IT's."""
    service = await make_service()
    assert {g.workspace_id for g in await service.groups()} == {2}  # read for the primary workspace only
    hr = await workspace_choices.ticket_groups(service, 3)
    assert {g.name for g in hr} == {"HR Operations", "Payroll & Benefits"}
    assert service.group_name(hr[0].id) == hr[0].name

"""The current API's endpoints (../shared/API-SUPPLEMENT.md): the client against the sandbox over HTTP,
one test per endpoint or parameter family."""

from __future__ import annotations

import pytest

from fstui.api import errors as E
from fstui.api.client import FreshserviceClient
from fstui.api.people_filters import REQUESTER_NAME_FIELDS, starts_with_query
from fstui.sandbox import READONLY_API_KEY


async def test_workspaces_list_and_view(api):
    spaces = [w async for w in api.iter_workspaces(per_page=2)]  # two pages: the Link header is followed
    assert [w.name for w in spaces] == ["IT", "HR", "Facilities"]
    assert [w.primary for w in spaces] == [True, False, False]
    hr = await api.get_workspace(spaces[1].id)
    assert hr.name == "HR" and hr.template_name == "hr" and hr.active
    with pytest.raises(E.NotFound):
        await api.get_workspace(99)


async def test_ticket_list_workspace_semantics(api):
    primary = [t async for t in api.iter_tickets(per_page=100)]
    assert {t.workspace_id for t in primary} == {2}
    hr = await api.list_tickets(workspace_id=3, per_page=100)
    assert hr.items and {t.workspace_id for t in hr.items} == {3}
    everything = await api.list_tickets(workspace_id="all", per_page=100)
    assert {t.workspace_id for t in everything.items} <= {2, 3, 4}
    hr_rows = [t for t in everything.items if t.workspace_id == 3]
    assert all("hr_case_type" not in t.custom_fields for t in hr_rows)  # 0 = global fields only
    with pytest.raises(E.ValidationError) as info:
        await api.list_tickets(workspace_id=99)
    assert info.value.errors[0].field == "workspace_id"


async def test_ticket_type_filter_and_current_includes(api):
    page = await api.list_tickets(type="Service Request", include=["requested_for"], per_page=50)
    assert page.items and all(t.type == "Service Request" for t in page.items)
    assert all(t.requested_for_id is not None for t in page.items)
    assert page.items[0].model_extra["requested_for"]["id"] == page.items[0].requested_for_id
    assert api.budget.last_cost == 3
    ticket = await api.get_ticket(page.items[0].id, include=["department", "changes"])
    assert "department" in ticket.model_extra and "changes_initiated_by_ticket" in ticket.model_extra


async def test_custom_statuses_and_sources_on_tickets(api):
    hr = [t async for t in api.iter_tickets(workspace_id=3)]
    assert {6, 12} & {int(t.status) for t in hr}
    assert {1001, 1002} & {int(t.source) for t in hr}


async def test_filter_tickets_workspace(api):
    primary = await api.filter_tickets("priority:4")
    hr = await api.filter_tickets("priority:4", workspace_id=3)
    assert {t.workspace_id for t in primary.items} == {2}
    assert {t.workspace_id for t in hr.items} == {3}
    inside = await api.filter_tickets("workspace_id:4")
    assert inside.items and {t.workspace_id for t in inside.items} == {4}


async def test_agents_me_for_both_keys(api, sandbox_env):
    me = await api.get_me()
    assert me.email == "demo.agent@fstui-sandbox.example" and me.workspace_ids == [2, 3, 4]
    url, _ = sandbox_env
    async with FreshserviceClient(url, api_key=READONLY_API_KEY) as readonly:
        other = await readonly.get_me()
    assert other.first_name == "Riley" and other.workspace_ids == [2, 3]


async def test_people_filter_queries(api):
    found = await api.filter_agents(starts_with_query("hann"))
    assert [a.name for a in found.items] == ["Hannah Reyes"]
    occasional = await api.filter_agents("language:'en'", state="occasional")
    assert occasional.items and all(a.occasional for a in occasional.items)
    some = (await api.list_requesters(per_page=1)).items[0]
    by_email = await api.filter_requesters(f"primary_email:'{some.primary_email}'")
    assert [r.id for r in by_email.items] == [some.id]
    prefix = await api.filter_requesters(starts_with_query(some.first_name[:3], REQUESTER_NAME_FIELDS))
    assert some.id in {r.id for r in prefix.items} or prefix.next_page
    with pytest.raises(E.ValidationError) as info:
        await api.filter_requesters("shoe_size:42")
    assert info.value.errors[0].message == "[:invalid_field]"


async def test_people_active_and_include_agents(api):
    active = await api.list_agents(active=True, per_page=100)
    assert active.items and all(a.active for a in active.items)
    assert not (await api.list_agents(active=False)).items
    with_agents = [r async for r in _all_requesters(api)]
    assert any(r.is_agent for r in with_agents)


async def _all_requesters(api):
    page = 1
    while True:
        result = await api.list_requesters(include_agents=True, per_page=100, page=page)
        for r in result.items:
            yield r
        if not result.next_page:
            return
        page = result.next_page


async def test_ticket_form_fields(api):
    default = await api.list_ticket_form_fields()
    status = next(f for f in default if f.name == "status")
    assert status.labels()[6] == "Waiting on Customer" and status.labels()[12] == "Awaiting Vendor"
    source = next(f for f in default if f.name == "source")
    assert source.labels()[1001] == "Kiosk"
    category = next(f for f in default if f.name == "category")
    assert category.choices[0].nested_options and category.nested_fields[0]["name"] == "sub_category"
    assert any(f.sections for f in default)
    only_global = await api.list_ticket_form_fields(workspace_id=0)
    assert {f.workspace_id for f in only_global} <= {1, None}
    hr = await api.list_ticket_form_fields(workspace_id=3)
    assert "hr_case_type" in {f.name for f in hr} and "hr_case_type" not in {f.name for f in default}
    legacy = await api.list_ticket_fields()
    assert "6" in next(f for f in legacy if f.name == "status").choices


async def test_departments(api):
    departments = [d async for d in api.iter_departments(per_page=3)]
    assert len(departments) == 8 and departments[0].name == "Finance"
    sales = await api.list_departments(query="name:'Sales'")
    assert [d.name for d in sales.items] == ["Sales"]
    assert (await api.get_department(sales.items[0].id)).domains
    assert {f.name for f in await api.list_department_fields()} >= {"name", "description"}


async def test_locations(api):
    locations = [x async for x in api.iter_locations()]
    assert [x.name for x in locations][:2] == ["London HQ", "Berlin Office"]
    floor = await api.list_locations(query="parent_location_id:11")
    assert [x.name for x in floor.items] == ["London HQ - Floor 3"]
    assert (await api.get_location(12)).address.city == "Berlin"


async def test_asset_types_and_asset_filters(api):
    types = [t async for t in api.iter_asset_types()]
    assert types[0].name == "Laptop" and any(t.parent_asset_type_id for t in types)
    assert (await api.get_asset_type(8)).name == "Facility Equipment"
    laptops = await api.filter_assets_by("asset_type_id:1")
    assert laptops.items and all(a.asset_type_id == 1 == a.ci_type_id for a in laptops.items)
    facilities = await api.filter_assets_by("asset_type_id:8", workspace_id=4)
    assert facilities.items and {a.workspace_id for a in facilities.items} == {4}
    named = await api.search_assets(f"name:'{laptops.items[0].name}'")
    assert laptops.items[0].id in {a.id for a in named.items}
    legacy = await api.filter_assets("ci_type_id:1")
    assert legacy.total == laptops.total
    everything = await api.list_assets(workspace_id=0, per_page=100)
    assert everything.items


async def test_groups_by_workspace(api):
    it = [g async for g in api.iter_groups()]
    hr = await api.list_groups(workspace_id=3)
    assert len(it) == 8 and {g.workspace_id for g in it} == {2}
    assert [g.name for g in hr.items] == ["HR Operations", "Payroll & Benefits"]


async def test_sla_policies_and_business_hours(api):
    default = await api.list_sla_policies()
    assert {p.workspace_id for p in default.items} == {1}
    hr = await api.list_sla_policies(workspace_id=3)
    assert {p.workspace_id for p in hr.items} == {1, 3}
    assert hr.items[0].sla_targets[0].respond_within == 3600
    hours = await api.list_business_hours()
    assert hours.items and (await api.get_business_hours(hours.items[0].id)).service_desk_hours["monday"]
    assert {h.workspace_id for h in (await api.list_business_hours(workspace_id=1)).items} == {1}

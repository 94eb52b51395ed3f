"""The current API's endpoint methods (../shared/API-SUPPLEMENT.md): method, URL, query as sent, and the
documented response shapes parsed (one case per method; the contract tests run them against the sandbox)."""

from __future__ import annotations

import pytest

from fstui.api.form_fields import FormField
from fstui.api.people_filters import starts_with_query
from fstui.api.workspaces import workspace_param

from .test_endpoints import ok, query

WS = {"id": 2, "name": "IT", "description": None, "primary": True, "restricted": False, "state": 1,
      "template_name": "it", "type": "workspace", "created_at": "2023-01-01T00:00:00Z",
      "updated_at": "2023-01-01T00:00:00Z", "logo": ""}
AGENT = {"id": 7, "first_name": "Ada", "last_name": "L", "email": "ada@x.example", "workspace_ids": [2, 3],
         "roles": [{"role_id": 1, "assignment_scope": "entire_helpdesk", "groups": []}], "member_of": [5]}
TICKET = {"id": 9, "subject": "s", "status": 6, "source": 1001, "workspace_id": 3, "requested_for_id": 4}
ASSET = {"id": 1, "display_id": 1, "name": "L", "asset_type_id": 8, "impact": "low", "usage_type": "loaner",
         "workspace_id": 4}

CURRENT_CASES = [
    ("list_workspaces", lambda c: c.list_workspaces(per_page=100), ok({"workspaces": [WS]}), "GET",
     "/workspaces", {"page": "1", "per_page": "100"}, lambda r: r.items[0].primary and r.items[0].active),
    ("get_workspace", lambda c: c.get_workspace(3), ok({"workspace": {**WS, "id": 3, "state": "active"}}), "GET",
     "/workspaces/3", {}, lambda w: w.id == 3 and w.state == "active"),
    ("get_me", lambda c: c.get_me(), ok({"agent": AGENT}), "GET", "/agents/me", {},
     lambda a: a.workspace_ids == [2, 3] and a.member_of == [5] and a.roles[0]["role_id"] == 1),
    ("filter_agents", lambda c: c.filter_agents(starts_with_query("ad"), page=2, active=True),
     ok({"agents": [AGENT]}), "GET", "/agents",
     {"query": "\"~[first_name|last_name|email]:'ad'\"", "active": "true", "page": "2"}, lambda r: r.page == 2),
    ("filter_requesters", lambda c: c.filter_requesters("department_id:5", include_agents=True),
     ok({"requesters": [{"id": 7, "first_name": "Ada", "is_agent": True}]}), "GET", "/requesters",
     {"query": '"department_id:5"', "include_agents": "true", "page": "1"}, lambda r: r.items[0].is_agent),
    ("list_ticket_form_fields", lambda c: c.list_ticket_form_fields(workspace_id=0),
     ok({"ticket_fields": [{"id": 1, "name": "status", "field_type": "default_status", "workspace_id": 1,
                            "choices": [{"id": 6, "value": "Waiting on Customer",
                                         "requester_display_value": "Awaiting your Reply"}]}]}),
     "GET", "/ticket_form_fields", {"workspace_id": "0"}, lambda r: r[0].labels() == {6: "Waiting on Customer"}),
    ("list_departments", lambda c: c.list_departments(query="name:'Sales'"),
     ok({"departments": [{"id": 1, "name": "Sales", "domains": "sales.example"}]}), "GET", "/departments",
     {"query": "\"name:'Sales'\"", "page": "1", "per_page": "30"}, lambda r: r.items[0].domains == ["sales.example"]),
    ("get_department", lambda c: c.get_department(1), ok({"department": {"id": 1, "name": "Sales"}}), "GET",
     "/departments/1", {}, lambda d: d.name == "Sales"),
    ("list_department_fields", lambda c: c.list_department_fields(),
     ok({"department_fields": [{"name": "name", "label": "Name", "mandatory": True}]}), "GET",
     "/department_fields", {}, lambda r: r[0].mandatory),
    ("list_locations", lambda c: c.list_locations(per_page=100),
     ok({"locations": [{"id": 11, "name": "HQ", "address": {"city": "London"}}]}), "GET", "/locations",
     {"page": "1", "per_page": "100"}, lambda r: r.items[0].address.city == "London"),
    ("get_location", lambda c: c.get_location(11), ok({"location": {"id": 11, "name": "HQ"}}), "GET",
     "/locations/11", {}, lambda r: r.name == "HQ"),
    ("list_asset_types", lambda c: c.list_asset_types(), ok({"asset_types": [{"id": 8, "name": "HVAC"}]}), "GET",
     "/asset_types", {"page": "1", "per_page": "30"}, lambda r: r.items[0].name == "HVAC"),
    ("get_asset_type", lambda c: c.get_asset_type(8), ok({"asset_type": {"id": 8, "name": "HVAC"}}), "GET",
     "/asset_types/8", {}, lambda r: r.id == 8),
    ("filter_assets_by", lambda c: c.filter_assets_by("asset_type_id:8", workspace_id=4),
     ok({"assets": [ASSET]}), "GET", "/assets", {"filter": '"asset_type_id:8"', "page": "1", "workspace_id": "4"},
     lambda r: r.items[0].asset_type_id == 8 and r.items[0].usage_type.label == "Loaner"),
    ("search_assets", lambda c: c.search_assets("name:'L'"), ok({"assets": [ASSET]}), "GET", "/assets",
     {"search": "\"name:'L'\"", "page": "1"}, lambda r: r.items[0].workspace_id == 4),
    ("list_sla_policies", lambda c: c.list_sla_policies(workspace_id=3),
     ok({"sla_policies": [{"id": 1, "name": "HR", "sla_targets": [{"priority": 4, "respond_within": 3600}]}]}),
     "GET", "/sla_policies", {"workspace_id": "3", "page": "1", "per_page": "30"},
     lambda r: r.items[0].sla_targets[0].respond_within == 3600),
    ("list_business_hours", lambda c: c.list_business_hours(),
     ok({"business_hours": [{"id": 1, "name": "Default", "service_desk_hours": {}}]}), "GET", "/business_hours",
     {"page": "1", "per_page": "30"}, lambda r: r.items[0].name == "Default"),
    ("get_business_hours", lambda c: c.get_business_hours(1), ok({"business_hours": {"id": 1, "name": "D"}}),
     "GET", "/business_hours/1", {}, lambda r: r.id == 1),
    ("list_canned_response_folders", lambda c: c.list_canned_response_folders(workspace_id=2),
     ok({"canned_response_folders": [{"id": 1, "name": "General", "type": "General"}]}), "GET",
     "/canned_response_folders", {"workspace_id": "2", "page": "1", "per_page": "30"},
     lambda r: r.items[0].type == "General"),
    ("get_canned_response_folder", lambda c: c.get_canned_response_folder(1),
     ok({"canned response_folder": {"id": 1, "name": "General"}}), "GET", "/canned_response_folders/1", {},
     lambda r: r.name == "General"),
    ("list_folder_canned_responses", lambda c: c.list_folder_canned_responses(1),
     ok({"canned_responses": [{"id": 3, "title": "Hi"}]}), "GET", "/canned_response_folders/1/canned_responses",
     {"page": "1", "per_page": "30"}, lambda r: r.items[0].title == "Hi"),
    ("list_canned_responses", lambda c: c.list_canned_responses(workspace_id=1),
     ok({"canned_responses": [{"id": 3, "title": "Hi", "workspace_id": 1}]}), "GET", "/canned_responses",
     {"workspace_id": "1", "page": "1", "per_page": "30"}, lambda r: r.items[0].workspace_id == 1),
    ("get_canned_response", lambda c: c.get_canned_response(3),
     ok({"canned_responses": {"id": 3, "title": "Hi", "attachments": []}}), "GET", "/canned_responses/3", {},
     lambda r: r.title == "Hi"),
    ("list_solution_categories", lambda c: c.list_solution_categories(workspace_id="all"),
     ok({"categories": [{"id": 1, "name": "FAQ"}]}), "GET", "/solutions/categories",
     {"workspace_id": "0", "page": "1", "per_page": "30"}, lambda r: r.items[0].name == "FAQ"),
    ("list_solution_folders", lambda c: c.list_solution_folders(1), ok({"folders": [{"id": 2, "name": "F"}]}),
     "GET", "/solutions/folders", {"category_id": "1", "page": "1", "per_page": "30"}, lambda r: r.items[0].id == 2),
    ("list_solution_articles", lambda c: c.list_solution_articles(2),
     ok({"articles": [{"id": 3, "title": "VPN", "user_id": 5}]}), "GET", "/solutions/articles",
     {"folder_id": "2", "page": "1", "per_page": "30"}, lambda r: r.items[0].user_id == 5),
    ("get_solution_article", lambda c: c.get_solution_article(3), ok({"article": {"id": 3, "title": "VPN"}}),
     "GET", "/solutions/articles/3", {}, lambda r: r.title == "VPN"),
    ("search_solution_articles", lambda c: c.search_solution_articles("vpn"),
     ok({"articles": [{"id": 3}], "meta": {"total_items": 1}}), "GET", "/solutions/articles/search",
     {"search_term": "vpn", "page": "1", "per_page": "30"}, lambda r: len(r.items) == 1),
    ("list_tickets workspace", lambda c: c.list_tickets(workspace_id=0, type="Service Request",
                                                        include=["requested_for"]),
     ok({"tickets": [TICKET]}), "GET", "/tickets",
     {"workspace_id": "0", "type": "Service Request", "include": "requested_for", "page": "1", "per_page": "30"},
     lambda r: r.items[0].workspace_id == 3 and r.items[0].status == 6 and r.items[0].source == 1001),
    ("list_groups workspace", lambda c: c.list_groups(workspace_id=3), ok({"groups": [{"id": 1, "workspace_id": 3}]}),
     "GET", "/groups", {"workspace_id": "3", "page": "1", "per_page": "30"}, lambda r: r.items[0].workspace_id == 3),
]


@pytest.mark.parametrize("name, call, response, method, path, params, check", CURRENT_CASES,
                         ids=[c[0] for c in CURRENT_CASES])
async def test_current_endpoint(client, server, name, call, response, method, path, params, check):
    server.reply(response)
    result = await call(client)
    request = server.last
    assert request.method == method and request.url.path == "/api/v2" + path
    assert query(request) == params
    assert check(result)


def test_workspace_param_forms():
    assert workspace_param(None) is None and workspace_param(0) == 0 and workspace_param("all") == 0
    assert workspace_param("3") == 3 and workspace_param([2, 4]) == "2,4"
    for bad in (-1, "everything", True):
        with pytest.raises(ValueError):
            workspace_param(bad)


def test_form_field_choices_every_documented_shape():
    legacy_status = FormField.model_validate({"name": "status", "type": "default_status", "default": True,
                                              "choices": {"2": ["Open", "Being Processed"]}})
    assert legacy_status.field_type == "default_status" and legacy_status.default_field is True
    assert legacy_status.choices[0].requester_display_value == "Being Processed"
    assert FormField.model_validate({"choices": {"Email": 1}}).labels() == {1: "Email"}
    assert FormField.model_validate({"choices": ["Incident", "Service Request"]}).choices[1].value == \
        "Service Request"
    assert FormField.model_validate({"choices": [["Low", "l"]]}).labels() == {"l": "Low"}
    nested = FormField.model_validate({"choices": [{"id": 1, "display_id": 1, "value": "Hardware",
                                                    "nested_options": [{"id": 2, "value": "Laptop"}]}]})
    assert nested.choices[0].nested_options[0].value == "Laptop"


def test_starts_with_query_escapes_quotes():
    assert starts_with_query("O'Br") == "~[first_name|last_name|email]:'O\\'Br'"
    with pytest.raises(ValueError):
        starts_with_query("  ")


async def test_filter_paging_stops_at_page_40(client):
    with pytest.raises(ValueError):
        await client.filter_agents("first_name:'a'", page=41)
    with pytest.raises(ValueError):
        await client.search_assets("name:'a'", page=41)

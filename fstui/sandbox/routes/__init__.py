"""The /api/v2 endpoints: one small function per row of the reference's API index.

One module per resource (tickets, conversations, assets, people = requesters and agents, roles,
groups); the helpers they share (query parameters, paging, 404s, uploads) are in ``common``.

Choices where the reference is silent (written down here, as DESIGN.md asks):
- Collections come as {"tickets": [...]}, {"groups": [...]} (the real service's shape; some of the
  reference's examples wrap them in a one-element list, which clients should also accept).
- Viewing a deleted ticket works (``"deleted": true``); updating, deleting again, replying to or
  adding a note to a deleted ticket is 404, as is restoring a ticket that is not deleted.
- The 30-day default of the ticket list applies to every ticket list request without updated_since,
  including the predefined filters. ``new_and_my_open`` = open (status 2) and unassigned or
  assigned to the caller.
- Unknown query parameters on list endpoints are 400 invalid_field.
- Listing tickets is lenient: include=tags and order_by (created_at, updated_at, due_by, status,
  priority) are accepted, as widely used clients rely on them.
- Asset filter total is sent in the ``X-Total-Count`` header (the reference: "in the headers").
- Editing a reply (only notes can be edited) is 400 with code incompatible_field.
- A duplicate email on create/update of a requester or agent is 409 duplicate_value.
"""

from __future__ import annotations

from .assets import list_assets, view_asset
from .conversations import (
    create_note,
    create_reply,
    delete_conversation,
    list_conversations,
    update_conversation,
)
from .groups import create_group, delete_group, list_groups, update_group, view_group
from .people import (
    create_agent,
    create_requester,
    delete_agent,
    delete_requester,
    list_agents,
    list_requester_fields,
    list_requesters,
    update_agent,
    update_requester,
    view_agent,
    view_requester,
)
from .org import (
    list_asset_types,
    list_business_hours,
    list_department_fields,
    list_departments,
    list_locations,
    list_sla_policies,
    view_asset_type,
    view_business_hours,
    view_department,
    view_location,
)
from .people_query import me
from .roles import list_roles, view_role
from .tickets import (
    create_ticket,
    delete_ticket,
    filter_tickets,
    list_ticket_fields,
    list_tickets,
    restore_ticket,
    update_ticket,
    view_ticket,
)
from .workspaces import guarded, list_ticket_form_fields, list_workspaces, view_workspace

ROUTES: list[tuple[str, dict]] = [
    ("/api/v2/tickets", {"GET": list_tickets, "POST": create_ticket}),
    ("/api/v2/tickets/filter", {"GET": filter_tickets}),
    ("/api/v2/tickets/{id}", {"GET": view_ticket, "PUT": update_ticket, "DELETE": delete_ticket}),
    ("/api/v2/tickets/{id}/restore", {"PUT": restore_ticket}),
    ("/api/v2/tickets/{id}/reply", {"POST": create_reply}),
    ("/api/v2/tickets/{id}/notes", {"POST": create_note}),
    ("/api/v2/tickets/{id}/conversations", {"GET": list_conversations}),
    ("/api/v2/conversations/{id}", {"PUT": update_conversation, "DELETE": delete_conversation}),
    ("/api/v2/ticket_fields", {"GET": list_ticket_fields}),
    ("/api/v2/assets", {"GET": list_assets}),
    ("/api/v2/assets/{id}", {"GET": view_asset}),
    ("/api/v2/requesters", {"GET": list_requesters, "POST": create_requester}),
    ("/api/v2/requesters/{id}", {"GET": view_requester, "PUT": update_requester, "DELETE": delete_requester}),
    ("/api/v2/requester_fields", {"GET": list_requester_fields}),
    ("/api/v2/contact_fields", {"GET": list_requester_fields}),
    ("/api/v2/agents", {"GET": list_agents, "POST": create_agent}),
    ("/api/v2/agents/me", {"GET": me}),  # before /agents/{id}
    ("/api/v2/agents/{id}", {"GET": view_agent, "PUT": update_agent, "DELETE": delete_agent}),
    ("/api/v2/roles", {"GET": list_roles}),
    ("/api/v2/roles/{id}", {"GET": view_role}),
    ("/api/v2/groups", {"GET": list_groups, "POST": create_group}),
    ("/api/v2/groups/{id}", {"GET": view_group, "PUT": update_group, "DELETE": delete_group}),
    # The current API beyond the reference (API-SUPPLEMENT.md): reads.
    ("/api/v2/workspaces", {"GET": list_workspaces}),
    ("/api/v2/workspaces/{id}", {"GET": view_workspace}),
    ("/api/v2/ticket_form_fields", {"GET": list_ticket_form_fields}),
    ("/api/v2/departments", {"GET": list_departments}),
    ("/api/v2/departments/{id}", {"GET": view_department}),
    ("/api/v2/department_fields", {"GET": list_department_fields}),
    ("/api/v2/locations", {"GET": list_locations}),
    ("/api/v2/locations/{id}", {"GET": view_location}),
    ("/api/v2/asset_types", {"GET": list_asset_types}),
    ("/api/v2/asset_types/{id}", {"GET": view_asset_type}),
    ("/api/v2/sla_policies", {"GET": list_sla_policies}),
    ("/api/v2/business_hours", {"GET": list_business_hours}),
    ("/api/v2/business_hours/{id}", {"GET": view_business_hours}),
]

# --- the rest of the API public clients call (issue 16): one module per resource, each with its ROUTES ----
# A template that is already above gets the new methods (e.g. PUT/DELETE on /assets/{id}); a method it
# already has keeps its handler (e.g. the API issue's GET /asset_types). Literal paths come before the {id}
# paths they would otherwise match (match() takes the first template that fits).
from .common import check_params  # noqa: E402
from . import (  # noqa: E402
    applications,
    asset_relations,
    asset_type_fields,
    asset_writes,
    changes,
    child_tickets,
    knowledge,
    notes,
    problems,
    products,
    purchase_orders,
    releases,
    requester_groups,
    service_catalog,
    tasks,
    ticket_activity,
    time_entries,
    vendors,
)

_REST_MODULES = (problems, changes, releases, notes, tasks, time_entries, service_catalog, asset_writes,
                 asset_relations, asset_type_fields, products, vendors, applications, purchase_orders,
                 requester_groups, child_tickets, knowledge, ticket_activity)


def _no_query(handler):
    """A write of these modules takes no query parameters: any is 400 invalid_field."""

    def write(ctx):
        check_params(ctx, set())
        return handler(ctx)

    return write


def _add(routes: list[tuple[str, dict]], more: list[tuple[str, dict]]) -> None:
    index = {template: methods for template, methods in routes}
    for template, methods in more:
        methods = {m: (h if m == "GET" else _no_query(h)) for m, h in methods.items()}
        if template in index:
            for method, handler in methods.items():
                index[template].setdefault(method, handler)
        else:
            routes.append((template, dict(methods)))
            index[template] = routes[-1][1]


for _module in _REST_MODULES:
    _add(ROUTES, getattr(_module, "ROUTES", []))

ticket_activity.follow_writes(ROUTES)  # a ticket's activities follow every write it receives (issue 14)

# A key sees only its agent's workspaces: every route answers 403 for a record of another (workspaces.py).
ROUTES[:] = [(template, {m: guarded(h, template) for m, h in methods.items()}) for template, methods in ROUTES]

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

from .agents_me import view_me
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
    ("/api/v2/agents/me", {"GET": view_me}),  # before /agents/{id}
    ("/api/v2/agents/{id}", {"GET": view_agent, "PUT": update_agent, "DELETE": delete_agent}),
    ("/api/v2/roles", {"GET": list_roles}),
    ("/api/v2/roles/{id}", {"GET": view_role}),
    ("/api/v2/groups", {"GET": list_groups, "POST": create_group}),
    ("/api/v2/groups/{id}", {"GET": view_group, "PUT": update_group, "DELETE": delete_group}),
]

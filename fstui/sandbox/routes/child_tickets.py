"""POST /api/v2/tickets/{id}/create_child_ticket (API-SUPPLEMENT §3.4): the ticket create body; answers
201 ``{"ticket": {...}}`` like a create, and links the new ticket under the parent (the view's
``include=related_tickets`` then lists it).

Documented restrictions, each a 400 (the documented "not on Sprout" plan rule is not imitated): the
parent must not be deleted or spam (404 for a deleted one, as every sub-resource of a deleted ticket),
and a child ticket cannot have children (no nesting). The child is created in its parent's workspace
(the sandbox's choice where the docs are silent: another ``workspace_id`` in the body is 400
invalid_value; its group, agent and custom fields are then checked against that workspace).
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..validation import field_error, validation_failed
from .tickets import create_ticket, live_ticket


def create_child_ticket(ctx: Ctx) -> Resp:
    parent = live_ticket(ctx)
    if parent.get("spam"):
        raise validation_failed([field_error("parent_id", "A child ticket cannot be created under a spam ticket",
                                             "invalid_value")])
    if parent.get("_parent_id"):
        raise validation_failed([field_error("parent_id", "A child ticket cannot be the parent of another ticket",
                                             "invalid_value")])
    workspace_id = parent.get("workspace_id")
    sent = ctx.payload.get("workspace_id") if isinstance(ctx.payload, dict) else None
    if isinstance(sent, int) and workspace_id is not None and sent != workspace_id:
        raise validation_failed([field_error("workspace_id", "It should be the parent ticket's workspace "
                                             f"({workspace_id})", "invalid_value")])
    resp = create_ticket(ctx, default_workspace=workspace_id)
    child_id = resp.body["ticket"]["id"]
    ctx.store.tickets[child_id]["_parent_id"] = parent["id"]
    parent["_child_ids"] = list(parent.get("_child_ids") or []) + [child_id]
    return resp


ROUTES = [("/api/v2/tickets/{id}/create_child_ticket", {"POST": create_child_ticket})]

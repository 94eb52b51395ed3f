"""/tickets: list, view, create, update, delete, restore, filter, and /ticket_fields."""

from __future__ import annotations

from typing import Any

from .. import seed as seedmod
from ..app import Ctx, Resp
from ..dates import parse_datetime
from ..limits import request_cost
from ..validation import Validator, field_error, not_found, one_of, validation_failed
from .common import (
    check_params,
    compile_filter,
    created,
    fields_out,
    filter_chunk,
    filter_page,
    get_or_404,
    includes,
    int_param,
    order_type,
    page_of,
    paging,
    save_attachments,
)
from .people import new_requester
from .labels import choice_labels
from .workspace_members import check_members
from .workspaces import global_fields_only, primary_id, require_access, visible_ids, workspace_scope

TICKET_LIST_PARAMS = {"filter", "requester_id", "email", "updated_since", "order_type", "order_by", "include",
                      "page", "per_page", "workspace_id", "type"}
# The reference's includes plus the current ones (API-SUPPLEMENT §3.2); the onboarding/offboarding
# contexts are null on the sandbox's tickets (no onboarding requests are seeded).
TICKET_LIST_INCLUDES = ("stats", "requester", "tags", "requested_for", "department", "onboarding_context",
                        "offboarding_context")
TICKET_VIEW_INCLUDES = ("conversations", "requester", "stats", "problem", "assets", "change", "related_tickets",
                        "tags", "requested_for", "changes", "department", "feedback", "onboarding_context",
                        "offboarding_context")
TICKET_TYPES = ("Incident", "Service Request", "Major Incident", "Alert")
TICKET_FILTERS = ("new_and_my_open", "watching", "spam", "deleted")
TICKET_ORDER_BY = ("created_at", "updated_at", "due_by", "status", "priority")
DUE_HOURS = {1: 72, 2: 48, 3: 24, 4: 4}

TICKET_CREATE_SPEC = {
    "name": "str", "requester_id": "int", "email": "email", "phone": "phone", "subject": "str", "type": "str",
    "status": "int", "priority": "int", "description": "str", "responder_id": "int", "attachments": "any",
    "cc_emails": "email_list", "custom_fields": "dict", "due_by": "date", "email_config_id": "int",
    "fr_due_by": "date", "group_id": "int", "source": "int", "tags": "str_list", "department_id": "int",
    "category": "str", "sub_category": "str", "item_category": "str", "associate_ci": "dict", "urgency": "int",
    "impact": "int",
}
TICKET_UPDATE_SPEC = {k: v for k, v in TICKET_CREATE_SPEC.items() if k != "cc_emails"}
# Create only (API-SUPPLEMENT §1): workspace_id defaults to the primary workspace and is changed only by a
# move, so an update that sends it is 400 invalid_field like any unknown field.
TICKET_CREATE_SPEC["workspace_id"] = "int"
TICKET_UPDATE_SPEC["associate_problem_id"] = "int"

TICKET_QUERY_FIELDS = {
    "status": "int", "priority": "int", "source": "int", "urgency": "int", "impact": "int", "group_id": "int",
    "responder_id": "int", "agent_id": "int", "requester_id": "int", "department_id": "int", "type": "str",
    "category": "str", "sub_category": "str", "item_category": "str", "tag": "list", "created_at": "date",
    "updated_at": "date", "due_by": "date", "fr_due_by": "date", "custom_text": "str", "auto_checkbox": "bool",
    "business_impact": "str", "affected_users": "int", "subject": "str", "workspace_id": "int", "email": "str",
}
_TICKET_QUERY_ALIASES = {"agent_id": "responder_id", "tag": "tags"}


def _ticket_includes(ctx: Ctx, ticket: dict, out: dict, names: list[str]) -> None:
    store = ctx.store
    for inc in names:
        if inc == "requester":
            out["requester"] = store.requester_brief(ticket.get("requester_id"))
        elif inc == "stats":
            out["stats"] = store.ticket_stats(ticket)
        elif inc == "tags":
            out["tags"] = list(ticket.get("tags") or [])
        elif inc == "conversations":
            out["conversations"] = [store.conversation_out(c) for c in store.thread(ticket["id"])[:10]]
        elif inc == "problem":
            out["problem"] = store.problem_out(ticket.get("_problem_id"))
        elif inc == "change":
            out["change"] = store.change_out(ticket.get("_change_id"))
        elif inc == "changes":  # current accounts (API-SUPPLEMENT §3.2): the change(s) the ticket started
            started = store.change_out(ticket.get("_change_id"))
            out["changes_initiated_by_ticket"] = [started] if started else []
            out["changes_initiating_ticket"] = []
        elif inc == "assets":
            out["assets"] = [store.asset_out(store.assets[a]) for a in ticket.get("_asset_ids") or ()
                             if a in store.assets]
        elif inc == "requested_for":
            out["requested_for"] = store.requester_brief(ticket.get("requested_for_id", ticket.get("requester_id")))
        elif inc == "department":
            dept = next((d for d in store.departments if d["id"] == ticket.get("department_id")), None)
            out["department"] = {"id": dept["id"], "name": dept["name"]} if dept else None
        elif inc in ("onboarding_context", "offboarding_context", "feedback"):
            out[inc] = None
        elif inc == "changes":
            change = store.change_out(ticket.get("_change_id"))
            out["changes_initiated_by_ticket"] = [change] if change else []
            out["changes_initiating_ticket"] = []
        elif inc == "related_tickets":
            related: dict[str, Any] = {}
            if ticket.get("_child_ids"):
                related["child_ids"] = list(ticket["_child_ids"])
            if ticket.get("_parent_id"):
                related["parent_id"] = ticket["_parent_id"]
            out["related_tickets"] = related


def list_tickets(ctx: Ctx) -> Resp:
    check_params(ctx, TICKET_LIST_PARAMS)
    page, per_page = paging(ctx)
    names = includes(ctx, TICKET_LIST_INCLUDES)
    desc = order_type(ctx)
    q = ctx.query
    store = ctx.store
    errors = []
    flt = q.get("filter")
    if flt is not None and flt not in TICKET_FILTERS:
        errors.append(one_of("filter", TICKET_FILTERS))
    order_by = q.get("order_by", "created_at")
    if order_by not in TICKET_ORDER_BY:
        errors.append(one_of("order_by", TICKET_ORDER_BY))
    requester_id = int_param(ctx, "requester_id")
    requester_ids: set[int] | None = {requester_id} if requester_id is not None else None
    email = q.get("email")
    if email is not None:
        found = store.user_by_email(email)
        ids = {found[1]["id"]} if found else set()
        requester_ids = ids if requester_ids is None else requester_ids & ids
    since = None
    if q.get("updated_since") is not None:
        since = parse_datetime(q["updated_since"])
        if since is None:
            errors.append(field_error("updated_since", "It should be in the 'valid date time' format (YYYY-MM-DDTHH:MM:SSZ)",
                                      "invalid_value"))
    ttype = q.get("type")
    if ttype is not None and ttype not in TICKET_TYPES:  # case-sensitive, as documented
        errors.append(one_of("type", TICKET_TYPES))
    if errors:
        raise validation_failed(errors)
    scope = workspace_scope(ctx)
    window_start = ctx.now - 30 * 86400 if since is None else None
    me = ctx.agent["id"]
    matches = []
    for t in store.tickets.values():
        if flt == "deleted":
            if not t["deleted"]:
                continue
        elif t["deleted"]:
            continue
        elif flt == "spam":
            if not t["spam"]:
                continue
        elif t["spam"]:
            continue
        elif flt == "new_and_my_open":
            if t["status"] != 2 or t["responder_id"] not in (None, me):
                continue
        elif flt == "watching":
            if me not in t["_watchers"]:
                continue
        if requester_ids is not None and t["requester_id"] not in requester_ids:
            continue
        if window_start is not None and t["created_at"] < window_start:
            continue
        if since is not None and t["updated_at"] < since:
            continue
        if ttype is not None and t["type"] != ttype:
            continue
        if not scope.has(t):
            continue
        matches.append(t)
    matches.sort(key=lambda t: (t[order_by] if t[order_by] is not None else 0, t["id"]), reverse=desc)
    chunk, headers = page_of(ctx, matches, page, per_page)
    out = []
    for t in chunk:
        item = store.ticket_out(t, "list")
        _ticket_includes(ctx, t, item, names)
        out.append(global_fields_only(ctx, item) if scope.all_global else item)
    return Resp(200, {"tickets": out}, headers, cost=request_cost(len(names), collection=True))


def view_ticket(ctx: Ctx) -> Resp:
    check_params(ctx, {"include"})
    names = includes(ctx, TICKET_VIEW_INCLUDES)
    ticket = get_or_404(ctx.store.tickets, ctx.params["id"])
    out = ctx.store.ticket_out(ticket, "view")
    _ticket_includes(ctx, ticket, out, names)
    return Resp(200, {"ticket": out}, cost=request_cost(len(names), collection=False))


def custom_specs(store: Any, workspace_id: int | None) -> dict[str, tuple[str, list[str]]]:
    """The custom fields a ticket of ``workspace_id`` has: ``{name: (field_type, dropdown values)}`` from
    /ticket_form_fields (the global ones and the workspace's own, e.g. HR's hr_case_type), else the
    reference's fixed set."""
    specs = {f["name"]: (f["field_type"], [c["value"] for c in f.get("choices") or () if isinstance(c, dict)])
             for f in getattr(store, "form_fields", None) or ()
             if str(f.get("field_type", "")).startswith("custom_") and f.get("workspace_id") in (1, workspace_id)}
    return specs or {name: (ftype, ["Low", "Medium", "High", "Critical"] if ftype == "custom_dropdown" else [])
                     for name, ftype in seedmod.CUSTOM_TICKET_FIELD_TYPES.items()}


def _custom_fields(v: Validator, value: dict | None, current: dict | None,
                   specs: dict[str, tuple[str, list[str]]]) -> dict:
    result = dict(current or {name: None for name in specs})
    if value is None:
        return result
    for key, val in value.items():
        ftype, allowed = specs.get(key, (None, []))
        if ftype is None:
            v.add(key, "Unexpected/invalid field in request", "invalid_field")
            continue
        if val is None:
            result[key] = None
            continue
        if ftype == "custom_checkbox":
            if isinstance(val, str) and val.lower() in ("true", "false"):
                val = val.lower() == "true"
            if not isinstance(val, bool):
                v.add(key, "Value set is of type String.It should be a/an Boolean", "datatype_mismatch")
                continue
        elif ftype == "custom_number":
            if isinstance(val, str) and val.lstrip("-").isdigit():
                val = int(val)
            if isinstance(val, bool) or not isinstance(val, int):
                v.add(key, "It should be a/an Integer", "datatype_mismatch")
                continue
        elif ftype == "custom_dropdown":
            if val not in allowed:
                v.add(key, f"It should be one of these values: '{','.join(allowed)}'", "invalid_value")
                continue
        elif ftype == "custom_date":
            if not isinstance(val, str) or parse_datetime(val) is None:
                v.add(key, "It should be in the 'valid date' format (YYYY-MM-DD)", "invalid_value")
                continue
            val = val[:10]
        else:
            if not isinstance(val, str):
                v.add(key, "It should be a/an String", "datatype_mismatch")
                continue
        result[key] = val
    return result


def _field_values(store: Any, name: str) -> list[int]:
    """The ids a ticket field offers, as /ticket_form_fields lists them (custom sources such as 1002
    included; labels.py reads the reference's /ticket_fields when there are no form fields)."""
    return list(choice_labels(store, name))


def _ticket_common(ctx: Ctx, v: Validator, ticket: dict | None, workspace_id: int | None = None) -> dict:
    """Checks shared by create and update; returns the changes to apply. ``workspace_id``: the new
    ticket's (an update: the ticket's own); its groups, agents and custom fields are the ones allowed."""
    store = ctx.store
    c = v.clean
    if workspace_id is None:
        workspace_id = (ticket or {}).get("workspace_id") or primary_id(ctx)
    v.choice("status", _field_values(store, "status") or [2, 3, 4, 5])  # the account's statuses (6, 12...)
    v.choice("priority", [1, 2, 3, 4])
    v.choice("source", _field_values(store, "source") or list(range(1, 11)))
    v.choice("urgency", [1, 2, 3])
    v.choice("impact", [1, 2, 3])
    changes: dict[str, Any] = {}
    if c.get("type") is not None:
        canonical = {"incident": "Incident", "service request": "Service Request"}.get(c["type"].strip().lower())
        if canonical is None:
            v.add("type", "It should be one of these values: 'Incident,Service Request'", "invalid_value")
        else:
            changes["type"] = canonical
    if c.get("responder_id") is not None and c["responder_id"] not in store.agents:
        v.add("responder_id", "There is no agent matching the given responder_id", "invalid_value")
    if c.get("group_id") is not None and c["group_id"] not in store.groups:
        v.add("group_id", "There is no group matching the given group_id", "invalid_value")
    check_members(v, store, workspace_id, c)  # a group/agent of another workspace: 400
    if c.get("department_id") is not None and c["department_id"] not in {d["id"] for d in store.departments}:
        v.add("department_id", "There is no department matching the given department_id", "invalid_value")
    if c.get("category") is not None and c["category"] not in seedmod.CATEGORIES:
        v.add("category", f"It should be one of these values: '{','.join(seedmod.CATEGORIES)}'", "invalid_value")
    if "custom_fields" in ctx.payload:
        current = ticket["custom_fields"] if ticket else None
        changes["custom_fields"] = _custom_fields(v, c.get("custom_fields"), current, custom_specs(store, workspace_id))
    due = c.get("due_by", ticket["due_by"] if ticket and "due_by" not in ctx.payload else None)
    fr_due = c.get("fr_due_by", ticket["fr_due_by"] if ticket and "fr_due_by" not in ctx.payload else None)
    if due is not None and fr_due is not None and fr_due > due:
        v.add("fr_due_by", "It should be less than or equal to due_by", "invalid_value")
    if "associate_ci" in c and c["associate_ci"] is not None:
        asset_ids = []
        ci = c["associate_ci"]
        for key in ("display_id", "asset_id", "id"):
            if isinstance(ci.get(key), int) and ci[key] in store.assets:
                asset_ids.append(ci[key])
        name = ci.get("name") or ci.get("asset_tag")
        if not asset_ids and isinstance(name, str):
            asset_ids = [a["display_id"] for a in store.assets.values()
                         if name.lower() in (str(a["name"]).lower(), str(a["asset_tag"]).lower())][:1]
        if not asset_ids:
            v.add("associate_ci", "There is no asset matching the given details", "invalid_value")
        changes["_asset_ids"] = sorted(set((ticket or {}).get("_asset_ids", []) + asset_ids))
    if c.get("associate_problem_id") is not None:
        if c["associate_problem_id"] not in store.problems:
            v.add("associate_problem_id", "There is no problem matching the given id", "invalid_value")
        changes["_problem_id"] = c["associate_problem_id"]
    for key in ("subject", "status", "priority", "source", "urgency", "impact", "responder_id", "group_id",
                "department_id", "category", "sub_category", "item_category", "email_config_id", "due_by",
                "fr_due_by"):
        if key in ctx.payload and key in c:
            changes[key] = c[key]
    if "tags" in c:
        changes["tags"] = list(dict.fromkeys(c["tags"] or []))
    if "description" in c:
        changes["description"] = c["description"] or ""
    return changes


def _resolve_requester(ctx: Ctx, v: Validator, creating: bool) -> int | None:
    """requester_id / email / phone (+ name) -> a requester id, creating a contact when needed."""
    store = ctx.store
    c = v.clean
    if c.get("requester_id") is not None:
        rid = c["requester_id"]
        if rid not in store.requesters and rid not in store.agents:
            v.add("requester_id", "There is no contact matching the given requester_id", "invalid_value")
            return None
        return rid
    if c.get("email"):
        found = store.user_by_email(c["email"])
        if found:
            return found[1]["id"]
        if v.errors:
            return None
        return new_requester(ctx, first_name=c.get("name") or c["email"].split("@")[0], primary_email=c["email"])
    if c.get("phone"):
        for req in store.requesters.values():
            if c["phone"] in (req.get("work_phone_number"), req.get("mobile_phone_number")):
                return req["id"]
        if not c.get("name"):
            v.add("name", "Mandatory attribute missing (name is required when only phone is given)", "missing_field")
            return None
        if v.errors:
            return None
        return new_requester(ctx, first_name=c["name"], work_phone_number=c["phone"])
    if creating:
        v.add("requester_id", "Please fill at least 1 of requester_id, phone, email fields", "missing_field")
    return None


def create_ticket(ctx: Ctx, default_workspace: int | None = None) -> Resp:
    """POST /tickets (and a child ticket's create: ``default_workspace`` is then its parent's)."""
    store = ctx.store
    v = Validator(ctx.payload, TICKET_CREATE_SPEC, form=ctx.form)
    v.require("description")
    workspace_id = _create_workspace(ctx, v, default_workspace)  # before a contact is made for the requester
    changes = _ticket_common(ctx, v, None, workspace_id)
    if v.errors:
        v.raise_if_errors()
    requester_id = _resolve_requester(ctx, v, creating=True)
    v.raise_if_errors()
    attachments = save_attachments(ctx, None)
    tid = store.next_ticket_id
    store.next_ticket_id += 1
    now = ctx.now
    priority = changes.get("priority") or 1
    cc = v.clean.get("cc_emails") or []
    ticket = {
        "id": tid, "subject": None, "requester_id": requester_id, "responder_id": None, "group_id": None,
        "department_id": None, "status": 2, "priority": 1, "source": 2, "type": "Incident", "urgency": 1,
        "impact": 1, "category": None, "sub_category": None, "item_category": None, "cc_emails": cc,
        "fwd_emails": [], "reply_cc_emails": list(cc), "to_emails": None, "email_config_id": None,
        "sla_policy_id": 1000000029, "fr_escalated": False, "is_escalated": False, "spam": False, "deleted": False,
        "due_by": now + DUE_HOURS[priority] * 3600, "fr_due_by": now + DUE_HOURS[priority] * 900,
        "created_at": now, "updated_at": now,
        "custom_fields": {name: None for name in custom_specs(store, workspace_id)},
        "tags": [], "attachments": attachments, "description": "",
        "_nconv": 0, "_stats": {"first_responded_at": None, "resolved_at": None, "closed_at": None},
        "_watchers": set(), "_problem_id": None, "_change_id": None, "_asset_ids": [], "_parent_id": None,
        "_child_ids": [],
    }
    ticket.update({k: val for k, val in changes.items() if val is not None or k in ("responder_id", "group_id")})
    ticket["workspace_id"] = workspace_id
    ticket["sla_policy_id"] = next((pid for pid, p in sorted((getattr(store, "sla_policies", None) or {}).items())
                                    if p.get("workspace_id") == workspace_id), ticket["sla_policy_id"])
    _apply_status_stats(ticket, now)
    store.tickets[tid] = ticket
    return created(ctx, "ticket", store.ticket_out(ticket, "write"), f"tickets/{tid}")


def _create_workspace(ctx: Ctx, v: Validator, default: int | None = None) -> int:
    """The new ticket's workspace: the one sent (a workspace of the account the caller's agent belongs
    to, not the global level 1), else ``default`` (a child ticket's parent's), else the primary one.
    Another (or an unknown) workspace -> 400 invalid_value, the same answer for both (the sandbox's
    choice: a workspace the agent cannot see is not revealed)."""
    wid = v.clean.get("workspace_id")
    if wid is None:
        return default if default is not None else primary_id(ctx)
    if wid not in ctx.store.workspaces or wid not in visible_ids(ctx):
        raise validation_failed([field_error("workspace_id", "There is no workspace matching the given "
                                             f"workspace_id ({wid})", "invalid_value")])
    require_access(ctx, wid)
    return wid


def _apply_status_stats(ticket: dict, now: float) -> None:
    stats = dict(ticket.get("_stats") or {})
    if ticket["status"] in (4, 5) and stats.get("resolved_at") is None:
        stats["resolved_at"] = now
    if ticket["status"] == 5 and stats.get("closed_at") is None:
        stats["closed_at"] = now
    if ticket["status"] in (2, 3):
        stats["resolved_at"] = None
        stats["closed_at"] = None
    ticket["_stats"] = stats


def live_ticket(ctx: Ctx) -> dict:
    ticket = get_or_404(ctx.store.tickets, ctx.params["id"])
    if ticket["deleted"]:
        raise not_found()
    return ticket


def update_ticket(ctx: Ctx) -> Resp:
    store = ctx.store
    ticket = live_ticket(ctx)
    v = Validator(ctx.payload, TICKET_UPDATE_SPEC, form=ctx.form)
    for key in ("status", "priority", "source"):
        if key in ctx.payload and ctx.payload[key] is None:
            v.add(key, "It should not be blank", "invalid_value")
    changes = _ticket_common(ctx, v, ticket)
    v.raise_if_errors()
    requester_id = _resolve_requester(ctx, v, creating=False)
    v.raise_if_errors()
    store.ensure_description(ticket)
    attachments = save_attachments(ctx, ticket["id"])
    if requester_id is not None:
        changes["requester_id"] = requester_id
    ticket.update(changes)
    if attachments:
        ticket["attachments"] = list(ticket["attachments"]) + attachments
    _apply_status_stats(ticket, ctx.now)
    ticket["updated_at"] = ctx.now
    return Resp(200, {"ticket": store.ticket_out(ticket, "write")})


def delete_ticket(ctx: Ctx) -> Resp:
    ticket = live_ticket(ctx)
    ticket["deleted"] = True
    ticket["updated_at"] = ctx.now
    return Resp(204)


def restore_ticket(ctx: Ctx) -> Resp:
    ticket = get_or_404(ctx.store.tickets, ctx.params["id"])
    if not ticket["deleted"]:
        raise not_found()
    ticket["deleted"] = False
    ticket["updated_at"] = ctx.now
    return Resp(204)


def list_ticket_fields(ctx: Ctx) -> Resp:
    check_params(ctx, {"type"})
    wanted = ctx.query.get("type")
    fields = ctx.store.ticket_fields
    if wanted is not None:
        fields = [f for f in fields if f["type"] == wanted]
    return Resp(200, {"ticket_fields": fields_out(fields)})


def filter_tickets(ctx: Ctx) -> Resp:
    check_params(ctx, {"query", "page", "workspace_id"})
    page = filter_page(ctx)
    pred = compile_filter(ctx, TICKET_QUERY_FIELDS)
    # workspace_id inside the query narrows further; the parameter (absent = primary) scopes first,
    # unless the query names workspace_id itself (then the query alone decides).
    in_query = "workspace_id" in (ctx.query.get("query") or "")
    scope = workspace_scope(ctx) if not in_query or "workspace_id" in ctx.query else None
    matches = []
    for t in ctx.store.tickets.values():
        if t["deleted"] or t["spam"]:
            continue
        if scope is not None and not scope.has(t):
            continue
        if in_query and scope is None and t.get("workspace_id") not in visible_ids(ctx):
            continue

        def get(name: str, t=t):
            if name in seedmod.CUSTOM_TICKET_FIELD_TYPES:
                return t["custom_fields"].get(name)
            return t.get(_TICKET_QUERY_ALIASES.get(name, name))

        if pred(get):
            matches.append(t)
    matches.sort(key=lambda t: (t["created_at"], t["id"]), reverse=True)
    chunk = filter_chunk(matches, page)
    rows = [ctx.store.ticket_out(t, "list") for t in chunk]
    if scope is not None and scope.all_global:
        rows = [global_fields_only(ctx, r) for r in rows]
    return Resp(200, {"tickets": rows, "total": len(matches)})

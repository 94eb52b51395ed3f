"""The /api/v2 endpoints: one small function per row of the reference's API index.

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

from typing import Any

from . import seed as seedmod
from .app import Ctx, Resp, Upload, attachment_total_ok
from .dates import parse_datetime
from .limits import request_cost
from .query import QueryError, compile_query
from .validation import Validator, field_error, not_found, validation_failed

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 30
FILTER_PER_PAGE = 30
FILTER_MAX_PAGE = 40


# --- shared helpers ----------------------------------------------------------------------------------


def _check_params(ctx: Ctx, allowed: set[str]) -> None:
    errors = [field_error(k, "Unexpected/invalid field in request", "invalid_field")
              for k in ctx.query.keys() if k not in allowed]
    if errors:
        raise validation_failed(errors)


def _int_param(ctx: Ctx, name: str, default: int | None = None) -> int | None:
    raw = ctx.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise validation_failed([field_error(name, f"Value set is of type String.It should be a/an Integer",
                                             "datatype_mismatch")]) from None


def _paging(ctx: Ctx) -> tuple[int, int]:
    page = _int_param(ctx, "page", 1)
    per_page = _int_param(ctx, "per_page", DEFAULT_PER_PAGE)
    errors = []
    if page is None or page < 1:
        errors.append(field_error("page", "It should be a Positive Integer", "invalid_value"))
    if per_page is None or per_page < 1 or per_page > MAX_PER_PAGE:
        errors.append(field_error("per_page", f"It should be a Positive Integer less than or equal to {MAX_PER_PAGE}",
                                  "invalid_value"))
    if errors:
        raise validation_failed(errors)
    return page, per_page  # type: ignore[return-value]


def _page_of(ctx: Ctx, items: list, page: int, per_page: int) -> tuple[list, dict[str, str]]:
    start = (page - 1) * per_page
    chunk = items[start:start + per_page]
    headers = {}
    if len(items) > start + per_page:
        url = ctx.request.url.include_query_params(page=page + 1)
        headers["Link"] = f'<{url}>; rel="next"'
    return chunk, headers


def _includes(ctx: Ctx, allowed: tuple[str, ...]) -> list[str]:
    raw = ctx.query.get("include")
    if raw is None:
        return []
    names: list[str] = []
    for name in raw.split(","):
        name = name.strip()
        if not name:
            continue
        if name not in allowed:
            raise validation_failed([field_error(
                "include", f"It should be one of these values: '{','.join(allowed)}'", "invalid_value")])
        if name not in names:
            names.append(name)
    return names


def _order_type(ctx: Ctx) -> bool:
    """True for descending (the default)."""
    value = ctx.query.get("order_type")
    if value is None:
        return True
    if value not in ("asc", "desc"):
        raise validation_failed([field_error("order_type", "It should be one of these values: 'asc,desc'",
                                             "invalid_value")])
    return value == "desc"


def _get_or_404(mapping: dict, key: int) -> dict:
    record = mapping.get(key)
    if record is None:
        raise not_found()
    return record


def _attachments(ctx: Ctx, ticket_id: int | None) -> list[dict]:
    """Validate and store the uploaded files; 400 when the ticket's total would pass 15 MB."""
    if "attachments" in ctx.payload:
        value = ctx.payload["attachments"]
        if value not in ([], None):
            raise validation_failed([field_error(
                "attachments", "It should be a/an valid file format (send attachments as multipart/form-data)",
                "datatype_mismatch")])
    if not ctx.files:
        return []
    if not attachment_total_ok(ctx.store, ticket_id, ctx.files):
        raise validation_failed([field_error(
            "attachments", "The cumulative size of all the attachments cannot exceed 15MB", "invalid_value")])
    out = []
    for upload in ctx.files:
        out.append(_store_upload(ctx, upload))
    return out


def _store_upload(ctx: Ctx, upload: Upload) -> dict:
    att_id = ctx.store.new_attachment_id()
    ctx.store.uploads[att_id] = upload.content
    safe_name = upload.name.replace("/", "_").replace("\\", "_") or "attachment"
    return {"id": att_id, "content_type": upload.content_type, "size": len(upload.content), "name": upload.name,
            "attachment_url": f"{ctx.base_url}/_sandbox/attachments/{att_id}/{safe_name}",
            "created_at": ctx.now, "updated_at": ctx.now}


# --- tickets -------------------------------------------------------------------------------------------

TICKET_LIST_PARAMS = {"filter", "requester_id", "email", "updated_since", "order_type", "order_by", "include",
                      "page", "per_page"}
TICKET_LIST_INCLUDES = ("stats", "requester", "tags")
TICKET_VIEW_INCLUDES = ("conversations", "requester", "stats", "problem", "assets", "change", "related_tickets",
                        "tags")
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
TICKET_UPDATE_SPEC["associate_problem_id"] = "int"


def _ticket_includes(ctx: Ctx, ticket: dict, out: dict, includes: list[str]) -> None:
    store = ctx.store
    for inc in includes:
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
        elif inc == "assets":
            out["assets"] = [store.asset_out(store.assets[a]) for a in ticket.get("_asset_ids") or ()
                             if a in store.assets]
        elif inc == "related_tickets":
            related: dict[str, Any] = {}
            if ticket.get("_child_ids"):
                related["child_ids"] = list(ticket["_child_ids"])
            if ticket.get("_parent_id"):
                related["parent_id"] = ticket["_parent_id"]
            out["related_tickets"] = related


def list_tickets(ctx: Ctx) -> Resp:
    _check_params(ctx, TICKET_LIST_PARAMS)
    page, per_page = _paging(ctx)
    includes = _includes(ctx, TICKET_LIST_INCLUDES)
    desc = _order_type(ctx)
    q = ctx.query
    store = ctx.store
    errors = []
    flt = q.get("filter")
    if flt is not None and flt not in TICKET_FILTERS:
        errors.append(field_error("filter", f"It should be one of these values: '{','.join(TICKET_FILTERS)}'",
                                  "invalid_value"))
    order_by = q.get("order_by", "created_at")
    if order_by not in TICKET_ORDER_BY:
        errors.append(field_error("order_by", f"It should be one of these values: '{','.join(TICKET_ORDER_BY)}'",
                                  "invalid_value"))
    requester_id = _int_param(ctx, "requester_id")
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
    if errors:
        raise validation_failed(errors)
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
        matches.append(t)
    matches.sort(key=lambda t: (t[order_by] if t[order_by] is not None else 0, t["id"]), reverse=desc)
    chunk, headers = _page_of(ctx, matches, page, per_page)
    out = []
    for t in chunk:
        item = store.ticket_out(t, "list")
        _ticket_includes(ctx, t, item, includes)
        out.append(item)
    return Resp(200, {"tickets": out}, headers, cost=request_cost(len(includes), collection=True))


def view_ticket(ctx: Ctx) -> Resp:
    _check_params(ctx, {"include"})
    includes = _includes(ctx, TICKET_VIEW_INCLUDES)
    ticket = _get_or_404(ctx.store.tickets, ctx.params["id"])
    out = ctx.store.ticket_out(ticket, "view")
    _ticket_includes(ctx, ticket, out, includes)
    return Resp(200, {"ticket": out}, cost=request_cost(len(includes), collection=False))


def _custom_fields(v: Validator, value: dict | None, current: dict | None) -> dict:
    result = dict(current or {name: None for name in seedmod.CUSTOM_TICKET_FIELD_TYPES})
    if value is None:
        return result
    for key, val in value.items():
        ftype = seedmod.CUSTOM_TICKET_FIELD_TYPES.get(key)
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
            allowed = ["Low", "Medium", "High", "Critical"]
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


def _ticket_common(ctx: Ctx, v: Validator, ticket: dict | None) -> dict:
    """Checks shared by create and update; returns the changes to apply."""
    store = ctx.store
    c = v.clean
    v.choice("status", [2, 3, 4, 5])
    v.choice("priority", [1, 2, 3, 4])
    v.choice("source", list(range(1, 11)))
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
    if c.get("department_id") is not None and c["department_id"] not in {d["id"] for d in store.departments}:
        v.add("department_id", "There is no department matching the given department_id", "invalid_value")
    if c.get("category") is not None and c["category"] not in seedmod.CATEGORIES:
        v.add("category", f"It should be one of these values: '{','.join(seedmod.CATEGORIES)}'", "invalid_value")
    if "custom_fields" in ctx.payload:
        changes["custom_fields"] = _custom_fields(v, c.get("custom_fields"), ticket["custom_fields"] if ticket else None)
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
        return _new_requester(ctx, first_name=c.get("name") or c["email"].split("@")[0], primary_email=c["email"])
    if c.get("phone"):
        for req in store.requesters.values():
            if c["phone"] in (req.get("work_phone_number"), req.get("mobile_phone_number")):
                return req["id"]
        if not c.get("name"):
            v.add("name", "Mandatory attribute missing (name is required when only phone is given)", "missing_field")
            return None
        if v.errors:
            return None
        return _new_requester(ctx, first_name=c["name"], work_phone_number=c["phone"])
    if creating:
        v.add("requester_id", "Please fill at least 1 of requester_id, phone, email fields", "missing_field")
    return None


def _new_requester(ctx: Ctx, **fields: Any) -> int:
    store = ctx.store
    uid = fields.pop("id", None) or store.new_user_id()
    record = {key: None for key in ("last_name", "job_title", "work_phone_number", "mobile_phone_number",
                                    "reporting_manager_id", "address", "location_id")}
    record.update(id=uid, primary_email=None, secondary_emails=[], department_ids=[],
                  can_see_all_tickets_from_associated_departments=False, time_zone="Edinburgh", language="en",
                  background_information="", custom_fields={k: None for k in seedmod.CUSTOM_REQUESTER_FIELD_TYPES},
                  created_at=ctx.now, updated_at=ctx.now)
    record.update(fields)
    store.requesters[uid] = record
    return uid


def create_ticket(ctx: Ctx) -> Resp:
    store = ctx.store
    v = Validator(ctx.payload, TICKET_CREATE_SPEC, form=ctx.form)
    v.require("description")
    changes = _ticket_common(ctx, v, None)
    if v.errors:
        v.raise_if_errors()
    requester_id = _resolve_requester(ctx, v, creating=True)
    v.raise_if_errors()
    attachments = _attachments(ctx, None)
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
        "custom_fields": {name: None for name in seedmod.CUSTOM_TICKET_FIELD_TYPES},
        "tags": [], "attachments": attachments, "description": "",
        "_nconv": 0, "_stats": {"first_responded_at": None, "resolved_at": None, "closed_at": None},
        "_watchers": set(), "_problem_id": None, "_change_id": None, "_asset_ids": [], "_parent_id": None,
        "_child_ids": [],
    }
    ticket.update({k: val for k, val in changes.items() if val is not None or k in ("responder_id", "group_id")})
    _apply_status_stats(ticket, now)
    store.tickets[tid] = ticket
    headers = {"Location": f"{ctx.base_url}/api/v2/tickets/{tid}"}
    return Resp(201, {"ticket": store.ticket_out(ticket, "write")}, headers)


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


def _live_ticket(ctx: Ctx) -> dict:
    ticket = _get_or_404(ctx.store.tickets, ctx.params["id"])
    if ticket["deleted"]:
        raise not_found()
    return ticket


def update_ticket(ctx: Ctx) -> Resp:
    store = ctx.store
    ticket = _live_ticket(ctx)
    v = Validator(ctx.payload, TICKET_UPDATE_SPEC, form=ctx.form)
    for key in ("status", "priority", "source"):
        if key in ctx.payload and ctx.payload[key] is None:
            v.add(key, "It should not be blank", "invalid_value")
    changes = _ticket_common(ctx, v, ticket)
    v.raise_if_errors()
    requester_id = _resolve_requester(ctx, v, creating=False)
    v.raise_if_errors()
    store.ensure_description(ticket)
    attachments = _attachments(ctx, ticket["id"])
    if requester_id is not None:
        changes["requester_id"] = requester_id
    ticket.update(changes)
    if attachments:
        ticket["attachments"] = list(ticket["attachments"]) + attachments
    _apply_status_stats(ticket, ctx.now)
    ticket["updated_at"] = ctx.now
    return Resp(200, {"ticket": store.ticket_out(ticket, "write")})


def delete_ticket(ctx: Ctx) -> Resp:
    ticket = _live_ticket(ctx)
    ticket["deleted"] = True
    ticket["updated_at"] = ctx.now
    return Resp(204)


def restore_ticket(ctx: Ctx) -> Resp:
    ticket = _get_or_404(ctx.store.tickets, ctx.params["id"])
    if not ticket["deleted"]:
        raise not_found()
    ticket["deleted"] = False
    ticket["updated_at"] = ctx.now
    return Resp(204)


def list_ticket_fields(ctx: Ctx) -> Resp:
    _check_params(ctx, {"type"})
    wanted = ctx.query.get("type")
    fields = ctx.store.ticket_fields
    if wanted is not None:
        fields = [f for f in fields if f["type"] == wanted]
    out = []
    for f in fields:
        item = dict(f)
        item["created_at"] = _fmt(item["created_at"])
        item["updated_at"] = _fmt(item["updated_at"])
        out.append(item)
    return Resp(200, {"ticket_fields": out})


def _fmt(epoch):
    from .dates import fmt

    return fmt(epoch)


TICKET_QUERY_FIELDS = {
    "status": "int", "priority": "int", "source": "int", "urgency": "int", "impact": "int", "group_id": "int",
    "responder_id": "int", "agent_id": "int", "requester_id": "int", "department_id": "int", "type": "str",
    "category": "str", "sub_category": "str", "item_category": "str", "tag": "list", "created_at": "date",
    "updated_at": "date", "due_by": "date", "fr_due_by": "date", "custom_text": "str", "auto_checkbox": "bool",
    "business_impact": "str", "affected_users": "int", "subject": "str",
}
_TICKET_QUERY_ALIASES = {"agent_id": "responder_id", "tag": "tags"}


def _page_param(ctx: Ctx) -> int:
    page = _int_param(ctx, "page", 1)
    if page is None or page < 1 or page > FILTER_MAX_PAGE:
        raise validation_failed([field_error(
            "page", f"It should be a Positive Integer less than or equal to {FILTER_MAX_PAGE}", "invalid_value")])
    return page


def filter_tickets(ctx: Ctx) -> Resp:
    _check_params(ctx, {"query", "page"})
    page = _page_param(ctx)
    try:
        pred = compile_query(ctx.query.get("query"), TICKET_QUERY_FIELDS)
    except QueryError as exc:
        raise validation_failed([field_error("query", str(exc), "invalid_value")]) from None
    matches = []
    for t in ctx.store.tickets.values():
        if t["deleted"] or t["spam"]:
            continue

        def get(name: str, t=t):
            if name in seedmod.CUSTOM_TICKET_FIELD_TYPES:
                return t["custom_fields"].get(name)
            return t.get(_TICKET_QUERY_ALIASES.get(name, name))

        if pred(get):
            matches.append(t)
    matches.sort(key=lambda t: (t["created_at"], t["id"]), reverse=True)
    start = (page - 1) * FILTER_PER_PAGE
    chunk = matches[start:start + FILTER_PER_PAGE]
    return Resp(200, {"tickets": [ctx.store.ticket_out(t, "list") for t in chunk], "total": len(matches)})


# --- conversations -------------------------------------------------------------------------------------

REPLY_SPEC = {"body": "str", "attachments": "any", "from_email": "email", "user_id": "int",
              "cc_emails": "email_list", "bcc_emails": "email_list"}
NOTE_SPEC = {"body": "str", "attachments": "any", "incoming": "bool", "notify_emails": "email_list",
             "private": "bool", "user_id": "int"}
CONVERSATION_UPDATE_SPEC = {"body": "str", "attachments": "any"}


def _new_conversation(ctx: Ctx, ticket: dict, record: dict) -> dict:
    store = ctx.store
    thread = store.materialize_thread(ticket["id"])
    cid = store.next_conversation_id
    store.next_conversation_id += 1
    record.update(id=cid, ticket_id=ticket["id"], created_at=ctx.now, updated_at=ctx.now)
    thread.append(record)
    store.conversation_ticket[cid] = ticket["id"]
    ticket["updated_at"] = ctx.now
    return record


def _check_user(ctx: Ctx, v: Validator) -> int:
    uid = v.clean.get("user_id")
    if uid is None:
        return ctx.agent["id"]
    if uid not in ctx.store.agents and uid not in ctx.store.requesters:
        v.add("user_id", "There is no user matching the given user_id", "invalid_value")
    return uid


def create_reply(ctx: Ctx) -> Resp:
    ticket = _live_ticket(ctx)
    v = Validator(ctx.payload, REPLY_SPEC, form=ctx.form)
    v.require("body")
    user_id = _check_user(ctx, v)
    v.raise_if_errors()
    attachments = _attachments(ctx, ticket["id"])
    from_email = v.clean.get("from_email") or seedmod.SUPPORT_EMAIL
    requester_email = ctx.store.user_email(ticket["requester_id"])
    conv = _new_conversation(ctx, ticket, {
        "body": v.clean["body"], "incoming": False, "private": False, "user_id": user_id,
        "support_email": from_email, "source": 0, "from_email": from_email,
        "to_emails": [requester_email] if requester_email else [],
        "cc_emails": v.clean.get("cc_emails") or [], "bcc_emails": v.clean.get("bcc_emails") or [],
        "attachments": attachments,
    })
    stats = dict(ticket.get("_stats") or {})
    if stats.get("first_responded_at") is None:
        stats["first_responded_at"] = ctx.now
        ticket["_stats"] = stats
    return Resp(201, {"conversation": ctx.store.conversation_out(conv, "reply")},
                {"Location": f"{ctx.base_url}/api/v2/conversations/{conv['id']}"})


def create_note(ctx: Ctx) -> Resp:
    ticket = _live_ticket(ctx)
    v = Validator(ctx.payload, NOTE_SPEC, form=ctx.form)
    v.require("body")
    user_id = _check_user(ctx, v)
    v.raise_if_errors()
    attachments = _attachments(ctx, ticket["id"])
    private = v.clean.get("private")
    conv = _new_conversation(ctx, ticket, {
        "body": v.clean["body"], "incoming": bool(v.clean.get("incoming") or False),
        "private": True if private is None else private, "user_id": user_id, "support_email": None,
        "source": 2, "from_email": None, "to_emails": v.clean.get("notify_emails") or [], "cc_emails": [],
        "bcc_emails": None, "attachments": attachments,
    })
    return Resp(201, {"conversation": ctx.store.conversation_out(conv, "note")},
                {"Location": f"{ctx.base_url}/api/v2/conversations/{conv['id']}"})


def _find_conversation(ctx: Ctx) -> tuple[dict, dict]:
    found = ctx.store.find_conversation(ctx.params["id"])
    if found is None:
        raise not_found()
    ticket_id, _ = found
    ticket = ctx.store.tickets[ticket_id]
    thread = ctx.store.materialize_thread(ticket_id)
    conv = next(c for c in thread if c["id"] == ctx.params["id"])
    return ticket, conv


def update_conversation(ctx: Ctx) -> Resp:
    ticket, conv = _find_conversation(ctx)
    v = Validator(ctx.payload, CONVERSATION_UPDATE_SPEC, form=ctx.form)
    if conv["source"] != 2:
        v.add("id", "Only public & private notes can be edited", "incompatible_field")
    if "body" in ctx.payload and not (v.clean.get("body") or "").strip():
        v.add("body", "It should not be blank", "invalid_value")
    v.raise_if_errors()
    attachments = _attachments(ctx, ticket["id"])
    if "body" in v.clean:
        conv["body"] = v.clean["body"]
    if attachments:
        conv["attachments"] = list(conv.get("attachments") or []) + attachments
    conv["updated_at"] = ctx.now
    ticket["updated_at"] = ctx.now
    return Resp(200, {"conversation": ctx.store.conversation_out(conv, "note")})


def delete_conversation(ctx: Ctx) -> Resp:
    ticket, conv = _find_conversation(ctx)
    thread = ctx.store.threads[ticket["id"]]
    thread.remove(conv)
    ticket["updated_at"] = ctx.now
    return Resp(204)


def list_conversations(ctx: Ctx) -> Resp:
    _check_params(ctx, {"page", "per_page"})
    page, per_page = _paging(ctx)
    ticket = _get_or_404(ctx.store.tickets, ctx.params["id"])
    thread = sorted(ctx.store.thread(ticket["id"]), key=lambda c: (c["created_at"], c["id"]))
    chunk, headers = _page_of(ctx, thread, page, per_page)
    return Resp(200, {"conversations": [ctx.store.conversation_out(c) for c in chunk]}, headers)


# --- assets --------------------------------------------------------------------------------------------

ASSET_QUERY_FIELDS = {
    "ci_type_id": "int", "department_id": "int", "location_id": "int", "asset_state": "str", "user_id": "int",
    "agent_id": "int", "name": "str", "asset_tag": "str", "created_at": "date", "updated_at": "date",
}


def list_assets(ctx: Ctx) -> Resp:
    _check_params(ctx, {"order_by", "order_type", "trashed", "include", "query", "page", "per_page"})
    includes = _includes(ctx, ("type_fields",))
    store = ctx.store
    cost = request_cost(len(includes), collection=True)
    trashed_raw = ctx.query.get("trashed")
    if trashed_raw is not None and trashed_raw not in ("true", "false"):
        raise validation_failed([field_error("trashed", "It should be one of these values: 'true,false'",
                                             "invalid_value")])
    trashed = trashed_raw == "true"
    if ctx.query.get("query") is not None:
        page = _page_param(ctx)
        try:
            pred = compile_query(ctx.query.get("query"), ASSET_QUERY_FIELDS)
        except QueryError as exc:
            raise validation_failed([field_error("query", str(exc), "invalid_value")]) from None
        matches = []
        for a in store.assets.values():
            if a["_trashed"] != trashed:
                continue

            def get(name: str, a=a):
                if name in ("location_id", "asset_state"):
                    return a["_" + name]
                return a.get(name)

            if pred(get):
                matches.append(a)
        matches.sort(key=lambda a: (a["created_at"], a["id"]), reverse=True)
        start = (page - 1) * FILTER_PER_PAGE
        chunk = matches[start:start + FILTER_PER_PAGE]
        headers = {"X-Total-Count": str(len(matches))}
        if len(matches) > start + FILTER_PER_PAGE and page < FILTER_MAX_PAGE:
            headers["Link"] = f'<{ctx.request.url.include_query_params(page=page + 1)}>; rel="next"'
        return Resp(200, {"assets": [store.asset_out(a, bool(includes)) for a in chunk]}, headers, cost=cost)
    page, per_page = _paging(ctx)
    desc = _order_type(ctx)
    order_by = ctx.query.get("order_by", "created_at")
    if order_by not in ("id", "created_at", "updated_at"):
        raise validation_failed([field_error("order_by", "It should be one of these values: 'id,created_at,updated_at'",
                                             "invalid_value")])
    items = [a for a in store.assets.values() if a["_trashed"] == trashed]
    items.sort(key=lambda a: (a[order_by], a["id"]), reverse=desc)
    chunk, headers = _page_of(ctx, items, page, per_page)
    return Resp(200, {"assets": [store.asset_out(a, bool(includes)) for a in chunk]}, headers, cost=cost)


def view_asset(ctx: Ctx) -> Resp:
    _check_params(ctx, {"include"})
    includes = _includes(ctx, ("type_fields",))
    asset = _get_or_404(ctx.store.assets, ctx.params["id"])
    return Resp(200, {"asset": ctx.store.asset_out(asset, bool(includes))},
                cost=request_cost(len(includes), collection=False))


# --- requesters ----------------------------------------------------------------------------------------

REQUESTER_SPEC = {
    "first_name": "str", "last_name": "str", "job_title": "str", "primary_email": "email",
    "secondary_emails": "email_list", "work_phone_number": "phone", "mobile_phone_number": "phone",
    "department_ids": "int_list", "can_see_all_tickets_from_associated_departments": "bool",
    "reporting_manager_id": "int", "address": "str", "time_zone": "str", "language": "str", "location_id": "int",
    "background_information": "str", "custom_fields": "dict",
}


def _name_key(first: str | None, last: str | None, uid: int) -> tuple:
    return ((first or "").lower(), (last or "").lower(), uid)


def _phone_filters(ctx: Ctx, records, email_keys: tuple[str, ...]) -> list[dict]:
    q = ctx.query
    out = []
    email = q.get("email")
    mobile = q.get("mobile_phone_number")
    work = q.get("work_phone_number")
    for r in records:
        if email is not None:
            emails = [str(r.get(k) or "").lower() for k in email_keys if k != "secondary_emails"]
            emails += [e.lower() for e in r.get("secondary_emails") or ()] if "secondary_emails" in email_keys else []
            if email.lower() not in emails:
                continue
        if mobile is not None and str(r.get("mobile_phone_number") or "") != mobile:
            continue
        if work is not None and str(r.get("work_phone_number") or "") != work:
            continue
        out.append(r)
    return out


def list_requesters(ctx: Ctx) -> Resp:
    _check_params(ctx, {"email", "mobile_phone_number", "work_phone_number", "page", "per_page"})
    page, per_page = _paging(ctx)
    items = _phone_filters(ctx, ctx.store.requesters.values(), ("primary_email", "secondary_emails"))
    items.sort(key=lambda r: _name_key(r.get("first_name"), r.get("last_name"), r["id"]))
    chunk, headers = _page_of(ctx, items, page, per_page)
    return Resp(200, {"requesters": [ctx.store.requester_out(r) for r in chunk]}, headers)


def view_requester(ctx: Ctx) -> Resp:
    return Resp(200, {"requester": ctx.store.requester_out(_get_or_404(ctx.store.requesters, ctx.params["id"]))})


def _email_taken(ctx: Ctx, email: str, except_id: int | None = None) -> bool:
    found = ctx.store.user_by_email(email)
    return found is not None and found[1]["id"] != except_id


def _requester_checks(ctx: Ctx, v: Validator, except_id: int | None) -> None:
    c = v.clean
    if c.get("primary_email") and _email_taken(ctx, c["primary_email"], except_id):
        raise validation_failed([field_error("primary_email", "It should be a unique value", "duplicate_value")], 409)
    if c.get("reporting_manager_id") is not None and c["reporting_manager_id"] not in ctx.store.requesters \
            and c["reporting_manager_id"] not in ctx.store.agents:
        v.add("reporting_manager_id", "There is no user matching the given reporting_manager_id", "invalid_value")
    if c.get("custom_fields") is not None:
        for key in c["custom_fields"]:
            if key not in seedmod.CUSTOM_REQUESTER_FIELD_TYPES:
                v.add(key, "Unexpected/invalid field in request", "invalid_field")


def create_requester(ctx: Ctx) -> Resp:
    v = Validator(ctx.payload, REQUESTER_SPEC, form=ctx.form)
    v.require("first_name")
    if not any(v.clean.get(k) for k in ("primary_email", "work_phone_number", "mobile_phone_number")):
        v.add("primary_email", "Please fill at least 1 of primary_email, work_phone_number, mobile_phone_number fields",
              "missing_field")
    v.raise_if_errors()
    _requester_checks(ctx, v, None)
    v.raise_if_errors()
    fields = dict(v.clean)
    custom = {k: None for k in seedmod.CUSTOM_REQUESTER_FIELD_TYPES}
    custom.update(fields.pop("custom_fields", None) or {})
    fields["custom_fields"] = custom
    uid = _new_requester(ctx, **fields)
    return Resp(201, {"requester": ctx.store.requester_out(ctx.store.requesters[uid])},
                {"Location": f"{ctx.base_url}/api/v2/requesters/{uid}"})


def update_requester(ctx: Ctx) -> Resp:
    req = _get_or_404(ctx.store.requesters, ctx.params["id"])
    v = Validator(ctx.payload, REQUESTER_SPEC, form=ctx.form)
    if "first_name" in ctx.payload and not (ctx.payload["first_name"] or "").strip():
        v.add("first_name", "It should not be blank", "invalid_value")
    v.raise_if_errors()
    _requester_checks(ctx, v, req["id"])
    v.raise_if_errors()
    fields = dict(v.clean)
    if "custom_fields" in fields:
        custom = dict(req.get("custom_fields") or {})
        custom.update(fields.pop("custom_fields") or {})
        fields["custom_fields"] = custom
    req.update(fields)
    req["updated_at"] = ctx.now
    return Resp(200, {"requester": ctx.store.requester_out(req)})


def delete_requester(ctx: Ctx) -> Resp:
    _get_or_404(ctx.store.requesters, ctx.params["id"])
    del ctx.store.requesters[ctx.params["id"]]
    return Resp(204)


def list_requester_fields(ctx: Ctx) -> Resp:
    _check_params(ctx, set())
    out = []
    for f in ctx.store.requester_fields:
        item = dict(f)
        item["created_at"] = _fmt(item["created_at"])
        item["updated_at"] = _fmt(item["updated_at"])
        out.append(item)
    return Resp(200, {"requester_fields": out})


# --- agents -----------------------------------------------------------------------------------------

AGENT_CREATE_SPEC = {
    "first_name": "str", "last_name": "str", "occasional": "bool", "job_title": "str", "email": "email",
    "work_phone_number": "phone", "mobile_phone_number": "phone", "reporting_manager_id": "int",
    "time_zone": "str", "language": "str", "location_id": "int", "scoreboard_level_id": "int",
    "group_ids": "int_list", "role_ids": "int_list", "signature": "str",
}
AGENT_UPDATE_SPEC = dict(AGENT_CREATE_SPEC)


def list_agents(ctx: Ctx) -> Resp:
    _check_params(ctx, {"email", "mobile_phone_number", "work_phone_number", "state", "page", "per_page"})
    page, per_page = _paging(ctx)
    state = ctx.query.get("state")
    if state is not None and state not in ("fulltime", "occasional"):
        raise validation_failed([field_error("state", "It should be one of these values: 'fulltime,occasional'",
                                             "invalid_value")])
    items = _phone_filters(ctx, ctx.store.agents.values(), ("email",))
    if state is not None:
        items = [a for a in items if a["occasional"] == (state == "occasional")]
    items.sort(key=lambda a: _name_key(a.get("first_name"), a.get("last_name"), a["id"]))
    chunk, headers = _page_of(ctx, items, page, per_page)
    return Resp(200, {"agents": [ctx.store.agent_out(a) for a in chunk]}, headers)


def view_agent(ctx: Ctx) -> Resp:
    return Resp(200, {"agent": ctx.store.agent_out(_get_or_404(ctx.store.agents, ctx.params["id"]))})


def _agent_checks(ctx: Ctx, v: Validator, except_id: int | None) -> None:
    store = ctx.store
    c = v.clean
    v.choice("scoreboard_level_id", [1, 2, 3, 4, 5, 6])
    if c.get("email") and _email_taken(ctx, c["email"], except_id):
        raise validation_failed([field_error("email", "It should be a unique value", "duplicate_value")], 409)
    for rid in c.get("role_ids") or ():
        if rid not in store.roles:
            v.add("role_ids", f"There is no role with id {rid}", "invalid_value")
            break
    if "role_ids" in c and c["role_ids"] == []:
        v.add("role_ids", "It should not be blank", "invalid_value")
    for gid in c.get("group_ids") or ():
        if gid not in store.groups:
            v.add("group_ids", f"There is no group with id {gid}", "invalid_value")
            break


def _set_agent_groups(ctx: Ctx, agent_id: int, group_ids: list[int]) -> None:
    for gid, group in ctx.store.groups.items():
        members = [a for a in group["agent_ids"] if a != agent_id]
        if gid in group_ids:
            members.append(agent_id)
        group["agent_ids"] = members


def create_agent(ctx: Ctx) -> Resp:
    v = Validator(ctx.payload, AGENT_CREATE_SPEC, form=ctx.form)
    v.require("first_name", "email", "role_ids")
    v.raise_if_errors()
    _agent_checks(ctx, v, None)
    v.raise_if_errors()
    store = ctx.store
    uid = store.new_user_id()
    agent = {key: None for key in ("last_name", "job_title", "work_phone_number", "mobile_phone_number",
                                   "reporting_manager_id", "location_id", "signature", "last_login_at")}
    agent.update(id=uid, occasional=False, time_zone="Edinburgh", language="en", scoreboard_level_id=1,
                 created_at=ctx.now, updated_at=ctx.now, _password=None, _api_key=None)
    fields = dict(v.clean)
    group_ids = fields.pop("group_ids", None) or []
    agent.update(fields)
    store.agents[uid] = agent
    _set_agent_groups(ctx, uid, group_ids)
    return Resp(201, {"agent": store.agent_out(agent)}, {"Location": f"{ctx.base_url}/api/v2/agents/{uid}"})


def update_agent(ctx: Ctx) -> Resp:
    agent = _get_or_404(ctx.store.agents, ctx.params["id"])
    v = Validator(ctx.payload, AGENT_UPDATE_SPEC, form=ctx.form)
    v.raise_if_errors()
    _agent_checks(ctx, v, agent["id"])
    v.raise_if_errors()
    fields = dict(v.clean)
    if "group_ids" in fields:
        _set_agent_groups(ctx, agent["id"], fields.pop("group_ids") or [])
    agent.update(fields)
    agent["updated_at"] = ctx.now
    return Resp(200, {"agent": ctx.store.agent_out(agent)})


def delete_agent(ctx: Ctx) -> Resp:
    """Deleting an agent turns them into a requester (same user id)."""
    store = ctx.store
    agent = _get_or_404(store.agents, ctx.params["id"])
    _set_agent_groups(ctx, agent["id"], [])
    del store.agents[agent["id"]]
    _new_requester(ctx, id=agent["id"], first_name=agent.get("first_name"), last_name=agent.get("last_name"),
                   job_title=agent.get("job_title"), primary_email=agent.get("email"),
                   work_phone_number=agent.get("work_phone_number"),
                   mobile_phone_number=agent.get("mobile_phone_number"), time_zone=agent.get("time_zone"),
                   language=agent.get("language"), location_id=agent.get("location_id"),
                   created_at=agent.get("created_at"))
    return Resp(204)


# --- roles & groups ------------------------------------------------------------------------------------


def list_roles(ctx: Ctx) -> Resp:
    _check_params(ctx, {"page", "per_page"})
    page, per_page = _paging(ctx)
    items = sorted(ctx.store.roles.values(), key=lambda r: r["id"])
    chunk, headers = _page_of(ctx, items, page, per_page)
    return Resp(200, {"roles": [ctx.store.role_out(r) for r in chunk]}, headers)


def view_role(ctx: Ctx) -> Resp:
    return Resp(200, {"role": ctx.store.role_out(_get_or_404(ctx.store.roles, ctx.params["id"]))})


GROUP_SPEC = {"name": "str", "description": "str", "unassigned_for": "str", "business_hours_id": "int",
              "escalate_to": "int", "agent_ids": "int_list", "auto_ticket_assign": "bool"}
UNASSIGNED_FOR = ["30m", "1h", "2h", "4h", "8h", "12h", "1d", "2d", "3d"]


def _group_checks(ctx: Ctx, v: Validator, except_id: int | None) -> None:
    store = ctx.store
    v.choice("unassigned_for", UNASSIGNED_FOR)
    for aid in v.clean.get("agent_ids") or ():
        if aid not in store.agents:
            v.add("agent_ids", f"There is no agent with id {aid}", "invalid_value")
            break
    if v.clean.get("escalate_to") is not None and v.clean["escalate_to"] not in store.agents:
        v.add("escalate_to", "There is no agent matching the given escalate_to", "invalid_value")
    name = v.clean.get("name")
    if name and any(g["name"].lower() == name.lower() and g["id"] != except_id for g in store.groups.values()):
        raise validation_failed([field_error("name", "It should be a unique value", "duplicate_value")], 409)


def list_groups(ctx: Ctx) -> Resp:
    _check_params(ctx, {"page", "per_page"})
    page, per_page = _paging(ctx)
    items = sorted(ctx.store.groups.values(), key=lambda g: g["id"])
    chunk, headers = _page_of(ctx, items, page, per_page)
    return Resp(200, {"groups": [ctx.store.group_out(g) for g in chunk]}, headers)


def view_group(ctx: Ctx) -> Resp:
    return Resp(200, {"group": ctx.store.group_out(_get_or_404(ctx.store.groups, ctx.params["id"]))})


def create_group(ctx: Ctx) -> Resp:
    v = Validator(ctx.payload, GROUP_SPEC, form=ctx.form)
    v.require("name")
    _group_checks(ctx, v, None)
    v.raise_if_errors()
    store = ctx.store
    gid = store.next_group_id
    store.next_group_id += 1
    group = {"id": gid, "name": None, "description": None, "business_hours_id": None, "escalate_to": None,
             "unassigned_for": "30m", "agent_ids": [], "auto_ticket_assign": False,
             "created_at": ctx.now, "updated_at": ctx.now}
    group.update(v.clean)
    group["agent_ids"] = list(dict.fromkeys(group["agent_ids"] or []))
    store.groups[gid] = group
    return Resp(201, {"group": store.group_out(group)}, {"Location": f"{ctx.base_url}/api/v2/groups/{gid}"})


def update_group(ctx: Ctx) -> Resp:
    group = _get_or_404(ctx.store.groups, ctx.params["id"])
    v = Validator(ctx.payload, GROUP_SPEC, form=ctx.form)
    if "name" in ctx.payload and not (ctx.payload["name"] or "").strip():
        v.add("name", "It should not be blank", "invalid_value")
    _group_checks(ctx, v, group["id"])
    v.raise_if_errors()
    fields = dict(v.clean)
    if "agent_ids" in fields:
        fields["agent_ids"] = list(dict.fromkeys(fields["agent_ids"] or []))
    group.update(fields)
    group["updated_at"] = ctx.now
    return Resp(200, {"group": ctx.store.group_out(group)})


def delete_group(ctx: Ctx) -> Resp:
    _get_or_404(ctx.store.groups, ctx.params["id"])
    del ctx.store.groups[ctx.params["id"]]
    return Resp(204)


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
    ("/api/v2/agents/{id}", {"GET": view_agent, "PUT": update_agent, "DELETE": delete_agent}),
    ("/api/v2/roles", {"GET": list_roles}),
    ("/api/v2/roles/{id}", {"GET": view_role}),
    ("/api/v2/groups", {"GET": list_groups, "POST": create_group}),
    ("/api/v2/groups/{id}", {"GET": view_group, "PUT": update_group, "DELETE": delete_group}),
]

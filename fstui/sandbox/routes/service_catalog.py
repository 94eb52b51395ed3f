"""The service catalog (API-SUPPLEMENT §8.1): categories, items, item search and view, place_request; and a
ticket's requested items (§3.4).

    GET  /service_catalog/categories[?workspace_id]          {"service_categories": [...]}
    GET  /service_catalog/categories/{id}                    {"service_category": {...}}
    GET  /service_catalog/items[?category_id,workspace_id]   {"service_items": [list rows]}
    GET  /service_catalog/items/search?search_term=…         {"service_items": [...], "meta": {...}}
    GET  /service_catalog/items/{display_id}                 {"service_item": {... custom_fields, child_items}}
    POST /service_catalog/items/{display_id}/place_request   201 {"service_request": {ticket fields}}
    GET  /tickets/{id}/requested_items                       {"requested_items": [...]}; 404 unless a service request

Choices where the sources are silent (written down, as DESIGN.md asks):
- place_request answers 201 with a Location (it creates a ticket); the ticket's subject is
  "Request for <item>", its due date the item's delivery time; requester = ``email`` (else the caller),
  requested_for = ``requested_for`` (else the requester). Both must name existing users (400 invalid_value).
- A deleted item is 404 for place_request; a draft (visibility 1) is 400 invalid_value. A bundle's children
  are all requested unless ``child_items`` names some; a name not among the item's children is 400.
- ``child_items`` of an item view are the children's list rows (the fact sheet: shape not established).
- Lists show drafts and deleted items too (the rows carry ``visibility`` and ``deleted``); search shows only
  published, live items. ``search_term`` is mandatory; an unknown ``user_email`` is 400 invalid_value.
- ``service_item_id`` of a requested item is the item's display id (the id clients use in paths).
"""

from __future__ import annotations

from typing import Any

from .. import seed as seedmod
from ..app import Ctx, Resp
from ..dates import parse_datetime
from ..seed_catalog import REQUESTED_ITEM_ID_BASE, requested_item_for
from ..seed_itsm import PRIMARY_WORKSPACE_ID
from ..store_rest import out
from ..validation import Validator, field_error, not_found, validation_failed
from .common import check_params, get_or_404, int_param, page_of, paging
from .kit import simple_list, workspace_scope

CATEGORY_KEYS = ("id", "name", "description", "position", "workspace_id", "created_at", "updated_at")
ITEM_LIST_KEYS = (
    "id", "display_id", "name", "category_id", "product_id", "ci_type_id", "quantity", "delivery_time", "deleted",
    "icon_name", "group_visibility", "agent_group_visibility", "item_type", "visibility", "cost_visibility",
    "delivery_time_visibility", "botified", "allow_attachments", "allow_quantity", "is_bundle", "create_child",
    "configs", "workspace_id", "created_at", "updated_at",
)
ITEM_VIEW_KEYS = ITEM_LIST_KEYS + ("description", "short_description", "cost", "custom_fields", "icon_url")
REQUESTED_ITEM_KEYS = (
    "id", "created_at", "updated_at", "quantity", "stage", "loaned", "cost_per_request", "remarks", "delivery_time",
    "is_parent", "service_item_id", "service_item_name", "custom_fields", "attachments",
)
PLACE_REQUEST_SPEC = {"email": "email", "requested_for": "email", "quantity": "int", "custom_fields": "dict",
                      "child_items": "any", "parent_ticket_id": "int"}
ICON_URL = "https://cdn.fstui-sandbox.example/service_catalog/icons/{name}.svg"
NEW_REQUESTED_ITEM_BASE = REQUESTED_ITEM_ID_BASE + 100_000  # above every seeded one (one per seeded ticket)


def category_out(category: dict) -> dict:
    return out(category, CATEGORY_KEYS)


def item_row(item: dict) -> dict:
    return out(item, ITEM_LIST_KEYS)


def item_view(ctx: Ctx, item: dict) -> dict:
    result = out(item, ITEM_VIEW_KEYS)
    result["custom_fields"] = [out(f, tuple(f)) for f in item["custom_fields"]]
    items = ctx.store.rest.service_items
    result["child_items"] = [item_row(items[d]) for d in item["child_item_ids"] if d in items]
    result["icon_url"] = ICON_URL.format(name=item["icon_name"])
    return result


# --- categories and items ------------------------------------------------------------------------------


def list_categories(ctx: Ctx) -> Resp:
    return simple_list(ctx, ctx.store.rest.service_categories.values(), "service_categories", category_out,
                       workspace=True, key=lambda c: (c["position"], c["id"]))


def view_category(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    category = get_or_404(ctx.store.rest.service_categories, ctx.params["id"])
    return Resp(200, {"service_category": category_out(category)})


def list_items(ctx: Ctx) -> Resp:
    check_params(ctx, {"category_id", "workspace_id", "page", "per_page"})
    scope = workspace_scope(ctx)
    category_id = int_param(ctx, "category_id")
    items = [i for i in ctx.store.rest.service_items.values()
             if scope.has(i) and (category_id is None or i["category_id"] == category_id)]
    page, per_page = paging(ctx)
    chunk, headers = page_of(ctx, sorted(items, key=lambda i: i["display_id"]), page, per_page)
    return Resp(200, {"service_items": [item_row(i) for i in chunk]}, headers)


def search_items(ctx: Ctx) -> Resp:
    check_params(ctx, {"search_term", "user_email", "workspace_id", "page", "per_page"})
    term = (ctx.query.get("search_term") or "").strip().lower()
    if not term:
        raise validation_failed([field_error("search_term", "Mandatory attribute missing", "missing_field")])
    email = ctx.query.get("user_email")
    if email is not None and ctx.store.user_by_email(email) is None:
        raise validation_failed([field_error("user_email", "There is no user with the given email", "invalid_value")])
    scope = workspace_scope(ctx)
    page, per_page = paging(ctx)
    matches = [i for i in sorted(ctx.store.rest.service_items.values(), key=lambda i: i["display_id"])
               if scope.has(i) and i["visibility"] == 2 and not i["deleted"]
               and (term in i["name"].lower() or term in (i["short_description"] or "").lower())]
    chunk, headers = page_of(ctx, matches, page, per_page)
    meta = {"total_items": len(matches), "total_pages": max(1, -(-len(matches) // per_page)), "current_page": page}
    return Resp(200, {"service_items": [item_row(i) for i in chunk], "meta": meta}, headers)


def view_item(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    item = get_or_404(ctx.store.rest.service_items, ctx.params["id"])
    return Resp(200, {"service_item": item_view(ctx, item)})


# --- place_request --------------------------------------------------------------------------------------


def _field_value(v: Validator, field: dict, value: Any) -> Any:
    """A custom field's value checked against its type (the error names the field)."""
    name, ftype = field["name"], field["field_type"]
    choices = [c[1] for c in field.get("choices") or ()]
    ok = {
        "custom_checkbox": isinstance(value, bool),
        "custom_number": isinstance(value, int) and not isinstance(value, bool),
        "custom_decimal": isinstance(value, (int, float)) and not isinstance(value, bool),
        "custom_date": isinstance(value, str) and parse_datetime(value) is not None,
        "custom_dropdown": value in choices,
        "custom_multi_select_dropdown": isinstance(value, list) and all(x in choices for x in value),
    }.get(ftype, isinstance(value, str))
    if not ok:
        if choices:
            v.add(name, f"It should be one of these values: '{','.join(choices)}'", "invalid_value")
        else:
            v.add(name, f"It should be a valid {ftype.removeprefix('custom_')} value", "datatype_mismatch")
    return value


def _custom_fields(v: Validator, item: dict, sent: dict | None) -> dict:
    sent = dict(sent or {})
    values = {}
    fields = {f["name"]: f for f in item["custom_fields"] if not f["deleted"]}
    for name in sent:
        if name not in fields:
            v.add(name, "Unexpected/invalid field in request", "invalid_field")
    for name, field in fields.items():
        value = sent.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if field["required"]:
                v.add(name, "Mandatory attribute missing", "missing_field")
            continue
        values[name] = _field_value(v, field, value)
    return values


def _user(ctx: Ctx, v: Validator, name: str) -> int | None:
    email = v.clean.get(name)
    if not email:
        return None
    found = ctx.store.user_by_email(email)
    if found is None:
        v.add(name, f"There is no user with the email {email}", "invalid_value")
        return None
    return found[1]["id"]


def _children(ctx: Ctx, v: Validator, item: dict) -> list[tuple[dict, int]]:
    """(child item, quantity) for each child requested."""
    items = ctx.store.rest.service_items
    sent = v.clean.get("child_items")
    if sent is None:
        return [(items[d], 1) for d in item["child_item_ids"] if d in items]
    if not isinstance(sent, list) or not all(isinstance(c, dict) for c in sent):
        v.add("child_items", "It should be an Array of key/value pairs", "datatype_mismatch")
        return []
    chosen = []
    for child in sent:
        unknown = set(child) - {"service_item_id", "quantity"}
        display_id = child.get("service_item_id")
        quantity = child.get("quantity", 1)
        if unknown:
            v.add(f"child_items.{sorted(unknown)[0]}", "Unexpected/invalid field in request", "invalid_field")
        elif display_id not in item["child_item_ids"] or display_id not in items:
            v.add("child_items", f"{display_id!r} is not a child item of this item", "invalid_value")
        elif not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            v.add("child_items", "quantity should be a Positive Integer", "invalid_value")
        else:
            chosen.append((items[display_id], quantity))
    return chosen


def _parent_ticket(ctx: Ctx, v: Validator) -> dict | None:
    tid = v.clean.get("parent_ticket_id")
    if tid is None:
        return None
    parent = ctx.store.tickets.get(tid)
    if parent is None or parent["deleted"] or parent["spam"]:
        v.add("parent_ticket_id", "There is no ticket (not deleted or spam) with the given id", "invalid_value")
        return None
    if parent.get("_parent_id"):
        v.add("parent_ticket_id", "A child ticket cannot be the parent of another ticket", "invalid_value")
        return None
    return parent


def place_request(ctx: Ctx) -> Resp:
    store = ctx.store
    item = get_or_404(store.rest.service_items, ctx.params["id"])
    if item["deleted"]:
        raise not_found()
    v = Validator(ctx.payload, PLACE_REQUEST_SPEC, form=ctx.form)
    if item["visibility"] != 2:
        v.add("display_id", "The item is not published", "invalid_value")
    quantity = v.clean.get("quantity", 1) or 1
    if quantity < 1 or (quantity > 1 and not item["allow_quantity"]):
        v.add("quantity", "It should be 1 (this item does not allow a quantity)" if quantity > 1
              else "It should be a Positive Integer", "invalid_value")
    values = _custom_fields(v, item, v.clean.get("custom_fields"))
    requester_id = _user(ctx, v, "email") or ctx.agent["id"]
    requested_for_id = _user(ctx, v, "requested_for") or requester_id
    children = _children(ctx, v, item)
    parent = _parent_ticket(ctx, v)
    v.raise_if_errors()
    ticket = _service_request_ticket(ctx, item, quantity, values, requester_id, requested_for_id, parent)
    rows = [_requested(ctx, item, quantity, values, True)]
    rows += [_requested(ctx, child, qty, {}, False) for child, qty in children]
    store.rest.requested_items[ticket["id"]] = rows
    body = store.ticket_out(ticket, "view")
    body.update(requested_for_id=requested_for_id, workspace_id=ticket["workspace_id"], approval_status=None,
                approval_status_name="Not Requested")
    return Resp(201, {"service_request": body}, {"Location": f"{ctx.base_url}/api/v2/tickets/{ticket['id']}"})


def _service_request_ticket(ctx: Ctx, item: dict, quantity: int, values: dict, requester_id: int,
                            requested_for_id: int, parent: dict | None) -> dict:
    store = ctx.store
    now = ctx.now
    tid = store.next_ticket_id
    store.next_ticket_id += 1
    lines = [f"<div>{quantity} x {item['name']}</div>"]
    lines += [f"<div>{name}: {value}</div>" for name, value in values.items()]
    subject = (item["configs"] or {}).get("subject") or f"Request for {item['name']}"
    ticket = {
        "id": tid, "subject": subject, "requester_id": requester_id, "responder_id": None, "group_id": None,
        "department_id": None, "status": 2, "priority": 1, "source": 2, "type": "Service Request", "urgency": 1,
        "impact": 1, "category": None, "sub_category": None, "item_category": None, "cc_emails": [],
        "fwd_emails": [], "reply_cc_emails": [], "to_emails": None, "email_config_id": None,
        "sla_policy_id": 1000000029, "fr_escalated": False, "is_escalated": False, "spam": False, "deleted": False,
        "due_by": now + (item["delivery_time"] or 72) * 3600, "fr_due_by": now + 4 * 3600,
        "created_at": now, "updated_at": now, "tags": [], "attachments": [],
        "custom_fields": {name: None for name in seedmod.CUSTOM_TICKET_FIELD_TYPES},
        "description": "".join(lines), "requested_for_id": requested_for_id,
        "workspace_id": item.get("workspace_id") or PRIMARY_WORKSPACE_ID,
        "approval_status": None, "approval_status_name": "Not Requested",
        "_nconv": 0, "_stats": {"first_responded_at": None, "resolved_at": None, "closed_at": None},
        "_watchers": set(), "_problem_id": None, "_change_id": None, "_asset_ids": [],
        "_parent_id": parent["id"] if parent else None, "_child_ids": [],
    }
    if parent is not None:
        parent["_child_ids"] = list(parent["_child_ids"]) + [tid]
    store.tickets[tid] = ticket
    return ticket


def _requested(ctx: Ctx, item: dict, quantity: int, values: dict, is_parent: bool) -> dict:
    rid = ctx.store.rest.next_id("requested_item", {NEW_REQUESTED_ITEM_BASE: None})
    cost = float(item["cost"]) * quantity if item["cost"] else 0.0
    return {"id": rid, "created_at": ctx.now, "updated_at": ctx.now, "quantity": quantity, "stage": 1,
            "loaned": False, "cost_per_request": cost, "remarks": None, "delivery_time": item["delivery_time"],
            "is_parent": is_parent, "service_item_id": item["display_id"], "service_item_name": item["name"],
            "custom_fields": dict(values), "attachments": []}


def list_requested_items(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    ticket = get_or_404(ctx.store.tickets, ctx.params["id"])
    if ticket.get("type") != "Service Request":
        raise not_found()
    rows = ctx.store.rest.requested_items.get(ticket["id"])
    if rows is None:
        rows = [requested_item_for(ticket, ctx.store.rest.service_items)] if "_seed" in ticket else []
    return Resp(200, {"requested_items": [out(r, REQUESTED_ITEM_KEYS) for r in rows]})


ROUTES = [
    ("/api/v2/service_catalog/categories", {"GET": list_categories}),
    ("/api/v2/service_catalog/categories/{id}", {"GET": view_category}),
    ("/api/v2/service_catalog/items", {"GET": list_items}),
    ("/api/v2/service_catalog/items/search", {"GET": search_items}),
    ("/api/v2/service_catalog/items/{id}", {"GET": view_item}),
    ("/api/v2/service_catalog/items/{id}/place_request", {"POST": place_request}),
    ("/api/v2/tickets/{id}/requested_items", {"GET": list_requested_items}),
]

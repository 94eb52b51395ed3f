"""/requester_groups: list, view, create, update, delete and members (API-SUPPLEMENT §8.5).

    GET  /requester_groups, /requester_groups/{id}       {"requester_groups": [...]} / {"requester_group": {...}}
    POST /requester_groups, PUT/DELETE /requester_groups/{id}      body {name, description}; DELETE 204
    GET  /requester_groups/{id}/members                  {"requesters": [{id, first_name, last_name, email}]}
    POST/DELETE /requester_groups/{id}/members/{requester_id}      no body; 200 / 204

Writes take manual groups only: a rule-based group answers 400 invalid_value (code chosen: the docs say
"manual groups only" without an error). A requester added twice is 409 duplicate_value; removing one who is
not a member is 404. Name is unique (any case, 409). Choices: create 201; POST member answers 200 with no body.
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..store_rest import out
from ..validation import Validator, field_error, not_found, validation_failed
from .common import check_params, duplicate, get_or_404
from .crud import Collection
from .kit import paged, unique_name

GROUP_KEYS = ("id", "name", "description", "type", "workspace_id", "created_at", "updated_at")
GROUP_SPEC = {"name": "str", "description": "str"}


def group_out(group: dict) -> dict:
    return out(group, GROUP_KEYS)


def _manual(ctx: Ctx) -> dict:
    group = get_or_404(ctx.store.rest.requester_groups, ctx.params["id"])
    if group["type"] != "manual":
        raise validation_failed([field_error("type", "Only manual requester groups can be changed through the API",
                                             "invalid_value")])
    return group


def _checks(ctx: Ctx, v: Validator, group: dict | None) -> None:
    unique_name(v, ctx.store.rest.requester_groups.values(), (group or {}).get("id"))


def _new(ctx: Ctx, gid: int) -> dict:
    return {"id": gid, "name": None, "description": None, "type": "manual", "workspace_id": 2,
            "created_at": ctx.now, "updated_at": ctx.now}


def _no_members_yet(ctx: Ctx, group: dict) -> None:
    ctx.store.rest.requester_group_members[group["id"]] = []


GROUPS = Collection("requester_groups", "requester_group", GROUP_SPEC, ("name",), group_out, _new, _checks,
                    target=_manual, created_hook=_no_members_yet)


def delete_group(ctx: Ctx) -> Resp:
    group = _manual(ctx)
    del ctx.store.rest.requester_groups[group["id"]]
    ctx.store.rest.requester_group_members.pop(group["id"], None)
    return Resp(204)


def member_out(ctx: Ctx, uid: int) -> dict:
    r = ctx.store.requesters.get(uid) or {}
    return {"id": uid, "first_name": r.get("first_name"), "last_name": r.get("last_name"),
            "email": r.get("primary_email")}


def list_members(ctx: Ctx) -> Resp:
    check_params(ctx, {"page", "per_page"})
    get_or_404(ctx.store.rest.requester_groups, ctx.params["id"])
    members = [m for m in ctx.store.rest.requester_group_members.get(ctx.params["id"], [])
               if m in ctx.store.requesters]
    return paged(ctx, members, "requesters", lambda uid: member_out(ctx, uid))


def add_member(ctx: Ctx) -> Resp:
    group = _manual(ctx)
    uid = ctx.params["requester_id"]
    if uid not in ctx.store.requesters:
        raise not_found()
    members = ctx.store.rest.requester_group_members.setdefault(group["id"], [])
    if uid in members:
        raise duplicate("requester_id")
    members.append(uid)
    return Resp(200)


def remove_member(ctx: Ctx) -> Resp:
    group = _manual(ctx)
    members = ctx.store.rest.requester_group_members.setdefault(group["id"], [])
    if ctx.params["requester_id"] not in members:
        raise not_found()
    members.remove(ctx.params["requester_id"])
    return Resp(204)


ROUTES = [
    *GROUPS.routes(delete=delete_group),
    ("/api/v2/requester_groups/{id}/members", {"GET": list_members}),
    ("/api/v2/requester_groups/{id}/members/{requester_id}", {"POST": add_member, "DELETE": remove_member}),
]

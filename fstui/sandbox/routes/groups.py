"""/groups: list, view, create, update, delete."""

from __future__ import annotations

from ..app import Ctx, Resp
from ..validation import Validator
from .workspaces import workspace_scope
from .common import check_ids, created, delete_record, duplicate, get_or_404, list_by_id, not_blank
from .common import check_params

GROUP_SPEC = {"name": "str", "description": "str", "unassigned_for": "str", "business_hours_id": "int",
              "escalate_to": "int", "agent_ids": "int_list", "auto_ticket_assign": "bool",
              # the current names (API-SUPPLEMENT §0): members/observers replace agent_ids; both are taken
              "members": "int_list", "observers": "int_list"}
UNASSIGNED_FOR = ["30m", "1h", "2h", "4h", "8h", "12h", "1d", "2d", "3d"]


def _group_checks(ctx: Ctx, v: Validator, except_id: int | None) -> None:
    store = ctx.store
    v.choice("unassigned_for", UNASSIGNED_FOR)
    for name in ("agent_ids", "members", "observers"):
        check_ids(v, name, store.agents, "agent")
    if v.clean.get("escalate_to") is not None and v.clean["escalate_to"] not in store.agents:
        v.add("escalate_to", "There is no agent matching the given escalate_to", "invalid_value")
    name = v.clean.get("name")
    if name and any(g["name"].lower() == name.lower() and g["id"] != except_id for g in store.groups.values()):
        raise duplicate("name")


def _stored(clean: dict) -> dict:
    """A write's fields as stored: ``members`` is kept as agent_ids (the name the seed and the agents'
    member_of use), ``observers`` as they are."""
    fields = dict(clean)
    if "members" in fields:
        fields["agent_ids"] = fields.pop("members")
    if "observers" in fields:
        fields["observers"] = list(dict.fromkeys(fields["observers"] or []))
    return fields


def list_groups(ctx: Ctx) -> Resp:
    """Since Dec 2023 the list answers for the given workspace only (absent = primary)."""
    scope = workspace_scope(ctx)
    groups = [g for g in ctx.store.groups.values() if scope.has(g)]
    return list_by_id(ctx, groups, "groups", ctx.store.group_out, extra={"workspace_id"})


def view_group(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"group": ctx.store.group_out(get_or_404(ctx.store.groups, ctx.params["id"]))})


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
    group.update(_stored(v.clean))
    group["agent_ids"] = list(dict.fromkeys(group["agent_ids"] or []))
    store.groups[gid] = group
    return created(ctx, "group", store.group_out(group), f"groups/{gid}")


def update_group(ctx: Ctx) -> Resp:
    group = get_or_404(ctx.store.groups, ctx.params["id"])
    v = Validator(ctx.payload, GROUP_SPEC, form=ctx.form)
    not_blank(ctx, v, "name")
    _group_checks(ctx, v, group["id"])
    v.raise_if_errors()
    fields = _stored(v.clean)
    if "agent_ids" in fields:
        fields["agent_ids"] = list(dict.fromkeys(fields["agent_ids"] or []))
    group.update(fields)
    group["updated_at"] = ctx.now
    return Resp(200, {"group": ctx.store.group_out(group)})


def delete_group(ctx: Ctx) -> Resp:
    return delete_record(ctx, ctx.store.groups)

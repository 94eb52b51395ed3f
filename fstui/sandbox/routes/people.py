"""/requesters, /requester_fields and /agents: the people of the account (one user id space)."""

from __future__ import annotations

from typing import Any

from .. import seed as seedmod
from ..app import Ctx, Resp
from ..validation import Validator
from . import people_query as pq
from .common import (
    check_ids,
    check_params,
    choice_param,
    created,
    delete_record,
    duplicate,
    fields_out,
    get_or_404,
    not_blank,
    page_of,
    paging,
)

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
    check_params(ctx, {"email", "mobile_phone_number", "work_phone_number", "page", "per_page", "query", "active",
                       "include_agents"})
    with_agents = pq.include_agents(ctx)
    records = list(ctx.store.requesters.values())
    agents = {a["id"] for a in ctx.store.agents.values()} if with_agents else set()
    if with_agents:
        records += [{**a, "primary_email": a.get("email")} for a in ctx.store.agents.values()]

    def out(r: dict) -> dict:
        return pq.agent_as_requester(ctx, ctx.store.agents[r["id"]]) if r["id"] in agents \
            else ctx.store.requester_out(r)

    records = pq.active_filter(ctx, records)
    if ctx.query.get("query") is not None:
        return pq.query_page(ctx, records, pq.REQUESTER_QUERY_FIELDS, "primary_email", "requesters", out)
    page, per_page = paging(ctx)
    items = _phone_filters(ctx, records, ("primary_email", "secondary_emails"))
    items.sort(key=lambda r: _name_key(r.get("first_name"), r.get("last_name"), r["id"]))
    chunk, headers = page_of(ctx, items, page, per_page)
    return Resp(200, {"requesters": [out(r) for r in chunk]}, headers)


def view_requester(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"requester": ctx.store.requester_out(get_or_404(ctx.store.requesters, ctx.params["id"]))})


def _email_taken(ctx: Ctx, email: str, except_id: int | None = None) -> bool:
    found = ctx.store.user_by_email(email)
    return found is not None and found[1]["id"] != except_id


def _requester_checks(ctx: Ctx, v: Validator, except_id: int | None) -> None:
    c = v.clean
    if c.get("primary_email") and _email_taken(ctx, c["primary_email"], except_id):
        raise duplicate("primary_email")
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
    uid = new_requester(ctx, **fields)
    return created(ctx, "requester", ctx.store.requester_out(ctx.store.requesters[uid]), f"requesters/{uid}")


def update_requester(ctx: Ctx) -> Resp:
    req = get_or_404(ctx.store.requesters, ctx.params["id"])
    v = Validator(ctx.payload, REQUESTER_SPEC, form=ctx.form)
    not_blank(ctx, v, "first_name")
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
    return delete_record(ctx, ctx.store.requesters)


def list_requester_fields(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"requester_fields": fields_out(ctx.store.requester_fields)})


def new_requester(ctx: Ctx, **fields: Any) -> int:
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



# --- agents -----------------------------------------------------------------------------------------

AGENT_CREATE_SPEC = {
    "first_name": "str", "last_name": "str", "occasional": "bool", "job_title": "str", "email": "email",
    "work_phone_number": "phone", "mobile_phone_number": "phone", "reporting_manager_id": "int",
    "time_zone": "str", "language": "str", "location_id": "int", "scoreboard_level_id": "int",
    "group_ids": "int_list", "role_ids": "int_list", "signature": "str",
    # The current API (API-SUPPLEMENT §2.2): roles[] and member_of/observer_of replace role_ids/group_ids.
    # Current accounts refuse the old names (400); the reference documents them, so the sandbox accepts
    # both on input ("where they disagree accept both") and answers in the current shape.
    "roles": "any", "member_of": "int_list", "observer_of": "int_list", "workspace_ids": "int_list",
}
AGENT_UPDATE_SPEC = dict(AGENT_CREATE_SPEC)
ASSIGNMENT_SCOPES = ("entire_helpdesk", "member_groups", "specified_groups", "assigned_items")


def list_agents(ctx: Ctx) -> Resp:
    check_params(ctx, {"email", "mobile_phone_number", "work_phone_number", "state", "page", "per_page", "query",
                       "active"})
    state = choice_param(ctx, "state", ("fulltime", "occasional"))
    records = pq.active_filter(ctx, list(ctx.store.agents.values()))
    if state is not None:
        records = [a for a in records if a["occasional"] == (state == "occasional")]
    if ctx.query.get("query") is not None:
        return pq.query_page(ctx, records, pq.AGENT_QUERY_FIELDS, "email", "agents", ctx.store.agent_out)
    page, per_page = paging(ctx)
    items = _phone_filters(ctx, records, ("email",))
    items.sort(key=lambda a: _name_key(a.get("first_name"), a.get("last_name"), a["id"]))
    chunk, headers = page_of(ctx, items, page, per_page)
    return Resp(200, {"agents": [ctx.store.agent_out(a) for a in chunk]}, headers)


def view_agent(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"agent": ctx.store.agent_out(get_or_404(ctx.store.agents, ctx.params["id"]))})


def _agent_checks(ctx: Ctx, v: Validator, except_id: int | None) -> None:
    store = ctx.store
    c = v.clean
    v.choice("scoreboard_level_id", [1, 2, 3, 4, 5, 6])
    if c.get("email") and _email_taken(ctx, c["email"], except_id):
        raise duplicate("email")
    check_ids(v, "role_ids", store.roles, "role")
    if "role_ids" in c and c["role_ids"] == []:
        v.add("role_ids", "It should not be blank", "invalid_value")
    check_ids(v, "group_ids", store.groups, "group")
    check_ids(v, "member_of", store.groups, "group")
    check_ids(v, "observer_of", store.groups, "group")
    check_ids(v, "workspace_ids", store.workspaces, "workspace")
    if "roles" in c:
        _check_roles(ctx, v, c["roles"])


def _check_roles(ctx: Ctx, v: Validator, roles: Any) -> None:
    """``roles``: ``[{role_id, assignment_scope, groups}]``, ``groups`` only (and required) for
    specified_groups (API-SUPPLEMENT §2.2)."""
    if not isinstance(roles, list) or not roles:
        v.add("roles", "It should not be blank" if roles == [] else "It should be a/an Array", "invalid_value")
        return
    for role in roles:
        role_id = role.get("role_id") if isinstance(role, dict) else role
        if not isinstance(role, dict) or role_id not in ctx.store.roles:
            v.add("roles", f"There is no role with id {role_id}", "invalid_value")
            return
        scope = role.get("assignment_scope")
        if scope not in ASSIGNMENT_SCOPES:
            v.add("roles", f"It should be one of these values: '{','.join(ASSIGNMENT_SCOPES)}'", "invalid_value")
            return
        groups = role.get("groups") or []
        if scope == "specified_groups" and not groups:
            v.add("roles", "groups is mandatory for specified_groups", "missing_field")
            return
        if not isinstance(groups, list) or any(g not in ctx.store.groups for g in groups):
            v.add("roles", "There is no group with the given groups", "invalid_value")
            return


def _current_names(fields: dict) -> list[int] | None:
    """The current names in a write turned into the stored ones: ``roles`` -> role_ids (+ the roles as
    written), ``member_of`` -> the groups to be a member of (returned)."""
    if "roles" in fields:
        roles = fields.pop("roles")
        fields["role_ids"] = [r["role_id"] for r in roles]
        fields["_roles"] = [{"role_id": r["role_id"], "assignment_scope": r["assignment_scope"],
                             "groups": list(r.get("groups") or []) if r["assignment_scope"] == "specified_groups"
                             else []} for r in roles]
    elif "role_ids" in fields:
        fields["_roles"] = None
    member_of = fields.pop("member_of", None)
    groups = fields.pop("group_ids", None)
    return member_of if member_of is not None else groups


def _set_observed(ctx: Ctx, agent_id: int, group_ids: list[int]) -> None:
    for gid, group in ctx.store.groups.items():
        observers = [a for a in group.get("observers") or () if a != agent_id]
        if gid in group_ids:
            observers.append(agent_id)
        group["observers"] = observers


def _set_agent_groups(ctx: Ctx, agent_id: int, group_ids: list[int]) -> None:
    for gid, group in ctx.store.groups.items():
        members = [a for a in group["agent_ids"] if a != agent_id]
        if gid in group_ids:
            members.append(agent_id)
        group["agent_ids"] = members


def create_agent(ctx: Ctx) -> Resp:
    v = Validator(ctx.payload, AGENT_CREATE_SPEC, form=ctx.form)
    v.require("first_name", "email", "roles" if "roles" in ctx.payload or "role_ids" not in ctx.payload
              else "role_ids")
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
    group_ids = _current_names(fields) or []
    observed = fields.pop("observer_of", None) or []
    agent.update(fields)
    store.agents[uid] = agent
    _set_agent_groups(ctx, uid, group_ids)
    _set_observed(ctx, uid, observed)
    return created(ctx, "agent", store.agent_out(agent), f"agents/{uid}")


def update_agent(ctx: Ctx) -> Resp:
    agent = get_or_404(ctx.store.agents, ctx.params["id"])
    v = Validator(ctx.payload, AGENT_UPDATE_SPEC, form=ctx.form)
    v.raise_if_errors()
    _agent_checks(ctx, v, agent["id"])
    v.raise_if_errors()
    fields = dict(v.clean)
    sent_groups = "member_of" in fields or "group_ids" in fields
    group_ids = _current_names(fields)
    if sent_groups:
        _set_agent_groups(ctx, agent["id"], group_ids or [])
    if "observer_of" in fields:
        _set_observed(ctx, agent["id"], fields.pop("observer_of") or [])
    agent.update(fields)
    agent["updated_at"] = ctx.now
    return Resp(200, {"agent": ctx.store.agent_out(agent)})


def delete_agent(ctx: Ctx) -> Resp:
    """Deleting an agent turns them into a requester (same user id)."""
    store = ctx.store
    agent = get_or_404(store.agents, ctx.params["id"])
    _set_agent_groups(ctx, agent["id"], [])
    _set_observed(ctx, agent["id"], [])
    del store.agents[agent["id"]]
    new_requester(ctx, id=agent["id"], first_name=agent.get("first_name"), last_name=agent.get("last_name"),
                   job_title=agent.get("job_title"), primary_email=agent.get("email"),
                   work_phone_number=agent.get("work_phone_number"),
                   mobile_phone_number=agent.get("mobile_phone_number"), time_zone=agent.get("time_zone"),
                   language=agent.get("language"), location_id=agent.get("location_id"),
                   created_at=agent.get("created_at"))
    return Resp(204)

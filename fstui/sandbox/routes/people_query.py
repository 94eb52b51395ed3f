"""The current people filters (API-SUPPLEMENT §2.1, §2.3): ``/agents/me``, ``query="…"`` on /agents and
/requesters, ``active=``, requesters' ``include_agents``.

``query`` uses the ticket-filter grammar plus ``~[first_name|last_name|…]:'abc'`` (starts-with on
first_name, last_name, name, email/primary_email and the phones). 30 per page, ``page`` <= 40, newest
created first. Validation errors, as documented: an unknown field -> 400 ``invalid_value`` with the
message ``[:invalid_field]``; a wrong type -> "It should be a/an Positive Integer".
"""

from __future__ import annotations

from collections.abc import Callable

from ..app import Ctx, Resp
from ..query import QueryError, compile_query
from ..shapes_current import role_type
from ..validation import field_error, simple_error, validation_failed
from .common import (
    FILTER_MAX_PAGE,
    FILTER_PER_PAGE,
    check_params,
    choice_param,
    filter_chunk,
    filter_page,
    next_link,
)

_COMMON = {
    "first_name": "str", "last_name": "str", "name": "str", "job_title": "str", "work_phone_number": "str",
    "mobile_phone_number": "str", "department_id": "int_list", "reporting_manager_id": "int", "time_zone": "str",
    "language": "str", "location_id": "int", "created_at": "date", "updated_at": "date",
}
AGENT_QUERY_FIELDS = {**_COMMON, "email": "str",
                      "~": "first_name|last_name|name|email|work_phone_number|mobile_phone_number"}
REQUESTER_QUERY_FIELDS = {**_COMMON, "primary_email": "str",
                          "~": "first_name|last_name|name|primary_email|work_phone_number|mobile_phone_number"}


def me(ctx: Ctx) -> Resp:
    """GET /agents/me: the agent the key (or login) belongs to; works for every agent's key."""
    check_params(ctx, set())
    return Resp(200, {"agent": ctx.store.agent_out(ctx.agent)})


def _compile(ctx: Ctx, fields: dict[str, str]):
    try:
        return compile_query(ctx.query.get("query"), fields)
    except QueryError as exc:
        if exc.kind == "field":
            message, code = "[:invalid_field]", "invalid_value"
        elif exc.kind == "type":
            message, code = "It should be a/an Positive Integer", "datatype_mismatch"
        else:
            message, code = str(exc), "invalid_value"
        raise validation_failed([field_error("query", message, code)]) from None


def _getter(record: dict, email_key: str) -> Callable[[str], object]:
    def get(name: str):
        if name == "name":
            return " ".join(p for p in (record.get("first_name"), record.get("last_name")) if p)
        if name == "department_id":
            return record.get("department_ids") or []
        if name in ("email", "primary_email"):
            return record.get(email_key)
        return record.get(name)

    return get


def query_page(ctx: Ctx, records: list[dict], fields: dict[str, str], email_key: str, plural: str,
               out: Callable[[dict], dict]) -> Resp:
    """One page of a people filter query."""
    page = filter_page(ctx)
    pred = _compile(ctx, fields)
    matches = [r for r in records if pred(_getter(r, email_key))]
    matches.sort(key=lambda r: (r.get("created_at") or 0, r["id"]), reverse=True)
    headers = {}
    if len(matches) > page * FILTER_PER_PAGE and page < FILTER_MAX_PAGE:
        headers["Link"] = next_link(ctx, page)
    return Resp(200, {plural: [out(r) for r in filter_chunk(matches, page)]}, headers)


def active_filter(ctx: Ctx, records: list[dict]) -> list[dict]:
    active = choice_param(ctx, "active", ("true", "false"))
    if active is None:
        return records
    return [r for r in records if bool(r.get("active", True)) == (active == "true")]


def agent_as_requester(ctx: Ctx, agent: dict) -> dict:
    """An agent in the requester shape (``include_agents=true``), ``is_agent: true``."""
    out = ctx.store.requester_out({**agent, "primary_email": agent.get("email"), "secondary_emails": [],
                                   "custom_fields": {}, "department_ids": agent.get("department_ids") or []})
    out["is_agent"] = True
    return out


def manages_agents(ctx: Ctx) -> bool:
    """Whether the caller's agent has the "Manage Agents" privilege ``include_agents`` needs (API-SUPPLEMENT
    §2.3). The sheet names the privilege, not the roles that carry it; in Freshservice it is an admin
    privilege, so the sandbox gives it to the admin roles (``role_type`` 1: Account Admin, Admin) and not to
    the supervisor, agent, problem manager and read-only roles (a choice)."""
    roles = ctx.store.roles
    return any(role_type(roles[rid]) == 1 for rid in ctx.agent.get("role_ids") or () if rid in roles)


def include_agents(ctx: Ctx) -> bool:
    """``include_agents=true`` (the agents as requesters, ``is_agent: true``); 403 ``access_denied`` for a key
    whose agent lacks "Manage Agents"."""
    wanted = choice_param(ctx, "include_agents", ("true", "false")) == "true"
    if wanted and not manages_agents(ctx):
        raise simple_error(403, "access_denied", "You are not authorized to perform this action.")
    return wanted

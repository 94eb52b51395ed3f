"""Helpers of the endpoint modules added for the rest of the API (issue 16): workspace scoping,
paged lists of plain records, wrapped-or-unwrapped bodies, and the asset-writes switch.

``common`` stays the place for what every endpoint shares (parameters, paging, 404s); this module
only adds what the newer resources need on top of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..app import Ctx, Resp
from ..seed_itsm import PRIMARY_WORKSPACE_ID, SECOND_WORKSPACE_ID
from ..validation import Validator, field_error, simple_error, validation_failed
from .common import check_params, duplicate, page_of, paging
from .workspaces import require_access, workspace_scope  # also imported from here by the resources of issue 16


def known_workspaces(ctx: Ctx) -> set[int]:
    """The account's workspace ids: the store's workspaces when it has them (the API issue's seed),
    else the primary and the second workspace the seeded records of this module use."""
    workspaces = getattr(ctx.store, "workspaces", None)
    if workspaces:
        return set(workspaces)
    return {PRIMARY_WORKSPACE_ID, SECOND_WORKSPACE_ID}


def _no_such_workspace(value: object) -> Exception:
    return validation_failed([field_error(
        "workspace_id", f"There is no workspace matching the given workspace_id ({value})", "invalid_value")])


def check_workspace(ctx: Ctx, workspace_id: int) -> None:
    if workspace_id not in known_workspaces(ctx):
        raise _no_such_workspace(workspace_id)
    require_access(ctx, workspace_id)


def asset_types(ctx: Ctx) -> dict[int, dict]:
    """The account's asset types: the store's (the API issue's seed) when it has them, else this seed's."""
    return getattr(ctx.store, "asset_types", None) or ctx.store.rest.asset_types


def paged(ctx: Ctx, items: list, plural: str, out: Callable[[dict], dict], cost: int = 1) -> Resp:
    """One page of ``items`` (already filtered and ordered) as {plural: [...]}, Link header when more."""
    page, per_page = paging(ctx)
    chunk, headers = page_of(ctx, items, page, per_page)
    return Resp(200, {plural: [out(r) for r in chunk]}, headers, cost=cost)


def simple_list(ctx: Ctx, records: Iterable[dict], plural: str, out: Callable[[dict], dict], *,
                workspace: bool = False, key: Callable[[dict], object] = lambda r: r["id"]) -> Resp:
    """GET of a collection that takes only page/per_page (and workspace_id when ``workspace``)."""
    check_params(ctx, {"page", "per_page"} | ({"workspace_id"} if workspace else set()))
    if not workspace:
        return paged(ctx, sorted(records, key=key), plural, out)
    scope = workspace_scope(ctx)
    return paged(ctx, sorted((r for r in records if scope.has(r)), key=key), plural, scope.fields(out))


def unwrap(ctx: Ctx, key: str) -> dict:
    """The body, whether sent as {key: {...}} or unwrapped (the docs disagree for some writes)."""
    payload = ctx.payload
    if set(payload) == {key}:
        if not isinstance(payload[key], dict):
            raise validation_failed([field_error(key, "It should be a/an key/value pair", "datatype_mismatch")])
        return payload[key]
    return payload


def asset_writes_allowed(ctx: Ctx, allowed: str = "GET") -> None:
    """405 when the sandbox serves assets read-only, as the reference's API index has them.

    Current accounts accept asset writes (API-SUPPLEMENT §8.7): that is the default; ``fstui sandbox
    --assets-read-only`` (``app.state.sandbox.assets_read_only = True``) serves the reference's behaviour.
    """
    if ctx.sb.assets_read_only:
        headers = {"Allow": allowed} if allowed else {}
        raise simple_error(405, "method_not_allowed",
                           f"{allowed or 'No'} method(s) allowed for this resource", headers)


def hhmm(seconds: int | None) -> str:
    seconds = int(seconds or 0)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def bind(handler: Callable[[Ctx, str], Resp], parent: str) -> Callable[[Ctx], Resp]:
    """A handler of the sub-resource of ``parent`` ("problems", "tickets", ...)."""
    return lambda ctx: handler(ctx, parent)


def _exists(store, noun: str, value: int) -> bool:
    if noun == "agent":
        return value in store.agents
    if noun == "group":
        return value in store.groups
    if noun == "department":
        return any(d["id"] == value for d in store.departments)
    return value in store.requesters or value in store.agents  # "user": requesters and agents


def check_refs(ctx: Ctx, v: Validator, fields: dict[str, str]) -> None:
    """Each of ``fields`` (body field -> "agent" | "group" | "department" | "user") that was sent names a
    record that exists: 400 invalid_value "There is no <noun> matching the given <field>" otherwise."""
    for name, noun in fields.items():
        value = v.clean.get(name)
        if value is not None and not _exists(ctx.store, noun, value):
            v.add(name, f"There is no {noun} matching the given {name}", "invalid_value")


def unique_name(v: Validator, records: Iterable[dict], except_id: int | None) -> None:
    """Raises the errors so far; then 409 duplicate_value when ``name`` is taken (any case) by another record."""
    if "name" in v.payload and not str(v.payload["name"] or "").strip():
        v.add("name", "It should not be blank", "invalid_value")
    v.raise_if_errors()
    name = v.clean.get("name")
    if name and any(r["name"].lower() == name.lower() and r["id"] != except_id for r in records):
        raise duplicate("name")

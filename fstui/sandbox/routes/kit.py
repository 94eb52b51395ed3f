"""Helpers of the endpoint modules added for the rest of the API (issue 16): workspace scoping,
paged lists of plain records, wrapped-or-unwrapped bodies, and the asset-writes switch.

``common`` stays the place for what every endpoint shares (parameters, paging, 404s); this module
only adds what the newer resources need on top of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..app import Ctx, Resp
from ..seed_itsm import PRIMARY_WORKSPACE_ID, SECOND_WORKSPACE_ID
from ..validation import field_error, simple_error, validation_failed
from .common import check_params, int_param, page_of, paging

GLOBAL_WORKSPACE_ID = 1


def known_workspaces(ctx: Ctx) -> set[int]:
    """The workspace ids of the account: the store's workspaces when it has them, else global,
    primary and the second workspace the seeded records use."""
    workspaces = getattr(ctx.store, "workspaces", None)
    if workspaces:
        return set(workspaces) | {GLOBAL_WORKSPACE_ID}
    return {GLOBAL_WORKSPACE_ID, PRIMARY_WORKSPACE_ID, SECOND_WORKSPACE_ID}


def check_workspace(ctx: Ctx, workspace_id: int) -> None:
    if workspace_id not in known_workspaces(ctx):
        raise validation_failed([field_error("workspace_id", f"There is no workspace with id {workspace_id}",
                                             "invalid_value")])


def workspace_scope(ctx: Ctx) -> Callable[[dict], bool]:
    """The ``workspace_id`` query parameter as a record predicate (API-SUPPLEMENT §1): absent = the
    primary workspace only, 0 = every workspace, N = workspace N (400 invalid_value when unknown)."""
    wanted = int_param(ctx, "workspace_id")
    if wanted == 0:
        return lambda record: True
    if wanted is None:
        wanted = PRIMARY_WORKSPACE_ID
    else:
        check_workspace(ctx, wanted)
    return lambda record: record.get("workspace_id", PRIMARY_WORKSPACE_ID) == wanted


def paged(ctx: Ctx, items: list, plural: str, out: Callable[[dict], dict], cost: int = 1) -> Resp:
    """One page of ``items`` (already filtered and ordered) as {plural: [...]}, Link header when more."""
    page, per_page = paging(ctx)
    chunk, headers = page_of(ctx, items, page, per_page)
    return Resp(200, {plural: [out(r) for r in chunk]}, headers, cost=cost)


def simple_list(ctx: Ctx, records: Iterable[dict], plural: str, out: Callable[[dict], dict], *,
                workspace: bool = False, key: Callable[[dict], object] = lambda r: r["id"]) -> Resp:
    """GET of a collection that takes only page/per_page (and workspace_id when ``workspace``)."""
    check_params(ctx, {"page", "per_page"} | ({"workspace_id"} if workspace else set()))
    keep = workspace_scope(ctx) if workspace else (lambda r: True)
    return paged(ctx, sorted((r for r in records if keep(r)), key=key), plural, out)


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
    --assets-read-only`` (``create_app(assets_read_only=True)``) serves the reference's behaviour.
    """
    if getattr(ctx.sb, "assets_read_only", False):
        headers = {"Allow": allowed} if allowed else {}
        raise simple_error(405, "method_not_allowed",
                           f"{allowed or 'No'} method(s) allowed for this resource", headers)


def hhmm(seconds: int | None) -> str:
    seconds = int(seconds or 0)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def bind(handler: Callable[[Ctx, str], Resp], parent: str) -> Callable[[Ctx], Resp]:
    """A handler of the sub-resource of ``parent`` ("problems", "tickets", ...)."""
    return lambda ctx: handler(ctx, parent)

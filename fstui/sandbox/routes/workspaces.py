"""/workspaces (list, view) and the ``workspace_id`` query parameter every workspace-aware list shares.

``workspace_id`` (API-SUPPLEMENT §1): absent -> the primary workspace only; ``0`` -> every workspace
the caller can access, with only global-level fields (workspace custom fields dropped); ``N`` -> that
workspace. An id the account does not have -> 400 ``invalid_value`` on field ``workspace_id`` (the
sheet names no error; this is the shape of every other unknown id in the sandbox). A comma list
(``2,4``, seen from one public client) is accepted as several workspaces.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..app import Ctx, Resp
from ..dates import fmt
from ..validation import field_error, validation_failed
from .common import check_params, fields_out, get_or_404, list_by_id
from .workspace_members import form_choices

GLOBAL = 1


@dataclass(frozen=True)
class Scope:
    """Which workspaces a list answers for; ``all_global``: workspace_id=0 (global fields only)."""

    ids: frozenset[int]
    all_global: bool = False

    def has(self, record: dict) -> bool:
        return record.get("workspace_id", primary_id_default()) in self.ids

    def fields(self, out: Callable[[dict], dict]) -> Callable[[dict], dict]:
        """``out``, dropping the workspace-level custom fields when the scope is every workspace (the
        records of issue 16's resources carry no global-level custom fields)."""
        if not self.all_global:
            return out

        def global_only(record: dict) -> dict:
            body = out(record)
            if "custom_fields" in body:
                body["custom_fields"] = {}
            return body

        return global_only


def primary_id_default() -> int:
    return 2


def primary_id(ctx: Ctx) -> int:
    for wid, ws in ctx.store.workspaces.items():
        if ws.get("primary"):
            return wid
    return primary_id_default()


def visible_ids(ctx: Ctx) -> list[int]:
    """The workspaces the caller's agent belongs to (all of them for an agent without the list)."""
    mine = ctx.agent.get("workspace_ids")
    known = list(ctx.store.workspaces)
    return [w for w in known if mine is None or w in mine]


def _bad(value: str):
    return validation_failed([field_error("workspace_id", f"There is no workspace matching the given "
                                          f"workspace_id ({value})", "invalid_value")])


def parse_workspace_value(ctx: Ctx, raw: str | None) -> Scope:
    if raw is None or raw == "":
        return Scope(frozenset({primary_id(ctx)}))
    ids: set[int] = set()
    for part in raw.split(","):
        part = part.strip()
        if not part.isdigit():
            raise validation_failed([field_error("workspace_id", "Value set is of type String.It should be a/an "
                                                 "Integer", "datatype_mismatch")])
        value = int(part)
        if value == 0:
            return Scope(frozenset(visible_ids(ctx)), all_global=True)
        if value != GLOBAL and value not in ctx.store.workspaces:
            raise _bad(part)
        ids.add(value)
    return Scope(frozenset(ids))


def workspace_scope(ctx: Ctx) -> Scope:
    """The request's ``workspace_id`` query parameter as a Scope."""
    return parse_workspace_value(ctx, ctx.query.get("workspace_id"))


def global_fields_only(ctx: Ctx, record: dict) -> dict:
    """A ticket as ``workspace_id=0`` answers it: workspace-level custom fields dropped, global ones
    (form field workspace_id 1) kept."""
    if isinstance(record.get("custom_fields"), dict):
        own = {f["name"] for f in ctx.store.form_fields if f.get("workspace_id") not in (GLOBAL, None)}
        record["custom_fields"] = {k: v for k, v in record["custom_fields"].items() if k not in own}
    return record


def list_workspaces(ctx: Ctx) -> Resp:
    return list_by_id(ctx, ctx.store.workspaces.values(), "workspaces", workspace_out)


def view_workspace(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"workspace": workspace_out(get_or_404(ctx.store.workspaces, ctx.params["id"]))})


def workspace_out(ws: dict) -> dict:
    out = dict(ws)
    out["created_at"] = fmt(ws["created_at"])
    out["updated_at"] = fmt(ws["updated_at"])
    return out


def list_ticket_form_fields(ctx: Ctx) -> Resp:
    """GET /ticket_form_fields[?workspace_id=N] (API-SUPPLEMENT §3.3): absent -> global + primary
    fields; 0 -> global fields only; N -> global + N's. The workspace field (workspace_id null) is
    always listed. The group and agent fields offer the scope's groups and agents (workspace_members)."""
    check_params(ctx, {"workspace_id"})
    scope = workspace_scope(ctx)
    wanted = {GLOBAL, None} if scope.all_global else {GLOBAL, None} | set(scope.ids)
    fields = [f for f in ctx.store.form_fields if f.get("workspace_id") in wanted]
    members = set(scope.ids)  # the group and agent choices: the workspace's own (0: every one seen)
    fields = [dict(f, choices=choices) if (choices := form_choices(ctx.store, f["name"], members)) is not None
              else f for f in fields]
    return Resp(200, {"ticket_fields": fields_out(fields)})

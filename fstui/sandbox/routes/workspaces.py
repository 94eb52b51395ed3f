"""/workspaces (list, view) and the ``workspace_id`` query parameter every workspace-aware list shares.

``workspace_id`` (API-SUPPLEMENT §1): absent -> the primary workspace only; ``0`` -> every workspace
the caller can access, with only global-level fields (workspace custom fields dropped); ``N`` -> that
workspace. An id the account does not have -> 400 ``invalid_value`` on field ``workspace_id`` (the
sheet names no error; this is the shape of every other unknown id in the sandbox). A comma list
(``2,4``, seen from one public client) is accepted as several workspaces.

A key sees only its agent's workspaces (``workspace_ids``; the global level 1 is everyone's). The sheet
names no error for a workspace the caller cannot access; the sandbox answers as an account answers an
agent acting outside its scope, the sheet's flat 403 ``access_denied`` (§0 "Error body"):
- ``workspace_id=N`` (or a comma list naming N) on any list that takes it -> 403 (``require_access``);
- any request naming a record of such a workspace by id (``/tickets/2076``, its conversations, tasks,
  time entries, activities; assets, groups, problems, changes, releases, canned responses and folders,
  solution categories/folders/articles, applications, purchase orders, catalog items and categories,
  business hours) -> 403, reads and writes alike (``guard``, wrapped round every route in
  routes/__init__.py). 403 rather than 404: the record exists and the agent is simply not allowed it, as
  Freshservice answers a ticket outside a restricted agent's scope;
- creating a record in such a workspace -> 403;
- ``workspace_id=0`` and lists without the parameter never include such records (``visible_ids``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..app import Ctx, Resp
from ..dates import fmt
from ..validation import field_error, simple_error, validation_failed
from .common import check_params, fields_out, get_or_404, list_by_id
from .workspace_members import DEFAULT_PRIMARY, form_choices, primary_of

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
    return DEFAULT_PRIMARY


def primary_id(ctx: Ctx) -> int:
    return primary_of(ctx.store)


def visible_ids(ctx: Ctx) -> list[int]:
    """The workspaces the caller's agent belongs to (all of them for an agent without the list)."""
    mine = ctx.agent.get("workspace_ids")
    known = list(ctx.store.workspaces)
    return [w for w in known if mine is None or w in mine]


def access_denied():
    """The sheet's flat 403 (API-SUPPLEMENT §0 "Error body")."""
    return simple_error(403, "access_denied", "You are not authorized to perform this action.")


def can_access(ctx: Ctx, workspace_id: int | None) -> bool:
    """Whether the caller's agent may see a record of ``workspace_id`` (None: a record without one)."""
    if workspace_id is None or workspace_id == GLOBAL:
        return True
    mine = ctx.agent.get("workspace_ids")
    return mine is None or workspace_id in mine or workspace_id not in ctx.store.workspaces


def require_access(ctx: Ctx, workspace_id: int | None) -> None:
    """403 ``access_denied`` unless the caller's agent belongs to ``workspace_id``."""
    if not can_access(ctx, workspace_id):
        raise access_denied()


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
        require_access(ctx, value)
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


# --- records named by id: the workspace they belong to ---------------------------------------------
def _kb(name: str) -> Callable[[Ctx], dict]:
    return lambda ctx: ctx.store.rest.knowledge.get(name, {})


#: The path (below /api/v2/, before ``/{id}``) naming a record of a workspace -> the records by id.
OWNED: dict[str, Callable[[Ctx], dict]] = {
    "tickets": lambda ctx: ctx.store.tickets,
    "assets": lambda ctx: ctx.store.assets,
    "groups": lambda ctx: ctx.store.groups,
    "problems": lambda ctx: ctx.store.problems,
    "changes": lambda ctx: ctx.store.changes,
    "releases": lambda ctx: ctx.store.rest.releases,
    "applications": lambda ctx: ctx.store.rest.applications,
    "purchase_orders": lambda ctx: ctx.store.rest.purchase_orders,
    "service_catalog/items": lambda ctx: ctx.store.rest.service_items,
    "service_catalog/categories": lambda ctx: ctx.store.rest.service_categories,
    "canned_response_folders": _kb("canned_folders"),
    "canned_responses": _kb("canned_responses"),
    "solutions/categories": _kb("categories"),
    "solutions/folders": _kb("solution_folders"),
    "solutions/articles": _kb("articles"),
    "business_hours": lambda ctx: ctx.store.business_hours,
}
#: Lists whose parent record is a query parameter: path -> (parameter, the parent's path in OWNED).
OWNED_BY_PARAM: dict[str, tuple[str, str]] = {
    "solutions/folders": ("category_id", "solutions/categories"),
    "solutions/articles": ("folder_id", "solutions/folders"),
    "service_catalog/items": ("category_id", "service_catalog/categories"),
}


def _record_workspace(ctx: Ctx, owner: str, key: object) -> int | None:
    try:
        record = OWNED[owner](ctx).get(int(key))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return record.get("workspace_id") if isinstance(record, dict) else None


def guard(ctx: Ctx, template: str) -> None:
    """403 when the request names (by id in its path, or by its parent's id in the query) a record of a
    workspace the caller's agent does not belong to; a record that is not there is the handler's 404."""
    path = template.removeprefix("/api/v2/")
    if path.startswith("conversations/{id}"):
        found = ctx.store.find_conversation(ctx.params.get("id"))
        if found is not None:
            require_access(ctx, ctx.store.tickets[found[0]].get("workspace_id"))
        return
    head, sep, _ = path.partition("/{id}")
    if sep and head in OWNED:
        require_access(ctx, _record_workspace(ctx, head, ctx.params.get("id")))
    elif not sep and path in OWNED_BY_PARAM:
        param, owner = OWNED_BY_PARAM[path]
        if ctx.query.get(param):
            require_access(ctx, _record_workspace(ctx, owner, ctx.query.get(param)))


def guarded(handler: Callable[[Ctx], Resp], template: str) -> Callable[[Ctx], Resp]:
    """``handler``, answering 403 first for a record of a workspace the caller cannot access."""

    def handle(ctx: Ctx) -> Resp:
        guard(ctx, template)
        return handler(ctx)

    handle.__name__ = getattr(handler, "__name__", "handle")
    handle.__doc__ = handler.__doc__
    return handle

"""What problems, changes and releases share (API-SUPPLEMENT §6, §8.8): one ``Kind`` per resource and the
list/view/create/update/delete/restore handlers built from it. The resources themselves are in
problems.py, changes.py and releases.py; their notes, tasks and time entries in notes.py, tasks.py and
time_entries.py.

Choices where the sources are silent (written down, as DESIGN.md asks):
- A deleted record is gone from lists and answers 404 on view, update, delete and on its notes, tasks
  and time entries, until ``PUT …/restore`` (204); restoring a record that is not deleted is 404, as for
  tickets. The tickets' ``problem``/``changes`` includes leave a deleted record out.
- An ``email`` that matches nobody creates a requester (as creating a ticket does).
- Lists are newest first (created_at, then id), like tickets.
- ``custom_fields`` takes the seeded custom fields of each kind only; another name is 400 invalid_field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import seed as seedmod
from ..app import Ctx, Resp
from ..dates import parse_datetime
from ..seed_itsm import PRIMARY_WORKSPACE_ID
from ..validation import Validator, field_error, not_found, validation_failed
from .common import created, get_or_404
from .kit import check_refs, check_workspace, unwrap
from .people import new_requester


@dataclass(frozen=True)
class Kind:
    plural: str  # "problems": the path segment and the list's key
    singular: str  # "problem": the object's key
    spec: dict[str, str]  # create body: field -> Validator type
    required: tuple[str, ...]  # mandatory on create (requester_id-or-email is checked apart)
    choices: dict[str, list[int]]
    out: Callable[[dict], dict]
    custom_fields: tuple[str, ...]
    text_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # analysis/planning field names
    delete_status: int = 204
    restore: bool = True
    has_requester: bool = True
    defaults: dict[str, Any] = field(default_factory=dict)

    def records(self, ctx: Ctx) -> dict[int, dict]:
        store = ctx.store
        return {"problems": store.problems, "changes": store.changes}.get(self.plural) or store.rest.releases


COMMON_SPEC = {
    "subject": "str", "description": "str", "status": "int", "priority": "int", "agent_id": "int",
    "group_id": "int", "department_id": "int", "category": "str", "sub_category": "str", "item_category": "str",
    "custom_fields": "dict", "assets": "any", "workspace_id": "int",
}


def live(ctx: Ctx, kind: Kind, record_id: int | None = None) -> dict:
    """The record at ``id`` (404 when missing or deleted)."""
    record = get_or_404(kind.records(ctx), ctx.params["id"] if record_id is None else record_id)
    if record.get("deleted"):
        raise not_found()
    return record


def view(ctx: Ctx, kind: Kind, extra: dict | None = None, cost: int = 1) -> Resp:
    body = kind.out(live(ctx, kind))
    body.update(extra or {})
    return Resp(200, {kind.singular: body}, cost=cost)


def _text_group(v: Validator, name: str, value: Any, allowed: tuple[str, ...], current: dict | None) -> dict | None:
    """analysis_fields / planning_fields: {name: {"description": html}} for the kind's names only."""
    if value is None:
        return None
    result = {k: dict(val) for k, val in (current or {}).items()}
    for key, entry in value.items():
        if key not in allowed:
            v.add(f"{name}.{key}", "Unexpected/invalid field in request", "invalid_field")
        elif not isinstance(entry, dict) or set(entry) - {"description"} or \
                not isinstance(entry.get("description", ""), str):
            v.add(f"{name}.{key}", "It should be a/an key/value pair with a description (String)",
                  "datatype_mismatch")
        else:
            result[key] = {"description": entry.get("description") or ""}
    return result


def _assets(ctx: Ctx, v: Validator, value: Any) -> list[dict] | None:
    """``assets: [{"display_id": N}]`` naming existing assets."""
    if not isinstance(value, list) or not all(isinstance(a, dict) and set(a) == {"display_id"} for a in value):
        v.add("assets", "It should be an Array of {\"display_id\": Integer}", "datatype_mismatch")
        return None
    ids = []
    for a in value:
        if not isinstance(a["display_id"], int) or a["display_id"] not in ctx.store.assets:
            v.add("assets", f"There is no asset with display_id {a['display_id']}", "invalid_value")
            return None
        ids.append(a["display_id"])
    return [{"display_id": d} for d in dict.fromkeys(ids)]


def _checks(ctx: Ctx, kind: Kind, v: Validator, record: dict | None) -> dict:
    """Checks shared by create and update; the changes to apply."""
    c = v.clean
    for name, allowed in kind.choices.items():
        v.choice(name, allowed)
        if record is not None and name in v.payload and v.payload[name] is None and name in kind.required:
            v.add(name, "It should not be blank", "invalid_value")
    check_refs(ctx, v, {"agent_id": "agent", "group_id": "group", "department_id": "department"})
    if c.get("category") is not None and c["category"] not in seedmod.CATEGORIES:
        v.add("category", f"It should be one of these values: '{','.join(seedmod.CATEGORIES)}'", "invalid_value")
    changes: dict[str, Any] = {k: c[k] for k in c if k not in ("custom_fields", "assets", "email", "workspace_id")
                               and k not in kind.text_groups}
    if c.get("custom_fields") is not None:
        fields = dict(record["custom_fields"]) if record else {name: None for name in kind.custom_fields}
        for key, val in c["custom_fields"].items():
            if key not in kind.custom_fields:
                v.add(f"custom_fields.{key}", "Unexpected/invalid field in request", "invalid_field")
            fields[key] = val
        changes["custom_fields"] = fields
    for group, names in kind.text_groups.items():
        if group in c:
            changes[group] = _text_group(v, group, c[group], names, record.get(group) if record else None)
    if "assets" in c and c["assets"] is not None:
        changes["assets"] = _assets(ctx, v, c["assets"])
    for start, end in (("planned_start_date", "planned_end_date"), ("work_start_date", "work_end_date")):
        s = c.get(start, record.get(start) if record else None)
        e = c.get(end, record.get(end) if record else None)
        if s is not None and e is not None and e < s:
            v.add(end, f"It should be greater than or equal to {start}", "invalid_value")
    return changes


def _requester(ctx: Ctx, v: Validator) -> int | None:
    c = v.clean
    if c.get("requester_id") is not None:
        if c["requester_id"] not in ctx.store.requesters and c["requester_id"] not in ctx.store.agents:
            v.add("requester_id", "There is no contact matching the given requester_id", "invalid_value")
        return c["requester_id"]
    if c.get("email"):
        found = ctx.store.user_by_email(c["email"])
        if found:
            return found[1]["id"]
        if v.errors:
            return None
        return new_requester(ctx, first_name=c["email"].split("@")[0], primary_email=c["email"])
    return None


def create(ctx: Ctx, kind: Kind) -> Resp:
    v = Validator(unwrap(ctx, kind.singular), kind.spec, form=ctx.form)
    v.require(*kind.required)
    if kind.has_requester and v.payload.get("requester_id") is None and not v.payload.get("email"):
        v.add("requester_id", "Please fill at least 1 of requester_id, email fields", "missing_field")
    changes = _checks(ctx, kind, v, None)
    workspace_id = v.clean.get("workspace_id") or PRIMARY_WORKSPACE_ID
    v.raise_if_errors()
    check_workspace(ctx, workspace_id)
    records = kind.records(ctx)
    new_id = ctx.store.rest.next_id(kind.plural, records)
    record: dict[str, Any] = {key: None for key in kind.spec}
    record.update(kind.defaults)
    record.update(id=new_id, workspace_id=workspace_id, assets=[],
                  custom_fields={name: None for name in kind.custom_fields},
                  **{g: {} for g in kind.text_groups}, deleted=False, created_at=ctx.now, updated_at=ctx.now)
    record.pop("email", None)
    record.update(changes)
    if kind.has_requester:
        record["requester_id"] = _requester(ctx, v)
        v.raise_if_errors()
    records[new_id] = record
    return created(ctx, kind.singular, kind.out(record), f"{kind.plural}/{new_id}")


def update(ctx: Ctx, kind: Kind) -> Resp:
    record = live(ctx, kind)
    spec = {k: t for k, t in kind.spec.items() if k != "workspace_id"}  # workspace_id: only by a move
    v = Validator(unwrap(ctx, kind.singular), spec, form=ctx.form)
    for name in ("subject", "description", "requester_id"):
        if name in v.payload and not str(v.payload[name] if v.payload[name] is not None else "").strip():
            v.add(name, "It should not be blank", "invalid_value")
    changes = _checks(ctx, kind, v, record)
    v.raise_if_errors()
    if kind.has_requester and ("requester_id" in v.clean or v.clean.get("email")):
        changes["requester_id"] = _requester(ctx, v)
        v.raise_if_errors()
    record.update(changes)
    record["updated_at"] = ctx.now
    return Resp(200, {kind.singular: kind.out(record)})


def delete(ctx: Ctx, kind: Kind) -> Resp:
    record = live(ctx, kind)
    record["deleted"] = True
    record["updated_at"] = ctx.now
    return Resp(kind.delete_status)


def restore(ctx: Ctx, kind: Kind) -> Resp:
    record = get_or_404(kind.records(ctx), ctx.params["id"])
    if not record.get("deleted"):
        raise not_found()
    record["deleted"] = False
    record["updated_at"] = ctx.now
    return Resp(204)


def updated_since(ctx: Ctx) -> float | None:
    raw = ctx.query.get("updated_since")
    if raw is None:
        return None
    when = parse_datetime(raw)
    if when is None:
        raise validation_failed([field_error(
            "updated_since", "It should be in the 'valid date time' format (YYYY-MM-DDTHH:MM:SSZ)", "invalid_value")])
    return when


def newest_first(records) -> list[dict]:
    return sorted(records, key=lambda r: (r["created_at"], r["id"]), reverse=True)


def routes(kind: Kind, handlers: dict[str, Callable[[Ctx], Resp]]) -> list[tuple[str, dict]]:
    """The kind's collection, record and restore routes."""
    base = f"/api/v2/{kind.plural}"
    out = [(base, {"GET": handlers["list"], "POST": handlers["create"]}),
           (base + "/{id}", {"GET": handlers["view"], "PUT": handlers["update"], "DELETE": handlers["delete"]})]
    if kind.restore:
        out.append((base + "/{id}/restore", {"PUT": handlers["restore"]}))
    return out


def parent_record(ctx: Ctx, parent: str) -> dict:
    """The ticket, problem, change or release a note/task/time entry hangs under (404 if missing or deleted)."""
    records = {"tickets": ctx.store.tickets, "problems": ctx.store.problems, "changes": ctx.store.changes,
               "releases": ctx.store.rest.releases}[parent]
    record = get_or_404(records, ctx.params["id"])
    if record.get("deleted"):
        raise not_found()
    return record


def child(items: list[dict], child_id: int) -> dict:
    for item in items:
        if item["id"] == child_id:
            return item
    raise not_found()

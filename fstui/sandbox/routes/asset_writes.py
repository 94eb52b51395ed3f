"""Asset writes of current accounts (API-SUPPLEMENT §8.7): create, update, delete (to trash), restore,
delete forever.

    POST /assets                        200 {"asset": {...}}   (unwrapped body; name and asset_type_id mandatory)
    PUT  /assets/{display_id}           200 {"asset": {...}}
    DELETE /assets/{display_id}         204: to the trash (``GET /assets?trashed=true`` lists it)
    PUT  /assets/{display_id}/restore   204: back from the trash
    PUT  /assets/{display_id}/delete_forever   204: gone

The reference (seeds/003) has assets read-only; today's accounts accept these writes, and that is the
sandbox's default. ``app.state.sandbox.assets_read_only = True`` / ``fstui sandbox --assets-read-only`` serves
the reference: these writes answer 405 (404 for the restore/delete_forever paths, which it does not have).

Choices where the sources are silent (written down, as DESIGN.md asks):
- Create answers 200 (the vendor's OpenAPI file; the docs show no status).
- ``asset_type_id`` and the reference's ``ci_type_id`` are both accepted (not both); ``impact`` takes
  1-3 or low/medium/high, ``usage_type`` 1-2 or permanent/loaner; they are stored as the seeded assets
  store them and answered in the same form.
- ``type_fields`` keys are ``<field>_<asset_type_id>`` (e.g. ``serial_number_3``) or the bare field name;
  another key is 400 invalid_field; asset_state is one of the type's states (default "In Stock").
- A trashed asset can be viewed (as the reference's list with trashed=true shows it) but not updated or
  trashed again (404); restore needs a trashed asset (404 otherwise); delete_forever takes any asset.
- ``workspace_id`` is accepted on create only (it changes by a move); an update sending it is 400.
"""

from __future__ import annotations

from typing import Any

from .. import seed as seedmod
from ..app import Ctx, Resp
from ..seed_asset_types import ASSET_STATES, TYPE_FIELDS
from ..seed_itsm import PRIMARY_WORKSPACE_ID
from ..validation import Validator, not_found
from .common import get_or_404
from .kit import asset_types, asset_writes_allowed, check_refs, check_workspace

ASSET_SPEC = {
    "name": "str", "asset_type_id": "int", "ci_type_id": "int", "asset_tag": "str", "impact": "any",
    "usage_type": "any", "description": "str", "user_id": "int", "location_id": "int", "department_id": "int",
    "agent_id": "int", "group_id": "int", "assigned_on": "date", "workspace_id": "int", "type_fields": "dict",
}
IMPACTS = {"low": 1, "medium": 2, "high": 3}
USAGE_TYPES = {"permanent": 1, "loaner": 2}
TYPE_FIELD_NAMES = tuple(f[0] for f in TYPE_FIELDS)


def _code(v: Validator, name: str, names: dict[str, int]) -> int | None:
    value = v.clean.get(name)
    if value is None:
        return None
    if isinstance(value, str) and value.strip().lower() in names:
        return names[value.strip().lower()]
    if isinstance(value, int) and not isinstance(value, bool) and value in names.values():
        return value
    v.add(name, f"It should be one of these values: '{','.join(names)}' (or {','.join(map(str, names.values()))})",
          "invalid_value")
    return None


def _locations(ctx: Ctx) -> set[int]:
    locations = getattr(ctx.store, "locations", None)
    return set(locations) if locations else set(seedmod.LOCATIONS)


def _type_fields(v: Validator, type_id: int | None, sent: dict | None, current: dict) -> dict:
    fields = dict(current)
    for key, value in (sent or {}).items():
        base, _, suffix = key.rpartition("_")
        name = base if suffix.isdigit() and type_id is not None and int(suffix) == type_id else key
        if name not in TYPE_FIELD_NAMES:
            v.add(f"type_fields.{key}", "Unexpected/invalid field in request", "invalid_field")
        elif name == "asset_state" and value not in ASSET_STATES:
            v.add(f"type_fields.{key}", f"It should be one of these values: '{','.join(ASSET_STATES)}'",
                  "invalid_value")
        else:
            fields[name] = value
    return fields


def _checks(ctx: Ctx, v: Validator, asset: dict | None) -> dict[str, Any]:
    """Checks shared by create and update; the changes to apply (in the seeded records' form)."""
    c = v.clean
    if "asset_type_id" in c and "ci_type_id" in c:
        v.add("ci_type_id", "Send asset_type_id or ci_type_id, not both", "invalid_field")
    type_id = c.get("asset_type_id", c.get("ci_type_id"))
    if type_id is not None and type_id not in asset_types(ctx):
        v.add("asset_type_id", "There is no asset type matching the given asset_type_id", "invalid_value")
    check_refs(ctx, v, {"user_id": "user", "agent_id": "agent", "group_id": "group", "department_id": "department"})
    if c.get("location_id") is not None and c["location_id"] not in _locations(ctx):
        v.add("location_id", "There is no location matching the given location_id", "invalid_value")
    if "name" in v.payload and not str(v.payload["name"] or "").strip():
        v.add("name", "It should not be blank", "invalid_value")
    changes: dict[str, Any] = {k: c[k] for k in ("name", "asset_tag", "description", "user_id", "department_id",
                                                  "agent_id", "group_id", "assigned_on") if k in c}
    for name, names in (("impact", IMPACTS), ("usage_type", USAGE_TYPES)):
        code = _code(v, name, names)
        if code is not None:
            changes[name] = code
    effective_type = type_id if type_id is not None else (asset or {}).get("ci_type_id")
    if type_id is not None:
        changes.update(ci_type_id=type_id, asset_type_id=type_id)
    if "type_fields" in c or asset is None:
        fields = _type_fields(v, effective_type, c.get("type_fields"), (asset or {}).get("_type_fields") or {})
        fields.setdefault("asset_state", "In Stock")
        changes["_type_fields"] = fields
        changes["_asset_state"] = fields["asset_state"]
    if "location_id" in c:
        changes.update(location_id=c["location_id"], _location_id=c["location_id"])
        if "_type_fields" in changes or asset is not None:
            tf = dict(changes.get("_type_fields") or asset["_type_fields"])
            tf["location_id"] = c["location_id"]
            changes["_type_fields"] = tf
    return changes


def create_asset(ctx: Ctx) -> Resp:
    asset_writes_allowed(ctx)
    store = ctx.store
    v = Validator(ctx.payload, ASSET_SPEC, form=ctx.form)
    v.require("name")
    if v.payload.get("asset_type_id") is None and v.payload.get("ci_type_id") is None:
        v.add("asset_type_id", "Mandatory attribute missing", "missing_field")
    changes = _checks(ctx, v, None)
    v.raise_if_errors()
    workspace_id = v.clean.get("workspace_id") or PRIMARY_WORKSPACE_ID
    check_workspace(ctx, workspace_id)
    display_id = max(store.assets, default=0) + 1
    asset = {"id": display_id, "display_id": display_id, "impact": 1, "usage_type": 1, "author_type": "User",
             "asset_tag": f"ASSET-{display_id}", "user_id": None, "department_id": None, "agent_id": None,
             "group_id": None, "description": None, "assigned_on": None, "location_id": None, "_location_id": None,
             "workspace_id": workspace_id, "created_at": ctx.now, "updated_at": ctx.now, "_trashed": False}
    asset.update(changes)
    store.assets[display_id] = asset
    return Resp(200, {"asset": store.asset_out(asset)})


def _live_asset(ctx: Ctx) -> dict:
    asset = get_or_404(ctx.store.assets, ctx.params["id"])
    if asset["_trashed"]:
        raise not_found()
    return asset


def update_asset(ctx: Ctx) -> Resp:
    asset_writes_allowed(ctx)
    asset = _live_asset(ctx)
    spec = {k: t for k, t in ASSET_SPEC.items() if k != "workspace_id"}
    v = Validator(ctx.payload, spec, form=ctx.form)
    changes = _checks(ctx, v, asset)
    v.raise_if_errors()
    asset.update(changes)
    asset["updated_at"] = ctx.now
    return Resp(200, {"asset": ctx.store.asset_out(asset)})


def delete_asset(ctx: Ctx) -> Resp:
    asset_writes_allowed(ctx)
    asset = _live_asset(ctx)
    asset["_trashed"] = True
    asset["updated_at"] = ctx.now
    return Resp(204)


def _reference_has_no_such_path(ctx: Ctx) -> None:
    if ctx.sb.assets_read_only:
        raise not_found()


def restore_asset(ctx: Ctx) -> Resp:
    _reference_has_no_such_path(ctx)
    asset = get_or_404(ctx.store.assets, ctx.params["id"])
    if not asset["_trashed"]:
        raise not_found()
    asset["_trashed"] = False
    asset["updated_at"] = ctx.now
    return Resp(204)


def delete_asset_forever(ctx: Ctx) -> Resp:
    _reference_has_no_such_path(ctx)
    get_or_404(ctx.store.assets, ctx.params["id"])
    del ctx.store.assets[ctx.params["id"]]
    ctx.store.rest.components.pop(ctx.params["id"], None)
    return Resp(204)


ROUTES = [
    ("/api/v2/assets", {"POST": create_asset}),
    ("/api/v2/assets/{id}", {"PUT": update_asset, "DELETE": delete_asset}),
    ("/api/v2/assets/{id}/restore", {"PUT": restore_asset}),
    ("/api/v2/assets/{id}/delete_forever", {"PUT": delete_asset_forever}),
]

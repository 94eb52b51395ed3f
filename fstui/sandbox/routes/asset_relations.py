"""What hangs off an asset on current accounts (API-SUPPLEMENT §8.7): its requests, contracts and components.

    GET  /assets/{display_id}/requests              {"requests": [{id, request_type, request_id, request_details,
                                                     request_status, created_at, updated_at}]}
    GET  /assets/{display_id}/contracts             {"contracts": [{id, contract_id, contract_type, contract_name,
                                                     contract_status}]}
    GET  /assets/{display_id}/components            {"components": [{id, component_type, component_data, ...}]}
    POST /assets/{display_id}/components            201 {"component": {...}}
    PUT  /assets/{display_id}/components/{id}       200 {"component": {...}}

Requests are the tickets, problems, changes and releases linked to the asset, newest first; request_id is
the portal's prefixed number (INC-/SR- for incidents/service requests, PRB-, CHN-, RL-) and request_status
the status's name. Component writes follow the asset-writes switch (405 when assets are read-only).
Required component_data keys per type: Processor (manufacturer, model, cpu_speed), Memory (capacity),
Hard Disk (capacity, model), Network Adapter (model); other keys of the type are optional, others are 400.
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..seed_inventory import COMPONENT_TYPES
from ..store_rest import out
from ..validation import Validator, field_error, validation_failed
from .common import check_params, created, get_or_404
from .itsm import child
from .kit import asset_writes_allowed, paged
from .labels import choice_labels

REQUEST_KEYS = ("id", "request_type", "request_id", "request_details", "request_status", "created_at", "updated_at")
CONTRACT_KEYS = ("id", "contract_id", "contract_type", "contract_name", "contract_status")
COMPONENT_KEYS = ("id", "component_type", "component_data", "created_at", "updated_at")
OPTIONAL_COMPONENT_KEYS = {
    "Processor": ("no_of_cores", "no_of_threads"), "Memory": ("manufacturer", "model", "slot"),
    "Hard Disk": ("manufacturer", "serial_number", "interface"), "Network Adapter": ("manufacturer", "mac_address",
                                                                                   "ip_address"),
}
STATUS_NAMES = {
    "Ticket": {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed"},
    "Problem": {1: "Open", 2: "Change Requested", 3: "Closed"},
    "Change": {1: "Open", 2: "Planning", 3: "Awaiting Approval", 4: "Pending Release", 5: "Pending Review",
               6: "Closed"},
    "Release": {1: "Open", 2: "On hold", 3: "In Progress", 4: "Incomplete", 5: "Completed"},
}
PREFIX = {"Problem": "PRB", "Change": "CHN", "Release": "RL"}


def _requests(ctx: Ctx, display_id: int) -> list[dict]:
    store = ctx.store
    names = {**STATUS_NAMES, "Ticket": choice_labels(store, "status") or STATUS_NAMES["Ticket"]}
    found: list[tuple[str, dict]] = []
    for t in store.tickets.values():
        if display_id in (t.get("_asset_ids") or ()) and not t["deleted"]:
            found.append(("Ticket", t))
    for kind, records in (("Problem", store.problems), ("Change", store.changes), ("Release", store.rest.releases)):
        for r in records.values():
            if not r.get("deleted") and any(a.get("display_id") == display_id for a in r.get("assets") or ()):
                found.append((kind, r))
    rows = []
    for kind, r in sorted(found, key=lambda x: (x[1]["created_at"], x[1]["id"]), reverse=True):
        prefix = PREFIX.get(kind) or ("SR" if r.get("type") == "Service Request" else "INC")
        rows.append({"id": r["id"], "request_type": kind, "request_id": f"{prefix}-{r['id']}",
                     "request_details": r.get("subject"), "request_status": names[kind].get(r["status"]),
                     "created_at": r["created_at"], "updated_at": r["updated_at"]})
    return rows


def list_asset_requests(ctx: Ctx) -> Resp:
    check_params(ctx, {"page", "per_page"})
    asset = get_or_404(ctx.store.assets, ctx.params["id"])
    return paged(ctx, _requests(ctx, asset["display_id"]), "requests", lambda r: out(r, REQUEST_KEYS))


def list_asset_contracts(ctx: Ctx) -> Resp:
    check_params(ctx, {"page", "per_page"})
    asset = get_or_404(ctx.store.assets, ctx.params["id"])
    items = [c for c in sorted(ctx.store.rest.contracts.values(), key=lambda c: c["id"])
             if asset["display_id"] in c["asset_ids"]]
    return paged(ctx, items, "contracts", lambda c: out(c, CONTRACT_KEYS))


def _components(ctx: Ctx) -> list[dict]:
    get_or_404(ctx.store.assets, ctx.params["id"])
    return ctx.store.rest.components.setdefault(ctx.params["id"], [])


def component_out(component: dict) -> dict:
    return out(component, COMPONENT_KEYS)


def list_components(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"components": [component_out(c) for c in _components(ctx)]})


def _component_body(ctx: Ctx, current: dict | None) -> tuple[str, list[dict]]:
    v = Validator(ctx.payload, {"component_type": "str", "component_data": "any"}, form=ctx.form)
    if current is None:
        v.require("component_type", "component_data")
    ctype = v.clean.get("component_type", current["component_type"] if current else None)
    if ctype is not None and ctype not in COMPONENT_TYPES:
        v.add("component_type", f"It should be one of these values: '{','.join(COMPONENT_TYPES)}'", "invalid_value")
    data = v.clean.get("component_data", current["component_data"] if current else None)
    if "component_data" in v.clean and (not isinstance(data, list) or not data or
                                        not all(isinstance(d, dict) for d in data)):
        v.add("component_data", "It should be a non-empty Array of key/value pairs", "datatype_mismatch")
    v.raise_if_errors()
    required = COMPONENT_TYPES[ctype]
    allowed = set(required) | set(OPTIONAL_COMPONENT_KEYS.get(ctype, ()))
    errors = []
    for row in data:
        errors += [field_error(f"component_data.{k}", "Unexpected/invalid field in request", "invalid_field")
                   for k in row if k not in allowed]
        errors += [field_error(f"component_data.{k}", "Mandatory attribute missing", "missing_field")
                   for k in required if row.get(k) in (None, "")]
    if errors:
        raise validation_failed(errors)
    return ctype, [dict(d) for d in data]


def create_component(ctx: Ctx) -> Resp:
    asset_writes_allowed(ctx)
    components = _components(ctx)
    ctype, data = _component_body(ctx, None)
    every = {c["id"]: None for rows in ctx.store.rest.components.values() for c in rows}
    component = {"id": ctx.store.rest.next_id("component", every), "component_type": ctype,
                 "component_data": data, "created_at": ctx.now, "updated_at": ctx.now}
    components.append(component)
    return created(ctx, "component", component_out(component),
                   f"assets/{ctx.params['id']}/components/{component['id']}")


def update_component(ctx: Ctx) -> Resp:
    asset_writes_allowed(ctx)
    component = child(_components(ctx), ctx.params["component_id"])
    ctype, data = _component_body(ctx, component)
    component.update(component_type=ctype, component_data=data, updated_at=ctx.now)
    return Resp(200, {"component": component_out(component)})


ROUTES = [
    ("/api/v2/assets/{id}/requests", {"GET": list_asset_requests}),
    ("/api/v2/assets/{id}/contracts", {"GET": list_asset_contracts}),
    ("/api/v2/assets/{id}/components", {"GET": list_components, "POST": create_component}),
    ("/api/v2/assets/{id}/components/{component_id}", {"PUT": update_component}),
]

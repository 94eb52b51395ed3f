"""/asset_types: list and view (API-SUPPLEMENT "Asset types"; the names behind an asset's ci_type_id).

The seeded types are fixed (``seed.CI_TYPES``): read-only here, as nothing in fstui writes them.
"""

from __future__ import annotations

from .. import seed as seedmod
from ..app import Ctx, Resp
from ..dates import fmt
from .common import get_or_404, list_by_id

DAY = 86400.0


def _types(ctx: Ctx) -> dict[int, dict]:
    made = ctx.store.base.anchor - 700 * DAY
    return {tid: {"id": tid, "name": name, "description": f"{name} assets", "parent_asset_type_id": None,
                  "visible": True, "created_at": made, "updated_at": made}
            for tid, name, _prefix in seedmod.CI_TYPES}


def _out(record: dict) -> dict:
    return {**record, "created_at": fmt(record["created_at"]), "updated_at": fmt(record["updated_at"])}


def list_asset_types(ctx: Ctx) -> Resp:
    return list_by_id(ctx, _types(ctx).values(), "asset_types", _out)


def view_asset_type(ctx: Ctx) -> Resp:
    return Resp(200, {"asset_type": _out(get_or_404(_types(ctx), ctx.params["id"]))})

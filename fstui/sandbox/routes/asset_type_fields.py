"""GET /asset_types/{id}/fields (API-SUPPLEMENT §6): {"asset_type_fields": [{"field_header", "fields": [...]}]}.

Field names carry the type's id (``serial_number_3``): the keys an asset's ``type_fields`` take on create
(routes/asset_writes.py). Every type has the same fields (seed_asset_types.TYPE_FIELDS).
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..seed_asset_types import fields_for
from ..store_rest import out
from .common import check_params, get_or_404
from .kit import asset_types


def list_asset_type_fields(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    groups = fields_for(get_or_404(asset_types(ctx), ctx.params["id"]))
    return Resp(200, {"asset_type_fields": [
        {"field_header": g["field_header"], "fields": [out(f, tuple(f)) for f in g["fields"]]} for g in groups]})


ROUTES = [("/api/v2/asset_types/{id}/fields", {"GET": list_asset_type_fields})]

"""Asset types and their fields, from the asset types the seeded assets already use (``seed.CI_TYPES``).

Deterministic without a random generator. Field names carry the asset type id as a suffix
(``product_1``), as the keys of an asset's ``type_fields`` do on current accounts
(API-SUPPLEMENT §6/§8.7); the seeded assets store the unsuffixed names internally.
"""

from __future__ import annotations

from .seed import CI_TYPES, DAY

#: (name, label, field_type, data_type, required, unique): the fields every seeded asset type has.
TYPE_FIELDS = (
    ("product", "Product", "dropdown", "lookup", False, False),
    ("vendor", "Vendor", "dropdown", "lookup", False, False),
    ("serial_number", "Serial Number", "text", "string", False, True),
    ("cost", "Cost", "decimal", "decimal", False, False),
    ("warranty_expiry_date", "Warranty Expiry Date", "date", "date", False, False),
    ("asset_state", "Asset State", "dropdown", "dropdown", False, False),
    ("location_id", "Location", "dropdown", "lookup", False, False),
)
ASSET_STATES = ("In Use", "In Stock", "In Repair", "Retired", "Missing")
TYPE_FIELD_ID_BASE = 1000000500


def generate(anchor: float) -> dict[int, dict]:
    """The asset types by id (when the account's seed has none of its own)."""
    made = anchor - 500 * DAY
    return {type_id: {"id": type_id, "name": name, "description": f"{name}s of the organisation",
                      "parent_asset_type_id": None, "visible": True, "created_at": made, "updated_at": made}
            for type_id, name, _prefix in CI_TYPES}


def fields_for(asset_type: dict) -> list[dict]:
    """The field groups of an asset type: every type has the same fields, named after its id."""
    type_id, made = asset_type["id"], asset_type["created_at"]
    group = []
    for pos, (fname, label, ftype, dtype, required, unique) in enumerate(TYPE_FIELDS, 1):
        group.append({"id": TYPE_FIELD_ID_BASE + type_id * 20 + pos, "asset_type_id": type_id,
                      "name": f"{fname}_{type_id}", "label": label, "field_type": ftype, "data_type": dtype,
                      "required": required, "is_unique": unique, "default_field": fname != "warranty_expiry_date",
                      "choices": [[s, s] for s in ASSET_STATES] if fname == "asset_state" else [],
                      "created_at": made, "updated_at": made})
    return [{"field_header": f"{asset_type['name']} details", "fields": group}]

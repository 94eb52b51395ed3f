"""/vendors: list, view, create, update, delete (API-SUPPLEMENT §6, §8.2).

    {"vendor": {id, name, description, primary_contact_id, address: {line1, city, state, country, zipcode},
                contact_name, email, phone, mobile, custom_fields, created_at, updated_at}}

name is mandatory; primary_contact_id names a user; address takes only its five keys. Choices where the
sources are silent: create 201 with Location; a name already used (any case) is 409 duplicate_value.
"""

from __future__ import annotations

from ..app import Ctx
from ..store_rest import out
from ..validation import Validator
from .crud import Collection
from .kit import check_refs, unique_name

VENDOR_KEYS = ("id", "name", "description", "primary_contact_id", "address", "contact_name", "email", "phone",
               "mobile", "custom_fields", "created_at", "updated_at")
VENDOR_SPEC = {"name": "str", "description": "str", "primary_contact_id": "int", "address": "dict",
               "contact_name": "str", "email": "email", "phone": "phone", "mobile": "phone", "custom_fields": "dict"}
ADDRESS_KEYS = ("line1", "city", "state", "country", "zipcode")


def vendor_out(vendor: dict) -> dict:
    return out(vendor, VENDOR_KEYS)


def _checks(ctx: Ctx, v: Validator, vendor: dict | None) -> None:
    check_refs(ctx, v, {"primary_contact_id": "user"})
    address = v.clean.get("address")
    if address is not None:
        for key, value in address.items():
            if key not in ADDRESS_KEYS:
                v.add(f"address.{key}", "Unexpected/invalid field in request", "invalid_field")
            elif value is not None and not isinstance(value, str):
                v.add(f"address.{key}", "It should be a/an String", "datatype_mismatch")
        v.clean["address"] = {**{k: None for k in ADDRESS_KEYS}, **((vendor or {}).get("address") or {}), **address}
    unique_name(v, ctx.store.rest.vendors.values(), (vendor or {}).get("id"))


def _new(ctx: Ctx, vid: int) -> dict:
    return {**{key: None for key in VENDOR_KEYS}, "id": vid, "address": {k: None for k in ADDRESS_KEYS},
            "custom_fields": {}, "created_at": ctx.now, "updated_at": ctx.now}


VENDORS = Collection("vendors", "vendor", VENDOR_SPEC, ("name",), vendor_out, _new, _checks)
ROUTES = VENDORS.routes()

"""An asset's type fields (``type_fields``) as label and value, names instead of ids.

The keys carry the asset type id as a suffix (``location_id_25``, API-SUPPLEMENT §6/§8.7); a field that
holds an id of something with a name (a location, a department, an agent, a requester) shows that name
under the field's own label (``Location: London HQ``, never ``Location id: 13``; QA of issue 11). A
name not cached yet is ``#id`` while the service loads the list (the screen redraws when it arrives).
"""

from __future__ import annotations

import re
from typing import Any

from fstui.tui import org_names
from fstui.tui.text import one_line


def _agent(service: Any, ident: int) -> str | None:
    name = getattr(service, "agent_name", lambda _i: None)(ident)
    return name or f"#{ident}"


def _person(service: Any, ident: int) -> str | None:
    name = (getattr(service, "requester_name", lambda _i: None)(ident)
            or getattr(service, "agent_name", lambda _i: None)(ident))
    return name or f"#{ident}"


#: field base name -> (label, name of an id)
NAMED_IDS = {
    "location_id": ("Location", org_names.location),
    "department_id": ("Department", org_names.department),
    "agent_id": ("Managed by", _agent),
    "user_id": ("Used by", _person),
}


def base_name(key: str) -> str:
    """``product_25`` -> ``product`` (the type-id suffix dropped)."""
    return re.sub(r"_\d+$", "", str(key))


def plain(value: Any) -> str:
    """A type field's value as text (lists comma separated, None as -)."""
    if value is None:
        return "-"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def row(service: Any, key: str, value: Any) -> tuple[str, str]:
    """(label, shown value) of one type field."""
    base = base_name(key)
    named = NAMED_IDS.get(base)
    if named is not None:
        label, lookup = named
        ident = value if isinstance(value, int) else (int(value) if str(value).isdigit() else None)
        if ident is not None:
            return label, lookup(service, ident) or "-"
        return label, plain(value)
    label = base.removesuffix("_id") if base.endswith("_id") else base
    return one_line(label.replace("_", " ").capitalize(), 14), plain(value)


def rows(service: Any, fields: dict[str, Any]) -> list[tuple[str, str]]:
    return [row(service, k, v) for k, v in sorted(fields.items())] or [("", "none")]

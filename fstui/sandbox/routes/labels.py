"""The account's labels of a ticket field's choices (status, source, priority, urgency, impact), read from
the ticket form fields the sandbox serves, so a custom status or source reads as the account names it
("Awaiting Vendor", "Vendor Portal") wherever the sandbox writes a label (activities, an asset's requests).

Source of truth: ``store.form_fields`` (``/ticket_form_fields``, API-SUPPLEMENT §3.3: ``choices`` of
``{"id", "value"}``), the ticket's workspace's field over the global one; else the reference's
``/ticket_fields`` (``choices`` a dict: ``{"2": ["Open", "Being Processed"]}`` for status, ``{"Email": 1}``
for the others).
"""

from __future__ import annotations

from typing import Any

GLOBAL = 1


def _reference_choices(store: Any, name: str) -> dict[int, str]:
    for f in getattr(store, "ticket_fields", None) or ():
        choices = f.get("choices")
        if f.get("name") != name or not isinstance(choices, dict):
            continue
        if name == "status":
            return {int(k): (v[0] if isinstance(v, list) else str(v)) for k, v in choices.items()}
        return {int(v): str(k) for k, v in choices.items() if isinstance(v, int) or str(v).isdigit()}
    return {}


def choice_labels(store: Any, name: str, workspace_id: int | None = None) -> dict[int, str]:
    """``{choice id: label}`` of the ticket field ``name`` as the account has it (empty when unknown)."""
    found: dict[int, str] = {}
    own: dict[int, str] = {}
    for f in getattr(store, "form_fields", None) or ():
        if f.get("name") != name or not isinstance(f.get("choices"), list):
            continue
        target = own if workspace_id is not None and f.get("workspace_id") == workspace_id else found
        if f.get("workspace_id") in (GLOBAL, None) or target is own:
            target.update({c["id"]: c["value"] for c in f["choices"] if isinstance(c, dict) and "id" in c})
    return {**found, **own} or _reference_choices(store, name)


def choice_label(store: Any, name: str, value: Any, workspace_id: int | None = None) -> str:
    """The label of ``value`` in the field ``name``; an id the account does not have stays a number."""
    return choice_labels(store, name, workspace_id).get(value, str(value))

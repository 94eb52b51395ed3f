"""Ticket form fields (API-SUPPLEMENT §3.3): ``GET /ticket_form_fields[?workspace_id=N]`` beside the
reference's ``GET /ticket_fields``.

The current shape names the type ``field_type`` (was ``type``) and the flag ``default_field`` (was
``default``), and gives choices as ``[{"id", "value"}]`` (statuses add ``requester_display_value``;
categories nest ``nested_options``; custom dropdowns add ``display_id``). The reference's choices were
dicts (``{"Email": 1}``, ``{"2": ["Open", "Being Processed"]}``) or lists of names. :class:`FormField`
accepts every one of these shapes and gives ``choices`` as a list of :class:`FormChoice`, so a
screen reads one shape whichever endpoint the account answered.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, model_validator

from fstui.api.models import FSModel, UTCDateTime
from fstui.api.transport import Transport
from fstui.api.workspaces import WorkspaceParam, with_workspace


class FormChoice(FSModel):
    """One choice: ``id`` (what a ticket carries for status/source/priority, a big id for the
    rest), ``value`` (the agent-facing label), and for statuses the requester-facing label."""

    id: int | str | None = None
    value: str | None = None
    display_id: int | None = None
    requester_display_value: str | None = None
    nested_options: list[FormChoice] = []


def normalize_choices(raw: Any) -> list[dict[str, Any]]:
    """Any documented choices shape as ``[{"id", "value", ...}]`` (see the module docstring)."""
    if raw is None:
        return []
    out: list[dict[str, Any]] = []
    if isinstance(raw, dict):
        for key, value in raw.items():
            if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                # {"2": ["Open", "Being Processed"]}: id -> [agent label, requester label]
                ident = int(key) if str(key).lstrip("-").isdigit() else key
                entry = {"id": ident, "value": value[0]}
                if len(value) > 1:
                    entry["requester_display_value"] = value[1]
                out.append(entry)
            elif isinstance(value, (int, str)) and not isinstance(value, bool):
                # {"Email": 1}: label -> id
                out.append({"id": value, "value": str(key)})
            elif isinstance(value, (dict, list)):
                # nested category choices of the reference: {"Hardware": {"Laptop": [...]}}
                out.append({"id": None, "value": str(key), "nested_options": normalize_choices(value)})
        return out
    if isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict):
                entry = dict(item)
                if "nested_options" in entry:
                    entry["nested_options"] = normalize_choices(entry["nested_options"])
                out.append(entry)
            elif isinstance(item, (list, tuple)) and len(item) == 2:  # [label, value] pairs
                out.append({"id": item[1], "value": str(item[0])})
            elif item is not None:
                out.append({"id": None, "value": str(item)})
    return out


class FormField(FSModel):
    """A ticket field from either endpoint; ``field_type``/``default_field`` are filled from the
    reference's ``type``/``default`` when only those are sent. ``workspace_id``: 1 = a global field,
    N = a workspace's own field, None on the workspace field itself."""

    id: int | None = None
    workspace_id: int | None = None
    name: str | None = None
    label: str | None = None
    description: str | None = None
    field_type: str | None = None
    position: int | None = None
    default_field: bool | None = None
    required_for_closure: bool | None = None
    required_for_agents: bool | None = None
    required_for_customers: bool | None = None
    customers_can_edit: bool | None = None
    label_for_customers: str | None = None
    displayed_to_customers: bool | None = None
    belongs_to_section: bool | None = None
    choices: Annotated[list[FormChoice], BeforeValidator(normalize_choices)] = []
    nested_fields: Annotated[list[dict[str, Any]], BeforeValidator(lambda v: [] if v is None else v)] = []
    sections: Annotated[list[dict[str, Any]], BeforeValidator(lambda v: [] if v is None else v)] = []
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None

    @model_validator(mode="before")
    @classmethod
    def _reference_names(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            if data.get("field_type") is None and "type" in data:
                data["field_type"] = data["type"]
            if data.get("default_field") is None and "default" in data:
                data["default_field"] = data["default"]
            if "nested_fields" not in data and "nested_ticket_fields" in data:
                data["nested_fields"] = data["nested_ticket_fields"]
        return data

    def labels(self) -> dict[Any, str]:
        """``{choice id: label}`` of the top-level choices (statuses, sources, priorities...)."""
        return {c.id: c.value for c in self.choices if c.id is not None and c.value is not None}


class FormFieldsApi(Transport):
    """GET /ticket_form_fields."""

    async def list_ticket_form_fields(self, *, workspace_id: WorkspaceParam = None) -> list[FormField]:
        """GET /ticket_form_fields: no workspace_id -> global + primary fields; 0 -> global only;
        N -> global + N's. Falls back to nothing: an account that answers 404 raises NotFound (the
        caller may then read /ticket_fields, see :meth:`list_ticket_fields`)."""
        params = with_workspace({}, workspace_id)
        return await self._get_list(FormField, "/ticket_form_fields", "ticket_fields", "ticket_field",
                                    params or None)

"""The account's names for ticket values: status, priority and source labels and custom fields, read from
the ticket fields (``GET /ticket_fields``, reference "Ticket Fields"; also the newer
``GET /ticket_form_fields`` shape, API-SUPPLEMENT 3.3).

Choices come in every shape the API has used, and all are read:
- ``{"2": ["Open", "Being Processed"], "6": ["Waiting on Customer", ...]}`` (status: id -> [agent label, customer label]);
- ``{"Low": 1, "Medium": 2}`` (priority, source: label -> id);
- ``["Incident", "Service Request"]`` (a list of values that are their own labels);
- ``[{"id": 3, "value": "Phone"}, {"id": 1001, "value": "Chat bot"}]`` (ticket_form_fields);
- ``[["Low", "low"], ...]`` (label/value pairs of some custom dropdowns).

A value the fields do not name shows as ``#12`` (never a made-up or cut number); the documented labels of the
reference's fixed values (Open, Pending, ... Low ... Urgent, Email ... Slack) stand in until the fields are read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from fstui.api.models import Priority, Source, Status, parse_utc

#: the documented labels of the fixed values, used before the account's ticket fields are read
BUILTIN: dict[str, dict[Any, str]] = {
    "status": {s.value: s.label for s in Status},
    "priority": {p.value: p.label for p in Priority},
    "source": {s.value: s.label for s in Source},
    "urgency": {1: "Low", 2: "Medium", 3: "High"},  # the reference's urgency and impact values
    "impact": {1: "Low", 2: "Medium", 3: "High"},
}

#: the ticket field that names each ticket attribute (the reference's ``name``; ticket_form_fields
#: spells the type ``default_status`` etc. and may name them the same)
FIELD_NAMES = {"status": "status", "priority": "priority", "source": "source", "urgency": "urgency",
               "impact": "impact", "type": "ticket_type"}


def _key(value: Any) -> Any:
    """A choice key as the ticket carries it: numbers as int, text as is."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return value


def choice_pairs(choices: Any) -> list[tuple[Any, str]]:
    """(value, label) pairs of a field's choices, in the server's order, whatever their shape."""
    pairs: list[tuple[Any, str]] = []
    if isinstance(choices, dict):
        for key, value in choices.items():
            if isinstance(value, list) and value:  # {"2": ["Open", "Being processed"]}
                pairs.append((_key(key), str(value[0])))
            elif isinstance(value, (int, float)) and not isinstance(value, bool):  # {"Open": 2}
                pairs.append((_key(value), str(key)))
            elif isinstance(value, str) and _key(key) != key:  # {"2": "Open"}
                pairs.append((_key(key), value))
            else:  # {"Low": "low"}: the key is the label
                pairs.append((_key(value) if isinstance(value, (str, int)) else key, str(key)))
    elif isinstance(choices, list):
        for item in choices:
            if isinstance(item, dict):  # {"id": 3, "value": "Phone"} (ticket_form_fields)
                ident = item.get("id", item.get("value"))
                label = item.get("value") if item.get("value") is not None else item.get("label", item.get("name"))
                pairs.append((_key(ident), str(label if label is not None else ident)))
            elif isinstance(item, (list, tuple)) and len(item) == 2:  # ["Low", "low"]: label, value
                pairs.append((_key(item[1]), str(item[0])))
            elif item is not None:
                pairs.append((item, str(item)))
    return pairs


@dataclass(frozen=True)
class CustomField:
    """What the header needs of one custom field: its label, type and choice labels."""

    name: str
    label: str
    type: str
    choices: dict[Any, str] = field(default_factory=dict)


def unknown(value: Any) -> str:
    """An id the account's fields do not name: ``#12`` (a number is never cut or dressed as a label)."""
    return f"#{value}"


class FieldLabels:
    """Labels of one account's ticket fields. Built from a list of ticket or form fields (models or dicts)."""

    def __init__(self, fields: Iterable[Any] = ()) -> None:
        self.choices: dict[str, dict[Any, str]] = {}
        self.order: dict[str, list[Any]] = {}
        self.custom: dict[str, CustomField] = {}
        self.known = False
        for item in fields:
            self.known = True
            if hasattr(item, "model_dump"):  # a TicketField or FormField model: its choices as plain data
                item = item.model_dump(mode="json")
            get = item.get if isinstance(item, dict) else (lambda key, obj=item: getattr(obj, key, None))
            name = get("name")
            ftype = get("type") or get("field_type") or ""
            if not isinstance(name, str):
                continue
            pairs = choice_pairs(get("choices"))
            labels = {value: label for value, label in pairs}
            if name.startswith("cf_") or str(ftype).startswith("custom") or get("default") is False or \
                    get("default_field") is False:
                self.custom[name] = CustomField(name, str(get("label") or name), str(ftype), labels)
                continue
            for attribute, field_name in FIELD_NAMES.items():
                if name == field_name or ftype == f"default_{field_name}":
                    self.choices[attribute] = labels
                    self.order[attribute] = [value for value, _ in pairs]

    # ------------------------------------------------------------------ fixed attributes

    def label(self, attribute: str, value: Any) -> str:
        """The label of a ticket attribute's value ("-" for none, ``#12`` when nobody names it)."""
        if value is None:
            return "-"
        key = _key(getattr(value, "value", value))
        found = self.choices.get(attribute, {}).get(key)
        if found is None:
            found = BUILTIN.get(attribute, {}).get(key)
        if found is None and isinstance(key, str) and attribute not in BUILTIN:
            return key
        return found if found is not None else unknown(key)

    def status(self, value: Any) -> str:
        return self.label("status", value)

    def priority(self, value: Any) -> str:
        return self.label("priority", value)

    def source(self, value: Any) -> str:
        return self.label("source", value)

    def options(self, attribute: str) -> list[tuple[Any, str]]:
        """The (value, label) choices of an attribute for a picker: the account's, else the documented ones."""
        labels = self.choices.get(attribute)
        if labels:
            return [(value, labels[value]) for value in self.order.get(attribute, labels)]
        return list(BUILTIN.get(attribute, {}).items())

    def names_all(self, ticket: Any) -> bool:
        """Whether these labels name everything ``ticket`` shows: each custom field with a value, and its
        status, priority and source (False: another workspace's fields are needed to show it)."""
        values = getattr(ticket, "custom_fields", None) or {}
        if any(name not in self.custom for name, value in values.items() if value not in (None, "", [])):
            return False
        for attribute in ("status", "priority", "source"):
            value = getattr(ticket, attribute, None)
            key = _key(getattr(value, "value", value))
            if value is not None and key not in self.choices.get(attribute, BUILTIN.get(attribute, {})):
                return False
        return True

    # ------------------------------------------------------------------ custom fields

    def custom_label(self, name: str) -> str:
        """A custom field's label (its API name only when the fields do not list it)."""
        found = self.custom.get(name)
        return found.label if found is not None else name

    def custom_value(self, name: str, value: Any) -> str:
        """A custom field's value as the portal shows it: checkboxes yes/no, dropdown choices by label,
        dates as dates (YYYY-MM-DD), lists joined."""
        spec = self.custom.get(name)
        ftype = spec.type if spec is not None else ""
        if isinstance(value, bool) or "checkbox" in ftype:
            if isinstance(value, str):
                value = value.strip().lower() in ("true", "1", "yes")
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(self.custom_value(name, item) for item in value)
        if spec is not None and spec.choices:
            found = spec.choices.get(_key(value))
            if found is not None:
                return found
        if "date" in ftype or isinstance(value, (date, datetime)):
            return _date_text(value)
        return str(value)

    def custom_fields(self, values: dict[str, Any] | None) -> list[tuple[str, str]]:
        """(label, value) of the custom fields that have a value, in the fields' order (then by name)."""
        positions = {name: index for index, name in enumerate(self.custom)}
        shown = [(name, value) for name, value in (values or {}).items() if value not in (None, "", [])]
        shown.sort(key=lambda item: (positions.get(item[0], len(positions)), item[0]))
        return [(self.custom_label(name), self.custom_value(name, value)) for name, value in shown]


def _date_text(value: Any) -> str:
    """A date field's value as a date: ``2025-03-14`` (a timestamp's date in UTC, as the API stores it)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        parsed = parse_utc(value)
    except ValueError:
        return str(value)
    if parsed is None:
        return ""
    if isinstance(value, str) and len(value.strip()) > 10 and (parsed.hour or parsed.minute):
        return parsed.strftime("%Y-%m-%d %H:%M UTC")
    return parsed.date().isoformat()


EMPTY = FieldLabels()
"""Labels before the account's fields are read: the documented ones, ``#id`` for the rest."""

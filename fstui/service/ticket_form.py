"""The new-ticket form as data (issue 14), shared by the TUI's form and ``fstui tickets create``: which
fields the account's form has (``/ticket_form_fields``, cached look-up), their choices, the category tree,
and the validation of what an agent filled in before anything is queued.

``validate(form_fields, values)`` -> (create body, errors). ``values`` holds what the agent chose:
``requester_id`` or ``email`` (a new requester), ``subject``, ``description`` (HTML), ``status``,
``priority``, ``type`` (label), ``group_id``, ``responder_id``, ``category`` / ``sub_category`` /
``item_category`` (labels), ``custom_fields`` {name: text as typed}, ``workspace_id`` (the workspace to
create it in; ``form_fields`` must then be that workspace's, fstui.service.workspace_choices.form_fields).
Only what was filled in is sent; errors are (field name, message) in the form's order.

Defaults where the agent leaves them (what the portal's new-ticket form starts with): status Open (2),
priority Low (1), source Phone (3: an agent logging a ticket; the API's own default is Portal).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fstui.api.form_fields import FormChoice, FormField

DEFAULT_STATUS = 2
DEFAULT_PRIORITY = 1
DEFAULT_SOURCE = 3
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: custom field types fstui can fill in from a line of text
TEXT_TYPES = ("custom_text", "custom_paragraph", "custom_number", "custom_decimal", "custom_date",
              "custom_dropdown", "custom_checkbox", "custom_url", "custom_phone_number")


def field_named(form_fields: list[FormField], name: str) -> FormField | None:
    return next((f for f in form_fields if f.name == name), None)


def choices_of(form_fields: list[FormField], name: str) -> list[FormChoice]:
    f = field_named(form_fields, name)
    return list(f.choices) if f is not None else []


def category_options(form_fields: list[FormField], category: str | None = None,
                     sub_category: str | None = None) -> list[str]:
    """The labels to choose from at one level of the category tree (top, under ``category``, under both)."""
    level = choices_of(form_fields, "category")
    for chosen in (category, sub_category):
        if chosen is None:
            break
        node = next((c for c in level if c.value == chosen), None)
        level = list(node.nested_options) if node is not None else []
    return [c.value for c in level if c.value]


def agent_custom_fields(form_fields: list[FormField]) -> list[FormField]:
    """Custom fields required for agents, in the form's order (the form asks for these)."""
    return [f for f in sorted(form_fields, key=lambda f: f.position or 0)
            if not f.default_field and f.required_for_agents and (f.field_type or "") in TEXT_TYPES]


def custom_value(f: FormField, text: str) -> tuple[Any, str | None]:
    """A custom field's typed text as the value the API takes, or an error message."""
    t = (text or "").strip()
    kind = f.field_type or ""
    if kind == "custom_number":
        return (int(t), None) if re.fullmatch(r"-?\d+", t) else (None, "should be a whole number")
    if kind == "custom_decimal":
        try:
            return float(t), None
        except ValueError:
            return None, "should be a number"
    if kind == "custom_date":
        try:
            return date.fromisoformat(t).isoformat(), None
        except ValueError:
            return None, "should be a date like 2025-03-20"
    if kind == "custom_checkbox":
        if t.lower() in ("y", "yes", "true", "1", "on"):
            return True, None
        if t.lower() in ("n", "no", "false", "0", "off"):
            return False, None
        return None, "should be yes or no"
    if kind == "custom_dropdown":
        labels = [c.value for c in f.choices]
        match = next((v for v in labels if v and v.lower() == t.lower()), None)
        return (match, None) if match else (None, "should be one of: " + ", ".join(v for v in labels if v))
    if kind == "custom_url" and not re.match(r"^https?://", t):
        return None, "should be an http(s) link"
    return t, None


def validate(form_fields: list[FormField], values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    body: dict[str, Any] = {}
    if values.get("requester_id"):
        body["requester_id"] = int(values["requester_id"])
    elif values.get("email"):
        email = str(values["email"]).strip()
        if EMAIL_RE.match(email):
            body["email"] = email
        else:
            errors.append(("requester", f"{email} is not an email address"))
    else:
        errors.append(("requester", "choose a requester or type a new one's email"))
    subject = (values.get("subject") or "").strip()
    if subject:
        body["subject"] = subject
    else:
        errors.append(("subject", "is required"))
    if (values.get("description") or "").strip():
        body["description"] = values["description"]
    else:
        errors.append(("description", "is required"))

    def pick(name: str, key: str, value: Any, default: Any = None) -> None:
        if value in (None, ""):
            if default is not None:
                body[key] = default
            return
        ids = [c.id for c in choices_of(form_fields, name)]
        if ids and value not in ids:
            errors.append((name, "is not one of the account's choices"))
        else:
            body[key] = value

    pick("status", "status", values.get("status"), DEFAULT_STATUS)
    pick("priority", "priority", values.get("priority"), DEFAULT_PRIORITY)
    body["source"] = values.get("source") or DEFAULT_SOURCE
    if values.get("workspace_id") is not None:  # absent: the API's default, the primary workspace
        body["workspace_id"] = int(values["workspace_id"])
    if values.get("type"):
        labels = [c.value for c in choices_of(form_fields, "ticket_type")]
        if labels and values["type"] not in labels:
            errors.append(("type", "should be one of: " + ", ".join(v for v in labels if v)))
        else:
            body["type"] = values["type"]
    pick("group", "group_id", values.get("group_id"))
    pick("agent", "responder_id", values.get("responder_id"))
    category, sub, item = values.get("category"), values.get("sub_category"), values.get("item_category")
    if category:
        if category not in category_options(form_fields):
            errors.append(("category", "is not one of the account's categories"))
        else:
            body["category"] = category
            if sub:
                if sub not in category_options(form_fields, category):
                    errors.append(("sub_category", f"is not under {category}"))
                else:
                    body["sub_category"] = sub
                    if item:
                        if item not in category_options(form_fields, category, sub):
                            errors.append(("item_category", f"is not under {category} / {sub}"))
                        else:
                            body["item_category"] = item
    elif sub or item:
        errors.append(("category", "choose the category first"))
    custom: dict[str, Any] = {}
    typed = values.get("custom_fields") or {}
    required = agent_custom_fields(form_fields)
    for f in required:
        text = typed.get(f.name)
        if text is None or not str(text).strip():
            errors.append((f.name or "?", "is required for agents"))
            continue
        value, problem = custom_value(f, str(text))
        if problem:
            errors.append((f.name or "?", problem))
        else:
            custom[f.name or ""] = value
    for name, text in typed.items():  # optional custom fields the agent filled in anyway
        if any(f.name == name for f in required) or text is None or not str(text).strip():
            continue
        f = field_named(form_fields, name)
        if f is None or f.default_field:
            errors.append((name, "is not a custom field of this form"))
            continue
        value, problem = custom_value(f, str(text))
        if problem:
            errors.append((name, problem))
        else:
            custom[name] = value
    if custom:
        body["custom_fields"] = custom
    return body, errors

"""Query parameters of the list endpoints: the allowed values, checked before anything is sent."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from fstui.api.models import format_utc

MAX_FILTER_QUERY = 512
MAX_TICKET_FILTER_PAGE = 10  # the real service's limit for /tickets/filter
MAX_ASSET_FILTER_PAGE = 40  # "The page number starts with 1 and should not exceed 40."

TICKET_FILTERS = frozenset({"new_and_my_open", "watching", "spam", "deleted"})
# The reference's includes and the current ones (API-SUPPLEMENT §3.2; +2 credits each on a list,
# +1 on a view).
TICKET_LIST_INCLUDES = frozenset({"stats", "requester", "requested_for", "tags", "department",
                                  "onboarding_context", "offboarding_context"})
TICKET_VIEW_INCLUDES = frozenset({
    "conversations", "requester", "company", "tags", "stats", "problem", "assets", "change",
    "related_tickets", "requested_for", "changes", "department", "feedback", "onboarding_context",
    "offboarding_context",
})
ORDER_TYPES = frozenset({"asc", "desc"})
ASSET_ORDER_BY = frozenset({"id", "created_at", "updated_at"})
AGENT_STATES = frozenset({"fulltime", "occasional"})


def choice(value: str | None, allowed: frozenset[str], name: str) -> str | None:
    if value is not None and value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(sorted(allowed))}, not {value!r}")
    return value


def includes(include: Iterable[str] | str, allowed: frozenset[str]) -> str | None:
    names = [include] if isinstance(include, str) else list(include)
    names = [n.strip() for name in names for n in name.split(",") if n.strip()]
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise ValueError(f"unknown include(s) {', '.join(unknown)}")
    return ",".join(dict.fromkeys(names)) or None


def quoted_query(query: str) -> str:
    """The filter query wrapped in the double quotes the API requires (checked <= 512)."""
    text = query.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
    if not text:
        raise ValueError("the filter query is empty")
    if len(text) > MAX_FILTER_QUERY:
        raise ValueError(f"the filter query is longer than {MAX_FILTER_QUERY} characters")
    return f'"{text}"'


def type_fields(include_type_fields: bool) -> str | None:
    """The ``include`` value of the asset endpoints."""
    return "type_fields" if include_type_fields else None


def ticket_list_params(*, filter, requester_id, email, updated_since, order_type, include,
                       per_page, workspace_id=None, type=None) -> dict[str, Any]:
    if isinstance(updated_since, (datetime, date)):
        updated_since = format_utc(updated_since) if isinstance(updated_since, datetime) \
            else updated_since.isoformat()
    return {
        "filter": choice(filter, TICKET_FILTERS, "filter"),
        "requester_id": requester_id,
        "email": email,
        "updated_since": updated_since,
        "order_type": choice(order_type, ORDER_TYPES, "order_type"),
        "include": includes(include, TICKET_LIST_INCLUDES),
        "per_page": per_page,
        "type": type,  # "Incident", "Service Request", ... (case-sensitive on the server)
        "workspace_id": workspace_id,  # already a wire value (fstui.api.workspaces.workspace_param)
    }


def asset_list_params(order_by, order_type, trashed, include_type_fields, per_page,
                      workspace_id=None) -> dict[str, Any]:
    return {
        "workspace_id": workspace_id,
        "order_by": choice(order_by, ASSET_ORDER_BY, "order_by"),
        "order_type": choice(order_type, ORDER_TYPES, "order_type"),
        "trashed": "true" if trashed else None,
        "include": type_fields(include_type_fields),
        "per_page": per_page,
    }


def people_params(*, email, mobile_phone_number, work_phone_number, page, per_page,
                  **extra: Any) -> dict[str, Any]:
    """The filters of /requesters and /agents (``extra``: agents' ``state``, already checked)."""
    return {"email": email, "mobile_phone_number": mobile_phone_number,
            "work_phone_number": work_phone_number, **extra, "page": page, "per_page": per_page}


def bool_param(value: bool | None) -> str | None:
    """A true/false query parameter (None: not sent)."""
    return None if value is None else ("true" if value else "false")


def page_params(page: int, per_page: int) -> dict[str, Any]:
    return {"page": page, "per_page": per_page}

"""The account's records beyond the reference (issue 16): a fresh copy of the seed on every reset,
the next ids, and the JSON shapes of problems, changes and releases (the tickets' includes use them).

Records are dicts with epoch-second timestamps, as in ``store``; keys starting with ``_`` never leave.
"""

from __future__ import annotations

import copy
from typing import Any

from .dates import fmt
from .html_text import html_to_text

PROBLEM_KEYS = (
    "id", "agent_id", "requester_id", "description", "description_text", "due_by", "subject", "group_id",
    "priority", "impact", "status", "known_error", "department_id", "category", "sub_category", "item_category",
    "created_at", "updated_at", "workspace_id", "assets", "associated_change", "custom_fields", "analysis_fields",
)
CHANGE_KEYS = (
    "id", "workspace_id", "agent_id", "requester_id", "group_id", "priority", "impact", "status", "risk",
    "change_type", "approval_status", "planned_start_date", "planned_end_date", "subject", "description",
    "description_text", "department_id", "category", "sub_category", "item_category", "custom_fields",
    "planning_fields", "assets", "impacted_services", "maintenance_window", "blackout_window", "created_at",
    "updated_at",
)
RELEASE_KEYS = (
    "id", "agent_id", "group_id", "priority", "status", "release_type", "subject", "description",
    "planned_start_date", "planned_end_date", "work_start_date", "work_end_date", "department_id", "category",
    "sub_category", "item_category", "workspace_id", "assets", "associated_assets", "associated_changes",
    "custom_fields", "planning_fields", "created_at", "updated_at",
)
_TIMES = frozenset({"created_at", "updated_at", "due_by", "planned_start_date", "planned_end_date",
                    "work_start_date", "work_end_date", "window_start_date", "window_end_date"})


def out(record: dict, keys: tuple[str, ...], times: frozenset[str] = _TIMES) -> dict:
    """The record's ``keys`` in order, timestamps formatted, nested values copied."""
    result: dict[str, Any] = {}
    for key in keys:
        value = record.get(key)
        if key in times:
            value = fmt(value)
        elif isinstance(value, dict):
            value = _nested(value)
        elif isinstance(value, list):
            value = copy.deepcopy(value)
        result[key] = value
    return result


def _nested(value: dict) -> dict:
    return {k: (fmt(v) if k in _TIMES else (_nested(v) if isinstance(v, dict) else copy.deepcopy(v)))
            for k, v in value.items()}


def _with_text(record: dict, keys: tuple[str, ...]) -> dict:
    result = out(record, keys)
    if "description_text" in result:
        result["description_text"] = html_to_text(record.get("description"))
    for group in ("analysis_fields", "planning_fields"):
        for entry in (result.get(group) or {}).values():
            if isinstance(entry, dict) and "description" in entry:
                entry["description_text"] = html_to_text(entry["description"])
    return result


def problem_out(problem: dict) -> dict:
    return _with_text(problem, PROBLEM_KEYS)


def change_out(change: dict) -> dict:
    return _with_text(change, CHANGE_KEYS)


def release_out(release: dict) -> dict:
    return _with_text(release, RELEASE_KEYS)


class RestState:
    """Mutable copies of the seeded collections; ``next_id(name)`` hands out new ids per collection."""

    def __init__(self, seeded: dict, problems: dict[int, dict], changes: dict[int, dict]) -> None:
        data = copy.deepcopy(seeded)
        self.problems = problems
        self.changes = changes
        self.releases: dict[int, dict] = data["releases"]
        self.notes: dict[tuple[str, int], list[dict]] = data["notes"]
        self.tasks: dict[tuple[str, int], list[dict]] = data["tasks"]
        self.time_entries: dict[tuple[str, int], list[dict]] = data["time_entries"]
        self.service_categories: dict[int, dict] = data["service_categories"]
        self.service_items: dict[int, dict] = data["service_items"]
        self.requested_items: dict[int, list[dict]] = {}  # ticket id -> items of requests placed via the API
        self.asset_types: dict[int, dict] = data["asset_types"]
        self.vendors: dict[int, dict] = data["vendors"]
        self.products: dict[int, dict] = data["products"]
        self.applications: dict[int, dict] = data["applications"]
        self.application_users: dict[int, list[dict]] = data["application_users"]
        self.installations: dict[int, list[dict]] = data["installations"]
        self.purchase_orders: dict[int, dict] = data["purchase_orders"]
        self.contracts: dict[int, dict] = data["contracts"]
        self.components: dict[int, list[dict]] = data["components"]
        self.requester_groups: dict[int, dict] = data["requester_groups"]
        self.requester_group_members: dict[int, list[int]] = data["requester_group_members"]
        #: canned responses and solutions (seed_kb; read-only here)
        self.knowledge: dict[str, dict] = data.get("knowledge", {})
        self.activities: dict[int, list[dict]] = {}  # ticket id -> activities of the writes received
        self._next = {"note": data["next_note_id"], "task": data["next_task_id"],
                      "time_entry": data["next_time_entry_id"]}

    def next_id(self, name: str, existing: dict | None = None) -> int:
        """A new id for collection ``name`` (above every id in ``existing`` the first time)."""
        if name not in self._next:
            self._next[name] = max(existing or {0: None}) + 1
        value = self._next[name]
        self._next[name] += 1
        return value

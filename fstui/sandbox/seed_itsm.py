"""Problems, changes and releases with their notes, tasks and time entries (deterministic).

The 20 problems and 20 changes that ``seed.generate`` makes (the targets of the tickets' ``problem`` and
``change`` includes) are completed here with the current API's fields (API-SUPPLEMENT §6, §8.8);
releases are added. A generator of its own (``Random(f"{seed}-itsm")``) leaves the rest of the desk as it was.

Workspaces: records live in the primary workspace (2) except every fifth, which lives in workspace 3 (when
the account has it), so that ``workspace_id`` (absent = primary, 0 = all, N = N) has something to tell apart.
"""

from __future__ import annotations

import random

from .seed import CATEGORIES, DAY, SERVERS, SYSTEMS, SeedData

PRIMARY_WORKSPACE_ID = 2
SECOND_WORKSPACE_ID = 3
RELEASES = 10
NOTE_ID_BASE = 1000100000
TASK_ID_BASE = 1000200000
TIME_ENTRY_ID_BASE = 1000300000

NOTE_TEXTS = [
    "Root cause narrowed down to the {system} connector.",
    "Vendor confirmed the defect; fix expected in the next patch.",
    "Rollback plan reviewed with the change board.",
    "Workaround documented in the knowledge base.",
]
TASK_TITLES = ["Collect logs", "Contact the vendor", "Prepare the rollback plan", "Test in staging",
               "Notify affected users", "Update the documentation"]


def generate(data: SeedData) -> dict:
    """Completes data.problems/changes in place; returns releases, notes, tasks and time entries."""
    rng = random.Random(f"{data.seed}-itsm")
    workspaces = getattr(data, "workspaces", None) or {PRIMARY_WORKSPACE_ID: {}, SECOND_WORKSPACE_ID: {}}
    second = SECOND_WORKSPACE_ID if SECOND_WORKSPACE_ID in workspaces else PRIMARY_WORKSPACE_ID

    def workspace_for(record_id: int) -> int:
        return second if record_id % 5 == 0 else PRIMARY_WORKSPACE_ID

    anchor = data.anchor
    requester_ids = list(data.requesters)
    agent_ids = [a for a, rec in data.agents.items() if not rec["occasional"]]
    dept_ids = [d["id"] for d in data.departments]
    asset_ids = list(data.assets)
    cats = list(CATEGORIES)

    def classify() -> dict:
        cat = rng.choice(cats)
        return {"category": cat, "sub_category": rng.choice(CATEGORIES[cat]), "item_category": None}

    for pid, p in data.problems.items():
        p.update(classify())
        p.update({
            "requester_id": rng.choice(requester_ids), "department_id": rng.choice(dept_ids),
            "known_error": p["status"] == 3 or rng.random() < 0.2, "workspace_id": workspace_for(pid),
            "assets": [{"display_id": a} for a in sorted(rng.sample(asset_ids, rng.randint(0, 2)))],
            "associated_change": pid if pid % 4 == 0 else None,
            "custom_fields": {"root_cause_found": p["status"] == 3},
            "analysis_fields": {
                "problem_cause": {"description": f"<div>{rng.choice(SYSTEMS)} connection pool exhausted.</div>"},
                "problem_symptom": {"description": "<div>Timeouts for many users at peak hours.</div>"},
                "problem_impact": {"description": "<div>Users cannot work during the outage.</div>"},
            },
            "deleted": False,
        })
    for cid, c in data.changes.items():
        c.update(classify())
        c.update({
            "requester_id": rng.choice(requester_ids), "department_id": rng.choice(dept_ids),
            "workspace_id": workspace_for(cid), "approval_status": rng.choice([1, 2, 4, 4]),
            "assets": [{"display_id": a} for a in sorted(rng.sample(asset_ids, rng.randint(0, 2)))],
            "impacted_services": [],
            "maintenance_window": {} if cid % 3 else {
                "id": 1000000900 + cid % 2, "name": ("Saturday night", "Sunday morning")[cid % 2],
                "description": "Approved maintenance window",
                "window_start_date": c["planned_start_date"], "window_end_date": c["planned_end_date"]},
            "blackout_window": {},
            "custom_fields": {"cab_reviewed": c["status"] >= 4},
            "planning_fields": {
                "reason_for_change": {"description": f"<div>{c['subject']} to stay supported.</div>"},
                "change_impact": {"description": "<div>Short downtime of the service.</div>"},
                "rollout_plan": {"description": "<div>Apply during the maintenance window.</div>"},
                "backout_plan": {"description": "<div>Restore the snapshot taken before the change.</div>"},
            },
            "deleted": False,
        })
    releases: dict[int, dict] = {}
    for rid in range(1, RELEASES + 1):
        created = anchor - rng.randint(20, 90) * DAY
        start = anchor + rng.randint(-15, 15) * DAY
        status = rng.choice([1, 2, 3, 4, 5])
        releases[rid] = {
            "id": rid, "agent_id": rng.choice(agent_ids), "group_id": rng.choice(list(data.groups)),
            "priority": rng.randint(1, 4), "status": status, "release_type": rng.randint(1, 4),
            "subject": f"Release {2026 if rid > 5 else 2025}.{rid}: {rng.choice(SYSTEMS)} rollout",
            "description": "<div>Bundle of approved changes.</div>",
            "planned_start_date": start, "planned_end_date": start + rng.randint(1, 5) * DAY,
            "work_start_date": start if status >= 3 and start <= anchor else None,
            "work_end_date": min(anchor, start + DAY) if status == 5 and start <= anchor else None,
            "department_id": rng.choice(dept_ids), **classify(), "workspace_id": workspace_for(rid),
            "assets": [{"display_id": a} for a in sorted(rng.sample(asset_ids, rng.randint(0, 2)))],
            "associated_assets": [], "associated_changes": sorted(rng.sample(list(data.changes), 2)),
            "custom_fields": {"go_live_checklist": None},
            "planning_fields": {"build_plan": {"description": f"<div>Build on {rng.choice(SERVERS)}.</div>"},
                                "test_plan": {"description": "<div>Regression suite in staging.</div>"}},
            "created_at": created, "updated_at": created + DAY, "deleted": False,
        }
    for rec in releases.values():
        rec["associated_assets"] = list(rec["assets"])

    notes: dict[tuple[str, int], list[dict]] = {}
    tasks: dict[tuple[str, int], list[dict]] = {}
    entries: dict[tuple[str, int], list[dict]] = {}
    note_id, task_id, entry_id = NOTE_ID_BASE, TASK_ID_BASE, TIME_ENTRY_ID_BASE
    parents = [("problems", data.problems), ("changes", data.changes), ("releases", releases)]
    for kind, records in parents:
        for rid, rec in records.items():
            key = (kind, rid)
            base = rec["created_at"]
            if rid % 2 == 1:
                for k in range(rng.randint(1, 3)):
                    when = base + (k + 1) * 20 * 3600 + rng.randint(0, 3600)
                    text = rng.choice(NOTE_TEXTS).format(system=rng.choice(SYSTEMS))
                    notes.setdefault(key, []).append({
                        "id": note_id, "user_id": rng.choice(agent_ids), "body": f"<div>{text}</div>",
                        "notify_emails": None, "created_at": when, "updated_at": when})
                    note_id += 1
            if rid % 3 != 2:
                for k in range(rng.randint(1, 3)):
                    status = rng.choice([1, 2, 3])
                    when = base + (k + 1) * DAY
                    tasks.setdefault(key, []).append({
                        "id": task_id, "agent_id": rec["agent_id"], "group_id": rec["group_id"], "status": status,
                        "title": rng.choice(TASK_TITLES), "description": "<div>See the plan.</div>",
                        "due_date": when + 3 * DAY, "notify_before": 3600,
                        "closed_at": when + DAY if status == 3 else None,
                        "workspace_id": rec["workspace_id"], "created_at": when, "updated_at": when})
                    task_id += 1
            if rid % 4 == 1:
                when = base + 2 * DAY
                entries.setdefault(key, []).append({
                    "id": entry_id, "agent_id": rec["agent_id"], "note": "Investigation",
                    "time_spent": 60 * rng.randint(15, 240),
                    "timer_running": False, "start_time": when, "billable": rng.random() < 0.5, "executed_at": when,
                    "task_id": None, "workspace_id": rec["workspace_id"], "custom_fields": {},
                    "created_at": when, "updated_at": when})
                entry_id += 1
    return {"releases": releases, "notes": notes, "tasks": tasks, "time_entries": entries,
            "next_note_id": note_id, "next_task_id": task_id, "next_time_entry_id": entry_id}

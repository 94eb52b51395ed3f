"""Tasks and time entries on some tickets (issue 14), deterministic (``Random(f"{seed}-work")``), so the
rest of the seeded desk is unchanged.

- Every ticket whose id % 6 == 1 has 1-3 tasks (Open / In Progress / Completed; some due before "now",
  so an unfinished one is overdue), owned by the ticket's agent (or the demo agent when unassigned).
- Every ticket whose id % 4 == 1 has a logged time entry (billable or not).
- Nothing is dated after the anchor ("now" at start, issue 12): work a few hours after a ticket created
  minutes ago is squeezed into the time between the two (``_after``), in the same order.
- One timer runs for another agent than the demo agent (on the first ticket with tasks), so "one
  running timer per agent" has something to refuse and the demo agent can still start one.
"""

from __future__ import annotations

import random

from . import DEMO_AGENT_EMAIL
from .seed import DAY, SeedData

TASK_TITLES = ["Call the requester back", "Collect the logs", "Order the replacement part",
               "Check the backup", "Update the asset record", "Confirm the fix with the requester"]
ENTRY_NOTES = ["Remote session with the requester", "Diagnosis", "Replaced the part on site", "Phone call", ""]


TASK_SPAN = 6 * 3600  # a task is created 1-3 h after its ticket and completed 2 h later
ENTRY_SPAN = 8 * 3600  # a time entry is logged 1-8 h after its ticket


def _after(base: float, offset: float, span: float, anchor: float) -> float:
    """``base + offset`` (0 <= offset <= span, seconds), scaled down so that ``base + span`` is no later than
    the anchor: a recent ticket's work lies between its creation and now, in the same order."""
    room = max(0.0, anchor - base)
    return float(int(base + offset * min(1.0, room / span)))


def generate(data: SeedData, rest: dict) -> None:
    """Adds ("tickets", id) keys to rest["tasks"] / rest["time_entries"] and moves the next ids on."""
    rng = random.Random(f"{data.seed}-work")
    demo = next((a["id"] for a in data.agents.values() if a.get("email") == DEMO_AGENT_EMAIL), None)
    others = [a["id"] for a in data.agents.values() if a["id"] != demo and not a.get("occasional")]
    tasks, entries = rest["tasks"], rest["time_entries"]
    task_id, entry_id = rest["next_task_id"], rest["next_time_entry_id"]
    timer_started = False
    for tid in sorted(data.tickets):
        ticket = data.tickets[tid]
        if ticket.get("deleted") or ticket.get("spam"):
            continue
        owner = ticket.get("responder_id") or demo
        workspace = ticket.get("workspace_id") or 2
        base = ticket["created_at"]
        if tid % 6 == 1:
            for k in range(rng.randint(1, 3)):
                status = rng.choice([1, 1, 2, 3])
                created = _after(base, (k + 1) * 3600, TASK_SPAN, data.anchor)
                closed = _after(base, (k + 1) * 3600 + 7200, TASK_SPAN, data.anchor)
                due = max(created + 3600, data.anchor + rng.choice([-3, -1, 1, 2, 5]) * DAY)
                tasks.setdefault(("tickets", tid), []).append({
                    "id": task_id, "agent_id": owner, "group_id": ticket.get("group_id"), "status": status,
                    "title": rng.choice(TASK_TITLES), "description": "<div>As agreed with the requester.</div>",
                    "due_date": due, "notify_before": 3600, "closed_at": closed if status == 3 else None,
                    "workspace_id": workspace, "created_at": created, "updated_at": created})
                task_id += 1
            if not timer_started and others:
                agent = owner if owner != demo else others[0]
                entries.setdefault(("tickets", tid), []).append({
                    "id": entry_id, "agent_id": agent, "note": "Working on it", "time_spent": 0,
                    "timer_running": True, "start_time": data.anchor - 1500, "billable": True,
                    "executed_at": data.anchor - 1500, "task_id": None, "workspace_id": workspace,
                    "custom_fields": {}, "created_at": data.anchor - 1500, "updated_at": data.anchor - 1500})
                entry_id += 1
                timer_started = True
        if tid % 4 == 1:
            when = _after(base, rng.randint(1, 8) * 3600, ENTRY_SPAN, data.anchor)
            entries.setdefault(("tickets", tid), []).append({
                "id": entry_id, "agent_id": owner, "note": rng.choice(ENTRY_NOTES),
                "time_spent": 60 * rng.choice([10, 15, 30, 45, 60, 90]), "timer_running": False,
                "start_time": when, "billable": rng.random() < 0.7, "executed_at": when, "task_id": None,
                "workspace_id": workspace, "custom_fields": {}, "created_at": when, "updated_at": when})
            entry_id += 1
    rest["next_task_id"], rest["next_time_entry_id"] = task_id, entry_id

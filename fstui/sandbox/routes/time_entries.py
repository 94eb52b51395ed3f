"""Time entries of tickets, problems, changes and releases (API-SUPPLEMENT §3.4, §8.8):
GET/POST …/{id}/time_entries, GET/PUT/DELETE …/{id}/time_entries/{entry_id}.

Body ``{"time_entry": {...}}`` (tickets' docs) or unwrapped (problems'/changes'/releases' docs): agent_id
(mandatory on create), note, time_spent ("hh:mm"), timer_running, billable (default true), executed_at, task_id.
Rules, each a 400: time_spent is mandatory unless timer_running is true (missing_field); time_spent cannot be
set while the timer runs (incompatible_field); one running timer per agent across the account
(invalid_value); an update cannot set timer_running to the value it has (invalid_value); executed_at is
not in the future (invalid_value); task_id names a task of the same parent assigned to the entry's agent
(invalid_value). Stopping a timer adds the elapsed time to time_spent. POST 201; DELETE 200 (docs).
"""

from __future__ import annotations

import re

from ..app import Ctx, Resp
from ..store_rest import out
from ..validation import Validator
from . import itsm
from .common import check_params, created
from .kit import bind, check_refs, hhmm, paged
from .tasks import tasks_of

ENTRY_KEYS = ("id", "created_at", "updated_at", "start_time", "timer_running", "billable", "time_spent",
              "executed_at", "task_id", "workspace_id", "note", "agent_id", "custom_fields")
ENTRY_TIMES = frozenset({"created_at", "updated_at", "start_time", "executed_at"})
ENTRY_SPEC = {"agent_id": "int", "note": "str", "time_spent": "str", "timer_running": "bool", "billable": "bool",
              "executed_at": "date", "task_id": "int"}
HHMM_RE = re.compile(r"^(\d{1,4}):([0-5]\d)$")
PARENTS = ("tickets", "problems", "changes", "releases")


def entry_out(entry: dict) -> dict:
    result = out(entry, ENTRY_KEYS, ENTRY_TIMES)
    result["time_spent"] = hhmm(entry.get("time_spent"))
    return result


def _entries(ctx: Ctx, parent: str) -> list[dict]:
    itsm.parent_record(ctx, parent)
    return ctx.store.rest.time_entries.setdefault((parent, ctx.params["id"]), [])


def _running_elsewhere(ctx: Ctx, agent_id: int, except_id: int | None) -> bool:
    return any(e["timer_running"] and e["agent_id"] == agent_id and e["id"] != except_id
               for entries in ctx.store.rest.time_entries.values() for e in entries)


def _checks(ctx: Ctx, parent: str, v: Validator, entry: dict | None) -> int | None:
    """Validates the body against the rules; returns time_spent in seconds when sent."""
    c = v.clean
    seconds = None
    if c.get("time_spent") is not None:
        m = HHMM_RE.match(c["time_spent"].strip())
        if not m:
            v.add("time_spent", "It should be in the 'hh:mm' format", "invalid_value")
        else:
            seconds = int(m.group(1)) * 3600 + int(m.group(2)) * 60
    agent_id = c.get("agent_id", entry["agent_id"] if entry else None)
    check_refs(ctx, v, {"agent_id": "agent"})
    if c.get("executed_at") is not None and c["executed_at"] > ctx.now:
        v.add("executed_at", "It should not be in the future", "invalid_value")
    if c.get("task_id") is not None:
        task = next((t for t in tasks_of(ctx, parent) if t["id"] == c["task_id"]), None)
        if task is None or task.get("agent_id") != agent_id:
            v.add("task_id", "There is no task of this record assigned to the agent with the given task_id",
                  "invalid_value")
    running_before = bool(entry and entry["timer_running"])
    running = c.get("timer_running", running_before)
    if entry is not None and "timer_running" in v.payload and c.get("timer_running") == running_before:
        v.add("timer_running", f"The timer is already {'running' if running_before else 'stopped'}",
              "invalid_value")
    if running and "time_spent" in v.payload and v.payload["time_spent"] is not None:
        v.add("time_spent", "time_spent cannot be set while the timer is running", "incompatible_field")
    if running and not running_before and agent_id is not None and \
            _running_elsewhere(ctx, agent_id, entry["id"] if entry else None):
        v.add("timer_running", "The agent already has a running timer", "invalid_value")
    return seconds


def list_entries(ctx: Ctx, parent: str) -> Resp:
    check_params(ctx, {"page", "per_page"})
    return paged(ctx, _entries(ctx, parent), "time_entries", entry_out)


def view_entry(ctx: Ctx, parent: str) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"time_entry": entry_out(itsm.child(_entries(ctx, parent), ctx.params["entry_id"]))})


def create_entry(ctx: Ctx, parent: str) -> Resp:
    entries = _entries(ctx, parent)
    record = itsm.parent_record(ctx, parent)
    v = Validator(itsm.unwrap(ctx, "time_entry"), ENTRY_SPEC, form=ctx.form)
    v.require("agent_id")
    if not v.payload.get("timer_running") and v.payload.get("time_spent") is None:
        v.require("time_spent")
    seconds = _checks(ctx, parent, v, None)
    v.raise_if_errors()
    now = ctx.now
    running = bool(v.clean.get("timer_running"))
    entry = {"id": ctx.store.rest.next_id("time_entry"), "agent_id": v.clean["agent_id"],
             "note": v.clean.get("note") or "", "time_spent": seconds or 0, "timer_running": running,
             "start_time": now, "billable": v.clean.get("billable", True) is not False,
             "executed_at": v.clean.get("executed_at") or now, "task_id": v.clean.get("task_id"),
             "workspace_id": record.get("workspace_id") or itsm.PRIMARY_WORKSPACE_ID, "custom_fields": {},
             "created_at": now, "updated_at": now}
    entries.append(entry)
    return created(ctx, "time_entry", entry_out(entry), f"{parent}/{ctx.params['id']}/time_entries/{entry['id']}")


def update_entry(ctx: Ctx, parent: str) -> Resp:
    entry = itsm.child(_entries(ctx, parent), ctx.params["entry_id"])
    v = Validator(itsm.unwrap(ctx, "time_entry"), ENTRY_SPEC, form=ctx.form)
    for name in ("agent_id", "timer_running", "billable", "time_spent", "executed_at"):
        if name in v.payload and v.payload[name] is None:
            v.add(name, "It should not be blank", "invalid_value")
    seconds = _checks(ctx, parent, v, entry)
    v.raise_if_errors()
    now = ctx.now
    changes = {k: val for k, val in v.clean.items() if k not in ("time_spent", "timer_running")}
    if seconds is not None:
        changes["time_spent"] = seconds
    if "timer_running" in v.clean:
        if v.clean["timer_running"]:
            changes.update(timer_running=True, start_time=now)
        else:
            changes.update(timer_running=False,
                           time_spent=entry["time_spent"] + max(0, int(now - entry["start_time"])))
    entry.update(changes)
    entry["updated_at"] = now
    return Resp(200, {"time_entry": entry_out(entry)})


def delete_entry(ctx: Ctx, parent: str) -> Resp:
    entries = _entries(ctx, parent)
    entries.remove(itsm.child(entries, ctx.params["entry_id"]))
    return Resp(200)


ROUTES = []
for _p in PARENTS:
    ROUTES += [
        (f"/api/v2/{_p}/{{id}}/time_entries", {"GET": bind(list_entries, _p), "POST": bind(create_entry, _p)}),
        (f"/api/v2/{_p}/{{id}}/time_entries/{{entry_id}}",
         {"GET": bind(view_entry, _p), "PUT": bind(update_entry, _p), "DELETE": bind(delete_entry, _p)}),
    ]

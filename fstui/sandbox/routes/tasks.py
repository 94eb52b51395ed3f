"""Tasks of tickets, problems, changes and releases (API-SUPPLEMENT §3.4, §8.8):
GET/POST …/{id}/tasks, GET/PUT/DELETE …/{id}/tasks/{task_id}.

Body unwrapped (``{"task": {...}}`` is accepted too): title, description, status (1 Open, 2 In Progress,
3 Completed, 4 Blocked), due_date, notify_before (seconds), agent_id, group_id, workspace_id (create only;
default the parent's). Mandatory on create: title, description, due_date, notify_before (the vendor's
"Create a Task" lists these; the fact sheet is silent). Completing sets closed_at; reopening clears it.
POST 201, DELETE 204 (permanent). Lists are oldest first, paged.
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..store_rest import out
from ..validation import Validator
from . import itsm
from .common import check_params, created
from .kit import bind, check_refs, check_workspace, paged
from .workspace_members import check_members

TASK_KEYS = ("id", "agent_id", "status", "due_date", "notify_before", "title", "description", "created_at",
             "updated_at", "closed_at", "group_id", "workspace_id")
TASK_TIMES = frozenset({"due_date", "created_at", "updated_at", "closed_at"})
TASK_SPEC = {"title": "str", "description": "str", "status": "int", "due_date": "date", "notify_before": "int",
             "agent_id": "int", "group_id": "int", "workspace_id": "int"}
TASK_STATUSES = [1, 2, 3, 4]
PARENTS = ("tickets", "problems", "changes", "releases")


def task_out(task: dict) -> dict:
    return out(task, TASK_KEYS, TASK_TIMES)


def tasks_of(ctx: Ctx, parent: str) -> list[dict]:
    itsm.parent_record(ctx, parent)
    return ctx.store.rest.tasks.setdefault((parent, ctx.params["id"]), [])


def _checks(ctx: Ctx, v: Validator) -> None:
    v.choice("status", TASK_STATUSES)
    c = v.clean
    check_refs(ctx, v, {"agent_id": "agent", "group_id": "group"})
    if c.get("notify_before") is not None and c["notify_before"] < 0:
        v.add("notify_before", "It should be a Positive Integer (seconds)", "invalid_value")
    for name in ("title", "description", "status", "due_date", "notify_before"):
        if name in v.payload and v.payload[name] is not None and not str(v.payload[name]).strip():
            v.add(name, "It should not be blank", "invalid_value")


def _closed(task: dict, now: float) -> None:
    if task["status"] == 3 and task.get("closed_at") is None:
        task["closed_at"] = now
    elif task["status"] != 3:
        task["closed_at"] = None


def list_tasks(ctx: Ctx, parent: str) -> Resp:
    check_params(ctx, {"page", "per_page"})
    return paged(ctx, tasks_of(ctx, parent), "tasks", task_out)


def view_task(ctx: Ctx, parent: str) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"task": task_out(itsm.child(tasks_of(ctx, parent), ctx.params["task_id"]))})


def create_task(ctx: Ctx, parent: str) -> Resp:
    tasks = tasks_of(ctx, parent)
    record = itsm.parent_record(ctx, parent)
    v = Validator(itsm.unwrap(ctx, "task"), TASK_SPEC, form=ctx.form)
    v.require("title", "description", "due_date", "notify_before")
    _checks(ctx, v)
    v.raise_if_errors()
    workspace_id = v.clean.get("workspace_id") or record.get("workspace_id") or itsm.PRIMARY_WORKSPACE_ID
    check_workspace(ctx, workspace_id)
    check_members(v, ctx.store, workspace_id, v.clean, "agent_id", "task")  # its workspace's group and agent
    v.raise_if_errors()
    task = {"id": ctx.store.rest.next_id("task"), "agent_id": None, "group_id": None, "status": 1,
            "closed_at": None, "created_at": ctx.now, "updated_at": ctx.now}
    task.update(v.clean)
    task["workspace_id"] = workspace_id
    _closed(task, ctx.now)
    tasks.append(task)
    return created(ctx, "task", task_out(task), f"{parent}/{ctx.params['id']}/tasks/{task['id']}")


def update_task(ctx: Ctx, parent: str) -> Resp:
    task = itsm.child(tasks_of(ctx, parent), ctx.params["task_id"])
    spec = {k: t for k, t in TASK_SPEC.items() if k != "workspace_id"}
    v = Validator(itsm.unwrap(ctx, "task"), spec, form=ctx.form)
    for name in ("title", "description", "status", "due_date", "notify_before"):
        if name in v.payload and v.payload[name] is None:
            v.add(name, "It should not be blank", "invalid_value")
    _checks(ctx, v)
    check_members(v, ctx.store, task.get("workspace_id") or itsm.PRIMARY_WORKSPACE_ID, v.clean, "agent_id",
                  "task")
    v.raise_if_errors()
    task.update(v.clean)
    task["updated_at"] = ctx.now
    _closed(task, ctx.now)
    return Resp(200, {"task": task_out(task)})


def delete_task(ctx: Ctx, parent: str) -> Resp:
    tasks = tasks_of(ctx, parent)
    tasks.remove(itsm.child(tasks, ctx.params["task_id"]))
    return Resp(204)


ROUTES = []
for _p in PARENTS:
    ROUTES += [
        (f"/api/v2/{_p}/{{id}}/tasks", {"GET": bind(list_tasks, _p), "POST": bind(create_task, _p)}),
        (f"/api/v2/{_p}/{{id}}/tasks/{{task_id}}", {"GET": bind(view_task, _p), "PUT": bind(update_task, _p),
                                                    "DELETE": bind(delete_task, _p)}),
    ]

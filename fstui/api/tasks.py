"""Tasks of a ticket (API-SUPPLEMENT §3.4): GET/POST /tickets/{id}/tasks, GET/PUT/DELETE
/tickets/{id}/tasks/{task_id}.

Bodies are sent unwrapped (the documented form). Status: 1 Open, 2 In Progress, 3 Completed (the server
sets ``closed_at``), 4 Blocked (object table only; fstui offers 1-3 as the issue names). ``due_date`` is
an ISO-8601 UTC timestamp; ``notify_before`` is in seconds. DELETE is permanent (204).
Errors: fstui.api.errors (400 ValidationError with field errors, 404 NotFound, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fstui.api.models import FSModel, UTCDateTime, check_fields
from fstui.api.paging import Page, check_paging
from fstui.api.params import page_params
from fstui.api.transport import Transport

TASK_STATUSES = {1: "Open", 2: "In Progress", 3: "Completed", 4: "Blocked"}
#: the statuses an agent sets from fstui (the issue's three; Blocked is shown when the server has it)
SETTABLE_TASK_STATUSES = (1, 2, 3)
TASK_FIELDS = frozenset({"title", "description", "status", "due_date", "notify_before", "agent_id", "group_id",
                         "workspace_id"})


class Task(FSModel):
    id: int
    title: str | None = None
    description: str | None = None
    status: int | None = None
    agent_id: int | None = None
    group_id: int | None = None
    due_date: UTCDateTime = None
    notify_before: int | None = None
    closed_at: UTCDateTime = None
    workspace_id: int | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None

    @property
    def status_name(self) -> str:
        return TASK_STATUSES.get(self.status or 0, f"status {self.status}")


class TasksApi(Transport):
    async def list_ticket_tasks(self, ticket_id: int, page: int = 1, per_page: int = 100) -> Page[Task]:
        """GET /tickets/[id]/tasks (oldest first)."""
        check_paging(page, per_page)
        return await self._get_page(Task, f"/tickets/{int(ticket_id)}/tasks", "tasks", page,
                                    page_params(page, per_page), "task")

    async def create_ticket_task(self, ticket_id: int, fields: Mapping[str, Any]) -> Task:
        """POST /tickets/[id]/tasks; mandatory: title, description, due_date, notify_before."""
        payload = check_fields(dict(fields), TASK_FIELDS, "create task")
        return await self._write_one("POST", Task, f"/tickets/{int(ticket_id)}/tasks", "task", payload)

    async def update_ticket_task(self, ticket_id: int, task_id: int, fields: Mapping[str, Any]) -> Task:
        payload = check_fields(dict(fields), TASK_FIELDS - {"workspace_id"}, "update task")
        return await self._write_one("PUT", Task, f"/tickets/{int(ticket_id)}/tasks/{int(task_id)}", "task",
                                     payload)

    async def delete_ticket_task(self, ticket_id: int, task_id: int) -> None:
        await self._delete(f"/tickets/{int(ticket_id)}/tasks/{int(task_id)}")

"""/problems: list (workspace_id, updated_since), view, create, update, delete (200), restore (204).

API-SUPPLEMENT §6 (object) and §8.8 (create: requester_id or email, subject, description, status, priority,
impact, due_by mandatory). Statuses 1 Open, 2 Change Requested, 3 Closed; priority 1-4; impact 1-3.
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..store_rest import problem_out
from . import itsm
from .common import check_params
from .kit import paged, workspace_scope

PROBLEMS = itsm.Kind(
    plural="problems", singular="problem",
    spec={**itsm.COMMON_SPEC, "requester_id": "int", "email": "email", "impact": "int", "due_by": "date",
          "known_error": "bool", "analysis_fields": "dict"},
    required=("subject", "description", "status", "priority", "impact", "due_by"),
    choices={"status": [1, 2, 3], "priority": [1, 2, 3, 4], "impact": [1, 2, 3]},
    out=problem_out, custom_fields=("root_cause_found",),
    text_groups={"analysis_fields": ("problem_cause", "problem_symptom", "problem_impact")},
    delete_status=200, defaults={"known_error": False, "associated_change": None},
)


def list_problems(ctx: Ctx) -> Resp:
    check_params(ctx, {"workspace_id", "updated_since", "page", "per_page"})
    scope = workspace_scope(ctx)
    since = itsm.updated_since(ctx)
    items = [p for p in ctx.store.problems.values() if not p["deleted"] and scope.has(p)
             and (since is None or p["updated_at"] >= since)]
    return paged(ctx, itsm.newest_first(items), "problems", scope.fields(problem_out))


def view_problem(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return itsm.view(ctx, PROBLEMS)


ROUTES = itsm.routes(PROBLEMS, {
    "list": list_problems, "view": view_problem, "create": lambda ctx: itsm.create(ctx, PROBLEMS),
    "update": lambda ctx: itsm.update(ctx, PROBLEMS), "delete": lambda ctx: itsm.delete(ctx, PROBLEMS),
    "restore": lambda ctx: itsm.restore(ctx, PROBLEMS),
})

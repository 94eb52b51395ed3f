"""/releases: list (workspace_id; legacy filter_name gives a bare array), view, create, update, delete
(200), restore (204).

API-SUPPLEMENT §6 and §8.8: create needs subject, description, status, priority, release_type,
planned_start_date, planned_end_date (no requester); the body is accepted unwrapped (docs' create sample)
or as {"release": {...}} (update sample, OAS). Statuses 1 Open, 2 On hold, 3 In Progress, 4 Incomplete,
5 Completed; release_type 1 minor, 2 standard, 3 major, 4 emergency.
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..store_rest import release_out
from ..validation import field_error, validation_failed
from . import itsm
from .common import check_params, choice_param
from .kit import paged, workspace_scope

RELEASES = itsm.Kind(
    plural="releases", singular="release",
    spec={**itsm.COMMON_SPEC, "release_type": "int", "planned_start_date": "date", "planned_end_date": "date",
          "work_start_date": "date", "work_end_date": "date", "planning_fields": "dict",
          "associated_changes": "int_list"},
    required=("subject", "description", "status", "priority", "release_type", "planned_start_date",
              "planned_end_date"),
    choices={"status": [1, 2, 3, 4, 5], "priority": [1, 2, 3, 4], "release_type": [1, 2, 3, 4]},
    out=release_out, custom_fields=("go_live_checklist",),
    text_groups={"planning_fields": ("build_plan", "test_plan")},
    delete_status=200, has_requester=False, defaults={"associated_assets": [], "associated_changes": []},
)
FILTER_NAMES = ("all", "my_open", "unassigned", "completed", "incompleted", "deleted")


def list_releases(ctx: Ctx) -> Resp:
    check_params(ctx, {"workspace_id", "filter_name", "page", "per_page"})
    scope = workspace_scope(ctx)
    name = choice_param(ctx, "filter_name", FILTER_NAMES)
    me = ctx.agent["id"]
    rules = {
        None: lambda r: not r["deleted"], "all": lambda r: not r["deleted"], "deleted": lambda r: r["deleted"],
        "my_open": lambda r: not r["deleted"] and r["agent_id"] == me and r["status"] != 5,
        "unassigned": lambda r: not r["deleted"] and r["agent_id"] is None,
        "completed": lambda r: not r["deleted"] and r["status"] == 5,
        "incompleted": lambda r: not r["deleted"] and r["status"] != 5,
    }
    items = itsm.newest_first(r for r in ctx.store.rest.releases.values() if scope.has(r) and rules[name](r))
    resp = paged(ctx, items, "releases", scope.fields(release_out))
    if name is not None:  # the legacy (v1-like) filter answers with a bare array
        resp.body = resp.body["releases"]
    return resp


def view_release(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return itsm.view(ctx, RELEASES)


def _check_changes(ctx: Ctx, handler) -> Resp:
    body = itsm.unwrap(ctx, "release")
    ids = body.get("associated_changes")
    if isinstance(ids, list):
        unknown = [i for i in ids if isinstance(i, int) and i not in ctx.store.changes]
        if unknown:
            raise validation_failed([field_error("associated_changes", f"There is no change with id {unknown[0]}",
                                                 "invalid_value")])
    resp = handler(ctx, RELEASES)
    release = ctx.store.rest.releases[resp.body["release"]["id"]]
    release["associated_assets"] = list(release.get("assets") or [])
    resp.body["release"] = release_out(release)
    return resp


ROUTES = itsm.routes(RELEASES, {
    "list": list_releases, "view": view_release, "create": lambda ctx: _check_changes(ctx, itsm.create),
    "update": lambda ctx: _check_changes(ctx, itsm.update), "delete": lambda ctx: itsm.delete(ctx, RELEASES),
    "restore": lambda ctx: itsm.restore(ctx, RELEASES),
})

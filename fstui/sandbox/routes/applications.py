"""/applications (software): list, view, users, installations (API-SUPPLEMENT §8.3), read-only here.

    GET /applications[?workspace_id]                {"applications": [...]}   (0 = all workspaces)
    GET /applications/{id}                          {"application": {...}}
    GET /applications/{id}/users                    {"application_users": [...]}
    GET /applications/{id}/users/{app_user_id}      {"application_user": {...}}
    GET /applications/{id}/installations            {"installations": [...]}

The list's key is ``applications`` (what public clients read; the docs' sample says ``application``).
``installation_machine_id`` is an asset's display id, ``license_id`` a contract's (null when unlicensed).
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..store_rest import out
from .common import check_params, get_or_404
from .itsm import child
from .kit import paged, simple_list

APPLICATION_KEYS = ("id", "name", "description", "notes", "application_type", "status", "category",
                    "publisher_id", "managed_by_id", "sources", "user_count", "installation_count",
                    "additional_data", "workspace_id", "created_at", "updated_at")
APP_USER_KEYS = ("id", "user_id", "license_id", "allocated_date", "first_used", "last_used", "source",
                 "created_at", "updated_at")
APP_USER_TIMES = frozenset({"allocated_date", "first_used", "last_used", "created_at", "updated_at"})
INSTALLATION_KEYS = ("id", "installation_machine_id", "installation_path", "version", "user_id", "department_id",
                     "installation_date", "created_at", "updated_at")
INSTALLATION_TIMES = frozenset({"installation_date", "created_at", "updated_at"})


def application_out(app: dict) -> dict:
    return out(app, APPLICATION_KEYS)


def list_applications(ctx: Ctx) -> Resp:
    return simple_list(ctx, ctx.store.rest.applications.values(), "applications", application_out, workspace=True)


def view_application(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"application": application_out(get_or_404(ctx.store.rest.applications, ctx.params["id"]))})


def list_application_users(ctx: Ctx) -> Resp:
    check_params(ctx, {"page", "per_page"})
    get_or_404(ctx.store.rest.applications, ctx.params["id"])
    users = ctx.store.rest.application_users.get(ctx.params["id"], [])
    return paged(ctx, users, "application_users", lambda u: out(u, APP_USER_KEYS, APP_USER_TIMES))


def view_application_user(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    get_or_404(ctx.store.rest.applications, ctx.params["id"])
    user = child(ctx.store.rest.application_users.get(ctx.params["id"], []), ctx.params["app_user_id"])
    return Resp(200, {"application_user": out(user, APP_USER_KEYS, APP_USER_TIMES)})


def list_installations(ctx: Ctx) -> Resp:
    check_params(ctx, {"page", "per_page"})
    get_or_404(ctx.store.rest.applications, ctx.params["id"])
    rows = ctx.store.rest.installations.get(ctx.params["id"], [])
    return paged(ctx, rows, "installations", lambda i: out(i, INSTALLATION_KEYS, INSTALLATION_TIMES))


ROUTES = [
    ("/api/v2/applications", {"GET": list_applications}),
    ("/api/v2/applications/{id}", {"GET": view_application}),
    ("/api/v2/applications/{id}/users", {"GET": list_application_users}),
    ("/api/v2/applications/{id}/users/{app_user_id}", {"GET": view_application_user}),
    ("/api/v2/applications/{id}/installations", {"GET": list_installations}),
]

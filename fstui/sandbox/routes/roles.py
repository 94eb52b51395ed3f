"""/roles: list and view (roles are read-only in the API)."""

from __future__ import annotations

from ..app import Ctx, Resp
from .common import check_params, get_or_404, list_by_id


def list_roles(ctx: Ctx) -> Resp:
    return list_by_id(ctx, ctx.store.roles.values(), "roles", ctx.store.role_out)


def view_role(ctx: Ctx) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"role": ctx.store.role_out(get_or_404(ctx.store.roles, ctx.params["id"]))})

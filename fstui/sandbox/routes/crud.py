"""The list/view/create/update/delete routes of a plain sandbox collection (``store.rest.<plural>``),
written once for the resources whose endpoints differ only in their fields and checks (vendors, products,
requester groups).

    GET    /api/v2/<plural>             {"<plural>": [...]}, page/per_page, in id order
    GET    /api/v2/<plural>/{id}        {"<singular>": {...}}; 404 unknown
    POST   /api/v2/<plural>             201 {"<singular>": {...}} with Location; 400 the spec's errors
    PUT    /api/v2/<plural>/{id}        200 {"<singular>": {...}}; only what was sent changes
    DELETE /api/v2/<plural>/{id}        204
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..app import Ctx, Resp
from ..validation import Validator
from .common import check_params, created, delete_record, get_or_404
from .kit import simple_list

Handler = Callable[[Ctx], Resp]


@dataclass(frozen=True)
class Collection:
    """One collection's shape: its names, the body's spec and mandatory fields, how a record is shown,
    a new record's defaults, and the checks a write runs (``checks(ctx, validator, record or None)``, which
    raises the errors; ``unique_name`` at its end)."""

    plural: str
    singular: str
    spec: dict[str, str]
    required: tuple[str, ...]
    out: Callable[[dict], dict]
    new: Callable[[Ctx, int], dict]
    checks: Callable[[Ctx, Validator, dict | None], None]
    #: the record a write acts on (default: the one with the path's id, else 404)
    target: Callable[[Ctx], dict] | None = None
    #: after a record is created (e.g. its member list)
    created_hook: Callable[[Ctx, dict], None] | None = None

    def records(self, ctx: Ctx) -> dict[int, dict]:
        return getattr(ctx.store.rest, self.plural)

    def _target(self, ctx: Ctx) -> dict:
        return self.target(ctx) if self.target is not None else get_or_404(self.records(ctx), ctx.params["id"])

    def list(self, ctx: Ctx) -> Resp:
        return simple_list(ctx, self.records(ctx).values(), self.plural, self.out)

    def view(self, ctx: Ctx) -> Resp:
        check_params(ctx, set())
        return Resp(200, {self.singular: self.out(get_or_404(self.records(ctx), ctx.params["id"]))})

    def create(self, ctx: Ctx) -> Resp:
        records = self.records(ctx)
        v = Validator(ctx.payload, self.spec, form=ctx.form)
        v.require(*self.required)
        self.checks(ctx, v, None)
        rid = ctx.store.rest.next_id(self.singular, records)
        record = self.new(ctx, rid)
        record.update(v.clean)
        records[rid] = record
        if self.created_hook is not None:
            self.created_hook(ctx, record)
        return created(ctx, self.singular, self.out(record), f"{self.plural}/{rid}")

    def update(self, ctx: Ctx) -> Resp:
        record = self._target(ctx)
        v = Validator(ctx.payload, self.spec, form=ctx.form)
        self.checks(ctx, v, record)
        record.update(v.clean)
        record["updated_at"] = ctx.now
        return Resp(200, {self.singular: self.out(record)})

    def delete(self, ctx: Ctx) -> Resp:
        return delete_record(ctx, self.records(ctx))

    def routes(self, *, delete: Handler | None = None) -> list[tuple[str, dict[str, Any]]]:
        """The collection's two paths and their methods (``delete``: a DELETE of its own)."""
        return [
            (f"/api/v2/{self.plural}", {"GET": self.list, "POST": self.create}),
            (f"/api/v2/{self.plural}/{{id}}", {"GET": self.view, "PUT": self.update,
                                               "DELETE": delete or self.delete}),
        ]

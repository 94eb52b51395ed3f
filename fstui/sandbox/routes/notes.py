"""Notes of problems, changes and releases (API-SUPPLEMENT §8.8): GET/POST …/{id}/notes,
GET/PUT/DELETE …/{id}/notes/{note_id}.

Body {"body": html, "notify_emails": [...]}; the note is {id, user_id, body, body_text, notify_emails,
created_at, updated_at}; POST 201, DELETE 204; no private/incoming (tickets' notes are conversations).
The author is the caller. Lists are oldest first, paged like the others.
"""

from __future__ import annotations

from ..app import Ctx, Resp
from ..html_text import html_to_text
from ..store_rest import out
from ..validation import Validator
from . import itsm
from .common import check_params, created
from .kit import bind, paged

NOTE_KEYS = ("id", "user_id", "body", "body_text", "notify_emails", "created_at", "updated_at")
NOTE_SPEC = {"body": "str", "notify_emails": "email_list"}
PARENTS = ("problems", "changes", "releases")


def note_out(note: dict) -> dict:
    result = out(note, NOTE_KEYS)
    result["body_text"] = html_to_text(note.get("body"))
    return result


def _notes(ctx: Ctx, parent: str) -> list[dict]:
    itsm.parent_record(ctx, parent)
    return ctx.store.rest.notes.setdefault((parent, ctx.params["id"]), [])


def list_notes(ctx: Ctx, parent: str) -> Resp:
    check_params(ctx, {"page", "per_page"})
    return paged(ctx, _notes(ctx, parent), "notes", note_out)


def view_note(ctx: Ctx, parent: str) -> Resp:
    check_params(ctx, set())
    return Resp(200, {"note": note_out(itsm.child(_notes(ctx, parent), ctx.params["note_id"]))})


def create_note(ctx: Ctx, parent: str) -> Resp:
    notes = _notes(ctx, parent)
    v = Validator(itsm.unwrap(ctx, "note"), NOTE_SPEC, form=ctx.form)
    v.require("body")
    v.raise_if_errors()
    note = {"id": ctx.store.rest.next_id("note"), "user_id": ctx.agent["id"], "body": v.clean["body"],
            "notify_emails": v.clean.get("notify_emails") or None, "created_at": ctx.now, "updated_at": ctx.now}
    notes.append(note)
    return created(ctx, "note", note_out(note), f"{parent}/{ctx.params['id']}/notes/{note['id']}")


def update_note(ctx: Ctx, parent: str) -> Resp:
    note = itsm.child(_notes(ctx, parent), ctx.params["note_id"])
    v = Validator(itsm.unwrap(ctx, "note"), NOTE_SPEC, form=ctx.form)
    if "body" in v.payload and not str(v.payload["body"] or "").strip():
        v.add("body", "It should not be blank", "invalid_value")
    v.raise_if_errors()
    note.update(v.clean)
    note["updated_at"] = ctx.now
    return Resp(200, {"note": note_out(note)})


def delete_note(ctx: Ctx, parent: str) -> Resp:
    notes = _notes(ctx, parent)
    notes.remove(itsm.child(notes, ctx.params["note_id"]))
    return Resp(204)


ROUTES = []
for _p in PARENTS:
    ROUTES += [
        (f"/api/v2/{_p}/{{id}}/notes", {"GET": bind(list_notes, _p), "POST": bind(create_note, _p)}),
        (f"/api/v2/{_p}/{{id}}/notes/{{note_id}}", {"GET": bind(view_note, _p), "PUT": bind(update_note, _p),
                                                    "DELETE": bind(delete_note, _p)}),
    ]

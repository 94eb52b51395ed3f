"""/tickets/[id]/reply, /tickets/[id]/notes, /tickets/[id]/conversations and /conversations/[id]."""

from __future__ import annotations

from .. import seed as seedmod
from ..app import Ctx, Resp
from ..validation import Validator, not_found
from .common import check_params, created, get_or_404, page_of, paging, save_attachments
from .tickets import live_ticket

REPLY_SPEC = {"body": "str", "attachments": "any", "from_email": "email", "user_id": "int",
              "cc_emails": "email_list", "bcc_emails": "email_list"}
NOTE_SPEC = {"body": "str", "attachments": "any", "incoming": "bool", "notify_emails": "email_list",
             "private": "bool", "user_id": "int"}
CONVERSATION_UPDATE_SPEC = {"body": "str", "attachments": "any"}


def _new_conversation(ctx: Ctx, ticket: dict, record: dict) -> dict:
    store = ctx.store
    thread = store.materialize_thread(ticket["id"])
    cid = store.next_conversation_id
    store.next_conversation_id += 1
    record.update(id=cid, ticket_id=ticket["id"], created_at=ctx.now, updated_at=ctx.now)
    thread.append(record)
    store.conversation_ticket[cid] = ticket["id"]
    ticket["updated_at"] = ctx.now
    return record


def _check_user(ctx: Ctx, v: Validator) -> int:
    uid = v.clean.get("user_id")
    if uid is None:
        return ctx.agent["id"]
    if uid not in ctx.store.agents and uid not in ctx.store.requesters:
        v.add("user_id", "There is no user matching the given user_id", "invalid_value")
    return uid


def _posted(ctx: Ctx, spec: dict) -> tuple[dict, Validator, int, list[dict]]:
    """What a reply and a note both check first: the live ticket, the body, the user, the files."""
    ticket = live_ticket(ctx)
    v = Validator(ctx.payload, spec, form=ctx.form)
    v.require("body")
    user_id = _check_user(ctx, v)
    v.raise_if_errors()
    return ticket, v, user_id, save_attachments(ctx, ticket["id"])


def create_reply(ctx: Ctx) -> Resp:
    ticket, v, user_id, attachments = _posted(ctx, REPLY_SPEC)
    from_email = v.clean.get("from_email") or seedmod.SUPPORT_EMAIL
    requester_email = ctx.store.user_email(ticket["requester_id"])
    conv = _new_conversation(ctx, ticket, {
        "body": v.clean["body"], "incoming": False, "private": False, "user_id": user_id,
        "support_email": from_email, "source": 0, "from_email": from_email,
        "to_emails": [requester_email] if requester_email else [],
        "cc_emails": v.clean.get("cc_emails") or [], "bcc_emails": v.clean.get("bcc_emails") or [],
        "attachments": attachments,
    })
    stats = dict(ticket.get("_stats") or {})
    if stats.get("first_responded_at") is None:
        stats["first_responded_at"] = ctx.now
        ticket["_stats"] = stats
    return created(ctx, "conversation", ctx.store.conversation_out(conv, "reply"), f"conversations/{conv['id']}")


def create_note(ctx: Ctx) -> Resp:
    ticket, v, user_id, attachments = _posted(ctx, NOTE_SPEC)
    private = v.clean.get("private")
    conv = _new_conversation(ctx, ticket, {
        "body": v.clean["body"], "incoming": bool(v.clean.get("incoming") or False),
        "private": True if private is None else private, "user_id": user_id, "support_email": None,
        "source": 2, "from_email": None, "to_emails": v.clean.get("notify_emails") or [], "cc_emails": [],
        "bcc_emails": None, "attachments": attachments,
    })
    return created(ctx, "conversation", ctx.store.conversation_out(conv, "note"), f"conversations/{conv['id']}")


def _find_conversation(ctx: Ctx) -> tuple[dict, dict]:
    found = ctx.store.find_conversation(ctx.params["id"])
    if found is None:
        raise not_found()
    ticket_id, _ = found
    ticket = ctx.store.tickets[ticket_id]
    thread = ctx.store.materialize_thread(ticket_id)
    conv = next(c for c in thread if c["id"] == ctx.params["id"])
    return ticket, conv


def update_conversation(ctx: Ctx) -> Resp:
    ticket, conv = _find_conversation(ctx)
    v = Validator(ctx.payload, CONVERSATION_UPDATE_SPEC, form=ctx.form)
    if conv["source"] != 2:
        v.add("id", "Only public & private notes can be edited", "incompatible_field")
    if "body" in ctx.payload and not (v.clean.get("body") or "").strip():
        v.add("body", "It should not be blank", "invalid_value")
    v.raise_if_errors()
    attachments = save_attachments(ctx, ticket["id"])
    if "body" in v.clean:
        conv["body"] = v.clean["body"]
    if attachments:
        conv["attachments"] = list(conv.get("attachments") or []) + attachments
    conv["updated_at"] = ctx.now
    ticket["updated_at"] = ctx.now
    return Resp(200, {"conversation": ctx.store.conversation_out(conv, "note")})


def delete_conversation(ctx: Ctx) -> Resp:
    ticket, conv = _find_conversation(ctx)
    thread = ctx.store.threads[ticket["id"]]
    thread.remove(conv)
    ticket["updated_at"] = ctx.now
    return Resp(204)


def list_conversations(ctx: Ctx) -> Resp:
    check_params(ctx, {"page", "per_page"})
    page, per_page = paging(ctx)
    ticket = get_or_404(ctx.store.tickets, ctx.params["id"])
    thread = sorted(ctx.store.thread(ticket["id"]), key=lambda c: (c["created_at"], c["id"]))
    chunk, headers = page_of(ctx, thread, page, per_page)
    return Resp(200, {"conversations": [ctx.store.conversation_out(c) for c in chunk]}, headers)

"""A ticket's activity timeline and what else a ticket screen reads (API-SUPPLEMENT §3.4), issue 14:

    GET /tickets/{id}/activities[?start_token=T]   {"activities": [...], "next_page_url": "…?start_token=…"}
    PUT /tickets/{id}/promote | demote             {"type": "Major Incident" | "Incident"} -> {"ticket": {...}}
    GET /tickets/{id}/approvals                    one seeded approval on a service request, none otherwise
    GET /tickets/{id}/csat_response                every 4th closed ticket has one; otherwise 404

Activities follow every write the sandbox receives on a ticket (``follow_writes`` wraps the write
handlers of every ``/tickets/{id}...`` route): a field change lists what it set ("set Status as
Pending"), a reply, note, task, time entry, child ticket, delete, restore, promote say so. Each ticket
also has its seeded history (created by the requester, assigned, resolved/closed). Newest first, 20
per page; the start token is an opaque offset (a choice: the docs do not define it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..app import Ctx, Resp
from ..validation import field_error, validation_failed
from .common import check_params, get_or_404
from .labels import choice_label
from .tickets import live_ticket

PAGE = 20
TRACKED = (("status", "Status"), ("priority", "Priority"), ("source", "Source"), ("urgency", "Urgency"),
           ("impact", "Impact"), ("responder_id", "Agent"), ("group_id", "Group"), ("subject", "Subject"),
           ("type", "Type"), ("category", "Category"), ("tags", "Tags"))
#: Fields whose values are choice ids, named with the account's labels (labels.py: custom ones included).
CHOICES = ("status", "priority", "source", "urgency", "impact")


def _log(ctx: Ctx) -> dict[int, list[dict]]:
    rest = ctx.store.rest
    if not hasattr(rest, "activities"):
        rest.activities = {}
    return rest.activities


def _user_name(ctx: Ctx, uid: Any) -> str:
    store = ctx.store
    person = store.agents.get(uid) or store.requesters.get(uid)
    if not person:
        return "Unknown"
    return " ".join(p for p in (person.get("first_name"), person.get("last_name")) if p)


def _group_name(ctx: Ctx, gid: Any) -> str:
    group = ctx.store.groups.get(gid) if gid is not None else None
    return group["name"] if group else "none"


def _value(ctx: Ctx, field: str, value: Any, ticket: dict | None = None) -> str:
    if value in (None, "", []):
        return "none"
    if field in CHOICES:
        return choice_label(ctx.store, field, value, (ticket or {}).get("workspace_id"))
    if field == "responder_id":
        return _user_name(ctx, value)
    if field == "group_id":
        return _group_name(ctx, value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _seeded(ctx: Ctx, ticket: dict) -> list[dict]:
    created = ticket["created_at"]
    out = [{"actor": {"id": ticket["requester_id"], "name": _user_name(ctx, ticket["requester_id"])},
            "content": "created a new ticket", "sub_contents": [], "created_at": created}]
    if ticket.get("group_id") or ticket.get("responder_id"):
        subs = []
        if ticket.get("group_id"):
            subs.append(f"set Group as {_group_name(ctx, ticket['group_id'])}")
        if ticket.get("responder_id"):
            subs.append(f"assigned to {_user_name(ctx, ticket['responder_id'])}")
        out.append({"actor": {"id": 0, "name": "Workflow"}, "content": "executed Assignment rules",
                    "sub_contents": subs, "created_at": created + 60})
    if ticket.get("status") in (4, 5) and ticket.get("responder_id"):
        out.append({"actor": {"id": ticket["responder_id"], "name": _user_name(ctx, ticket["responder_id"])},
                    "content": "updated the ticket",
                    "sub_contents": [f"set Status as {_value(ctx, 'status', ticket['status'], ticket)}"],
                    "created_at": max(created + 120, ticket["updated_at"])})
    return out


def record(ctx: Ctx, ticket_id: int, content: str, subs: list[str] | None = None) -> None:
    _log(ctx).setdefault(ticket_id, []).append({
        "actor": {"id": ctx.agent["id"], "name": _user_name(ctx, ctx.agent["id"])}, "content": content,
        "sub_contents": list(subs or []), "created_at": ctx.now})


def list_activities(ctx: Ctx) -> Resp:
    from ..dates import fmt

    check_params(ctx, {"start_token"})
    ticket = get_or_404(ctx.store.tickets, ctx.params["id"])
    items = _seeded(ctx, ticket) + _log(ctx).get(ticket["id"], [])
    order = {id(a): i for i, a in enumerate(items)}  # same second: the later write first
    items.sort(key=lambda a: (a["created_at"], order[id(a)]), reverse=True)
    token = ctx.query.get("start_token")
    start = 0
    if token:
        if not token.isdigit():
            raise validation_failed([field_error("start_token", "It should be a valid start_token", "invalid_value")])
        start = int(token)
    chunk = items[start:start + PAGE]
    body: dict[str, Any] = {"activities": [dict(a, created_at=fmt(a["created_at"])) for a in chunk]}
    if start + PAGE < len(items):
        body["next_page_url"] = f"{ctx.base_url}/api/v2/tickets/{ticket['id']}/activities?start_token={start + PAGE}"
    return Resp(200, body)


def _set_type(ctx: Ctx, new: str, allowed_from: str) -> Resp:
    ticket = live_ticket(ctx)
    payload = ctx.payload or {}
    if payload.get("type") not in (None, new):
        raise validation_failed([field_error("type", f"It should be '{new}'", "invalid_value")])
    if ticket.get("type") != allowed_from:
        raise validation_failed([field_error("type", f"Only an {allowed_from} can become a {new}", "invalid_value")])
    ticket["type"] = new
    ticket["updated_at"] = ctx.now
    return Resp(200, {"ticket": ctx.store.ticket_out(ticket, "write")})


def promote(ctx: Ctx) -> Resp:
    return _set_type(ctx, "Major Incident", "Incident")


def demote(ctx: Ctx) -> Resp:
    return _set_type(ctx, "Incident", "Major Incident")


def approvals(ctx: Ctx) -> Resp:
    """A service request has one approval by its group's agent (seeded from its id: approved, requested or
    rejected); other tickets have none."""
    from ..dates import fmt

    check_params(ctx, set())
    ticket = live_ticket(ctx)
    if ticket.get("type") != "Service Request":
        return Resp(200, {"approvals": []})
    approver = ticket.get("responder_id") or ctx.agent["id"]
    status = (1, 0, 2)[ticket["id"] % 3]
    when = fmt(ticket["created_at"] + 3600)
    return Resp(200, {"approvals": [{
        "id": 1000570000 + ticket["id"], "created_at": when, "updated_at": when, "approver_id": approver,
        "approver_name": _user_name(ctx, approver), "approval_type": 2, "user_id": ticket["requester_id"],
        "user_name": _user_name(ctx, ticket["requester_id"]), "level": 1,
        "approval_status": {"id": status, "name": ("Requested", "Approved", "Rejected")[status]},
        "delegatee": None, "approval_group": None, "latest_remark": None}]})


def csat(ctx: Ctx) -> Resp:
    from ..dates import fmt
    from ..validation import not_found

    check_params(ctx, set())
    ticket = live_ticket(ctx)
    if ticket.get("status") != 5 or ticket["id"] % 4:
        raise not_found()
    rating = (101, 102, 103, -101)[ticket["id"] // 4 % 4]
    text = {101: "Happy", 102: "Very happy", 103: "Extremely happy", -101: "Unhappy"}[rating]
    when = ticket["updated_at"]
    return Resp(200, {"csat_response": {
        "id": 1000560000 + ticket["id"], "overall_rating": rating, "overall_rating_text": text,
        "primary_question": "How would you rate your overall satisfaction for the resolution provided by the agent?",
        "questionnaire_responses": [{"question": {"question_text": "Any comments?"},
                                     "answers": [{"answer_text": "Quick and friendly." if rating > 0
                                                  else "Took too long."}]}],
        "created_at": fmt(when), "updated_at": fmt(when)}})


ROUTES = [
    ("/api/v2/tickets/{id}/activities", {"GET": list_activities}),
    ("/api/v2/tickets/{id}/promote", {"PUT": promote}),
    ("/api/v2/tickets/{id}/demote", {"PUT": demote}),
    ("/api/v2/tickets/{id}/approvals", {"GET": approvals}),
    ("/api/v2/tickets/{id}/csat_response", {"GET": csat}),
]


# ---- activities follow every write the sandbox receives on a ticket --------------------------------

def _describe(ctx: Ctx, template: str, method: str, before: dict | None, after: dict | None,
              resp: Resp) -> tuple[str, list[str]] | None:
    tail = template.split("/api/v2/tickets/{id}", 1)[1]
    body = resp.body if isinstance(resp.body, dict) else {}
    if tail == "" and method == "PUT" and before is not None and after is not None:
        ticket = ctx.store.tickets.get(ctx.params.get("id"))
        subs = [f"set {label} as {_value(ctx, f, after.get(f), ticket)}" if f != "responder_id"
                else f"assigned to {_value(ctx, f, after.get(f))}"
                for f, label in TRACKED if before.get(f) != after.get(f)]
        return ("updated the ticket", subs) if subs else None
    if tail == "" and method == "DELETE":
        return "deleted the ticket", []
    simple = {"/restore": "restored the ticket", "/reply": "sent a reply",
              "/promote": "promoted it to a Major Incident", "/demote": "demoted it to an Incident"}
    if tail in simple:
        return simple[tail], []
    if tail == "/notes":
        private = (body.get("conversation") or {}).get("private", True)
        return ("added a private note" if private else "added a public note"), []
    if tail == "/create_child_ticket":
        return f"created the child ticket #{(body.get('ticket') or {}).get('id')}", []
    if tail.startswith("/tasks"):
        task = body.get("task") or {}
        verb = {"POST": "added a task", "PUT": "updated a task", "DELETE": "deleted a task"}[method]
        subs = [f"set Status as {({1: 'Open', 2: 'In Progress', 3: 'Completed', 4: 'Blocked'}).get(task['status'])}"] \
            if method == "PUT" and "status" in (ctx.payload or {}) and task else []
        return (f"{verb}: {task['title']}" if task.get("title") else verb), subs
    if tail.startswith("/time_entries"):
        entry = body.get("time_entry") or {}
        if method == "PUT" and "timer_running" in str(ctx.payload):
            return ("started the timer" if entry.get("timer_running") else "stopped the timer"), []
        verbs = {"POST": "added a time entry", "PUT": "updated a time entry", "DELETE": "deleted a time entry"}
        return verbs[method], []
    return None


def _follow(template: str, method: str, handler: Callable[[Ctx], Resp]) -> Callable[[Ctx], Resp]:
    def write(ctx: Ctx) -> Resp:
        ticket = ctx.store.tickets.get(ctx.params.get("id"))
        before = {f: (list(ticket[f]) if isinstance(ticket.get(f), list) else ticket.get(f))
                  for f, _ in TRACKED} if ticket else None
        resp = handler(ctx)
        if ticket is not None and resp.status < 300:
            after = {f: ticket.get(f) for f, _ in TRACKED}
            described = _describe(ctx, template, method, before, after, resp)
            if described:
                record(ctx, ticket["id"], *described)
        return resp

    return write


def _follow_conversation(method: str, handler: Callable[[Ctx], Resp]) -> Callable[[Ctx], Resp]:
    """Editing or deleting a note (``/conversations/{id}``) is an activity of the note's ticket."""
    from .conversations import _find_conversation

    def write(ctx: Ctx) -> Resp:
        try:
            ticket, _conv = _find_conversation(ctx)
        except Exception:  # noqa: BLE001 - the handler answers the 404
            ticket = None
        resp = handler(ctx)
        if ticket is not None and resp.status < 300:
            record(ctx, ticket["id"], "edited a note" if method == "PUT" else "deleted a conversation")
        return resp

    return write


def follow_writes(routes: list[tuple[str, dict]]) -> None:
    """Wrap the writes of every ``/api/v2/tickets/{id}…`` route (and of ``/conversations/{id}``) so the
    ticket's activities follow them."""
    for template, methods in routes:
        if template == "/api/v2/conversations/{id}":
            for method in ("PUT", "DELETE"):
                if method in methods:
                    methods[method] = _follow_conversation(method, methods[method])
            continue
        if not template.startswith("/api/v2/tickets/{id}"):
            continue
        for method in ("POST", "PUT", "DELETE"):
            if method in methods:
                methods[method] = _follow(template, method, methods[method])

"""The sandbox's in-memory account: seeded records, their changes, and the JSON shapes they go out in.

Records are plain dicts with epoch-second timestamps; serializers turn them into the shapes of
the reference's examples (timestamps as YYYY-MM-DDTHH:MM:SSZ, blanks as null). ``reset()`` goes
back to the seeded state without regenerating it.
"""

from __future__ import annotations

from . import seed as seedmod
from . import seed_rest  # the rest of the API public clients call (issue 16): seed, state and shapes
from .html_text import html_to_text
from .store_rest import RestState, change_out, problem_out
from .dates import fmt
from .shapes_current import (
    AGENT_EXTRA,
    ASSET_EXTRA,
    GROUP_EXTRA,
    REQUESTER_EXTRA,
    TICKET_LIST_EXTRA,
    TICKET_VIEW_EXTRA,
    current_agent_fields,
    current_asset_fields,
    current_requester_fields,
    current_ticket_fields,
    role_type,
)

# Keys of each response shape, in the reference's order.
TICKET_LIST_KEYS = (
    "cc_emails", "fwd_emails", "reply_cc_emails", "fr_escalated", "spam", "email_config_id", "group_id",
    "priority", "requester_id", "responder_id", "source", "status", "subject", "to_emails", "department_id",
    "id", "type", "due_by", "fr_due_by", "is_escalated", "description", "description_text", "category",
    "sub_category", "item_category", "custom_fields", "created_at", "updated_at", "deleted",
)
TICKET_VIEW_KEYS = (
    "cc_emails", "fwd_emails", "reply_cc_emails", "fr_escalated", "spam", "email_config_id", "group_id",
    "priority", "requester_id", "responder_id", "source", "status", "subject", "to_emails", "sla_policy_id",
    "department_id", "id", "type", "due_by", "fr_due_by", "is_escalated", "description", "description_text",
    "custom_fields", "created_at", "updated_at", "urgency", "impact", "category", "sub_category",
    "item_category", "deleted", "attachments",
)
TICKET_WRITE_KEYS = (
    "cc_emails", "fwd_emails", "reply_cc_emails", "fr_escalated", "spam", "email_config_id", "group_id",
    "priority", "requester_id", "responder_id", "source", "status", "subject", "to_emails", "department_id",
    "id", "type", "due_by", "fr_due_by", "is_escalated", "description", "description_text", "category",
    "sub_category", "item_category", "custom_fields", "created_at", "updated_at", "tags", "attachments",
)
CONVERSATION_LIST_KEYS = (
    "id", "body", "body_text", "incoming", "private", "created_at", "updated_at", "user_id", "support_email",
    "source", "ticket_id", "to_emails", "from_email", "cc_emails", "bcc_emails", "attachments",
)
REPLY_KEYS = (
    "id", "user_id", "from_email", "cc_emails", "bcc_emails", "body", "body_text", "ticket_id", "to_emails",
    "attachments", "created_at", "updated_at",
)
NOTE_KEYS = (
    "id", "incoming", "private", "user_id", "support_email", "body", "body_text", "ticket_id", "to_emails",
    "attachments", "created_at", "updated_at",
)
REQUESTER_KEYS = (
    "id", "first_name", "last_name", "job_title", "primary_email", "secondary_emails", "work_phone_number",
    "mobile_phone_number", "department_ids", "can_see_all_tickets_from_associated_departments",
    "reporting_manager_id", "address", "time_zone", "language", "location_id", "background_information",
    "custom_fields", "created_at", "updated_at",
)
AGENT_KEYS = (
    "id", "first_name", "last_name", "occasional", "job_title", "email", "work_phone_number",
    "mobile_phone_number", "reporting_manager_id", "time_zone", "language", "location_id",
    "scoreboard_level_id", "last_login_at", "created_at", "updated_at",
)  # the reference's scopes/group_ids/role_ids: no longer served (shapes_current.py)
GROUP_KEYS = (
    "id", "name", "description", "business_hours_id", "escalate_to", "unassigned_for",
    "auto_ticket_assign", "created_at", "updated_at",
)  # the reference's agent_ids: served as members/observers (shapes_current.py)
ROLE_KEYS = ("id", "name", "description", "default", "scopes", "created_at", "updated_at")
ASSET_KEYS = (
    "id", "display_id", "name", "ci_type_id", "impact", "author_type", "usage_type", "asset_tag", "user_id",
    "department_id", "agent_id", "created_at", "updated_at",
)
# The current API's fields follow the reference's (shapes_current.py).
TICKET_LIST_KEYS += TICKET_LIST_EXTRA
TICKET_VIEW_KEYS += TICKET_VIEW_EXTRA
TICKET_WRITE_KEYS += TICKET_VIEW_EXTRA
REQUESTER_KEYS += REQUESTER_EXTRA
AGENT_KEYS += AGENT_EXTRA
GROUP_KEYS += GROUP_EXTRA
ASSET_KEYS += ASSET_EXTRA
ATTACHMENT_KEYS = ("id", "content_type", "size", "name", "attachment_url", "created_at", "updated_at")
TIME_KEYS = frozenset({
    "created_at", "updated_at", "due_by", "fr_due_by", "last_login_at", "first_responded_at", "resolved_at",
    "closed_at", "planned_start_date", "planned_end_date",
})

MAX_ATTACHMENT_BYTES = 40 * 1024 * 1024  # per ticket (API-SUPPLEMENT §0)

def _out(record: dict, keys: tuple[str, ...]) -> dict:
    out = {}
    for key in keys:
        value = record.get(key)
        if key in TIME_KEYS:
            value = fmt(value)
        elif key == "attachments":
            value = [attachment_out(a) for a in (value or [])]
        elif isinstance(value, (list, dict, set)):
            value = list(value) if isinstance(value, set) else (value.copy())
        out[key] = value
    return out


def attachment_out(att: dict) -> dict:
    return _out(att, ATTACHMENT_KEYS)


class Store:
    def __init__(self, base: seedmod.SeedData) -> None:
        self.base = base
        self.reset()

    def reset(self) -> None:
        b = self.base
        self.tickets: dict[int, dict] = {k: dict(v) for k, v in b.tickets.items()}
        self.agents: dict[int, dict] = {k: dict(v) for k, v in b.agents.items()}
        self.requesters: dict[int, dict] = {k: dict(v) for k, v in b.requesters.items()}
        self.groups: dict[int, dict] = {k: dict(v) for k, v in b.groups.items()}
        self.roles: dict[int, dict] = {k: dict(v) for k, v in b.roles.items()}
        self.assets: dict[int, dict] = {k: dict(v) for k, v in b.assets.items()}
        if not b.rest:
            b.rest = seed_rest.generate(b)  # completes b.problems and b.changes
        self.problems: dict[int, dict] = {k: dict(v) for k, v in b.problems.items()}
        self.changes: dict[int, dict] = {k: dict(v) for k, v in b.changes.items()}
        self.rest = RestState(b.rest, self.problems, self.changes)  # the rest of the API (issue 16)
        self.departments = b.departments
        self.ticket_fields = b.ticket_fields
        self.requester_fields = b.requester_fields
        # The current API beyond the reference (seed_workspaces.py; read-only in the sandbox).
        self.workspaces = b.workspaces
        self.locations = b.locations
        self.asset_types = b.asset_types
        self.sla_policies = b.sla_policies
        self.business_hours = b.business_hours
        self.form_fields = b.form_fields
        self.threads: dict[int, list[dict]] = {}  # ticket id -> materialized thread (after a write)
        self.conversation_ticket: dict[int, int] = {}  # conversation id created via the API -> ticket id
        self.uploads: dict[int, bytes] = {}
        self.next_ticket_id = max(self.tickets, default=0) + 1
        self.next_user_id = b.next_user_id
        self.next_group_id = max(self.groups, default=seedmod.GROUP_ID_BASE) + 1
        self.next_conversation_id = seedmod.NEW_ID_BASE
        self.next_attachment_id = seedmod.NEW_ID_BASE
        self._agent_ids = list(self.agents)
        # Seeded threads are written by the agents of the ticket's workspace (so the IT desk's
        # threads stay as they were before the other workspaces existed).
        self._workspace_agents: dict[int, list[int]] = {}
        for uid, agent in self.agents.items():
            for wid in agent.get("workspace_ids") or ():
                self._workspace_agents.setdefault(wid, []).append(uid)
        self._email_index: dict[str, int] | None = None

    # --- ids ---------------------------------------------------------------------------------
    def new_user_id(self) -> int:
        uid = self.next_user_id
        self.next_user_id += 1
        return uid

    def new_attachment_id(self) -> int:
        aid = self.next_attachment_id
        self.next_attachment_id += 1
        return aid

    # --- lookups -------------------------------------------------------------------------------
    def user_by_email(self, email: str) -> tuple[str, dict] | None:
        email = email.strip().lower()
        for agent in self.agents.values():
            if (agent.get("email") or "").lower() == email:
                return "agent", agent
        for req in self.requesters.values():
            if (req.get("primary_email") or "").lower() == email or email in [
                e.lower() for e in req.get("secondary_emails") or ()
            ]:
                return "requester", req
        return None

    def user_email(self, uid: int | None) -> str | None:
        if uid is None:
            return None
        if uid in self.requesters:
            return self.requesters[uid].get("primary_email")
        if uid in self.agents:
            return self.agents[uid].get("email")
        return None

    def agent_group_ids(self, agent_id: int) -> list[int]:
        return [gid for gid, g in self.groups.items() if agent_id in g["agent_ids"]]

    # --- tickets --------------------------------------------------------------------------------
    def ensure_description(self, ticket: dict) -> None:
        if ticket.get("description") is None and "_seed" in ticket:
            desc, attachments = seedmod.describe(ticket)
            ticket["description"] = desc
            if ticket.get("attachments") is None:
                ticket["attachments"] = attachments
        if ticket.get("attachments") is None:
            ticket["attachments"] = []

    def ticket_out(self, ticket: dict, kind: str = "view") -> dict:
        self.ensure_description(ticket)
        keys = {"list": TICKET_LIST_KEYS, "view": TICKET_VIEW_KEYS, "write": TICKET_WRITE_KEYS}[kind]
        out = _out(ticket, keys)
        out["description_text"] = html_to_text(ticket.get("description"))
        current_ticket_fields(ticket, out, kind)
        return out

    def ticket_stats(self, ticket: dict) -> dict:
        stats = ticket.get("_stats") or {}
        return {k: fmt(stats.get(k)) for k in ("first_responded_at", "resolved_at", "closed_at")}

    def requester_brief(self, uid: int | None) -> dict | None:
        """The requester embed: id, name, email, mobile, phone (agents can be requesters too)."""
        if uid in self.requesters:
            r = self.requesters[uid]
            name = " ".join(p for p in (r.get("first_name"), r.get("last_name")) if p)
            return {"id": uid, "name": name, "email": r.get("primary_email"),
                    "mobile": r.get("mobile_phone_number") or "", "phone": r.get("work_phone_number") or ""}
        if uid in self.agents:
            a = self.agents[uid]
            name = " ".join(p for p in (a.get("first_name"), a.get("last_name")) if p)
            return {"id": uid, "name": name, "email": a.get("email"),
                    "mobile": a.get("mobile_phone_number") or "", "phone": a.get("work_phone_number") or ""}
        return None

    # --- conversations -----------------------------------------------------------------------------
    def thread(self, ticket_id: int) -> list[dict]:
        if ticket_id in self.threads:
            return self.threads[ticket_id]
        ticket = self.tickets.get(ticket_id)
        if ticket is None or not ticket.get("_nconv"):
            return []
        agents = self._workspace_agents.get(ticket.get("workspace_id"), self._agent_ids)
        return seedmod.conversations_for(ticket, agents)

    def materialize_thread(self, ticket_id: int) -> list[dict]:
        if ticket_id not in self.threads:
            self.threads[ticket_id] = [dict(c) for c in self.thread(ticket_id)]
        return self.threads[ticket_id]

    def find_conversation(self, conversation_id: int) -> tuple[int, dict] | None:
        ticket_id = self.conversation_ticket.get(conversation_id)
        if ticket_id is None:
            offset = conversation_id - seedmod.CONVERSATION_ID_BASE
            if offset <= 0 or conversation_id >= seedmod.NEW_ID_BASE:
                return None
            ticket_id = offset // seedmod.CONVERSATIONS_PER_TICKET_SLOT
        if ticket_id not in self.tickets:
            return None
        for conv in self.thread(ticket_id):
            if conv["id"] == conversation_id:
                return ticket_id, conv
        return None

    def attachment_bytes(self, ticket_id: int) -> int:
        ticket = self.tickets[ticket_id]
        self.ensure_description(ticket)
        total = sum(a.get("size", 0) for a in ticket.get("attachments") or ())
        for conv in self.thread(ticket_id):
            total += sum(a.get("size", 0) for a in conv.get("attachments") or ())
        return total

    def conversation_out(self, conv: dict, kind: str = "list") -> dict:
        keys = {"list": CONVERSATION_LIST_KEYS, "reply": REPLY_KEYS, "note": NOTE_KEYS}[kind]
        out = _out(conv, keys)
        out["body_text"] = html_to_text(conv.get("body"))
        return out

    # --- people, groups, roles, assets -------------------------------------------------------------
    def requester_out(self, req: dict) -> dict:
        out = _out(req, REQUESTER_KEYS)
        current_requester_fields(self, req, out)
        return out

    def agent_out(self, agent: dict) -> dict:
        out = _out(agent, AGENT_KEYS)
        current_agent_fields(self, agent, out)
        return out

    def group_out(self, group: dict) -> dict:
        out = _out(group, GROUP_KEYS)
        out["workspace_id"] = group.get("workspace_id", 2)  # created through the API: the primary one
        out["members"] = list(group.get("agent_ids") or [])  # current accounts (API-SUPPLEMENT §0)
        out["observers"] = list(group.get("observers") or [])
        return out

    def role_out(self, role: dict) -> dict:
        out = _out(role, ROLE_KEYS)
        out["role_type"] = role_type(role)  # current accounts (API-SUPPLEMENT §2.2)
        return out

    def asset_out(self, asset: dict, type_fields: bool = False) -> dict:
        out = _out(asset, ASSET_KEYS)
        current_asset_fields(asset, out)
        if type_fields:
            out["type_fields"] = dict(asset.get("_type_fields") or {})
        return out

    def problem_out(self, pid: int | None) -> dict | None:
        p = self.problems.get(pid) if pid else None
        return problem_out(p) if p and not p.get("deleted") else None

    def change_out(self, cid: int | None) -> dict | None:
        c = self.changes.get(cid) if cid else None
        return change_out(c) if c and not c.get("deleted") else None

"""Writes: every one goes through the outbox (persisted before any send). This is also the outbox's
Sender: how each kind of write is sent, how an earlier attempt is looked for on the server, and how a
confirmed write updates the caches (from the write's response, without a refetch).
"""

from __future__ import annotations

import hashlib
import html
import re
import time
from collections.abc import Callable
from typing import Any

from fstui.api import errors as api_errors
from fstui.api.models import Conversation
from fstui.service.core import ServiceCore, from_epoch, iso_epoch, within
from fstui.service.errors import ReadOnlyError
from fstui.service.events import ConversationsChanged, TicketsChanged
from fstui.service.lookups import Lookups
from fstui.service.outbox import Outbox, OutboxEntry
from fstui.service.reads import Reads
from fstui.service.uploads import uploads_from_paths
from fstui.service.records import TicketRecords

CONVERSATION_KINDS = ("reply", "note", "edit_note", "delete_conversation")


def _with_files(payload: dict[str, Any], attachments: Any) -> dict[str, Any]:
    """Attachment paths are recorded only when there are some (entries stay as they were without)."""
    if attachments:
        payload["attachments"] = [str(p) for p in attachments]
    return payload


def normalize_text(value: str | None) -> str:
    """HTML or text -> comparable text (for finding our own write on the server)."""
    if not value:
        return ""
    text = re.sub(r"<br\s*/?>|</p>|</div>", "\n", value, flags=re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text)
    return " ".join(text.split())


class WhoAmIUnknown(api_errors.FreshserviceError):
    """Reconciliation could not learn which agent we are, so it cannot tell our message from someone else's:
    the write stays waiting (outcome unknown) and is looked for again later; it is neither failed nor resent."""

    title = "Cannot tell which agent this key belongs to"
    outcome_unknown = True


def body_fingerprint(value: str | None) -> str | None:
    """sha256 of a body's comparable text: what an outbox receipt keeps to recognise the write later."""
    text = normalize_text(value)
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None


class Writes:
    def __init__(self, core: ServiceCore, outbox: Outbox, records: TicketRecords, reads: Reads, lookups: Lookups,
                 read_only: Callable[[], bool]) -> None:
        self.core = core
        self.outbox = outbox
        self.records = records
        self.reads = reads
        self.lookups = lookups
        self.read_only = read_only
        #: kinds of write defined as data elsewhere (kind -> WriteKind: send, reconcile, apply)
        self.extra_kinds: dict[str, Any] = {}

    # ------------------------------------------------------------------ what the screens call

    def _write(self, kind: str, ticket_id: int | None, payload: dict[str, Any]) -> OutboxEntry:
        if self.read_only():
            raise ReadOnlyError(f"{kind.replace('_', ' ')}: this profile is read-only")
        return self.outbox.add(kind, ticket_id, payload, fingerprint=body_fingerprint(payload.get("body")))

    def reply(self, ticket_id: int, body: str, cc_emails: Any = (), bcc_emails: Any = (),
              attachments: Any = ()) -> OutboxEntry:
        """``attachments``: file paths, read when sent (fstui.service.uploads)."""
        return self._write("reply", ticket_id, _with_files({"body": body, "cc_emails": list(cc_emails or ()),
                                                            "bcc_emails": list(bcc_emails or ())}, attachments))

    def note(self, ticket_id: int, body: str, private: bool = True, notify_emails: Any = (),
             attachments: Any = ()) -> OutboxEntry:
        return self._write("note", ticket_id, _with_files({"body": body, "private": bool(private),
                                                           "notify_emails": list(notify_emails or ())}, attachments))

    def edit_note(self, conversation_id: int, ticket_id: int, body: str) -> OutboxEntry:
        return self._write("edit_note", ticket_id, {"conversation_id": conversation_id, "body": body})

    def delete_conversation(self, conversation_id: int, ticket_id: int) -> OutboxEntry:
        return self._write("delete_conversation", ticket_id, {"conversation_id": conversation_id})

    def update_ticket(self, ticket_id: int, fields: dict[str, Any]) -> OutboxEntry:
        return self._write("update_ticket", ticket_id, {"fields": dict(fields)})

    def bulk_update(self, ticket_ids: list[int], fields: dict[str, Any]) -> list[OutboxEntry]:
        """One entry per ticket (each delivered and confirmed on its own)."""
        if self.read_only():
            raise ReadOnlyError("bulk update: this profile is read-only")
        return [self.update_ticket(tid, fields) for tid in ticket_ids]

    def delete_ticket(self, ticket_id: int) -> OutboxEntry:
        return self._write("delete_ticket", ticket_id, {})

    def restore_ticket(self, ticket_id: int) -> OutboxEntry:
        return self._write("restore_ticket", ticket_id, {})

    def create_ticket(self, fields: dict[str, Any], attachments: Any = ()) -> OutboxEntry:
        return self._write("create_ticket", None, _with_files({"fields": dict(fields)}, attachments))

    def pending_writes(self, ticket_id: int) -> list[OutboxEntry]:
        """Unconfirmed and failed writes for a ticket (the ticket screen shows them inline)."""
        return [e for e in self.outbox.entries(ticket_id) if e.state != "sent"]

    # ------------------------------------------------------------------ the outbox's Sender protocol

    async def perform(self, entry: OutboxEntry) -> dict[str, Any] | None:
        if entry.kind in self.extra_kinds:
            return await self.extra_kinds[entry.kind].send(entry)
        c = self.core.client
        api = self.core.api
        p = entry.payload
        tid = entry.ticket_id
        if entry.kind == "reply":
            conv = await api(c.create_reply, tid, p["body"], cc_emails=p.get("cc_emails") or None,
                             bcc_emails=p.get("bcc_emails") or None,
                             attachments=uploads_from_paths(p.get("attachments")))
            return conv.model_dump(mode="json")
        if entry.kind == "note":
            conv = await api(c.create_note, tid, p["body"], private=p.get("private", True),
                             notify_emails=p.get("notify_emails") or None,
                             attachments=uploads_from_paths(p.get("attachments")))
            return conv.model_dump(mode="json")
        if entry.kind == "edit_note":
            conv = await api(c.update_conversation, p["conversation_id"], p["body"])
            return conv.model_dump(mode="json")
        if entry.kind == "delete_conversation":
            await api(c.delete_conversation, p["conversation_id"])
            return None
        if entry.kind == "update_ticket":
            ticket = await api(c.update_ticket, tid, p["fields"])
            return ticket.model_dump(mode="json", exclude_unset=True)  # only what the server said
        if entry.kind == "delete_ticket":
            await api(c.delete_ticket, tid)
            return None
        if entry.kind == "restore_ticket":
            await api(c.restore_ticket, tid)
            return None
        if entry.kind == "create_ticket":
            ticket = await api(c.create_ticket, p["fields"], uploads_from_paths(p.get("attachments")))
            return ticket.model_dump(mode="json", exclude_unset=True)
        raise ValueError(f"unknown outbox kind {entry.kind!r}")

    async def reconcile(self, entry: OutboxEntry, exclude_ids: set[int]) -> tuple[bool, dict[str, Any] | None]:
        """Was an earlier attempt applied? Replies and notes: look for the text in the thread
        (created after the first attempt, by us when we know who we are). Updates, edits,
        deletes and restores are idempotent: sending them again is as cheap as looking and
        gives the same result (a 404 on a repeated delete counts as done)."""
        if entry.kind in self.extra_kinds:
            return await self.extra_kinds[entry.kind].reconcile(entry, exclude_ids)
        since = (entry.first_attempt_at or entry.created_at.timestamp()) - self.core.config.clock_skew
        if entry.kind in ("reply", "note"):
            me = await self.my_id()  # never adopt someone else's message: know who we are first
            # a request of our own: a read already in flight may have been answered before the
            # earlier attempt was applied
            items = await self.reads.fetch_conversations(entry.ticket_id, shared=False)
            return self._find_conversation(entry, exclude_ids, since, items, me)
        if entry.kind == "create_ticket":
            # the server's own answer: a team member's shared poll may predate the earlier attempt
            return await within(0.0, self._find_created_ticket(entry, exclude_ids, since))
        return False, None

    def whoami_key(self) -> str:
        """The outbox's own "who am I" record: per key, like the who-am-I look-up (Lookups.me_key)."""
        return f"whoami:{getattr(self.core.client, 'credential_id', '')}"

    def known_my_id(self) -> int | None:
        """The signed-in agent's id when known (cache only): GET /agents/me's answer as ``me()`` stored it,
        else the one the outbox asked for. The one source of "who am I" for the TUI and the outbox."""
        known = self.lookups.cached_me_id()
        if isinstance(known, int):
            return known
        rec = self.core.store.get_record(self.whoami_key())
        if rec is not None and isinstance(rec[0], int):
            return rec[0]
        return None

    async def my_id(self) -> int:
        """The id of the agent the credentials belong to: cached, else asked (GET /agents/me).
        Raises the API's error when the server cannot say (reconciliation then waits and asks again)."""
        known = self.known_my_id()
        if known is not None:
            return known
        problem = "it does not answer /agents/me"
        try:  # the same request as the app's who-am-I when both ask at once (lookups.me_from_server)
            agent = await self.lookups.me_from_server()
        except api_errors.ApiError as exc:  # a 5xx, a 429: the profile's email may say
            agent, problem = None, f"{exc.status}"
        if agent is None:  # no /agents/me here (404) or not allowed: the profile's email
            agent = await self.lookups.me()
            if agent is None:
                raise WhoAmIUnknown(f"the server did not say which agent the key belongs to ({problem}); "
                                    "fstui will look again before sending")
        self.core.store.set_record(self.whoami_key(), agent.id)
        return agent.id

    async def find_twin(self, receipt: OutboxEntry, exclude_ids: set[int]) -> dict[str, Any] | None:
        """A late copy of a confirmed reply/note: the same text by us, another id (Sender protocol)."""
        me = await self.my_id()
        items = await self.reads.fetch_conversations(receipt.ticket_id, shared=False)
        since = (receipt.first_attempt_at or receipt.created_at.timestamp()) - self.core.config.clock_skew
        ours = (receipt.result or {}).get("id")
        found, twin = self._find_conversation(receipt, exclude_ids | {ours}, since, items, me)
        return twin if found else None

    async def delete_twin(self, receipt: OutboxEntry, conversation_id: int) -> None:
        """Delete a late copy of a note (a 404: someone deleted it already)."""
        try:
            await self.core.api(self.core.client.delete_conversation, conversation_id)
        except api_errors.NotFound:
            pass
        if receipt.ticket_id is not None:
            self.core.emit(ConversationsChanged(receipt.ticket_id))

    def _find_conversation(self, entry: OutboxEntry, exclude_ids: set[int], since: float,
                           items: list[Conversation], me: int) -> tuple[bool, dict[str, Any] | None]:
        want = entry.body_sha256 or body_fingerprint(entry.payload.get("body"))
        for conv in items:
            if conv.id in exclude_ids:
                continue
            created = iso_epoch(conv.created_at)
            if created is not None and created < since:
                continue
            if conv.user_id != me:  # only ours: someone else's message with the same text is not ours
                continue
            if conv.is_note != (entry.kind == "note"):
                continue  # a reply is not a note with the same text, nor the other way round
            if entry.kind == "note" and conv.private is not None and bool(conv.private) != bool(
                    entry.payload.get("private", True)):
                continue
            if want is not None and want in (body_fingerprint(conv.body_text), body_fingerprint(conv.body)):
                return True, conv.model_dump(mode="json")
        return False, None

    async def _find_created_ticket(self, entry: OutboxEntry, exclude_ids: set[int],
                                   since: float) -> tuple[bool, dict[str, Any] | None]:
        fields = entry.payload.get("fields", {})
        description = normalize_text(fields.get("description"))
        # looked for in the workspace it was created in (absent: the primary one, the list's default too)
        result = await self.core.api(self.core.client.list_tickets, updated_since=from_epoch(since), per_page=100,
                                     workspace_id=fields.get("workspace_id"))
        for t in result.items:
            if t.id in exclude_ids:
                continue
            if (t.subject or "") != (fields.get("subject") or ""):
                continue
            if fields.get("requester_id") and t.requester_id != fields.get("requester_id"):
                continue
            if fields.get("description") and normalize_text(t.description) != description and normalize_text(
                    t.description_text) != description:
                continue
            return True, t.model_dump(mode="json")
        return False, None

    def applied(self, entry: OutboxEntry) -> None:
        """Update the caches from the confirmed write (no refetch)."""
        if entry.kind in self.extra_kinds:
            self.extra_kinds[entry.kind].apply(entry)
            return
        tid = entry.ticket_id
        result = entry.result
        records = self.records
        if entry.kind in CONVERSATION_KINDS and tid is not None:
            self._apply_to_thread(entry, tid)
            if entry.kind in ("reply", "note") and isinstance(result, dict):
                # the server's answer dates the ticket's change: the header's "Updated" follows it
                records.touched(tid, result.get("updated_at") or result.get("created_at"))
            self.core.emit(ConversationsChanged(tid))
        elif entry.kind == "update_ticket" and isinstance(result, dict) and tid is not None:
            rec = records.convs_record(tid)
            thread_current = rec is not None and records.convs_current(tid, rec[0])
            records.put_ticket(result, time.time(), merge=True)
            if thread_current:
                records.bump_conversations_through(tid, result.get("updated_at"))
            self.core.emit(TicketsChanged(frozenset({tid})))
        elif entry.kind in ("delete_ticket", "restore_ticket") and tid is not None:
            records.set_deleted(tid, entry.kind == "delete_ticket")
            self.core.emit(TicketsChanged(frozenset({tid})))
        elif entry.kind == "create_ticket" and isinstance(result, dict) and isinstance(result.get("id"), int):
            records.put_ticket(result, time.time(), merge=False)
            records.new_ids.add(result["id"])
            self.core.emit(TicketsChanged(frozenset({result["id"]}), frozenset({result["id"]})))

    def _apply_to_thread(self, entry: OutboxEntry, tid: int) -> None:
        cached = self.records.cached_conversations(tid)
        if cached is None:
            return
        result = entry.result
        items, _, rec = cached
        through = rec.get("through")
        if entry.kind in ("reply", "note") and isinstance(result, dict):
            conv = Conversation.model_validate(result)
            if all(c.id != conv.id for c in items):
                items.append(conv)
            through = max(through or 0.0, iso_epoch(conv.updated_at) or iso_epoch(conv.created_at) or 0.0)
        elif entry.kind == "edit_note" and isinstance(result, dict):
            conv = Conversation.model_validate(result)
            items = [conv if c.id == conv.id else c for c in items]
        elif entry.kind == "delete_conversation":
            cid = entry.payload.get("conversation_id")
            items = [c for c in items if c.id != cid]
        was_current = self.records.convs_current(tid, rec)
        self.records.store_conversations(tid, items, through=through)
        if not was_current:
            self.core.seen.pop(f"convs:{tid}", None)

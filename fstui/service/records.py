"""Tickets and threads as cached records (``ticket:<id>``, ``convs:<id>``), and when a thread is current."""

from __future__ import annotations

import time
from typing import Any

from fstui.api.models import Conversation, Ticket
from fstui.service.core import ServiceCore, iso_epoch
from fstui.service.names import NameCache


class TicketRecords:
    def __init__(self, core: ServiceCore, names: NameCache) -> None:
        self.core = core
        self.store = core.store
        self.names = names
        #: tickets sync (or our own create) found since the session started
        self.new_ids: set[int] = set()

    # ------------------------------------------------------------------ tickets

    def ticket_json(self, ticket_id: int) -> tuple[dict[str, Any], float] | None:
        rec = self.store.get_record(f"ticket:{ticket_id}")
        if rec is None or not isinstance(rec[0], dict):
            return None
        return rec[0], rec[1]

    def put_ticket(self, ticket: Ticket | dict[str, Any], fetched_at: float | None = None, *,
                   merge: bool = True, global_only: bool = False) -> tuple[bool, bool]:
        """Store a ticket. Returns (changed, was_known).

        ``global_only``: the row came from a ``workspace_id=0`` list, which drops the workspace's own
        custom fields: the custom fields read before are kept (a field is never blanked by a list
        that did not carry it), and the copy is not vouched for as current unless an unchanged one
        was, so opening the ticket reads it whole."""
        data = ticket.model_dump(mode="json") if isinstance(ticket, Ticket) else dict(ticket)
        data.pop("conversations", None)
        tid = int(data["id"])
        old = self.ticket_json(tid)
        if global_only and old is not None and isinstance(old[0].get("custom_fields"), dict):
            data["custom_fields"] = {**old[0]["custom_fields"], **(data.get("custom_fields") or {})}
        if old is not None and merge:
            merged = dict(old[0])
            merged.update({k: v for k, v in data.items()})
            data = merged
        changed = old is None or old[0].get("updated_at") != data.get("updated_at") or old[0] != data
        self.store.set_record(f"ticket:{tid}", data, fetched_at)
        if not global_only:
            self.core.seen[f"ticket:{tid}"] = time.monotonic()
        elif changed:
            self.core.seen.pop(f"ticket:{tid}", None)
        if isinstance(data.get("requester"), dict) and data["requester"].get("name"):
            self.names.remember("requesters", data.get("requester_id"), data["requester"]["name"])
        return changed, old is not None

    @staticmethod
    def ticket_model(data: dict[str, Any]) -> Ticket:
        return Ticket.model_validate(data)

    def set_deleted(self, ticket_id: int, deleted: bool) -> None:
        rec = self.ticket_json(ticket_id)
        if rec is not None:
            data = dict(rec[0])
            data["deleted"] = deleted
            self.store.set_record(f"ticket:{ticket_id}", data, rec[1])

    # ------------------------------------------------------------------ threads

    def convs_record(self, ticket_id: int) -> tuple[dict[str, Any], float] | None:
        rec = self.store.get_record(f"convs:{ticket_id}")
        if rec is None or not isinstance(rec[0], dict) or not isinstance(rec[0].get("items"), list):
            return None
        return rec[0], rec[1]

    def convs_current(self, ticket_id: int, rec: dict[str, Any]) -> bool:
        if not self.core.current(f"convs:{ticket_id}"):
            # not fetched this session, or sync is not vouching for it
            return False
        trec = self.ticket_json(ticket_id)
        if trec is None:
            return True
        updated = iso_epoch(trec[0].get("updated_at"))
        through = rec.get("through")
        if updated is None or not isinstance(through, (int, float)):
            return True
        return updated <= through + 2.0

    def store_conversations(self, ticket_id: int, items: list[Conversation], through: float | None = None) -> None:
        trec = self.ticket_json(ticket_id)
        ticket_updated = iso_epoch(trec[0].get("updated_at")) if trec else None
        latest = max((iso_epoch(c.updated_at) or 0.0 for c in items), default=0.0)
        through = max(x for x in (through, ticket_updated, latest, 0.0) if x is not None)
        self.store.set_record(
            f"convs:{ticket_id}",
            {"items": [c.model_dump(mode="json") for c in items], "through": through},
        )
        self.core.seen[f"convs:{ticket_id}"] = time.monotonic()

    def cached_conversations(self, ticket_id: int) -> tuple[list[Conversation], float, dict[str, Any]] | None:
        rec = self.convs_record(ticket_id)
        if rec is None:
            return None
        try:
            items = [Conversation.model_validate(c) for c in rec[0]["items"]]
        except Exception:  # noqa: BLE001
            return None
        return items, rec[1], rec[0]

    def bump_conversations_through(self, tid: int, updated_at: Any) -> None:
        """An update of ours moved the ticket's updated_at: the thread we hold is still complete."""
        updated = iso_epoch(updated_at)
        rec = self.convs_record(tid)
        if updated is None or rec is None:
            return
        data = dict(rec[0])
        data["through"] = max(data.get("through") or 0.0, updated)
        self.store.set_record(f"convs:{tid}", data, rec[1])

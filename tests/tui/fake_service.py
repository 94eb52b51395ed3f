"""An in-memory DataService stand-in (the contract's surface) for fast, fully controlled TUI tests:
the hostile corpus, 10k-row queues and exact outbox state sequences. Flows are also tested on the real
DataService + sandbox (test_flows.py); this fake is for what the sandbox cannot easily produce.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from typing import Any

from fstui.api.models import Agent, Conversation, Group, Ticket, TicketField
from fstui.api.ratelimit import RateBudget
from fstui.service import Cached, QueuePage, QueueView
from fstui.service.events import OutboxChanged, TicketsChanged
from fstui.service.outbox import OutboxEntry

from tests.tui.harness import FROZEN

HOSTILE = (
    "[bold]B[/bold] [link=https://evil.example]L[/link] [@click=app.quit]Q[/] "
    "\x1b]52;c;QUJD\x07\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eRTL\u2066x\x7fy\x85z"
)


class FakeOutbox:
    def __init__(self, service: "FakeService") -> None:
        self.service = service
        self.items: dict[str, OutboxEntry] = {}

    def entries(self, ticket_id=None, *, include_sent=True):
        out = [e for e in self.items.values() if ticket_id is None or e.ticket_id == ticket_id]
        return [e for e in out if include_sent or e.state != "sent"]

    def pending_count(self):
        return sum(1 for e in self.items.values() if e.state in ("pending", "sending"))

    def failed_count(self):
        return sum(1 for e in self.items.values() if e.state == "failed")

    def discard(self, entry_id):
        return self.items.pop(entry_id)

    def resend(self, entry_id, payload=None):
        entry = replace(self.items[entry_id], state="pending", error=None, field_errors=[],
                        payload=payload or self.items[entry_id].payload)
        self.items[entry_id] = entry
        self.service._emit(OutboxChanged(entry))
        return entry

    def set(self, entry: OutboxEntry) -> None:
        self.items[entry.id] = entry
        self.service._emit(OutboxChanged(entry))


class FakeService:
    def __init__(self, tickets: int = 100, *, hostile: bool = False, conversations: int = 3, per_page: int = 30) -> None:
        self.per_page = per_page
        self.hostile = hostile
        self.callbacks: list[Any] = []
        self.client_budget = RateBudget()
        self.client_budget.total, self.client_budget.remaining, self.client_budget.last_cost = 5000, 4990, 1
        self.notices: list[str] = [HOSTILE] if hostile else []
        self.outbox = FakeOutbox(self)
        self.calls: list[tuple] = []
        self.auto_send = True
        self.fail_with: dict[str, Any] | None = None  # {"error": ..., "field_errors": [...]}
        name = HOSTILE if hostile else None
        self._agents = [Agent(id=1, first_name="Demo", last_name="Agent", email="demo@example.com"),
                        Agent(id=2, first_name=name or "Grace", last_name="Hopper", email="grace@example.com")]
        self._groups = [Group(id=10, name="Service Desk"), Group(id=11, name=name or "Linux Support")]
        self.tickets: list[Ticket] = []
        for i in range(tickets, 0, -1):
            self.tickets.append(Ticket(
                id=i, subject=(HOSTILE if hostile and i % 2 else f"Printer on floor {i % 7} is jammed again"),
                description=(f"<p>{HOSTILE}</p><a href='javascript:alert(1)'>{HOSTILE}</a>" if hostile
                             else "<p>It <b>jams</b> on every job.</p><ul><li>Tried restarting</li><li>Tried new paper</li></ul>"),
                status=2 + i % 4, priority=1 + i % 4, source=1 + i % 3, requester_id=100 + i % 5,
                responder_id=(1 if i % 3 else None), group_id=(10 if i % 2 else 11), type="Incident",
                tags=[HOSTILE] if hostile else ["printer"], category="Hardware",
                custom_fields={"building": HOSTILE if hostile else "North"},
                due_by=FROZEN + timedelta(hours=(i % 9) - 4), fr_due_by=FROZEN + timedelta(hours=(i % 5) - 2),
                created_at=FROZEN - timedelta(days=i % 20, hours=1), updated_at=FROZEN - timedelta(minutes=i * 7),
            ))
        self.conversation_count = conversations
        self.requesters = {100 + k: (HOSTILE if hostile else f"Requester {k}") for k in range(5)}

    # events
    def subscribe(self, callback):
        self.callbacks.append(callback)
        return lambda: self.callbacks.remove(callback)

    def _emit(self, event):
        for callback in list(self.callbacks):
            callback(event)

    async def close(self):
        pass

    async def me(self):
        return self._agents[0]

    # reads
    async def queue_page(self, view: QueueView, page: int, *, force: bool = False):
        self.calls.append(("queue_page", view.kind, page))
        tickets = self.tickets if view.order_type == "desc" else list(reversed(self.tickets))
        if view.kind == "query":
            tickets = [t for t in tickets if t.priority == 4]
        start = (page - 1) * self.per_page
        items = tickets[start:start + self.per_page]
        yield Cached(QueuePage(view=view, page=page, tickets=items, has_next=start + self.per_page < len(tickets),
                               new_ids=set()), FROZEN, fresh=True)

    # nothing is "current" here: every read goes through the async path above and below
    def current_queue_page(self, view: QueueView, page: int):
        return None

    def current_ticket(self, ticket_id: int):
        return None

    def current_conversations(self, ticket_id: int):
        return None

    # the preview pane's cache-only reads: the whole desk is "cached" here
    def cached_ticket(self, ticket_id: int):
        return next((t for t in self.tickets if t.id == ticket_id), None)

    def cached_conversations(self, ticket_id: int):
        return self.conversation_list(ticket_id)

    def prefetch_allowed(self):
        return True, ""

    def live_state(self):
        return "live", 60.0

    async def ticket(self, ticket_id: int):
        for t in self.tickets:
            if t.id == ticket_id:
                yield Cached(t, FROZEN, fresh=True)
                return

    def conversation_list(self, ticket_id: int) -> list[Conversation]:
        out = []
        h = HOSTILE if self.hostile else None
        kinds = [dict(source=0, incoming=True, private=False, user_id=100 + ticket_id % 5, body=f"<p>{h or 'Still broken.'}</p>"),
                 dict(source=0, incoming=False, private=False, user_id=1, body="<div>We are on it. See <a href='https://kb.example/x'>the guide</a>.</div>", to_emails=["req@example.com"]),
                 dict(source=2, incoming=False, private=True, user_id=1, body=f"<p>{h or 'Toner ordered.'}</p>"),
                 dict(source=2, incoming=False, private=False, user_id=2, body="<p>Public update: parts arrive Monday.</p>",
                      attachments=[{"id": 9, "name": h or "invoice.pdf", "size": 46695}])]
        for k in range(self.conversation_count):
            spec = dict(kinds[k % len(kinds)])
            out.append(Conversation(id=ticket_id * 1000 + k, ticket_id=ticket_id,
                                    created_at=FROZEN - timedelta(hours=10 - k), updated_at=FROZEN - timedelta(hours=10 - k), **spec))
        return out

    async def conversations(self, ticket_id: int):
        yield Cached(self.conversation_list(ticket_id), FROZEN, fresh=True)

    async def agents(self):
        return self._agents

    async def groups(self):
        return self._groups

    async def ticket_fields(self, workspace_id=None):
        return [TicketField(name="status", choices={"Open": 2, "Pending": 3, "Resolved": 4, "Closed": 5}),
                TicketField(name="priority", choices={"Low": 1, "Medium": 2, "High": 3, "Urgent": 4})]

    def agent_name(self, agent_id):
        for a in self._agents:
            if a.id == agent_id:
                return f"{a.first_name} {a.last_name}"
        return None

    def group_name(self, group_id):
        for g in self._groups:
            if g.id == group_id:
                return g.name
        return None

    def requester_name(self, requester_id):
        return self.requesters.get(requester_id)

    def queue_shown(self, view, page):
        self.calls.append(("queue_shown", page))

    def cursor_on(self, ids):
        pass

    def queue_cursor(self, view, last_page, rows_below):
        pass

    # writes
    _n = 0

    def _write(self, kind, ticket_id, payload):
        self.calls.append((kind, ticket_id, payload))
        FakeService._n += 1
        entry = OutboxEntry(id=f"e{FakeService._n}", kind=kind, ticket_id=ticket_id, payload=payload)
        self.outbox.set(entry)
        if self.auto_send:
            asyncio.get_running_loop().call_later(0.05, self._deliver, entry.id)
        return entry

    def _deliver(self, entry_id):
        entry = self.outbox.items.get(entry_id)
        if entry is None:
            return
        if self.fail_with:
            self.outbox.set(replace(entry, state="failed", **self.fail_with))
            return
        if entry.kind == "update_ticket":
            for i, t in enumerate(self.tickets):
                if t.id == entry.ticket_id:
                    self.tickets[i] = t.model_copy(update=entry.payload["fields"])
            self._emit(TicketsChanged(frozenset({entry.ticket_id})))
        self.outbox.set(replace(entry, state="sent"))

    def reply(self, ticket_id, body, cc_emails=(), bcc_emails=()):
        return self._write("reply", ticket_id, {"body": body, "cc_emails": list(cc_emails), "bcc_emails": list(bcc_emails)})

    def note(self, ticket_id, body, private=True, notify_emails=()):
        return self._write("note", ticket_id, {"body": body, "private": private, "notify_emails": list(notify_emails)})

    def edit_note(self, conversation_id, ticket_id, body):
        return self._write("edit_note", ticket_id, {"conversation_id": conversation_id, "body": body})

    def delete_conversation(self, conversation_id, ticket_id):
        return self._write("delete_conversation", ticket_id, {"conversation_id": conversation_id})

    def update_ticket(self, ticket_id, fields):
        return self._write("update_ticket", ticket_id, {"fields": dict(fields)})

    def delete_ticket(self, ticket_id):
        return self._write("delete_ticket", ticket_id, {})

    def restore_ticket(self, ticket_id):
        return self._write("restore_ticket", ticket_id, {})


def fake_app(service: FakeService | None = None, **kwargs):
    from fstui.config import Profile
    from fstui.tui.app import FstuiApp

    from tests.tui.harness import frozen_clock

    service = service or FakeService()

    async def factory():
        return service

    app = FstuiApp(service_factory=factory, profile=Profile(name="test", demo=True), clock=frozen_clock, **kwargs)
    app.fake = service  # type: ignore[attr-defined]
    return app

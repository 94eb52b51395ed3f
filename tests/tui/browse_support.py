"""A small in-memory stand-in for the DataService, for the browse/palette/bulk tests (engineer E).

It implements just the service methods the browse screens call, with fixed data (hostile strings
included) so snapshots are deterministic and no network is involved.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from textual.app import App
from textual.screen import Screen

from fstui.api.client import Page
from fstui.api.models import Agent, Asset, Group, Requester, RequesterField, Role, Ticket
from fstui.config import Profile

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
HOSTILE = "[bold]Evil[/bold] [@click=app.quit]x[/] \x1b]52;c;AAAA\x07\x9b2J\u202eRTL"


def _agents() -> list[Agent]:
    return [
        Agent(id=1, first_name="Ada", last_name="Lovelace", email="ada@example.com", occasional=False,
              job_title="Service desk lead", group_ids=[10, 11], role_ids=[1], work_phone_number="5550100",
              scopes={"ticket": "Global Access", "problem": "Restricted Access"}, reporting_manager_id=2,
              last_login_at="2025-03-14T09:00:00Z", time_zone="London", language="en", scoreboard_level_id=3),
        Agent(id=2, first_name="Grace", last_name="Hopper", email="grace@example.com", occasional=False,
              job_title="IT manager", group_ids=[10], role_ids=[1, 2], last_login_at="2025-03-10T09:00:00Z"),
        Agent(id=3, first_name="Linus", last_name="Field", email="linus@example.com", occasional=True,
              job_title="Contractor", group_ids=[11], role_ids=[2]),
        Agent(id=4, first_name=HOSTILE, last_name="Mallory", email="mallory@example.com", occasional=True,
              job_title=HOSTILE, group_ids=[], role_ids=[]),
    ]


def _groups() -> list[Group]:
    return [
        Group(id=10, name="Service Desk", description="First line", escalate_to=2, unassigned_for="30m",
              agent_ids=[1, 2], auto_ticket_assign=True, created_at="2024-01-01T00:00:00Z"),
        Group(id=11, name="Linux Support", description="Servers and workstations", escalate_to=None,
              unassigned_for="1h", agent_ids=[1, 3], auto_ticket_assign=False),
        Group(id=12, name=HOSTILE, description=HOSTILE, agent_ids=[4]),
    ]


def _roles() -> list[Role]:
    return [
        Role(id=1, name="Account Admin", description="Complete control", default=True,
             scopes={"ticket": "Global Access", "problem": "Global Access", "change": "Global Access"}),
        Role(id=2, name="SD Agent", description="Works tickets", default=False,
             scopes={"ticket": "Group Access"}),
    ]


def _requesters() -> list[Requester]:
    people = [
        ("Harry", "Potter", "harry@example.com", "Student"),
        ("Hermione", "Granger", "hermione@example.com", "Prefect"),
        ("Ron", "Weasley", "ron@example.com", "Keeper"),
        (HOSTILE, "Doe", "doe@example.com", HOSTILE),
    ]
    return [
        Requester(id=100 + i, first_name=f, last_name=l, primary_email=e, job_title=j,
                  work_phone_number=f"62{440 + i}", department_ids=[554], reporting_manager_id=100 if i else None,
                  custom_fields={"quidditch_role": "Seeker" if i == 0 else None, "hogsmeade": True},
                  time_zone="Edinburgh", language="en", created_at="2024-06-01T00:00:00Z")
        for i, (f, l, e, j) in enumerate(people)
    ]


def _assets() -> list[Asset]:
    states = ["IN USE", "IN STOCK", "IN USE", "RETIRED"]
    assets = []
    for i in range(1, 36):
        assets.append(Asset(
            id=i, display_id=i, name=f"Laptop-{i:03d}" if i != 7 else HOSTILE, ci_type_id=25,
            asset_tag=f"ASSET-{i}", impact=1 + i % 3, usage_type=1, author_type="User",
            user_id=100 + i % 4 if i % 5 else None, agent_id=1 + i % 3, asset_state=states[i % 4],
            created_at=f"2025-01-{1 + i % 28:02d}T08:00:00Z", updated_at=f"2025-02-{1 + i % 28:02d}T08:00:00Z",
        ))
    return assets


def _tickets() -> list[Ticket]:
    return [
        Ticket(id=i, subject=f"Ticket {i}", status=2, priority=1 + i % 4, requester_id=100 + i % 4,
               responder_id=1 + i % 3, group_id=10, updated_at=NOW)
        for i in range(1, 11)
    ]


@dataclass
class Entry:
    """Like fstui.service.outbox.OutboxEntry, as far as the bulk flow looks at it."""

    id: str
    kind: str
    ticket_id: int | None
    payload: dict[str, Any]
    state: str = "pending"
    error: str | None = None
    field_errors: list[dict[str, Any]] = field(default_factory=list)


class FakeOutbox:
    def __init__(self) -> None:
        self.items: dict[str, Entry] = {}

    def entries(self, ticket_id: int | None = None, *, include_sent: bool = True) -> list[Entry]:
        return list(self.items.values())

    def get(self, entry_id: str) -> Entry | None:
        return self.items.get(entry_id)

    def pending_count(self) -> int:
        return sum(e.state in ("pending", "sending") for e in self.items.values())

    def failed_count(self) -> int:
        return sum(e.state == "failed" for e in self.items.values())


class FakeService:
    """The parts of DataService the browse screens, palette and bulk actions use."""

    def __init__(self, profile: Profile | None = None, *, fail_ticket_ids: set[int] = frozenset()) -> None:
        self.profile = profile or Profile(name="demo", demo=True)
        self.calls: list[tuple[str, Any]] = []
        self.agents_list = _agents()
        self.groups_list = _groups()
        self.roles_list = _roles()
        self.requesters_list = _requesters()
        self.assets_list = _assets()
        self.tickets = {t.id: t for t in _tickets()}
        self.outbox = FakeOutbox()
        self.fail_ticket_ids = set(fail_ticket_ids)
        self.subscribers: list[Any] = []
        self.notices: list[str] = []
        self.write_delay = 0.0

    # events
    def subscribe(self, callback: Any) -> None:
        self.subscribers.append(callback)

    def _publish(self, event: Any) -> None:
        for callback in list(self.subscribers):
            callback(event)

    # lookups
    async def agents(self) -> list[Agent]:
        self.calls.append(("agents", None))
        return list(self.agents_list)

    def cached_agents(self) -> list[Agent]:
        return list(self.agents_list)

    def cached_requesters(self) -> list[Requester]:
        return list(self.requesters_list)

    async def groups(self) -> list[Group]:
        self.calls.append(("groups", None))
        return list(self.groups_list)

    async def roles(self) -> list[Role]:
        self.calls.append(("roles", None))
        return list(self.roles_list)

    async def requester(self, requester_id: int) -> Requester:
        self.calls.append(("requester", requester_id))
        for r in self.requesters_list:
            if r.id == requester_id:
                return r
        from fstui.api.errors import NotFound

        raise NotFound(404, "not found")

    async def requester_fields(self) -> list[RequesterField]:
        return [RequesterField(name="quidditch_role", label="Quidditch role"),
                RequesterField(name="hogsmeade", label="Hogsmeade permission")]

    async def requesters(self, page: int = 1) -> Page[Requester]:
        self.calls.append(("requesters", page))
        items = self.requesters_list[(page - 1) * 3: page * 3]
        return Page(items=items, page=page, next_page=page + 1 if page * 3 < len(self.requesters_list) else None,
                    total=None)

    async def find_requesters(self, **filters: Any) -> list[Requester]:
        self.calls.append(("find_requesters", filters))
        email = filters.get("email")
        phone = filters.get("work_phone_number") or filters.get("mobile_phone_number")
        return [r for r in self.requesters_list
                if (email and r.primary_email == email) or (phone and r.work_phone_number == phone)]

    async def find_agents(self, **filters: Any) -> list[Agent]:
        self.calls.append(("find_agents", filters))
        email = filters.get("email")
        phone = filters.get("work_phone_number") or filters.get("mobile_phone_number")
        return [a for a in self.agents_list
                if (email and a.email == email) or (phone and a.work_phone_number == phone)]

    async def assets(self, *, order_by: str = "created_at", order_type: str = "desc", trashed: bool = False,
                     page: int = 1) -> Page[Asset]:
        self.calls.append(("assets", (order_by, order_type, trashed, page)))
        items = [] if trashed else sorted(self.assets_list, key=lambda a: getattr(a, order_by),
                                          reverse=order_type == "desc")
        chunk = items[(page - 1) * 30: page * 30]
        return Page(items=chunk, page=page, next_page=page + 1 if page * 30 < len(items) else None, total=None)

    async def filter_assets(self, query: str, page: int = 1) -> Page[Asset]:
        self.calls.append(("filter_assets", (query, page)))
        items = [a for a in self.assets_list if "IN STOCK" not in query or a.asset_state == "IN STOCK"]
        return Page(items=items[(page - 1) * 30: page * 30], page=page, next_page=None, total=len(items))

    async def asset(self, display_id: int, *, include_type_fields: bool = False) -> Asset:
        self.calls.append(("asset", (display_id, include_type_fields)))
        asset = next(a for a in self.assets_list if a.display_id == display_id)
        if include_type_fields:
            return asset.model_copy(update={"type_fields": {"product_25": "ThinkPad X1", "vendor_25": 14,
                                                            "serial_number_25": "SN-0042"}})
        return asset

    # cache-only names
    def agent_name(self, agent_id: int | None) -> str | None:
        for a in self.agents_list:
            if a.id == agent_id:
                return " ".join(p for p in (a.first_name, a.last_name) if p)
        return None

    def group_name(self, group_id: int | None) -> str | None:
        return next((g.name for g in self.groups_list if g.id == group_id), None)

    # the current API's look-ups (departments, locations, asset types: cache-only names)
    def department_name(self, department_id: int | None) -> str | None:
        return {554: "Finance"}.get(department_id)

    def location_name(self, location_id: int | None) -> str | None:
        return {11: "London HQ"}.get(location_id)

    def asset_type_name(self, asset_type_id: int | None) -> str | None:
        return {25: "Laptop"}.get(asset_type_id)

    def requester_name(self, requester_id: int | None) -> str | None:
        for r in self.requesters_list:
            if r.id == requester_id:
                return " ".join(p for p in (r.first_name, r.last_name) if p)
        return None

    # writes
    def update_ticket(self, ticket_id: int, fields: dict[str, Any]) -> Entry:
        if self.profile.read_only:
            from fstui.service.errors import ReadOnlyError

            raise ReadOnlyError("read-only")
        entry = Entry(id=f"e{len(self.outbox.items) + 1}", kind="update_ticket", ticket_id=ticket_id,
                      payload={"fields": fields})
        self.outbox.items[entry.id] = entry
        asyncio.get_running_loop().call_later(self.write_delay, self._deliver, entry.id)
        return entry

    def _deliver(self, entry_id: str) -> None:
        from fstui.service.events import OutboxChanged

        entry = self.outbox.items[entry_id]
        if entry.ticket_id in self.fail_ticket_ids:
            done = replace(entry, state="failed", error="Validation failed: It should be one of these values",
                           field_errors=[{"field": "status", "message": "It should be one of these values",
                                          "code": "invalid_value"}])
        else:
            done = replace(entry, state="sent")
            ticket = self.tickets.get(entry.ticket_id)
            if ticket is not None:
                self.tickets[ticket.id] = ticket.model_copy(update=entry.payload["fields"])
        self.outbox.items[entry_id] = done
        self._publish(OutboxChanged(done))


class BrowseHarness(App):
    """Just enough app for one screen: `service`, `profile`, a frozen `clock`, and the palette providers."""

    def __init__(self, screen_factory: Any, service: FakeService | None = None) -> None:
        super().__init__()
        self.service = service or FakeService()
        self.profile = self.service.profile
        self.clock = lambda: NOW
        self.screen_factory = screen_factory
        self.opened: list[Any] = []
        from fstui.tui.commands import register_commands

        register_commands(self)

    def on_mount(self) -> None:
        self.service.subscribe(self._event)
        self.push_screen(self.screen_factory())

    def _event(self, event: Any) -> None:
        for screen in self.screen_stack:
            handler = getattr(screen, "on_service_changed", None)
            if handler is not None:
                handler(event)

    # the hooks FstuiApp provides
    def open_ticket(self, ticket_id: int) -> None:
        self.opened.append(("ticket", ticket_id))

    def open_queue(self, view: Any) -> None:
        self.opened.append(("queue", view))

    def switch_section(self, key: str) -> None:
        self.opened.append(("section", key))

    def action_help(self) -> None:
        self.opened.append(("help", None))


class Blank(Screen):
    pass


def ticket_list_screen():
    """A minimal ticket list with MarksMixin, like the queue once it is hooked in."""
    from rich.text import Text
    from textual.binding import Binding
    from textual.widgets import DataTable, Footer

    from fstui.tui.marks import MarksMixin

    class TicketList(MarksMixin, Screen):
        BINDINGS = [
            Binding("s", "status", "Status"),
            Binding("p", "priority", "Priority"),
            Binding("a", "assign", "Assign"),
            Binding("c", "close_tickets", "Close"),
        ]

        def compose(self):
            yield DataTable(cursor_type="row")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_column("ID", key="id", width=6)
            table.add_column("Subject", key="subject", width=30)
            for ticket in self.app.service.tickets.values():
                table.add_row(Text(str(ticket.id)), Text(ticket.subject), key=str(ticket.id))
            table.focus()

        def action_status(self) -> None:
            if self.marks:
                self.start_bulk("status")

        def action_priority(self) -> None:
            if self.marks:
                self.start_bulk("priority")

        def action_assign(self) -> None:
            if self.marks:
                self.start_bulk("agent")

        def action_close_tickets(self) -> None:
            if self.marks:
                self.start_bulk("close")

    return TicketList()

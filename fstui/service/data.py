"""DataService: what the screens talk to. A thin facade over the parts that do the work:

- reads.py     cached-then-fresh reads (queue pages, tickets, threads): Cached, QueueView, QueuePage
- lookups.py   agents, groups, roles, fields, requesters, "me"; cache-only names for rendering
- browse.py    paged lists for the browse screens (assets, requesters, agents)
- prefetch.py  what the user is about to open, governed by the RateBudget, never ahead of the user
- sync.py      incremental sync (updated_since), offline backoff
- writes.py    writes through the outbox, and the outbox's Sender (send, look, apply to the caches)
- core.py      what they share (client, store, counters, listeners, online state, the API call path)

Credits are precious (the account's budget is shared by every agent and integration): something
fetched in this session is current until the server says otherwise (sync reports every changed
ticket), our own writes update the caches from the write's response instead of refetching, and
prefetch follows what the user actually does.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from fstui.api.models import Agent, Asset, Conversation, Group, Requester, RequesterField, Role, Ticket, TicketField
from fstui.api.ratelimit import RateBudget
from fstui.service.browse import BrowseLists
from fstui.service.config import ServiceConfig
from fstui.service.core import ServiceCore
from fstui.service.events import BudgetChanged, OutboxChanged, ServiceStats
from fstui.service.field_labels import FieldLabels
from fstui.service.knowledge import Knowledge
from fstui.service.lookups import Lookups
from fstui.service.names import NameCache
from fstui.service.outbox import Outbox, OutboxEntry
from fstui.service.prefetch import Prefetcher
from fstui.service.reads import QUEUE_KINDS, Cached, QueuePage, QueueView, Reads
from fstui.service.records import TicketRecords
from fstui.service.sync import Sync
from fstui.service.ticket_details import TicketDetails
from fstui.service.ticket_links import TicketLinks
from fstui.service.work import TicketWork
from fstui.service.workspaces import Workspaces
from fstui.service.writes import Writes

if TYPE_CHECKING:
    from fstui.api.client import FreshserviceClient, Page
    from fstui.config import Profile
    from fstui.service.store import Store

log = logging.getLogger(__name__)

__all__ = ["QUEUE_KINDS", "Cached", "DataService", "QueuePage", "QueueView", "ServiceConfig"]


class DataService:
    """Cached reads, budget-aware prefetch, incremental sync, and the outbox for writes."""

    def __init__(
        self,
        client: "FreshserviceClient",
        store: "Store",
        outbox: Outbox,
        *,
        profile: "Profile | None" = None,
        config: ServiceConfig | None = None,
        agent_email: str | None = None,
        notices: list[str] | None = None,
        on_close: Callable[[], Awaitable[None] | None] | None = None,
    ) -> None:
        self.store = store
        self.outbox = outbox
        self.profile = profile
        self.config = config or ServiceConfig()
        self.agent_email = agent_email if agent_email is not None else (profile.email if profile else None)
        self._read_only = bool(profile.read_only) if profile else False
        self.notices: list[str] = list(notices or [])
        self._on_close = on_close
        self._closed = False
        self._tasks: list[asyncio.Task[Any]] = []

        self.core = core = ServiceCore(client, store, outbox, self.config, self.notices)
        names = NameCache(store)
        self.records = records = TicketRecords(core, names)
        self.sync = Sync(core, records)
        self.reads = Reads(core, records, self.sync)
        self.prefetch = Prefetcher(core, self.reads, records)
        self.reads.on_open = self.prefetch.note_open
        self.reads.on_reload = self.prefetch.queue_reloaded
        self.lookups = Lookups(core, names, self.prefetch, self.agent_email)
        self.reads.on_unknown_requester = self.lookups.requester_in_background
        self.browse = BrowseLists(core, self.lookups)
        self.workspaces = Workspaces(self.lookups)
        self.reads.rows_complete = self.sync.rows_complete = self.workspaces.rows_complete
        self.writes = Writes(core, outbox, records, self.reads, self.lookups, lambda: self.read_only)
        self.work = TicketWork(core, outbox, self.lookups.cached_me_id, lambda: self.read_only, self.lookups.me)
        self.writes.extra_kinds.update(self.work.write_kinds())
        self.knowledge = Knowledge(core, self.lookups)
        self.details = TicketDetails(core)
        self.links = TicketLinks(core, outbox, records, self.writes, lambda: self.read_only)
        self.writes.extra_kinds.update(self.links.write_kinds())

        for message in self.notices:
            log.info("notice: %s", message)
        client.budget.subscribe(lambda budget: core.emit(BudgetChanged(budget)))
        outbox.subscribe(lambda entry: core.emit(OutboxChanged(entry)))
        outbox.on_transport_error = lambda exc: core.set_online(False, exc)
        outbox.on_transport_ok = lambda: core.set_online(True)
        outbox.on_notice = core.notice  # a late twin deleted or reported, a damaged entry
        outbox.hold = lambda: self.read_only  # a read-only session sends nothing, not even earlier writes

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    async def open(cls, profile: "Profile", *, config: ServiceConfig | None = None) -> "DataService":
        """Build the service for a profile (starts the embedded sandbox for a demo profile)."""
        from fstui.service.factory import open_service

        return await open_service(profile, config=config)

    def start(self) -> None:
        """Start the background tasks (outbox sender, prefetcher, sync) on the running loop."""
        loop = asyncio.get_running_loop()
        self._outbox_started = False
        self._start_outbox()
        self._tasks.append(loop.create_task(self.prefetch.run(), name="fstui-prefetch"))
        self._tasks.append(loop.create_task(self.work.restore_timer(), name="fstui-timer"))
        if self.config.sync_enabled:
            self._tasks.append(loop.create_task(self.sync.run(), name="fstui-sync"))

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        tasks = [*self._tasks, self.prefetch.cursor_task]
        for task in tasks:
            if task is not None:
                task.cancel()
        for task in tasks:
            if task is not None:
                try:
                    await task
                except (asyncio.CancelledError, Exception):  # noqa: BLE001
                    pass
        self._tasks.clear()
        await self.outbox.close()
        try:
            await self.client.aclose()
        finally:
            self.store.close()  # diskcache connections are per thread: close in the thread that used it
            if self._on_close is not None:
                result = self._on_close()
                if asyncio.iscoroutine(result):
                    await result

    @property
    def read_only(self) -> bool:
        """Writes refused (follows `profile.read_only`, which the palette may toggle)."""
        if self.profile is not None:
            return bool(self.profile.read_only)
        return self._read_only

    def set_read_only(self, value: bool) -> None:
        self._read_only = bool(value)
        if self.profile is not None:
            self.profile.read_only = bool(value)
        if not value and hasattr(self, "_outbox_started"):  # started, and writes are allowed now
            self._start_outbox()

    def _start_outbox(self) -> None:
        """Deliver the outbox, except in a session started read-only: writes queued by an earlier
        session wait (counted in the status bar) for a session that may write (issue 11, section 6).
        Read-only switched on later does not stop what was queued while writes were allowed."""
        if self._outbox_started or self.read_only:
            return
        self._outbox_started = True
        self.outbox.start(self.writes)

    @staticmethod
    def estimate_credits(kind: str) -> int:
        """Credits one write of this kind costs (every documented write costs 1)."""
        return 1

    # ------------------------------------------------------------------ observation

    def subscribe(self, callback: Callable[[Any], None]) -> Callable[[], None]:
        """Events: BudgetChanged, OnlineChanged, TicketsChanged, ConversationsChanged, OutboxChanged,
        NoticeAdded. Returns an unsubscribe function."""
        return self.core.subscribe(callback)

    def _emit(self, event: Any) -> None:
        self.core.emit(event)

    @property
    def client(self) -> "FreshserviceClient":
        return self.core.client

    @client.setter
    def client(self, client: "FreshserviceClient") -> None:
        self.core.client = client  # every part reads it from the core (tests swap it to go offline)

    @property
    def client_budget(self) -> RateBudget:
        return self.client.budget

    @property
    def budget(self) -> RateBudget:
        return self.client.budget

    @property
    def stats(self) -> ServiceStats:
        s = self.core.stats
        s.api_calls = self.client.calls
        s.credits = self.client.credits
        s.online = self.core.online
        try:
            s.outbox_pending = self.outbox.pending_count()
        except Exception:  # noqa: BLE001
            pass
        return s

    @property
    def online(self) -> bool:
        return self.core.online

    # ------------------------------------------------------------------ reads (cached, then fresh)

    def queue_page(self, view: QueueView, page: int = 1, *, force: bool = False) -> AsyncIterator[Cached[QueuePage]]:
        return self.reads.queue_page(view, page, force=force)

    async def server_queue_page(self, view: QueueView, page: int = 1) -> Cached[QueuePage]:
        return await self.reads.server_queue_page(view, page)

    def current_queue_page(self, view: QueueView, page: int) -> Cached[QueuePage] | None:
        return self.reads.current_queue_page(view, page)

    def ticket(self, ticket_id: int, *, force: bool = False) -> AsyncIterator[Cached[Ticket]]:
        return self.reads.ticket(ticket_id, force=force)

    def current_ticket(self, ticket_id: int) -> Cached[Ticket] | None:
        return self.reads.current_ticket(ticket_id)

    async def read_ticket(self, ticket_id: int) -> Ticket:
        """The ticket from the server now (GET /tickets/[id]?include=requester,tags, 3 credits), cached."""
        return await self.reads.fetch_ticket(ticket_id)

    async def server_tickets(self, ticket_ids: Iterable[int]) -> dict[int, Ticket]:
        """id -> the ticket as the server has it now (read: 1 credit each); tickets that cannot be read are left
        out. For "already has that value" decisions, which must not rest on a copy another agent outdated."""
        return await self.reads.server_tickets(ticket_ids)

    def current_conversations(self, ticket_id: int) -> Cached[list[Conversation]] | None:
        return self.reads.current_conversations(ticket_id)

    def conversations(self, ticket_id: int, *, force: bool = False) -> AsyncIterator[Cached[list[Conversation]]]:
        return self.reads.conversations(ticket_id, force=force)

    def cached_ticket(self, ticket_id: int) -> Ticket | None:
        """The cached ticket, current or not; cache only, no side effects (the queue's preview pane:
        unlike `current_ticket` it does not count as opening the ticket)."""
        cached, _current = self.reads._cached_ticket(ticket_id)
        return cached.value if cached is not None else None

    def cached_conversations(self, ticket_id: int) -> list[Conversation] | None:
        """The cached thread, current or not (None: never fetched); cache only (the preview pane)."""
        cached, _current = self.reads._cached_conversations(ticket_id)
        return cached.value if cached is not None else None

    def _convs_record(self, ticket_id: int) -> tuple[dict[str, Any], float] | None:
        """The cached thread record, if any (tests/benchmarks/latency.py watches it)."""
        return self.records.convs_record(ticket_id)

    # ------------------------------------------------------------------ lookups (cached long)

    async def agents(self, *, prefetch: bool = False) -> list[Agent]:
        return await self.lookups.agents(prefetch=prefetch)

    async def groups(self, *, prefetch: bool = False) -> list[Group]:
        return await self.lookups.groups(prefetch=prefetch)

    async def roles(self) -> list[Role]:
        return await self.lookups.roles()

    async def ticket_fields(self, workspace_id: int | None = None) -> list[Any]:
        """The ticket fields (cached a day): the account's (global + primary), or with ``workspace_id``
        a ticket's workspace's when it is not the primary one (GET /ticket_form_fields?workspace_id=N:
        the global fields and that workspace's own)."""
        scope = self.workspaces.fields_scope(workspace_id)
        if scope is not None:
            return await self.lookups.form_fields(scope)
        return await self.lookups.ticket_fields()

    async def requester_fields(self) -> list[RequesterField]:
        return await self.lookups.requester_fields()

    async def requester(self, requester_id: int) -> Requester:
        return await self.lookups.requester(requester_id)

    async def agent(self, agent_id: int) -> Agent | None:
        return await self.lookups.agent(agent_id)

    async def group(self, group_id: int) -> Group | None:
        return await self.lookups.group(group_id)

    async def me(self) -> Agent | None:
        """The signed-in agent (looked up once by email, cached long)."""
        return await self.lookups.me()

    def cached_me(self) -> Agent | None:
        """The signed-in agent as last read, cache only (never a request); None when not known yet."""
        return self.lookups.cached_me()

    # cache only, never the API (the command palette asks per keystroke; rows render names)

    def cached_agents(self) -> list[Agent]:
        return self.lookups.cached_agents()

    def cached_groups(self) -> list[Group]:
        return self.lookups.cached_groups()

    def cached_roles(self) -> list[Role]:
        return self.lookups.cached_roles()

    def cached_requesters(self) -> list[Requester]:
        return self.lookups.cached_requesters()

    def role_name(self, role_id: int | None) -> str | None:
        return self.lookups.role_name(role_id)

    def agent_name(self, agent_id: int | None) -> str | None:
        return self.lookups.agent_name(agent_id)

    def group_name(self, group_id: int | None) -> str | None:
        return self.lookups.group_name(group_id)

    def requester_name(self, requester_id: int | None) -> str | None:
        return self.lookups.requester_name(requester_id)

    def department_name(self, department_id: int | None) -> str | None:
        """A department's name (cache only; a miss loads the departments in the background)."""
        return self.lookups.department_name(department_id)

    def location_name(self, location_id: int | None) -> str | None:
        """A location's name (cache only; a miss loads the locations in the background)."""
        return self.lookups.location_name(location_id)

    def asset_type_name(self, asset_type_id: int | None) -> str | None:
        """An asset type's name (cache only; a miss loads the asset types in the background)."""
        return self.lookups.asset_type_name(asset_type_id)

    def workspace_name(self, workspace_id: int | None) -> str | None:
        return self.workspaces.name(workspace_id)

    def field_labels(self, ticket: Any = None) -> FieldLabels:
        """Status/priority/source labels and custom field labels of this account (cache only; a
        background read of the ticket fields when they are missing or a day old). ``ticket``: labels for
        that ticket; one of another workspace may have fields of its own, which only that workspace's form
        fields name (read once in the background when the account's labels do not name all it shows)."""
        labels = self.lookups.field_labels()
        scope = self.workspaces.fields_scope(getattr(ticket, "workspace_id", None))
        if scope is None:
            return labels
        return self.lookups.workspace_field_labels(scope, read=not labels.names_all(ticket))

    async def read_field_labels(self, ticket: Any = None) -> FieldLabels:
        """:meth:`field_labels`, read now for a command that runs once (the CLI): the account's ticket fields
        and, for a ``ticket`` of another workspace whose own fields they do not name, that workspace's form
        fields (each 1 credit when missing or a day old). Errors: the client's (offline, refused)."""
        labels = FieldLabels(await self.ticket_fields())
        scope = self.workspaces.fields_scope(getattr(ticket, "workspace_id", None))
        if scope is None or labels.names_all(ticket):
            return labels
        return FieldLabels(await self.lookups.form_fields(scope))

    def cached_requester(self, requester_id: int | None) -> Requester | None:
        """A requester read before (cache only), e.g. for the email a ticket's header shows."""
        return self.lookups.cached_requester(requester_id)

    def requester_in_background(self, requester_id: int | None, *, maybe_agent: bool = False) -> None:
        """A row shows this requester but not its name: look it up once in the background (budget-governed,
        1 credit, cached long); the screens draw again when it arrives. ``maybe_agent``: a message's author,
        who may be an agent (the agents list is read first, then only who is left is looked up)."""
        if isinstance(requester_id, int):
            self.lookups.requester_in_background(requester_id, maybe_agent=maybe_agent)

    # ------------------------------------------------------------------ workspaces

    def set_workspace_scope(self, scope: int | None) -> None:
        """The workspaces the account-wide reads cover (sync, the groups look-up): None = the primary
        one (the server's default), 0 = all the agent can see, N = one."""
        self.core.workspace_scope = scope

    @property
    def workspace_scope(self) -> int | None:
        return self.core.workspace_scope

    # ------------------------------------------------------------------ browse screens

    async def assets(self, *, order_by: str | None = None, order_type: str | None = None, trashed: bool = False,
                     include_type_fields: bool = False, page: int = 1, per_page: int = 30,
                     force: bool = False) -> "Page[Asset]":
        return await self.browse.assets(order_by=order_by, order_type=order_type, trashed=trashed,
                                        include_type_fields=include_type_fields, page=page, per_page=per_page,
                                        force=force)

    async def filter_assets(self, query: str, page: int = 1) -> "Page[Asset]":
        return await self.browse.filter_assets(query, page)

    async def asset(self, display_id: int, *, include_type_fields: bool = False) -> Asset:
        return await self.browse.asset(display_id, include_type_fields=include_type_fields)

    async def requesters(self, page: int = 1, *, email: str | None = None, per_page: int = 30,
                         force: bool = False) -> "Page[Requester]":
        return await self.browse.requesters(page, email=email, per_page=per_page, force=force)

    async def agents_page(self, *, state: str | None = None, page: int = 1, per_page: int = 30,
                          force: bool = False) -> "Page[Agent]":
        return await self.browse.agents_page(state=state, page=page, per_page=per_page, force=force)

    async def find_requesters(self, *, email: str | None = None, mobile_phone_number: str | None = None,
                              work_phone_number: str | None = None) -> list[Requester]:
        return await self.browse.find_requesters(email=email, mobile_phone_number=mobile_phone_number,
                                                 work_phone_number=work_phone_number)

    async def requesters_named(self, name: str) -> tuple[list[Requester], bool]:
        return await self.browse.requesters_named(name)

    async def find_agents(self, *, email: str | None = None, mobile_phone_number: str | None = None,
                          work_phone_number: str | None = None, state: str | None = None) -> list[Agent]:
        return await self.browse.find_agents(email=email, mobile_phone_number=mobile_phone_number,
                                             work_phone_number=work_phone_number, state=state)

    async def find_agents_by_name(self, text: str) -> list[Agent]:
        """Agents whose first/last name or email starts with ``text`` (the server's query filter)."""
        return await self.browse.find_by_name("agents", text)

    async def find_requesters_by_name(self, text: str) -> list[Requester]:
        """Requesters whose first/last name or email starts with ``text`` (the server's query filter)."""
        return await self.browse.find_by_name("requesters", text)

    # ------------------------------------------------------------------ prefetch hints (cheap, non-blocking)

    def queue_shown(self, view: QueueView, page: int) -> None:
        """The UI shows this page (a UI that never calls `queue_cursor` gets the next page prefetched
        while it pages forward)."""
        self.prefetch.queue_shown(view, page)

    def queue_cursor(self, view: QueueView, last_page: int, rows_below: int) -> None:
        """Where the queue's cursor is: `last_page` = the last page loaded, `rows_below` = loaded rows
        under the cursor. The next page is prefetched only within `prefetch_near_end_rows` of the end."""
        self.prefetch.queue_cursor(view, last_page, rows_below)

    def cursor_on(self, ticket_ids: list[int]) -> None:
        self.prefetch.cursor_on(ticket_ids)

    def rows_shown(self, ticket_ids: list[int]) -> None:
        self.prefetch.rows_shown(ticket_ids)

    def prefetch_allowed(self) -> tuple[bool, str]:
        return self.prefetch.allowed()

    # ------------------------------------------------------------------ sync

    def sync_delay(self) -> float:
        return self.sync.delay()

    def live_state(self) -> tuple[str, float]:
        """The live refresh: ("live" | "slowed" | "paused" | "off", seconds between polls)."""
        return self.sync.state()

    async def sync_now(self) -> Any:
        return await self.sync.sync_now()

    # ------------------------------------------------------------------ writes (persisted at once, sent later)

    def reply(self, ticket_id: int, body: str, cc_emails: Any = (), bcc_emails: Any = (),
              attachments: Any = ()) -> OutboxEntry:
        return self.writes.reply(ticket_id, body, cc_emails, bcc_emails, attachments)

    def note(self, ticket_id: int, body: str, private: bool = True, notify_emails: Any = (),
             attachments: Any = ()) -> OutboxEntry:
        return self.writes.note(ticket_id, body, private, notify_emails, attachments)

    def edit_note(self, conversation_id: int, ticket_id: int, body: str) -> OutboxEntry:
        return self.writes.edit_note(conversation_id, ticket_id, body)

    def delete_conversation(self, conversation_id: int, ticket_id: int) -> OutboxEntry:
        return self.writes.delete_conversation(conversation_id, ticket_id)

    def update_ticket(self, ticket_id: int, fields: dict[str, Any]) -> OutboxEntry:
        return self.writes.update_ticket(ticket_id, fields)

    def bulk_update(self, ticket_ids: list[int], fields: dict[str, Any]) -> list[OutboxEntry]:
        return self.writes.bulk_update(ticket_ids, fields)

    def delete_ticket(self, ticket_id: int) -> OutboxEntry:
        return self.writes.delete_ticket(ticket_id)

    def restore_ticket(self, ticket_id: int) -> OutboxEntry:
        return self.writes.restore_ticket(ticket_id)

    def create_ticket(self, fields: dict[str, Any], attachments: Any = ()) -> OutboxEntry:
        return self.writes.create_ticket(fields, attachments)

    async def save_attachments(self, attachments: list[Any]) -> list[Any]:
        """Download attachments into the download folder (fstui.service.downloads); the saved paths."""
        from fstui.service.downloads import save_attachments

        return await save_attachments(self.core, attachments)

    def pending_writes(self, ticket_id: int) -> list[OutboxEntry]:
        return self.writes.pending_writes(ticket_id)

    def own_write_times(self) -> dict[int, float]:
        """Epoch seconds of this account's latest write per ticket made from here (the outbox: to send,
        failed, and the receipts of sent ones, kept a day), so that a change the agent made is not
        marked as someone else's, also after a restart."""
        times: dict[int, float] = {}
        for entry in self.outbox.entries():
            if isinstance(entry.ticket_id, int):
                when = max(entry.sent_at or 0.0, entry.last_attempt_at or 0.0, entry.created_at.timestamp())
                times[entry.ticket_id] = max(times.get(entry.ticket_id, 0.0), when)
        return times

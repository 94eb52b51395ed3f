"""Non-volatile lookups (agents, groups, roles, ticket/requester fields, requesters by id, "me"):
cached long and refreshed rarely; plus the cache-only lists and names the screens render with.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

from fstui.api import errors as api_errors
from fstui.api.asset_types import AssetType
from fstui.api.departments import Department
from fstui.api.form_fields import FormField
from fstui.api.locations import Location
from fstui.api.models import Agent, Group, Requester, RequesterField, Role, TicketField
from fstui.api.workspaces import Workspace
from fstui.service.core import ServiceCore
from fstui.service.events import TicketsChanged
from fstui.service.field_labels import FieldLabels
from fstui.service.names import NameCache

if TYPE_CHECKING:
    from fstui.service.prefetch import Prefetcher


#: seconds a who-am-I answer is used before /agents/me is asked again (1 credit): a changed signature,
#: role or workspace shows at the next start (or CLI run) an hour later, not a day later
ME_TTL = 3600.0


def validate_all(model: type[Any], items: list[Any]) -> list[Any]:
    """The records that still parse (a bad one is skipped, not fatal)."""
    out = []
    for x in items:
        try:
            out.append(model.model_validate(x))
        except Exception:  # noqa: BLE001
            continue
    return out


class Lookups:
    def __init__(self, core: ServiceCore, names: NameCache, prefetch: "Prefetcher",
                 agent_email: str | None) -> None:
        self.core = core
        self.store = core.store
        self.names = names
        self.prefetch = prefetch
        self.agent_email = agent_email
        self._started: set[str] = set()
        self._read_now: set[str] = set()  # look-up lists read from the server in this session
        self._labels: FieldLabels | None = None
        self._workspace_labels: dict[int, FieldLabels] = {}  # another workspace's fields (labels of its own)

    async def _lookup_list(self, key: str, fetch: Callable[[], Awaitable[list[Any]]], model: type[Any]) -> list[Any]:
        rec = self.store.get_record(f"lookup:{key}")
        if rec is not None and isinstance(rec[0], list) and time.time() - rec[1] < self.core.config.lookup_ttl:
            try:
                self.core.stats.cache_hits += 1
                return [model.model_validate(x) for x in rec[0]]
            except Exception:  # noqa: BLE001
                pass
        self.core.stats.cache_misses += 1

        async def do() -> list[Any]:
            try:
                items = await fetch()
            except api_errors.TransportError:
                if rec is not None and isinstance(rec[0], list):
                    return [model.model_validate(x) for x in rec[0]]
                raise
            self.store.set_record(f"lookup:{key}", [i.model_dump(mode="json") for i in items])
            self._read_now.add(key)
            return items

        return await self.core.single(f"lookup:{key}", do)

    async def _collect(self, aiter: AsyncIterator[Any], prefetch: bool = False) -> list[Any]:
        async def run() -> list[Any]:
            return [x async for x in aiter]

        return await self.core.api(run, prefetch=prefetch)

    async def agents(self, *, prefetch: bool = False) -> list[Agent]:
        return await self._named_list("agents", self.core.client.iter_agents, Agent, prefetch)

    async def groups(self, *, prefetch: bool = False) -> list[Group]:
        # every workspace's groups on a multi-workspace account (GET /groups answers for the primary
        # workspace only without workspace_id), so a row of any workspace shows its group's name,
        # whichever workspace the queue shows when the cached list is renewed (or a script shows one
        # ticket of another workspace: the account is known to have several)
        several = len(self._cached_lookup("workspaces", Workspace)) > 1
        scope = None if self.core.workspace_scope is None and not several else 0

        def iterate(per_page: int = 100) -> AsyncIterator[Group]:
            return self.core.client.iter_groups(per_page=per_page, workspace_id=scope)

        return await self._named_list("groups", iterate, Group, prefetch)

    async def workspace_groups(self, workspace_id: int) -> list[Group]:
        """One workspace's groups (GET /groups?workspace_id=N, all pages; cached like the groups), for a
        ticket of a workspace the cached groups list does not cover."""
        items = await self._lookup_list(f"groups:{workspace_id}", lambda: self._collect(
            self.core.client.iter_groups(per_page=100, workspace_id=workspace_id)), Group)
        for g in items:
            if g.name:
                self.names.remember("groups", g.id, g.name)
        return items

    async def _named_list(self, kind: str, iterate: Callable[..., AsyncIterator[Any]], model: type[Any],
                          prefetch: bool) -> list[Any]:
        """The whole list of a kind (agents, groups, departments, locations, asset types); its names become
        the names of that kind (an endpoint the account lacks: see ``_tolerant_iter``)."""
        items = await self._lookup_list(kind, lambda: self._collect(iterate(per_page=100), prefetch), model)
        self.names.replace(kind, {x.id: x.name for x in items if x.name})
        return items

    async def roles(self) -> list[Role]:
        return await self._lookup_list("roles", lambda: self._collect(self.core.client.iter_roles(per_page=100)),
                                       Role)

    async def ticket_fields(self, *, prefetch: bool = False) -> list[TicketField]:
        """The ticket fields: read once with the form fields (GET /ticket_form_fields, the current API;
        the reference's /ticket_fields where the account lacks it), in the TicketField shape (choices
        as ``[{id, value}]``), so the two look-ups cost one request."""

        async def fetch() -> list[TicketField]:
            return [TicketField.model_validate({**f.model_dump(mode="json"), "type": f.field_type,
                                                "default": f.default_field})
                    for f in await self.form_fields(None)]

        fields = await self._lookup_list("ticket_fields", fetch, TicketField)
        self._labels = None  # built again from what was read
        return fields

    def field_labels(self) -> FieldLabels:
        """The account's labels for status, priority, source and custom fields (cache only; when they
        were never read or are older than a day, one background read of the ticket fields, 1 credit, and
        the screens are told to draw again when it arrives)."""
        labels = self._labels
        if labels is None:
            labels = FieldLabels(self._cached_lookup("ticket_fields", TicketField))
            self._labels = labels
            self._background_lookup("ticket_fields")
        return labels

    def workspace_field_labels(self, workspace_id: int, *, read: bool = True) -> FieldLabels:
        """The labels of a ticket in a workspace other than the primary one: its workspace's form fields
        (``GET /ticket_form_fields?workspace_id=N``: the global fields and the workspace's own, e.g. HR's
        "HR case type"), cache only. Until they are read (``read``: one background read, 1 credit, cached
        a day like the others; the screens draw again when it arrives) the primary's labels stand in."""
        labels = self._workspace_labels.get(workspace_id)
        if labels is not None:
            return labels
        fields = self.cached_form_fields(workspace_id)
        if read:
            self._background_lookup(f"form_fields:{workspace_id}")  # when missing or a day old
        if fields is None:
            return self.field_labels()
        labels = FieldLabels(fields)
        self._workspace_labels[workspace_id] = labels
        return labels

    async def requester_fields(self) -> list[RequesterField]:
        return await self._lookup_list("requester_fields",
                                       lambda: self.core.api(self.core.client.list_requester_fields),
                                       RequesterField)

    def requester_in_background(self, requester_id: int, *, maybe_agent: bool = False) -> None:
        """A row needs this requester's name: one budget-governed background look-up (1 credit, cached
        long); the rows re-render when it arrives."""
        if self.names.get("requesters", requester_id) is not None or f"requester:{requester_id}" in self._started:
            return
        if self.names.get("agents", requester_id) is not None:
            return  # an agent (agents are requesters too): named by the agents list
        self._started.add(f"requester:{requester_id}")  # once a session (a miss is not asked again per render)

        async def run() -> None:
            if maybe_agent and not self.names.names.get("agents"):
                await self.agents(prefetch=True)  # the agents first (one list for all), then who is left
            if self.names.get("agents", requester_id) is None:
                await self.requester(requester_id, prefetch=True)
            self.core.emit(TicketsChanged(frozenset(), frozenset()))  # names arrived: re-render

        self.prefetch.enqueue(f"lookup:requester:{requester_id}", run)

    async def requester(self, requester_id: int, *, prefetch: bool = False) -> Requester:
        key = f"requester:{requester_id}"
        rec = self.store.get_record(key)
        if rec is not None and isinstance(rec[0], dict) and time.time() - rec[1] < self.core.config.lookup_ttl:
            self.core.stats.cache_hits += 1
            return Requester.model_validate(rec[0])
        self.core.stats.cache_misses += 1

        async def fetch() -> Requester:
            try:
                r = await self.core.api(self.core.client.get_requester, requester_id, prefetch=prefetch)
            except api_errors.TransportError:
                if rec is not None and isinstance(rec[0], dict):
                    return Requester.model_validate(rec[0])
                raise
            self.remember_requester(r)
            return r

        return await self.core.single(key, fetch)

    async def agent(self, agent_id: int) -> Agent | None:
        for a in await self.agents():
            if a.id == agent_id:
                return a
        return None

    async def group(self, group_id: int) -> Group | None:
        for g in await self.groups():
            if g.id == group_id:
                return g
        return None

    def me_key(self) -> str:
        """The cache record of who the credentials belong to: per key (``credential_id``, a hash), since
        another agent's key on the same account is someone else; and per configured email."""
        credentials = getattr(self.core.client, "credential_id", "")
        return f"me:{credentials}:{(self.agent_email or '').strip().lower()}"

    async def me_from_server(self) -> Agent | None:
        """GET /agents/me (who the key belongs to), one request for every caller at the same moment (the
        app's who-am-I and the outbox's); None where the account does not answer it (404, 403, 400, not an
        agent). Raises on a 5xx, a 429 or no connection."""

        async def ask() -> Agent | None:
            try:
                agent = await self.core.api(self.core.client.get_me)
            except (api_errors.NotFound, api_errors.AccessDenied, api_errors.ValidationError,
                    api_errors.InvalidResponse):
                return None
            self.store.set_record(self.me_key(), agent.model_dump(mode="json"))
            self.names.remember("agents", agent.id, agent.name)
            return agent

        return await self.core.single("agents/me", ask)

    def cached_me(self) -> Agent | None:
        """The signed-in agent as last read (GET /agents/me, else found by the configured email), from the
        cache only, however old: never a request (compose reads the signature from it on a key press)."""
        rec = self.store.get_record(self.me_key())
        if rec is None or not isinstance(rec[0], dict):
            return None
        try:
            return Agent.model_validate(rec[0])
        except Exception:  # noqa: BLE001 - a damaged record: unknown
            return None

    def cached_me_id(self) -> int | None:
        """The signed-in agent's id, if known (cache only)."""
        rec = self.store.get_record(self.me_key())
        if rec is not None and isinstance(rec[0], dict):
            return rec[0].get("id")
        return None

    async def me(self) -> Agent | None:
        """The signed-in agent: GET /agents/me (the key's agent), else looked up by the configured
        email; cached long.

        The email is used where the account does not answer /agents/me (404, 403, 400 or an answer that
        is not an agent: remembered like /agents/me's answer) and where asking it failed (a 5xx, 429 or
        no connection, with nothing cached: the agent found by the email is used now, but not kept, so
        /agents/me is asked again next time; offline, only a cached agents list can say). None when
        neither says."""
        email = (self.agent_email or "").strip().lower()
        rec = self.store.get_record(self.me_key())
        fresh_for = min(self.core.config.lookup_ttl, ME_TTL)
        if rec is not None and isinstance(rec[0], dict) and time.time() - rec[1] < fresh_for:
            return Agent.model_validate(rec[0])
        cached = Agent.model_validate(rec[0]) if rec is not None and isinstance(rec[0], dict) else None

        async def fetch() -> Agent | None:
            keep = True
            try:
                agent = await self.me_from_server()
            except (api_errors.TransportError, api_errors.ServerError, api_errors.RateLimited):
                if cached is not None:  # what /agents/me (or the email) said before
                    return cached
                agent, keep = None, False
            if agent is not None or not email:
                return agent
            try:
                # The agents list is needed anyway for names (cached a day): find ourselves in it.
                for agent in await self.agents():
                    if (agent.email or "").lower() == email:
                        if keep:
                            self.store.set_record(self.me_key(), agent.model_dump(mode="json"))
                        return agent
                page = await self.core.api(self.core.client.list_agents, email=email, per_page=1)
            except (api_errors.TransportError, api_errors.ServerError, api_errors.RateLimited):
                return cached
            agent = page.items[0] if page.items else None
            if agent is not None:
                if keep:
                    self.store.set_record(self.me_key(), agent.model_dump(mode="json"))
                self.names.remember("agents", agent.id, agent.name)
            return agent

        return await self.core.single(self.me_key(), fetch)

    def remember_requester(self, r: Requester, *, keep_existing: bool = False) -> None:
        """Keep a requester we saw (for requester(id), its name, and the palette's list)."""
        self.names.remember("requesters", r.id, r.name)
        if keep_existing and self.store.get_record(f"requester:{r.id}") is not None:
            return
        self.store.set_record(f"requester:{r.id}", r.model_dump(mode="json"))
        seen = self.store.get("requesters_seen")
        ids = [i for i in seen if isinstance(i, int)] if isinstance(seen, list) else []
        if r.id not in ids:
            ids.append(r.id)
            self.store.set("requesters_seen", ids[-2000:])

    # ------------------------------------------------------------------ cache only (never the API)

    def _cached_lookup(self, key: str, model: type[Any]) -> list[Any]:
        rec = self.store.get_record(f"lookup:{key}")
        if rec is None or not isinstance(rec[0], list):
            return []
        return validate_all(model, rec[0])

    def cached_agents(self) -> list[Agent]:
        return self._cached_lookup("agents", Agent)

    def cached_groups(self) -> list[Group]:
        return self._cached_lookup("groups", Group)

    def cached_roles(self) -> list[Role]:
        return self._cached_lookup("roles", Role)

    def cached_requesters(self) -> list[Requester]:
        seen = self.store.get("requesters_seen")
        records = []
        for rid in seen if isinstance(seen, list) else []:
            rec = self.store.get_record(f"requester:{rid}")
            if rec is not None and isinstance(rec[0], dict):
                records.append(rec[0])
        return validate_all(Requester, records)

    def cached_requester(self, requester_id: int | None) -> Requester | None:
        if not isinstance(requester_id, int):
            return None
        rec = self.store.get_record(f"requester:{requester_id}")
        if rec is None or not isinstance(rec[0], dict):
            return None
        found = validate_all(Requester, [rec[0]])
        return found[0] if found else None

    def role_name(self, role_id: int | None) -> str | None:
        for r in self.cached_roles():
            if r.id == role_id:
                return r.name
        return None

    # names for rendering: a miss of an agent/group name schedules one background load of the
    # agents/groups list (cached for a day)

    def agent_name(self, agent_id: int | None) -> str | None:
        return self._name("agents", agent_id)

    def group_name(self, group_id: int | None) -> str | None:
        return self._name("groups", group_id)

    def requester_name(self, requester_id: int | None) -> str | None:
        if requester_id is None:
            return None
        return self.names.get("requesters", requester_id)

    def _name(self, kind: str, ident: int | None) -> str | None:
        if ident is None:
            return None
        name = self.names.get(kind, ident)
        if name is None:
            self._background_lookup(kind, missing=True)
        return name

    def _background_lookup(self, kind: str, *, missing: bool = False) -> None:
        """Load the ``kind`` list in the background when it is not cached (or a day old). ``missing``: an id
        is not in a list cached by an earlier session, so that copy may be out of date (e.g. cached empty
        before the account, or the sandbox, served it): it is read again, once a session (QA of issue 11:
        ``Location #14``). A list read in this session is not asked again for a missing id."""
        if kind in self._started:
            return
        rec = self.store.get_record(f"lookup:{kind}")
        if rec is not None and time.time() - rec[1] < self.core.config.lookup_ttl:
            if not missing or kind in self._read_now or f"{kind}:missing" in self._started:
                return
            self._started.add(f"{kind}:missing")
            self.store.set_record(f"lookup:{kind}", rec[0], 0.0)  # out of date: read again (kept if offline)
        self._started.add(kind)
        if kind.startswith("form_fields:"):  # another workspace's fields (workspace_field_labels)
            workspace = int(kind.partition(":")[2])

            async def job(*, prefetch: bool = False) -> list[FormField]:
                return await self.form_fields(workspace, prefetch=prefetch)
        else:
            job = {"agents": self.agents, "groups": self.groups, "ticket_fields": self.ticket_fields,
                   "departments": self.departments, "locations": self.locations,
                   "asset_types": self.asset_types}[kind]

        async def run() -> None:
            try:
                result = await job(prefetch=True)
            except Exception:
                self._started.discard(kind)  # offline or refused: a later miss tries again
                raise
            if kind not in self._read_now:  # offline: the old copy came back, the server said nothing;
                self._started.discard(kind)  # a later miss (a redraw, R, once online) asks again
                self._started.discard(f"{kind}:missing")
                return
            if result:
                self.core.emit(TicketsChanged(frozenset(), frozenset()))  # names arrived: re-render

        self.prefetch.enqueue(f"lookup:{kind}", run)

    # ------------------------------------------------------------------ the current API's look-ups

    async def departments(self, *, prefetch: bool = False) -> list[Department]:
        """GET /departments (all pages, cached like agents and groups); [] where the account has none."""
        return await self._named_list("departments", self._tolerant_iter(self.core.client.iter_departments),
                                      Department, prefetch)

    async def locations(self, *, prefetch: bool = False) -> list[Location]:
        """GET /locations (all pages, cached like agents and groups)."""
        return await self._named_list("locations", self._tolerant_iter(self.core.client.iter_locations),
                                      Location, prefetch)

    @staticmethod
    def _tolerant_iter(iterate: Callable[..., AsyncIterator[Any]]) -> Callable[..., AsyncIterator[Any]]:
        """An iterator that ends empty where the endpoint is missing (404) or refused (403)."""

        async def run(per_page: int = 100) -> AsyncIterator[Any]:
            try:
                async for item in iterate(per_page=per_page):
                    yield item
            except (api_errors.NotFound, api_errors.AccessDenied):
                return

        return run

    async def form_fields(self, workspace_id: int | None = None, *, prefetch: bool = False) -> list[FormField]:
        """GET /ticket_form_fields[?workspace_id] (None: global + primary fields), cached like the ticket
        fields; the reference's /ticket_fields, read in the same shape, where the account lacks it."""

        async def fetch() -> list[FormField]:
            try:
                return await self.core.api(self.core.client.list_ticket_form_fields, workspace_id=workspace_id,
                                           prefetch=prefetch)
            except api_errors.NotFound:
                legacy = await self.core.api(self.core.client.list_ticket_fields, prefetch=prefetch)
                return [FormField.model_validate(f.model_dump(mode="json")) for f in legacy]

        fields = await self._lookup_list(f"form_fields:{workspace_id}", fetch, FormField)
        if workspace_id is not None:
            self._workspace_labels.pop(workspace_id, None)  # built again from what was read
        return fields

    def cached_form_fields(self, workspace_id: int | None = None) -> list[FormField] | None:
        """The cached form fields (None when never read)."""
        rec = self.store.get_record(f"lookup:form_fields:{workspace_id}")
        if rec is None or not isinstance(rec[0], list):
            return None
        return validate_all(FormField, rec[0])

    def department_name(self, department_id: int | None) -> str | None:
        """The department's name from the cache: the departments list, else the department field's
        choices of the cached form fields (no request); a miss loads the list in the background."""
        if department_id is not None and self.names.get("departments", department_id) is None:
            for field in self.cached_form_fields(None) or ():
                if field.name == "department" and field.choices:
                    known = {c.id: c.value for c in field.choices if isinstance(c.id, int) and c.value}
                    if department_id in known:
                        self.names.replace("departments", {**self.names.names["departments"], **known})
        return self._name("departments", department_id)

    def location_name(self, location_id: int | None) -> str | None:
        """The location's name from the cache (a miss loads the locations list in the background)."""
        return self._name("locations", location_id)

    async def asset_types(self, *, prefetch: bool = False) -> list[AssetType]:
        """GET /asset_types (all pages, cached like agents and groups)."""
        return await self._named_list("asset_types", self._tolerant_iter(self.core.client.iter_asset_types),
                                      AssetType, prefetch)

    def asset_type_name(self, asset_type_id: int | None) -> str | None:
        """An asset type's name (``asset_type_id``, the reference's ``ci_type_id``) from the cache."""
        return self._name("asset_types", asset_type_id)

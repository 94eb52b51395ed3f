"""Paged lists for the browse screens (assets, requesters, agents), cached briefly: they change rarely.
Server-side filters (find_*) are not cached; the names they show are remembered."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from fstui.api import errors as api_errors
from fstui.api.people_filters import AGENT_NAME_FIELDS, REQUESTER_NAME_FIELDS, starts_with_query
from fstui.api.models import Agent, Asset, Requester
from fstui.service.core import ServiceCore
from fstui.service.lookups import Lookups

if TYPE_CHECKING:
    from fstui.api.client import Page


NAME_LOOKUP_PAGES = 20
"""A name looked up by reading the requester list stops after this many pages of 100 (20 credits)."""


class BrowseLists:
    def __init__(self, core: ServiceCore, lookups: Lookups) -> None:
        self.core = core
        self.store = core.store
        self.lookups = lookups

    async def _paged(self, key: str, call: Callable[[], Awaitable["Page[Any]"]], model: type[Any],
                     ttl: float = 300.0) -> "Page[Any]":
        from fstui.api.client import Page

        def from_record(d: dict[str, Any]) -> "Page[Any]":
            return Page(items=[model.model_validate(x) for x in d["items"]], page=d["page"],
                        next_page=d.get("next_page"), total=d.get("total"))

        rec = self.store.get_record(key)
        if rec is not None and isinstance(rec[0], dict) and time.time() - rec[1] < ttl:
            self.core.stats.cache_hits += 1
            return from_record(rec[0])
        self.core.stats.cache_misses += 1

        async def fetch() -> "Page[Any]":
            try:
                page = await self.core.api(call)
            except api_errors.TransportError:
                if rec is not None and isinstance(rec[0], dict):
                    return from_record(rec[0])
                raise
            self.store.set_record(key, {"items": [i.model_dump(mode="json") for i in page.items], "page": page.page,
                                        "next_page": page.next_page, "total": page.total})
            return page

        return await self.core.single(key, fetch)

    async def assets(self, *, order_by: str | None = None, order_type: str | None = None, trashed: bool = False,
                     include_type_fields: bool = False, page: int = 1, per_page: int = 30,
                     force: bool = False) -> "Page[Asset]":
        # the workspaces the queue shows (GET /assets answers for the primary one without workspace_id)
        scope = self.core.workspace_scope
        key = f"assets:{order_by}:{order_type}:{trashed}:{include_type_fields}:{page}:{per_page}"
        key += "" if scope is None else f":ws={scope}"
        if force:
            self.store.delete(key)
        return await self._paged(key, lambda: self.core.client.list_assets(
            order_by=order_by, order_type=order_type, trashed=trashed, include_type_fields=include_type_fields,
            page=page, per_page=per_page, workspace_id=scope), Asset)

    async def filter_assets(self, query: str, page: int = 1) -> "Page[Asset]":
        scope = self.core.workspace_scope
        key = f"assets_q:{query}:{page}" + ("" if scope is None else f":ws={scope}")
        return await self._paged(key, lambda: self.core.client.filter_assets(query, page=page, workspace_id=scope),
                                 Asset)

    async def asset(self, display_id: int, *, include_type_fields: bool = False) -> Asset:
        key = f"asset:{display_id}:{include_type_fields}"
        rec = self.store.get_record(key)
        if rec is not None and isinstance(rec[0], dict) and time.time() - rec[1] < 300:
            return Asset.model_validate(rec[0])
        a = await self.core.api(self.core.client.get_asset, display_id, include_type_fields=include_type_fields)
        self.store.set_record(key, a.model_dump(mode="json"))
        return a

    async def requesters(self, page: int = 1, *, email: str | None = None, per_page: int = 30,
                         force: bool = False) -> "Page[Requester]":
        key = f"requesters:{email}:{page}:{per_page}"
        if force:
            self.store.delete(key)
        result = await self._paged(key, lambda: self.core.client.list_requesters(email=email, page=page,
                                                                                  per_page=per_page), Requester)
        for r in result.items:
            self.lookups.remember_requester(r, keep_existing=True)
        return result

    async def agents_page(self, *, state: str | None = None, page: int = 1, per_page: int = 30,
                          force: bool = False) -> "Page[Agent]":
        key = f"agents_page:{state}:{page}:{per_page}"
        if force:
            self.store.delete(key)
        result = await self._paged(
            key, lambda: self.core.client.list_agents(state=state, page=page, per_page=per_page), Agent)
        for a in result.items:
            self.lookups.names.remember("agents", a.id, a.name)
        return result

    async def find_requesters(self, *, email: str | None = None, mobile_phone_number: str | None = None,
                              work_phone_number: str | None = None) -> list[Requester]:
        """Server-side filter (not cached); the names seen are remembered."""
        page = await self.core.api(self.core.client.list_requesters, email=email,
                                   mobile_phone_number=mobile_phone_number, work_phone_number=work_phone_number,
                                   per_page=100)
        for r in page.items:
            self.lookups.remember_requester(r)
        return list(page.items)

    async def requesters_named(self, name: str, *, max_pages: int = NAME_LOOKUP_PAGES) -> tuple[list[Requester], bool]:
        """Requesters whose name or email holds every word of ``name`` (case-insensitive), from the server.

        Returns ``(found, complete)``; ``complete`` is False when the paging fallback stopped after
        ``max_pages`` pages with more left. With the client's ``query=`` filter (API-SUPPLEMENT
        ``GET /requesters?query="~[first_name|last_name|name]:'...'"``, starts-with) this is one call;
        without it (or for a name the query grammar cannot quote) the requester list is read 100 a page
        (each page cached 5 min, 1 credit) until a page is short. The names seen are remembered.
        """
        words = name.lower().split()
        if not words:
            return [], True

        def matches(r: Requester) -> bool:
            haystack = " ".join(x for x in (r.first_name, r.last_name, r.primary_email) if x).lower()
            return all(word in haystack for word in words)

        queried = await self._query_people("requesters", name)
        if queried is not None:
            return [r for r in queried if matches(r)], True
        found = []  # the account's API refused the query (or the client has none): read the list instead
        number = 1
        while True:
            page = await self.requesters(page=number, per_page=100)
            found.extend(r for r in page.items if matches(r))
            if page.next_page is None:
                return found, True
            if number >= max_pages:
                return found, False
            number += 1

    async def find_by_name(self, kind: str, text: str) -> list[Any]:
        """People (``kind`` "agents" or "requesters") whose name or email starts with ``text``: the
        server's ``~[first_name|last_name|email]:'text'`` filter (first page, 30), so a person not in
        the loaded pages is found. [] where the account refuses the query (an older API)."""
        return await self._query_people(kind, text) or []

    async def _query_people(self, kind: str, text: str) -> list[Any] | None:
        """The first page (30) of the server's starts-with filter for ``kind`` ("agents"/"requesters";
        API-SUPPLEMENT ``GET /agents|requesters?query="~[first_name|last_name|email]:'text'"``), the names
        seen remembered; None when the account refuses the query (400) or the client has no filter."""
        agents = kind == "agents"
        method = getattr(self.core.client, "filter_agents" if agents else "filter_requesters", None)
        if not callable(method):
            return None
        try:
            page = await self.core.api(method, starts_with_query(text, AGENT_NAME_FIELDS if agents
                                                                 else REQUESTER_NAME_FIELDS))
        except api_errors.ValidationError:
            return None
        for person in page.items:
            if agents:
                self.lookups.names.remember("agents", person.id, person.name)
            else:
                self.lookups.remember_requester(person)
        return list(page.items)

    async def find_agents(self, *, email: str | None = None, mobile_phone_number: str | None = None,
                          work_phone_number: str | None = None, state: str | None = None) -> list[Agent]:
        page = await self.core.api(self.core.client.list_agents, email=email, mobile_phone_number=mobile_phone_number,
                                   work_phone_number=work_phone_number, state=state, per_page=100)
        for a in page.items:
            self.lookups.names.remember("agents", a.id, a.name)
        return list(page.items)

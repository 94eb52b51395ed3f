"""The current people endpoints (API-SUPPLEMENT §2.1, §2.3): ``GET /agents/me`` and the filter queries
``GET /agents?query="…"`` / ``GET /requesters?query="…"`` (with ``active=``, agents' ``state=``,
requesters' ``include_agents=``).

Query grammar: the ticket filter's (``field:value``, ``:>``/``:<``, AND/OR/()), fields first_name,
last_name, name, job_title, email (requesters: primary_email), phones, department_id,
reporting_manager_id, time_zone, language, location_id, created_at, updated_at; plus
``~[first_name|last_name|email]:'abc'`` = starts with. 30 per page, page <= 40, newest first,
<= 512 characters. :func:`starts_with_query` builds the look-up-by-name form safely.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fstui.api.models import Agent, Requester
from fstui.api.paging import Page, check_filter_page, filter_next
from fstui.api.params import AGENT_STATES, bool_param, choice, quoted_query
from fstui.api.transport import Transport

MAX_PEOPLE_FILTER_PAGE = 40  # "agent/requester/asset filters max page 40"
AGENT_NAME_FIELDS = ("first_name", "last_name", "email")
REQUESTER_NAME_FIELDS = ("first_name", "last_name", "primary_email")


def quote_value(text: str) -> str:
    """A value in the query's single quotes (a quote or backslash escaped)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def starts_with_query(text: str, fields: Sequence[str] = AGENT_NAME_FIELDS) -> str:
    """``~[first_name|last_name|email]:'text'`` — people whose name or email starts with ``text``."""
    text = " ".join(text.split())
    if not text:
        raise ValueError("the text to look up is empty")
    return f"~[{'|'.join(fields)}]:{quote_value(text)}"


class PeopleFiltersApi(Transport):
    """GET /agents/me and the agents/requesters filter queries."""

    async def get_me(self) -> Agent:
        """GET /agents/me: the agent the API key belongs to (works for keys that may not list agents)."""
        return await self._get_one(Agent, "/agents/me", "agent")

    async def filter_agents(self, query: str, page: int = 1, *, active: bool | None = None,
                            state: str | None = None) -> Page[Agent]:
        """GET /agents?query="..." (30 per page, page <= 40; the Link header, if any, is followed)."""
        check_filter_page(page, MAX_PEOPLE_FILTER_PAGE, "agent")
        params: dict[str, Any] = {"query": quoted_query(query), "active": bool_param(active),
                                  "state": choice(state, AGENT_STATES, "state"), "page": page}
        result = await self._get_page(Agent, "/agents", "agents", page, params, "agent")
        return filter_next(result, MAX_PEOPLE_FILTER_PAGE)

    async def filter_requesters(self, query: str, page: int = 1, *, active: bool | None = None,
                                include_agents: bool = False) -> Page[Requester]:
        """GET /requesters?query="..." (30 per page, page <= 40); ``include_agents`` adds agents
        (``is_agent: true``; needs the Manage Agents permission)."""
        check_filter_page(page, MAX_PEOPLE_FILTER_PAGE, "requester")
        params: dict[str, Any] = {"query": quoted_query(query), "active": bool_param(active),
                                  "include_agents": "true" if include_agents else None, "page": page}
        result = await self._get_page(Requester, "/requesters", "requesters", page, params, "requester")
        return filter_next(result, MAX_PEOPLE_FILTER_PAGE)

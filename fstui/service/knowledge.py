"""Canned responses and knowledge-base articles for compose (issue 14).

Look-ups are fetched when the agent opens the picker, never before (a triage session that does not open
it spends nothing), then cached like the other look-ups (``lookup:canned_*``, the lookup TTL). Article
searches are cached per search term for the session.

Placeholders: Freshservice's API returns a canned response as stored (``{{ticket.requester.name}}``
and the like are not expanded by any documented endpoint), so fstui fills the ones it knows from the
ticket and leaves every other placeholder visible, as typed, for the agent to complete:

    {{ticket.id}} {{ticket.subject}} {{ticket.status}} {{ticket.priority}}
    {{ticket.requester.name}} {{ticket.requester.firstname}} {{ticket.requester.email}}
    {{ticket.agent.name}} {{ticket.agent.firstname}} {{ticket.agent.email}} {{ticket.group.name}}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from fstui.api import errors as api_errors
from fstui.api.canned import CannedResponse, CannedResponseFolder
from fstui.api.solutions import SolutionArticle
from fstui.service.core import ServiceCore
from fstui.service.lookups import Lookups

GLOBAL = 1  # the account level: canned responses and articles every workspace offers
PLACEHOLDER_RE = re.compile(r"\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}")
KNOWN_PLACEHOLDERS = ("ticket.id", "ticket.subject", "ticket.status", "ticket.priority", "ticket.requester.name",
                      "ticket.requester.firstname", "ticket.requester.email", "ticket.agent.name",
                      "ticket.agent.firstname", "ticket.agent.email", "ticket.group.name")


def fill_placeholders(text: str, values: Mapping[str, Any]) -> str:
    """``{{name}}`` -> its value when ``values`` has a non-empty one; anything else is left as it is."""

    def one(m: re.Match[str]) -> str:
        value = values.get(m.group(1))
        return str(value) if value not in (None, "") else m.group(0)

    return PLACEHOLDER_RE.sub(one, text or "")


def fuzzy_score(query: str, *texts: str) -> int | None:
    """A small fuzzy match: every query word must occur in the texts, as a substring (best) or as its
    letters in order (a subsequence); lower is better, None when a word does not match at all."""
    hay = " ".join(t.lower() for t in texts if t)
    score = 0
    for word in query.lower().split():
        at = hay.find(word)
        if at >= 0:
            score += at // 40
            continue
        pos = 0
        for ch in word:
            pos = hay.find(ch, pos)
            if pos < 0:
                return None
            pos += 1
        score += 50
    return score


class Knowledge:
    def __init__(self, core: ServiceCore, lookups: Lookups) -> None:
        self.core = core
        self.lookups = lookups
        self._searches: dict[str, list[SolutionArticle]] = {}
        self._articles: dict[int, SolutionArticle] = {}

    async def canned_folders(self, workspace_id: int | None = None) -> list[CannedResponseFolder]:
        """The canned-response folders a ticket of ``workspace_id`` offers: that workspace's and the
        global ones (see :meth:`canned_responses`)."""
        return await self._by_workspace("canned_folders", self.core.client.iter_canned_response_folders,
                                        CannedResponseFolder, workspace_id)

    async def canned_responses(self, workspace_id: int | None = None) -> list[CannedResponse]:
        """The canned responses for a ticket of ``workspace_id`` (API-SUPPLEMENT §4): ``GET
        /canned_responses?workspace_id=N`` and the global ones (``workspace_id=1``), merged, N's first;
        without a workspace (an account without them) the server's default list, as before. Each list
        is cached like the other look-ups; a refused global list (an account without the level) is none."""
        return await self._by_workspace("canned_responses", self.core.client.iter_canned_responses,
                                        CannedResponse, workspace_id)

    async def _by_workspace(self, key: str, iterate: Any, model: type[Any], workspace_id: int | None) -> list[Any]:
        async def one(scope: int | None) -> list[Any]:
            async def fetch() -> list[Any]:
                if scope is None:
                    return await self.lookups._collect(iterate())
                try:
                    return await self.lookups._collect(iterate(workspace_id=scope))
                except (api_errors.ValidationError, api_errors.NotFound):
                    if scope != GLOBAL:
                        raise
                    return []

            return await self.lookups._lookup_list(key if scope is None else f"{key}:{scope}", fetch, model)

        if workspace_id is None:
            return await one(None)
        items = await one(workspace_id) + ([] if workspace_id == GLOBAL else await one(GLOBAL))
        merged: dict[int, Any] = {}
        for item in items:  # a server that lists the global ones with N's too: each once
            merged.setdefault(item.id, item)
        return list(merged.values())

    async def canned_response(self, response_id: int) -> CannedResponse:
        """One response with its attachments (the list omits them)."""
        return await self.core.api(self.core.client.get_canned_response, response_id)

    @staticmethod
    def in_workspace(articles: list[SolutionArticle], workspace_id: int | None) -> list[SolutionArticle]:
        """The articles for a ticket of ``workspace_id``: that workspace's and the global ones (the search
        has no workspace parameter, API-SUPPLEMENT §5; an article without ``workspace_id`` is kept)."""
        if workspace_id is None:
            return list(articles)
        return [a for a in articles if a.workspace_id in (None, GLOBAL, workspace_id)]

    async def search_articles(self, term: str) -> list[SolutionArticle]:
        key = " ".join(term.lower().split())
        if key not in self._searches:
            page = await self.core.api(self.core.client.search_solution_articles, term, per_page=30)
            self._searches[key] = list(page.items)
        return self._searches[key]

    async def article(self, article_id: int) -> SolutionArticle:
        if article_id not in self._articles:
            self._articles[article_id] = await self.core.api(self.core.client.get_solution_article, article_id)
        return self._articles[article_id]

    def article_link(self, article: SolutionArticle) -> str:
        """The article's address for a requester: its own ``url`` (external articles), else the account's
        portal page ``<account>/support/solutions/articles/<id>``."""
        if article.url:
            return article.url
        parts = urlsplit(self.core.client.base_url)
        return f"{parts.scheme}://{parts.netloc}/support/solutions/articles/{article.id}"

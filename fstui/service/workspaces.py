"""Workspaces for the screens: which ones the account has, which the signed-in agent sees, and the
default scope of the ticket queue (API-SUPPLEMENT §1).

- An account without workspaces (one primary, or no /workspaces endpoint: 404/403) keeps the queue as
  it was: no ``workspace_id`` is sent (the server's default, the primary workspace).
- A multi-workspace account shows every workspace the agent can see by default (``workspace_id=0``),
  with a workspace column; the agent can narrow to one (the switcher) or go back to all.
- The list is cached like the other look-ups (``ServiceConfig.lookup_ttl``).

Choice: the agent's workspaces are ``/agents/me``'s ``workspace_ids``; without them (an older account,
or no /agents/me) every active workspace the account lists counts as visible.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from fstui.api import errors as api_errors
from fstui.api.workspaces import ALL_WORKSPACES, Workspace

ALL = ALL_WORKSPACES  # the queue scope "every workspace I can see"


class Workspaces:
    def __init__(self, lookups: Any) -> None:
        self.lookups = lookups
        self.core = lookups.core

    async def workspaces(self) -> list[Workspace]:
        """Every workspace the account lists (GET /workspaces, all pages; cached). [] when the account
        has no such endpoint (404) or the key may not list them (403)."""

        async def fetch() -> list[Workspace]:
            try:
                return await self.lookups._collect(self.core.client.iter_workspaces(per_page=100))
            except (api_errors.NotFound, api_errors.AccessDenied):
                return []

        items = await self.lookups._lookup_list("workspaces", fetch, Workspace)
        self.lookups.names.replace("workspaces", {w.id: w.name for w in items if w.name})
        return items

    def cached(self) -> list[Workspace]:
        return self.lookups._cached_lookup("workspaces", Workspace)

    def visible(self, me: Any = None, workspaces: list[Workspace] | None = None) -> list[Workspace]:
        """The workspaces the agent can see, in the account's order."""
        items = [w for w in (self.cached() if workspaces is None else workspaces) if w.active]
        mine = list(getattr(me, "workspace_ids", None) or [])
        if mine:
            items = [w for w in items if w.id in mine]
        return items

    def default_scope(self, me: Any = None) -> int | None:
        """``0`` (all the agent's workspaces) on a multi-workspace account, else None (unchanged)."""
        return ALL if len(self.visible(me)) > 1 else None

    def name(self, workspace_id: int | None) -> str | None:
        if workspace_id is None:
            return None
        return self.lookups.names.get("workspaces", workspace_id)

    def label(self, scope: int | None, me: Any = None) -> str:
        """What the status bar says is shown: "" on an account without workspaces."""
        visible = self.visible(me)
        if len(visible) <= 1 and scope in (None, ALL):
            return ""
        if scope == ALL:
            return "All workspaces"
        if scope is None:
            primary = next((w for w in visible if w.primary), None)
            return primary.name or "" if primary else ""
        return self.name(scope) or f"Workspace {scope}"

    def primary_id(self) -> int | None:
        return next((w.id for w in self.cached() if w.primary), None)

    def fields_scope(self, workspace_id: int | None) -> int | None:
        """The ``workspace_id`` to read a ticket's form fields with (GET /ticket_form_fields): that of a
        workspace other than the primary one (its own fields and the global ones); None for the primary, for
        no workspace, or while the primary is not known (the global + primary fields, the account's)."""
        primary = self.primary_id()
        return workspace_id if workspace_id is not None and primary is not None and workspace_id != primary else None

    def rows_complete(self, workspace_id: int | None) -> bool:
        """Whether a ``workspace_id=0`` list row of this workspace carries every field (the list drops a
        workspace's own fields): true when that workspace's cached form fields (the primary's: global +
        primary; another's: ``?workspace_id=N``, read when its first ticket is shown) name no field of
        its own. Unknown -> False (the ticket is read whole when opened)."""
        if workspace_id is None or self.primary_id() is None:
            return False
        fields = self.lookups.cached_form_fields(self.fields_scope(workspace_id))
        if fields is None:
            return False
        return not any(f.workspace_id == workspace_id for f in fields)

    async def prepare(self, me: Any = None) -> int | None:
        """Read what the queue's default scope needs (the workspaces; on a multi-workspace account the
        primary's form fields too) and return that scope (see :meth:`default_scope`)."""
        mine = getattr(me, "workspace_ids", None) or []
        if len(mine) == 1:
            return None  # the agent sees one workspace: nothing to choose, no call
        if len(mine) > 1:  # known to be several: read both look-ups at once (cold start)
            fields = asyncio.ensure_future(self.lookups.form_fields(None))
            try:
                await self.workspaces()
            finally:
                with contextlib.suppress(api_errors.FreshserviceError):
                    await fields
        else:
            await self.workspaces()
        scope = self.default_scope(me)
        if scope == ALL:
            try:
                await self.lookups.form_fields(None)
            except api_errors.FreshserviceError:
                pass  # rows of every workspace are then read whole when opened
        return scope

    def resolve(self, text: str, me: Any = None) -> int | None:
        """``--workspace NAME|ID|all`` -> a scope; ValueError naming the choices when nothing matches."""
        value = text.strip()
        if value.lower() == "all":
            return ALL
        known = self.visible(me) or self.cached()
        if value.isdigit():
            if not known or any(w.id == int(value) for w in known):
                return int(value)
        else:
            for w in known:
                if (w.name or "").lower() == value.lower():
                    return w.id
        names = ", ".join(w.name or str(w.id) for w in known) or "none listed"
        raise ValueError(f"no workspace {value!r} (choose all or one of: {names})")

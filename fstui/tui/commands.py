"""Command palette providers (ctrl+p): jump anywhere without an API call per keystroke.

- ``#123`` or ``123``: open ticket 123.
- Agents and requesters by name: from the service's cache (gathered once when the palette opens).
- Sections, queue views, switch account, toggle read-only, help.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from fstui.tui import text as T

QUEUE_VIEWS: tuple[tuple[str, str], ...] = (
    ("recent", "Recent tickets"),
    ("new_and_my_open", "New and my open"),
    ("watching", "Watching"),
    ("spam", "Spam"),
    ("deleted", "Deleted"),
)


def _sections(app: Any) -> list[tuple[str, str]]:
    try:
        from fstui.tui.app import sections
    except ImportError:
        return []
    return [(key, title) for key, (title, _factory) in sorted(sections().items())]


def ticket_id_from(query: str) -> int | None:
    value = query.strip().lstrip("#").strip()
    if value.isdigit() and 0 < len(value) <= 12:
        return int(value)
    return None


# --------------------------------------------------------------------------- actions


def open_ticket(app: Any, ticket_id: int) -> None:
    handler = getattr(app, "open_ticket", None)
    if callable(handler):
        handler(ticket_id)
    else:
        app.notify(f"Ticket #{ticket_id}: the ticket screen is not available", severity="warning")


def open_section(app: Any, key: str) -> None:
    handler = getattr(app, "switch_section", None)
    if callable(handler):
        handler(key)


def open_queue_view(app: Any, kind: str) -> None:
    from fstui.service import QueueView

    handler = getattr(app, "open_queue", None)
    if callable(handler):
        handler(QueueView(kind=kind))


def open_assigned_to(app: Any, agent_id: int) -> None:
    from fstui.service import QueueView

    handler = getattr(app, "open_queue", None)
    if callable(handler):
        handler(QueueView(kind="query", query=f"agent_id:{int(agent_id)}"))


def toggle_read_only(app: Any) -> bool:
    """Read-only on (or off again) for the running account; never off in a session started read-only
    (see fstui.tui.read_only)."""
    from fstui.tui.read_only import toggle_read_only as toggle

    return toggle(app)


def switch_account(app: Any, name: str) -> None:
    from fstui import config as cfg

    try:
        # a session started read-only stays read-only in the account it switches to (issue 11, 6)
        profile = cfg.resolve_profile(profile=name, read_only=bool(getattr(app, "started_read_only", False)))
    except cfg.ConfigError as exc:
        app.notify(T.notice("{}", str(exc)), title="Cannot switch account", severity="error", timeout=10, markup=False)
        return
    handler = getattr(app, "switch_profile", None)
    if callable(handler):
        handler(profile)
    else:
        app.notify(T.notice("Restart with: fstui --profile {}", name), title="Switch account", markup=False)


def show_help(app: Any) -> None:
    handler = getattr(app, "action_help", None)
    if callable(handler):
        handler()


def open_outbox(app: Any) -> None:
    handler = getattr(app, "action_outbox", None)
    if callable(handler):
        handler()


def open_agent(app: Any, agent: Any) -> None:
    from fstui.tui.screens.agents import AgentDetailScreen

    app.push_screen(AgentDetailScreen(agent))


def open_requester(app: Any, requester: Any) -> None:
    from fstui.tui.screens.requesters import RequesterDetailScreen

    app.push_screen(RequesterDetailScreen(requester))


# --------------------------------------------------------------------------- providers


class GoToProvider(Provider):
    """Tickets by id, sections, queue views, account switch, read-only toggle, help."""

    async def startup(self) -> None:
        app = self.app
        entries: list[tuple[str, Callable[[], Any], str]] = []
        for key, title in _sections(app):
            entries.append((f"Go to {title}", partial(open_section, app, key), f"section {key}"))
        for kind, title in QUEUE_VIEWS:
            entries.append((f"Queue: {title}", partial(open_queue_view, app, kind), "switch the ticket queue view"))
        me_id = getattr(app, "my_id", None)  # GET /agents/me, else by the configured email (app.my_id: one source)
        if isinstance(me_id, int):
            entries.append(("Queue: Assigned to me", partial(open_assigned_to, app, me_id),
                            "tickets assigned to you (the server's filter query)"))
        from fstui.tui import workspace_scope

        if workspace_scope.several(app):
            for scope, label in workspace_scope.choices(app):
                entries.append((f"Workspace: {label.plain}", partial(workspace_scope.set_scope, app, scope),
                                "show the tickets of this workspace" if scope else "show every workspace's tickets"))
        for saved in getattr(app, "saved_views", None) or []:
            opener = getattr(app, "open_saved_view", None)
            if callable(opener):
                entries.append((f"View: {T.one_line(saved.name, 60)}", partial(opener, saved),
                                "a saved view from the config file"))
        profile = getattr(app, "profile", None)
        from fstui.tui.read_only import is_read_only

        # A session started read-only stays so: the palette offers no way out of it (issue 11, 6).
        if not getattr(app, "started_read_only", False):
            ro = is_read_only(app)
            entries.append(("Toggle read-only", partial(toggle_read_only, app),
                            "now read-only: enable writes again" if ro else "refuse every write from now on"))
        entries.append(("Help", partial(show_help, app), "keys and screens"))
        entries.append(("Outbox", partial(open_outbox, app), "writes waiting, failed or sent today: retry, discard (O)"))
        try:
            from fstui import config as cfg

            names = cfg.profile_names()
        except Exception:
            names = []
        current = getattr(profile, "name", None)
        for name in names:
            if name != current:
                entries.append((f"Switch account: {T.one_line(name, 40)}", partial(switch_account, app, name),
                                "open another profile from the config file"))
        self.entries = entries

    async def discover(self) -> Hits:
        for text, command, help_text in self.entries:
            yield DiscoveryHit(T.safe_line(text), command, text=text, help=_help(help_text))

    async def search(self, query: str) -> Hits:
        ticket_id = ticket_id_from(query)
        if ticket_id is not None:
            yield Hit(1.0, f"Open ticket #{ticket_id}", partial(open_ticket, self.app, ticket_id),
                      text=f"Open ticket #{ticket_id}", help="jump to the ticket")
        matcher = self.matcher(query)
        for text, command, help_text in self.entries:
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _highlight(matcher, text), command, text=text, help=_help(help_text))


class PeopleProvider(Provider):
    """Agents and requesters by name, from what the service has cached (no request per keystroke)."""

    MAX_HITS = 40

    async def startup(self) -> None:
        service = getattr(self.app, "service", None)
        self.people: list[tuple[str, str, Callable[[], Any]]] = []
        if service is None:
            return
        agents = _call(service, "cached_agents")
        if agents is None:
            try:
                agents = await service.agents()  # long-cached list: at most one request per palette
            except Exception:
                agents = []
        for agent in agents or []:
            name = _name(agent.first_name, agent.last_name, agent.email)
            self.people.append((f"Agent: {name}", T.one_line(agent.email or "", 60), partial(open_agent, self.app, agent)))
        for requester in _call(service, "cached_requesters") or []:
            name = _name(requester.first_name, requester.last_name, requester.primary_email)
            self.people.append((f"Requester: {name}", T.one_line(requester.primary_email or "", 60),
                                partial(open_requester, self.app, requester)))

    async def search(self, query: str) -> Hits:
        if not query.strip() or ticket_id_from(query) is not None:
            return
        matcher = self.matcher(query)
        hits = []
        for text, email, command in self.people:
            score = max(matcher.match(text), matcher.match(email) * 0.9)
            if score > 0:
                hits.append((score, text, email, command))
        hits.sort(key=lambda h: -h[0])
        for score, text, email, command in hits[: self.MAX_HITS]:
            yield Hit(score, _highlight(matcher, text), command, text=text, help=_help(email))


def _highlight(matcher: Any, text: str) -> Content:
    """Highlight the fuzzy match in a label that may hold API text.

    ``Matcher.highlight`` parses its candidate as markup, so labels are built as plain Content here and
    only the matched offsets are styled.
    """
    content = T.safe_line(text)
    plain = content.plain
    score, offsets = matcher.fuzzy_search.match(matcher.query, plain)
    if not score:
        return content
    for offset in offsets:
        if offset < len(plain) and not plain[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _help(text: str | None) -> Any:
    """Help lines are parsed as markup by the palette: pass Content, which it uses unmodified."""
    return T.safe_line(text) if text else None


def _name(first: str | None, last: str | None, fallback: str | None) -> str:
    name = " ".join(p for p in (first, last) if p) or fallback or "?"
    return T.one_line(name, 60)


def _call(service: Any, name: str) -> Any:
    func = getattr(service, name, None)
    if not callable(func):
        return None
    try:
        return func()
    except Exception:
        return None


COMMAND_PROVIDERS: set[type[Provider]] = {GoToProvider, PeopleProvider}


def register_commands(app: Any) -> None:
    """Add fstui's providers to the app's palette (FstuiApp adds the same ones as lazy loaders)."""
    app.COMMANDS = set(type(app).COMMANDS) | COMMAND_PROVIDERS

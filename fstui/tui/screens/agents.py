"""Agents: lookup by name over the cached list, by email/phone through the server; detail; their tickets."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen

from fstui.tui import org_names
from fstui.tui import text as T
from fstui.tui.app import register_section
from fstui.tui.browse import (
    ID_WIDTH,
    DetailScreen,
    KeyValue,
    SearchBrowseScreen,
    name_matches,
    now_of,
    open_queue,
    person_name,
    queue_view,
    section,
    when,
)

STATES = ("all", "fulltime", "occasional")
#: A role's ``assignment_scope`` (API-SUPPLEMENT §2.2) as the agent detail says it; an unknown value as sent.
ASSIGNMENT_SCOPES = {"entire_helpdesk": "Entire helpdesk", "member_groups": "Groups they are a member of",
                     "specified_groups": "Specified groups", "assigned_items": "Items assigned to them"}


def _current_roles(agent: Any) -> list[dict[str, Any]]:
    """The agent's ``roles[]`` entries that name a role (the current API); [] for an older account."""
    return [r for r in agent.roles or () if isinstance(r, dict) and isinstance(r.get("role_id"), int)]


def agent_display_name(agent: Any) -> str:
    return person_name(agent.first_name, agent.last_name, agent.email or f"#{agent.id}")


def agent_kind(agent: Any) -> str:
    return "occasional" if agent.occasional else "full-time"


def assigned_tickets_view(agent_id: int) -> Any:
    """The ticket queue of an agent's assigned tickets (the server's filter query)."""
    return queue_view(kind="query", query=f"agent_id:{int(agent_id)}")


class AgentsScreen(SearchBrowseScreen):
    """Section 3: agents."""

    title_text = "Agents"

    BINDINGS = [
        Binding("f", "cycle_state", "Full-time/occasional"),
        Binding("t", "tickets", "Their tickets"),
    ]

    noun = "agent"
    find_method = "find_agents"

    def __init__(self) -> None:
        super().__init__()
        self.state = "all"
        self.agents: list[Any] = []

    COLUMNS = [
        ("id", "ID", ID_WIDTH, 0),
        ("name", "Name", 20, 0),
        ("email", "Email", 26, 0),
        ("type", "Type", 10, 0),
        ("job", "Job title", 18, 100),
    ]
    FLEX_COLUMN = "email"

    def header_text(self) -> Content:
        shown = self.table.row_count if self.is_mounted else 0
        where = "server lookup" if self.server_results is not None else "cached list"
        state = {"all": "all agents", "fulltime": "full-time", "occasional": "occasional"}[self.state]
        return Content.assemble(("Agents", "bold"), f"  {state}, {shown} shown ({where})")

    def load(self) -> None:
        self.server_results = None
        self._load()

    @work(exclusive=True, group="agents-load", exit_on_error=False, description="Loading agents")
    async def _load(self) -> None:
        self.agents = list(await self.service.agents())
        self.apply_search()

    def visible(self) -> list[Any]:
        source = self.server_results if self.server_results is not None else self.agents
        query = self.search_text if self.server_results is None else ""
        rows = []
        for agent in source:
            if self.state == "fulltime" and agent.occasional:
                continue
            if self.state == "occasional" and not agent.occasional:
                continue
            if query and not name_matches(query, agent.first_name, agent.last_name, agent.email):
                continue
            rows.append(agent)
        return sorted(rows, key=lambda a: agent_display_name(a).lower())

    def row_cells(self, agent: Any) -> dict[str, Any]:
        return dict(id=agent.id, name=agent_display_name(agent), email=agent.email, type=agent_kind(agent),
                    job=agent.job_title)

    def detail_screen(self, agent: Any) -> Screen:
        return AgentDetailScreen(agent)

    def action_cycle_state(self) -> None:
        self.state = STATES[(STATES.index(self.state) + 1) % len(STATES)]
        self.apply_search()

    def action_tickets(self) -> None:
        agent = self.current_person()
        if agent is not None:
            open_queue(self, assigned_tickets_view(agent.id), "Assigned tickets")


class AgentDetailScreen(DetailScreen):
    BINDINGS = [Binding("t", "tickets", "Assigned tickets")]

    def __init__(self, agent: Any) -> None:
        super().__init__(Content.assemble(("Agent ", "bold"), f"#{agent.id}  ",
                                          T.safe_line(agent_display_name(agent), max_chars=60)))
        self.agent = agent
        self._names: tuple[dict[int, str], dict[int, str]] = ({}, {})  # (groups, roles) as loaded

    def on_service_changed(self, event: Any) -> None:
        """Names arrived (locations, departments, groups, agents): shown instead of ids."""
        if type(event).__name__ == "TicketsChanged" and not event.ids and not event.new_ids:
            self.query_one("#agent-fields", KeyValue).set_rows(self._rows(*self._names))
            self.query_one("#agent-scopes", KeyValue).set_rows(self._scopes(*self._names))

    def compose_body(self) -> ComposeResult:
        yield KeyValue(self._rows({}, {}), id="agent-fields")
        # Current accounts: each role's assignment scope (roles[]); older ones: the agent's scopes.
        yield section("Roles" if _current_roles(self.agent) else "Scopes")
        yield KeyValue(self._scopes({}, {}), id="agent-scopes")

    def _group_names(self, ids: list[int], groups: dict[int, str]) -> list[str]:
        return [groups.get(g) or self.service.group_name(g) or f"#{g}" for g in ids]

    def _rows(self, groups: dict[int, str], roles: dict[int, str]) -> list[tuple[str, Any]]:
        a = self.agent
        service = self.service
        now = now_of(self)
        # current accounts send member_of/observer_of and roles[] (API-SUPPLEMENT §2.2); older ones the
        # reference's group_ids/role_ids: both are read
        group_ids = list(dict.fromkeys([*a.member_of, *a.group_ids]))
        role_ids = list(dict.fromkeys([*(r["role_id"] for r in _current_roles(a)), *a.role_ids]))
        group_names = self._group_names(group_ids, groups)
        observed = self._group_names(a.observer_of, groups)
        role_names = [roles.get(r) or f"#{r}" for r in role_ids]
        manager = None
        if a.reporting_manager_id:
            manager = (service.agent_name(a.reporting_manager_id) or service.requester_name(a.reporting_manager_id)
                       or f"#{a.reporting_manager_id}")
        level = a.scoreboard_level_id
        return [
            ("Name", agent_display_name(a)),
            ("Email", a.email),
            ("Type", agent_kind(a)),
            ("Job title", a.job_title),
            ("Work phone", a.work_phone_number),
            ("Mobile", a.mobile_phone_number),
            ("Groups", ", ".join(group_names) or "-"),
            *([("Observer of", ", ".join(observed))] if observed else []),
            ("Roles", ", ".join(role_names) or "-"),
            ("Manager", manager),
            ("Department", org_names.departments(service, a.department_ids) if a.department_ids else None),
            ("Location", org_names.location(service, a.location_id)),
            ("Level", getattr(level, "label", level)),
            ("Time zone", a.time_zone),
            ("Language", a.language),
            ("Last login", when(a.last_login_at, now)),
        ]

    def _scopes(self, groups: dict[int, str], roles: dict[int, str]) -> list[tuple[str, Any]]:
        a = self.agent
        current = _current_roles(a)
        if current:  # one line per role: what it lets the agent act on
            return [(roles.get(r["role_id"]) or f"#{r['role_id']}", self._assignment(r, groups)) for r in current]
        scopes = a.scopes
        rows = []
        for name in ("ticket", "problem", "change", "release"):
            value = getattr(scopes, name, None) if scopes is not None else None
            value = value or getattr(a, f"{name}_scope", None)
            if value:
                rows.append((name.capitalize(), value))
        return rows or [("", "none listed")]

    def on_mount(self) -> None:
        self._load_names()

    @work(exclusive=True, group="agent-detail", exit_on_error=False, description="Loading groups and roles")
    async def _load_names(self) -> None:
        groups = {g.id: g.name for g in await self.service.groups()}
        try:
            roles = {r.id: r.name for r in await self.service.roles()}
        except Exception:  # roles need admin rights; show ids then
            roles = {}
        self._names = (groups, roles)
        self.query_one("#agent-fields", KeyValue).set_rows(self._rows(groups, roles))
        self.query_one("#agent-scopes", KeyValue).set_rows(self._scopes(groups, roles))

    def _assignment(self, role: dict[str, Any], groups: dict[int, str]) -> str:
        scope = role.get("assignment_scope")
        text = ASSIGNMENT_SCOPES.get(scope, str(scope or "-"))
        if scope == "specified_groups":
            ids = [g for g in role.get("groups") or () if isinstance(g, int)]
            text += ": " + (", ".join(self._group_names(ids, groups)) or "none")
        return text

    def action_tickets(self) -> None:
        open_queue(self, assigned_tickets_view(self.agent.id), "Assigned tickets")


# Section 3 of the app (FstuiApp imports this module at start-up).
register_section("3", "Agents", lambda app: AgentsScreen())

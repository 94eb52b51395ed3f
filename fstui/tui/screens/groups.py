"""Groups (members, escalation) and roles (scopes): section 5. `v` switches between the two lists."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable

from fstui.tui import text as T
from fstui.tui.app import register_section
from fstui.tui.browse import (
    ID_WIDTH,
    ColumnSpec,
    BrowseScreen,
    DetailScreen,
    KeyValue,
    now_of,
    open_queue,
    queue_view,
    section,
    when,
)

SCOPES = ("ticket", "problem", "change", "release")


def group_tickets_view(group_id: int) -> Any:
    return queue_view(kind="query", query=f"group_id:{int(group_id)}")


def _yes_no(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")


class GroupsScreen(BrowseScreen):
    """Section 5: agent groups, and (v) roles."""

    title_text = "Groups"

    BINDINGS = [
        Binding("enter", "open", "Open", show=False),
        Binding("v", "switch", "Groups/Roles"),
        Binding("t", "tickets", "Group's tickets"),
    ]

    def __init__(self, mode: str = "groups") -> None:
        super().__init__()
        self.mode = mode
        self.rows: dict[str, Any] = {}

    def column_specs(self) -> list[ColumnSpec]:
        if self.mode == "groups":
            return [("id", "ID", ID_WIDTH, 0), ("name", "Group", 22, 0), ("members", "Members", 7, 0),
                    ("escalate", "Escalate to", 18, 0), ("after", "After", 5, 0), ("auto", "Auto", 4, 0)]
        return [("id", "ID", ID_WIDTH, 0), ("name", "Role", 20, 0), ("default", "Default", 7, 0),
                ("scope", "Ticket scope", 14, 0), ("description", "Description", 40, 0)]

    @property
    def FLEX_COLUMN(self) -> str:  # type: ignore[override]  # noqa: N802
        return "name" if self.mode == "groups" else "description"

    def header_text(self) -> Content:
        shown = self.table.row_count if self.is_mounted else 0
        if self.mode == "groups":
            return Content.assemble(("Groups", "bold"), f"  {shown} groups   (v: roles)")
        return Content.assemble(("Roles", "bold"), f"  {shown} roles   (v: groups)")

    def load(self) -> None:
        self._load()

    @work(exclusive=True, group="groups-load", exit_on_error=False, description="Loading groups and roles")
    async def _load(self) -> None:
        items = list(await (self.service.groups() if self.mode == "groups" else self.service.roles()))
        self.show_rows(sorted(items, key=lambda x: (x.name or "").lower()))

    def show_rows(self, items: list[Any]) -> None:
        self.clear_rows()
        self.rows.clear()
        service = self.service
        for item in items:
            key = str(item.id)
            self.rows[key] = item
            if self.mode == "groups":
                escalate = (service.agent_name(item.escalate_to) or f"#{item.escalate_to}") if item.escalate_to else ""
                self.add_row(key, id=item.id, name=item.name, members=len(item.member_ids), escalate=escalate,
                             after=item.unassigned_for, auto=_yes_no(item.auto_ticket_assign))
            else:
                scope = getattr(item.scopes, "ticket", None) if item.scopes is not None else None
                self.add_row(key, id=item.id, name=item.name, default=_yes_no(item.default), scope=scope,
                             description=item.description)
        self.update_header()
        self.show_empty(None if items else f"No {self.mode}.")

    def action_switch(self) -> None:
        self.mode = "roles" if self.mode == "groups" else "groups"
        self.title_text = self.mode.capitalize()
        self.sub_title = self.title_text
        self.setup_columns(self.table)
        self.table.forget_cursor()  # another list: its first row
        self.update_header()
        self.load()

    def current(self) -> Any | None:
        key = self.current_key()
        return self.rows.get(key) if key else None

    def action_open(self) -> None:
        item = self.current()
        if item is None:
            return
        screen = GroupDetailScreen(item) if self.mode == "groups" else RoleDetailScreen(item)
        self.app.push_screen(screen)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_tickets(self) -> None:
        item = self.current()
        if item is not None and self.mode == "groups":
            open_queue(self, group_tickets_view(item.id), "Group's tickets")


class GroupDetailScreen(DetailScreen):
    BINDINGS = [Binding("t", "tickets", "Group's tickets")]

    def __init__(self, group: Any) -> None:
        super().__init__(Content.assemble(("Group ", "bold"), f"#{group.id}  ",
                                          T.safe_line(group.name or "", max_chars=60)))
        self.group = group

    def compose_body(self) -> ComposeResult:
        g = self.group
        service = self.service
        now = now_of(self)
        escalate = (service.agent_name(g.escalate_to) or f"#{g.escalate_to}") if g.escalate_to else "nobody"
        yield KeyValue([
            ("Name", g.name),
            ("Description", g.description),
            ("Escalate to", escalate),
            ("When", f"unassigned for {g.unassigned_for}" if g.unassigned_for else "-"),
            ("Auto-assign", _yes_no(g.auto_ticket_assign)),
            ("Business hrs", f"#{g.business_hours_id}" if g.business_hours_id else "default"),
            ("Created", when(g.created_at, now)),
            ("Updated", when(g.updated_at, now)),
        ])
        yield section(f"Members ({len(g.member_ids)})")
        members = sorted(((service.agent_name(a) or f"#{a}"), a) for a in g.member_ids)
        yield KeyValue([(f"#{agent_id}", name) for name, agent_id in members] or [("", "no members")],
                       label_width=8)
        if g.observers:  # current accounts (API-SUPPLEMENT §0): agents who watch the group's tickets
            yield section(f"Observers ({len(g.observers)})")
            observers = sorted(((service.agent_name(a) or f"#{a}"), a) for a in g.observers)
            yield KeyValue([(f"#{agent_id}", name) for name, agent_id in observers], label_width=8)

    def action_tickets(self) -> None:
        open_queue(self, group_tickets_view(self.group.id), "Group's tickets")


class RoleDetailScreen(DetailScreen):
    def __init__(self, role: Any) -> None:
        super().__init__(Content.assemble(("Role ", "bold"), f"#{role.id}  ",
                                          T.safe_line(role.name or "", max_chars=60)))
        self.role = role

    def compose_body(self) -> ComposeResult:
        r = self.role
        now = now_of(self)
        yield KeyValue([
            ("Name", r.name),
            ("Default role", _yes_no(r.default)),
            ("Description", r.description),
            ("Created", when(r.created_at, now)),
            ("Updated", when(r.updated_at, now)),
        ])
        yield section("Scopes")
        scopes = [(name.capitalize(), getattr(r.scopes, name, None)) for name in SCOPES] if r.scopes else []
        extra = getattr(r.scopes, "model_extra", None) or {}
        scopes += [(str(k).capitalize(), v) for k, v in extra.items()]
        yield KeyValue([(T.one_line(k, 14), v) for k, v in scopes if v] or [("", "none listed")])


# Section 5 of the app (FstuiApp imports this module at start-up).
register_section("5", "Groups and roles", lambda app: GroupsScreen())

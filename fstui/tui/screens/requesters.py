"""Requesters: lookup by name (over the loaded pages), email/phone (server filters); detail; their tickets."""

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


def requester_display_name(requester: Any) -> str:
    return person_name(requester.first_name, requester.last_name, requester.primary_email or f"#{requester.id}")


def requester_tickets_view(requester: Any) -> Any | None:
    if not requester.primary_email:
        return None
    return queue_view(kind="requester", email=requester.primary_email)


class RequestersScreen(SearchBrowseScreen):
    """Section 4: requesters."""

    title_text = "Requesters"
    noun = "requester"
    find_method = "find_requesters"

    BINDINGS = [
        Binding("t", "tickets", "Their tickets"),
        Binding("right_square_bracket", "more", "Load more"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.loaded: dict[int, Any] = {}
        self.page = 0
        self.has_next = True

    COLUMNS = [
        ("id", "ID", ID_WIDTH, 0),
        ("name", "Name", 20, 0),
        ("email", "Email", 26, 0),
        ("phone", "Phone", 12, 0),
        ("job", "Job title", 16, 100),
    ]
    FLEX_COLUMN = "email"

    def header_text(self) -> Content:
        shown = self.table.row_count if self.is_mounted else 0
        if self.server_results is not None:
            where = "server lookup"
        else:
            more = ", ] loads more" if self.has_next else ""
            where = f"{len(self.loaded)} loaded{more}"
        return Content.assemble(("Requesters", "bold"), f"  {shown} shown ({where})")

    def load(self) -> None:
        self.loaded.clear()
        self.page = 0
        self.has_next = True
        self.server_results = None
        self._load_page(1)

    def action_more(self) -> None:
        if not self.has_next:
            self.notify("All requesters are loaded", severity="information")
            return
        self._load_page(self.page + 1)

    @work(exclusive=True, group="requesters-load", exit_on_error=False, description="Loading requesters")
    async def _load_page(self, page: int) -> None:
        result = await self.service.requesters(page=page)
        for requester in result.items:
            self.loaded[requester.id] = requester
        self.page = page
        self.has_next = getattr(result, "next_page", None) is not None
        self.apply_search()

    def visible(self) -> list[Any]:
        if self.server_results is not None:
            return list(self.server_results)
        query = self.search_text
        pool = dict(self.loaded)
        cached = getattr(self.service, "cached_requesters", None)
        if query and callable(cached):
            for requester in cached():
                pool.setdefault(requester.id, requester)
        rows = [r for r in pool.values()
                if not query or name_matches(query, r.first_name, r.last_name, r.primary_email)]
        return sorted(rows, key=lambda r: requester_display_name(r).lower())

    def row_cells(self, requester: Any) -> dict[str, Any]:
        return dict(id=requester.id, name=requester_display_name(requester), email=requester.primary_email,
                    job=requester.job_title, phone=requester.work_phone_number or requester.mobile_phone_number)

    def detail_screen(self, requester: Any) -> Screen:
        return RequesterDetailScreen(requester)

    def action_tickets(self) -> None:
        requester = self.current_person()
        if requester is not None:
            _open_tickets(self, requester)


def _open_tickets(node: Any, requester: Any) -> None:
    view = requester_tickets_view(requester)
    if view is None:
        node.notify("This requester has no email address to look tickets up by", severity="warning")
        return
    open_queue(node, view, "Requester's tickets")


class RequesterDetailScreen(DetailScreen):
    BINDINGS = [Binding("t", "tickets", "Their tickets")]

    def __init__(self, requester: Any) -> None:
        super().__init__(Content.assemble(("Requester ", "bold"), f"#{requester.id}  ",
                                          T.safe_line(requester_display_name(requester), max_chars=60)))
        self.requester = requester

    def on_service_changed(self, event: Any) -> None:
        """Names arrived (departments, agents): shown instead of ids."""
        if type(event).__name__ == "TicketsChanged" and not event.ids and not event.new_ids:
            self.query_one("#requester-fields", KeyValue).set_rows(self._rows(None))

    def compose_body(self) -> ComposeResult:
        yield KeyValue(self._rows(None), id="requester-fields")
        yield section("Custom fields")
        yield KeyValue(self._custom({}), id="requester-custom", label_width=22)

    def _rows(self, manager: str | None) -> list[tuple[str, Any]]:
        r = self.requester
        service = self.service
        now = now_of(self)
        if manager is None and r.reporting_manager_id:
            manager = (service.requester_name(r.reporting_manager_id) or service.agent_name(r.reporting_manager_id)
                       or f"#{r.reporting_manager_id}")
        departments = org_names.departments(service, r.department_ids)
        return [
            ("Name", requester_display_name(r)),
            ("Email", r.primary_email),
            ("Other emails", ", ".join(r.secondary_emails) or "-"),
            ("Job title", r.job_title),
            ("Work phone", r.work_phone_number),
            ("Mobile", r.mobile_phone_number),
            ("Department", departments),
            ("Manager", manager),
            ("Location", org_names.location(service, r.location_id)),
            ("Address", r.address),
            ("Time zone", r.time_zone),
            ("Language", r.language),
            ("Background", r.background_information),
            ("Created", when(r.created_at, now)),
            ("Updated", when(r.updated_at, now)),
        ]

    def _custom(self, fields: list[Any]) -> list[tuple[str, Any]]:
        """The requester's custom fields by the requester fields' labels, values as the portal shows them
        (checkboxes yes/no, dropdowns by label, dates as dates: the tickets' FieldLabels rules)."""
        from fstui.service.field_labels import FieldLabels

        labels = FieldLabels(fields)
        names = {f.name: f.label for f in fields if getattr(f, "name", None) and getattr(f, "label", None)}
        rows = []
        for name, value in sorted((self.requester.custom_fields or {}).items()):
            label = names.get(name) or str(name).replace("_", " ").capitalize()
            rows.append((T.one_line(label, 22), "-" if value is None else labels.custom_value(name, value)))
        return rows or [("", "none")]

    def on_mount(self) -> None:
        self._load_more()

    @work(exclusive=True, group="requester-detail", exit_on_error=False, description="Loading requester detail")
    async def _load_more(self) -> None:
        r = self.requester
        manager = None
        if r.reporting_manager_id and not self.service.requester_name(r.reporting_manager_id):
            try:
                boss = await self.service.requester(r.reporting_manager_id)
                manager = requester_display_name(boss)
            except Exception:
                manager = None
        self.query_one("#requester-fields", KeyValue).set_rows(self._rows(manager))
        try:
            fields = await self.service.requester_fields()
        except Exception:
            fields = []
        self.query_one("#requester-custom", KeyValue).set_rows(self._custom(fields))

    def action_tickets(self) -> None:
        _open_tickets(self, self.requester)


# Section 4 of the app (FstuiApp imports this module at start-up).
register_section("4", "Requesters", lambda app: RequestersScreen())

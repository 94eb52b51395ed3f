"""Assets: list (order_by/order_type/trashed), filter builder for the asset query language, detail.

The asset filter endpoint takes a query of at most 512 characters and serves at most 40 pages; the builder
refuses longer queries before any request, and paging stops at page 40 with a message. ``type_fields``
cost 2 extra credits, so they are fetched only when a detail screen is opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from rich.text import Text
from textual.widgets import DataTable, Input, Label, Static

from fstui.tui import asset_type_fields, org_names
from fstui.tui import text as T
from fstui.tui.app import register_section
from fstui.tui.format import short_ago
from fstui.tui.browse import (
    BrowseScreen,
    DetailScreen,
    KeyValue,
    now_of,
    open_queue,
    person_name,
    queue_view,
    section,
    when,
)

ORDER_BY = ("created_at", "updated_at", "id")
ORDER_LABELS = {
    ("created_at", "desc"): "newest first", ("created_at", "asc"): "oldest first",
    ("updated_at", "desc"): "recently updated first", ("updated_at", "asc"): "least recently updated first",
    ("id", "desc"): "highest id first", ("id", "asc"): "lowest id first",
}
"""The sort in words (``o`` cycles what, ``d`` the direction)."""
MAX_QUERY_CHARS = 512
MAX_FILTER_PAGE = 40
TYPE_FIELDS_CREDITS = 3

NUMERIC_FIELDS = ("ci_type_id", "department_id", "location_id", "user_id", "agent_id")
STRING_FIELDS = ("asset_state", "name", "asset_tag")
DATE_FIELDS = ("created_at", "updated_at")
FILTER_FIELDS = ("asset_state", "name", "asset_tag", "ci_type_id", "user_id", "agent_id", "department_id",
                 "location_id", "created_at", "updated_at")
FIELD_HINTS = {
    "asset_state": "IN USE, IN STOCK",
    "name": "exact name",
    "asset_tag": "ASSET-65",
    "ci_type_id": "25  or  >10",
    "user_id": "id, null",
    "agent_id": "id, null",
    "department_id": "id, null",
    "location_id": "id, null",
    "created_at": ">2024-01-01 / a..b",
    "updated_at": "<2024-06-30",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class QueryError(ValueError):
    """The filter cannot be expressed in the asset query language (message says why)."""


def _condition(name: str, raw: str) -> str:
    value = raw.strip()
    if value.lower() == "null":
        return f"{name}:null"
    if "'" in value or '"' in value:
        raise QueryError(f"{name}: quotes are not allowed in values")
    if name in DATE_FIELDS:
        if ".." in value:
            start, _, end = value.partition("..")
            start, end = start.strip(), end.strip()
            for part in (start, end):
                if not _DATE.match(part):
                    raise QueryError(f"{name}: use YYYY-MM-DD..YYYY-MM-DD")
            return f"({name}:>'{start}' AND {name}:<'{end}')"
        op, date = (value[0], value[1:].strip()) if value[:1] in "<>" else ("", value)
        if not _DATE.match(date):
            raise QueryError(f"{name}: use a date YYYY-MM-DD, optionally with > or <")
        return f"{name}:{op}'{date}'"
    if name in NUMERIC_FIELDS:
        op, number = (value[0], value[1:].strip()) if value[:1] in "<>" else ("", value)
        if not number.isdigit():
            raise QueryError(f"{name}: use a number (or null, >N, <N)")
        return f"{name}:{op}{int(number)}"
    return f"{name}:'{value}'"


def build_asset_query(conditions: dict[str, str], joiner: str = "AND") -> str:
    """The asset filter query for {field: value text}; commas inside a value mean OR.

    >>> build_asset_query({"asset_state": "IN STOCK", "created_at": ">2018-08-10"})
    "asset_state:'IN STOCK' AND created_at:>'2018-08-10'"
    """
    if joiner not in ("AND", "OR"):
        raise QueryError("join conditions with AND or OR")
    parts: list[str] = []
    for name in FILTER_FIELDS:
        raw = (conditions.get(name) or "").strip()
        if not raw:
            continue
        values = [v for v in (piece.strip() for piece in raw.split(",")) if v]
        terms = [_condition(name, value) for value in values]
        parts.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
    query = f" {joiner} ".join(parts)
    check_query_length(query)
    return query


def check_query_length(query: str) -> None:
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query is {len(query)} characters; the server allows {MAX_QUERY_CHARS}")


@dataclass
class AssetListState:
    order_by: str = "created_at"
    order_type: str = "desc"
    trashed: bool = False
    query: str | None = None
    page: int = 1
    has_next: bool = False
    total: int | None = None
    conditions: dict[str, str] = field(default_factory=dict)
    joiner: str = "AND"


class AssetFilterScreen(ModalScreen[tuple[str, dict[str, str], str] | None]):
    """Build an asset query field by field (or type one); shows the query and its length live."""

    DEFAULT_CSS = """
    AssetFilterScreen { align: center middle; }
    AssetFilterScreen > Vertical { width: 78; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1; }
    AssetFilterScreen Grid { grid-size: 2; grid-columns: 15 1fr; grid-rows: 1; height: auto; }
    AssetFilterScreen Grid Label { padding: 0 0; }
    AssetFilterScreen Input { border: none; height: 1; padding: 0 1; }
    AssetFilterScreen #filter-preview { height: auto; margin-top: 1; }
    AssetFilterScreen #filter-help { color: $text-muted; height: auto; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply"),
        Binding("ctrl+o", "toggle_joiner", "AND/OR"),
        Binding("ctrl+r", "clear", "Clear"),
    ]

    def __init__(self, conditions: dict[str, str] | None = None, joiner: str = "AND", raw: str = "") -> None:
        super().__init__()
        self.conditions = dict(conditions or {})
        self.joiner = joiner
        self.raw = raw

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.from_markup("[b]Filter assets[/b]  (commas = OR; dates YYYY-MM-DD with > <)"))
            with Grid():
                for name in FILTER_FIELDS:
                    yield Label(name)
                    yield Input(self.conditions.get(name, ""), placeholder=FIELD_HINTS[name], id=f"f-{name}")
                yield Label("or query")
                yield Input(self.raw, placeholder="asset_state:'IN USE' AND user_id:null", id="f-raw")
            yield Static(id="filter-preview")
            yield Static("enter/ctrl+s apply  ctrl+o AND/OR  ctrl+r clear  escape cancel", id="filter-help")

    def on_mount(self) -> None:
        self.refresh_preview()

    def current(self) -> tuple[str, dict[str, str]]:
        conditions = {name: self.query_one(f"#f-{name}", Input).value for name in FILTER_FIELDS}
        raw = self.query_one("#f-raw", Input).value.strip()
        if raw:
            check_query_length(raw)
            return raw, conditions
        return build_asset_query(conditions, self.joiner), conditions

    def refresh_preview(self) -> None:
        preview = self.query_one("#filter-preview", Static)
        try:
            query, _ = self.current()
        except QueryError as exc:
            preview.update(Content.assemble(("Cannot filter: ", "bold $error"), T.safe(str(exc))))
            return
        shown = query or "(no conditions: all assets)"
        preview.update(
            Content.assemble(("Query ", "bold"), f"[{self.joiner}] ", T.safe(shown),
                             (f"  {len(query)}/{MAX_QUERY_CHARS}", "dim"))
        )

    @on(Input.Changed)
    def _changed(self) -> None:
        self.refresh_preview()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_apply()

    def action_toggle_joiner(self) -> None:
        self.joiner = "OR" if self.joiner == "AND" else "AND"
        self.refresh_preview()

    def action_clear(self) -> None:
        for widget in self.query(Input):
            widget.value = ""
        self.refresh_preview()

    def action_apply(self) -> None:
        try:
            query, conditions = self.current()
        except QueryError as exc:
            self.notify(T.notice("{}", str(exc)), title="Filter", severity="error", markup=False)
            return
        self.dismiss((query, conditions, self.joiner))

    def action_cancel(self) -> None:
        self.dismiss(None)


class AssetsScreen(BrowseScreen):
    """Section 2: assets."""

    title_text = "Assets"

    BINDINGS = [
        Binding("enter", "open", "Open", show=False),
        Binding("o", "order_by", "Order by"),
        Binding("d", "order_type", "Asc/desc"),
        Binding("t", "trashed", "Trash"),
        Binding("f", "filter", "Filter"),
        Binding("x", "clear_filter", "Clear filter", show=False),
        Binding("right_square_bracket", "next_page", "Next page"),
        Binding("left_square_bracket", "prev_page", "Prev page", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state = AssetListState()
        self.assets: dict[str, Any] = {}
        #: the workspaces the list was read for (the queue's scope: GET /assets?workspace_id)
        self.loaded_scope: Any = None

    # No State column: lists carry no asset_state (it is one of the type_fields, 3 credits per asset);
    # the detail screen shows it.
    COLUMNS = [
        ("id", "ID", 6, 0),
        ("name", "Name", 18, 0),
        ("tag", "Tag", 10, 0),
        ("user", "Used by", 16, 0),
        ("agent", "Managed by", 16, 0),
        ("impact", "Impact", 6, 90),
        ("updated", "Updated", 8, 110),
    ]

    def header_text(self) -> Content:
        s = self.state
        if s.query is not None:
            total = f"{s.total} match{'es' if s.total != 1 else ''}, " if s.total is not None else ""
            return Content.assemble(("Assets", "bold"), "  filter ", T.safe_line(s.query or "-", max_chars=40),
                                    f"  ({total}page {s.page})")
        order = ORDER_LABELS.get((s.order_by, s.order_type), f"{s.order_by} {s.order_type}")
        trash = ("  TRASH", "bold $warning") if s.trashed else ""
        words = self._workspace_words()
        where = Content("  ") + T.safe_line(words, max_chars=30) if words else ""
        return Content.assemble(("Assets", "bold"), where, f"  {order}", trash, f"  page {s.page}")

    def load(self) -> None:
        self.loaded_scope = self._scope()
        self.update_header()
        self._load(self.state.page)

    def _scope(self) -> Any:
        return getattr(self.service, "workspace_scope", None)

    def _workspace_words(self) -> str:
        """Which workspaces the list shows ("" on an account with one), as the status bar says it."""
        from fstui.tui import workspace_scope

        return workspace_scope.label(self.app)

    @work(exclusive=True, group="assets-load", exit_on_error=False, description="Loading assets")
    async def _load(self, page: int) -> None:
        s = self.state
        if s.query is not None:
            result = await self.service.filter_assets(s.query, page=page)
        else:
            result = await self.service.assets(order_by=s.order_by, order_type=s.order_type,
                                               trashed=s.trashed, page=page)
        s.page = page
        s.has_next = getattr(result, "next_page", None) is not None
        s.total = getattr(result, "total", None)
        if s.query is not None and s.total is not None:
            s.has_next = page * 30 < s.total
        self.show_rows(result.items)

    def show_rows(self, assets: list[Any]) -> None:
        self.clear_rows()
        self.assets.clear()
        service = self.service
        now = now_of(self)
        for asset in assets:
            key = str(asset.display_id if asset.display_id is not None else asset.id)
            self.assets[key] = asset
            user = _user_name(service, asset.user_id)
            if not user and asset.user_id:  # looked up once in the background (1 credit): "…" until it comes
                lookup = getattr(service, "requester_in_background", None)
                if callable(lookup):
                    lookup(asset.user_id)
            agent = service.agent_name(asset.agent_id) if asset.agent_id else None
            self.add_row(
                key, id=key, name=asset.name, tag=asset.asset_tag,
                user=self.cell(user) if user else (Text("…", style="dim") if asset.user_id else ""),
                agent=self.cell(agent) if agent else (Text(f"#{asset.agent_id}", style="dim") if asset.agent_id else ""),
                impact=_label(asset.impact), updated=short_ago(asset.updated_at, now),
            )
        self.update_header()
        words = self._workspace_words()
        self.show_empty(None if assets else (f"No assets in {words}." if words else "No assets here."))

    def _redraw_names(self) -> None:
        """Names looked up meanwhile (a detail screen, the agents list) replace the ids shown."""
        if any(w.is_running for w in self.workers if w.group == "assets-load"):
            return  # the rows being read are drawn with the names (and decide where the cursor goes)
        if self.assets:
            row = self.table.cursor_row
            self.show_rows(list(self.assets.values()))
            self.table.move_cursor(row=row, animate=False)

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.loaded_scope != self._scope():  # the workspace was switched meanwhile
            self.state.page = 1
            self.table.follow_cursor()  # the same list in the new scope: its asset if listed, else the first
            self.load()
            return
        self._redraw_names()

    def on_service_changed(self, event: Any) -> None:
        super().on_service_changed(event)  # a failed load retries when the connection is back
        if type(event).__name__ == "TicketsChanged" and not event.ids and not event.new_ids:
            self._redraw_names()

    def action_open(self) -> None:
        key = self.current_key()
        if key and key in self.assets:
            self.app.push_screen(AssetDetailScreen(self.assets[key]))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_order_by(self) -> None:
        if self.state.query is not None:
            self.notify("Filtered results cannot be sorted (server rule)", severity="warning")
            return
        index = ORDER_BY.index(self.state.order_by)
        self.state.order_by = ORDER_BY[(index + 1) % len(ORDER_BY)]
        self.state.page = 1
        self.load()

    def action_order_type(self) -> None:
        if self.state.query is not None:
            self.notify("Filtered results cannot be sorted (server rule)", severity="warning")
            return
        self.state.order_type = "asc" if self.state.order_type == "desc" else "desc"
        self.state.page = 1
        self.load()

    def action_trashed(self) -> None:
        self.table.forget_cursor()  # another list: its first row
        self.state.trashed = not self.state.trashed
        self.state.query = None
        self.state.page = 1
        self.load()

    def action_filter(self) -> None:
        s = self.state

        def apply(result: tuple[str, dict[str, str], str] | None) -> None:
            if result is None:
                return
            query, conditions, joiner = result
            s.query = query or None
            s.conditions, s.joiner = conditions, joiner
            s.page = 1
            s.trashed = False
            self.load()

        raw = s.query if s.query and not any(s.conditions.values()) else ""
        self.app.push_screen(AssetFilterScreen(s.conditions, s.joiner, raw), apply)

    def action_clear_filter(self) -> None:
        self.state.query = None
        self.state.conditions = {}
        self.state.page = 1
        self.load()

    def action_next_page(self) -> None:
        s = self.state
        if not s.has_next:
            self.notify("No more assets", severity="information")
            return
        if s.query is not None and s.page >= MAX_FILTER_PAGE:
            self.notify(f"The server serves at most {MAX_FILTER_PAGE} pages of a filter; narrow it down",
                        severity="warning")
            return
        self.table.forget_cursor()  # another page: its first row
        self._load(s.page + 1)

    def action_prev_page(self) -> None:
        if self.state.page > 1:
            self.table.forget_cursor()
            self._load(self.state.page - 1)


def _label(value: Any) -> str:
    if value is None:
        return ""
    return str(getattr(value, "label", value))


def _user_name(service: Any, user_id: int | None) -> str | None:
    """Used By may be a requester or an agent (agents are users too); cache only."""
    if not user_id:
        return None
    return service.requester_name(user_id) or service.agent_name(user_id)


class AssetDetailScreen(DetailScreen):
    """One asset; type_fields are fetched here (3 credits) and only here."""

    BINDINGS = [Binding("u", "user_tickets", "User's tickets")]

    def __init__(self, asset: Any) -> None:
        title = Content.assemble(("Asset ", "bold"), f"#{asset.display_id or asset.id}  ",
                                 T.safe_line(asset.name or "", max_chars=60))
        super().__init__(title)
        self.asset = asset
        self.user_email: str | None = None
        self._shown: tuple[str | None, str | None] = (None, None)  # (user name, state) as last shown
        self._type_fields: dict[str, Any] | None = None  # as read (names redrawn when they arrive)

    def on_service_changed(self, event: Any) -> None:
        """Names arrived (departments, asset types, agents): shown instead of ids."""
        if type(event).__name__ == "TicketsChanged" and not event.ids and not event.new_ids:
            user, state = self._shown
            self.query_one("#asset-fields", KeyValue).set_rows(self._rows(user, None, state))
            if self._type_fields is not None:
                self.query_one("#asset-type-fields", KeyValue).set_rows(
                    asset_type_fields.rows(self.service, self._type_fields))

    def compose_body(self) -> ComposeResult:
        yield KeyValue(self._rows(None, None), id="asset-fields")
        yield section("Type fields")
        yield KeyValue([("", f"loading (costs {TYPE_FIELDS_CREDITS} API credits)...")], id="asset-type-fields")

    def _rows(self, user: str | None, agent: str | None, state: str | None = None) -> list[tuple[str, Any]]:
        a = self.asset
        now = now_of(self)
        service = self.service
        user = user or _user_name(service, a.user_id) or (f"#{a.user_id}" if a.user_id else None)
        agent = agent or (service.agent_name(a.agent_id) if a.agent_id else None) or (
            f"#{a.agent_id}" if a.agent_id else None)
        return [
            ("Name", a.name),
            ("Asset tag", a.asset_tag),
            ("State", a.asset_state or state or ("loading..." if state is None else "-")),
            ("Type", org_names.asset_type(service, a.asset_type_id or a.ci_type_id)),
            ("Impact", _label(a.impact)),
            ("Usage", _label(a.usage_type)),
            ("Used by", user),
            ("Managed by", agent),
            ("Department", org_names.department(service, a.department_id)),
            ("Location", org_names.location(service, a.location_id)),
            ("Created by", a.author_type),
            ("Created", when(a.created_at, now)),
            ("Updated", when(a.updated_at, now)),
            ("Description", a.description),
        ]

    def on_mount(self) -> None:
        self._load_detail()

    @work(exclusive=True, group="asset-detail", exit_on_error=False, description="Loading asset detail")
    async def _load_detail(self) -> None:
        a = self.asset
        user_name: str | None = None
        if a.user_id:
            user_name = await self._resolve_user(a.user_id)
        self._shown = (user_name, None)
        self.query_one("#asset-fields", KeyValue).set_rows(self._rows(user_name, None))
        full = await self.service.asset(a.display_id or a.id, include_type_fields=True)
        fields = getattr(full, "type_fields", None) or {}
        state = next((v for k, v in fields.items() if str(k).startswith("asset_state")), None)
        self._shown = (user_name, _plain(state) if state else "")
        self.query_one("#asset-fields", KeyValue).set_rows(self._rows(user_name, None, self._shown[1]))
        self._type_fields = fields
        self.query_one("#asset-type-fields", KeyValue).set_rows(asset_type_fields.rows(self.service, fields))

    async def _resolve_user(self, user_id: int) -> str | None:
        try:
            requester = await self.service.requester(user_id)
        except Exception:
            requester = None
        if requester is not None:
            self.user_email = requester.primary_email
            return person_name(requester.first_name, requester.last_name, requester.primary_email)
        return self.service.agent_name(user_id)

    def action_user_tickets(self) -> None:
        if not self.asset.user_id:
            self.notify("This asset is not used by anyone", severity="warning")
            return
        if not self.user_email:
            self.notify("The user's email is not known yet", severity="warning")
            return
        open_queue(self, queue_view(kind="requester", email=self.user_email), "User's tickets")


_plain = asset_type_fields.plain


# Section 2 of the app (FstuiApp imports this module at start-up).
register_section("2", "Assets", lambda app: AssetsScreen())

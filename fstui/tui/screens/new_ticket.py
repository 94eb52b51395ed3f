"""The new-ticket form (issue 14): ``+`` in the queue, and ``+`` on a ticket for a child ticket.

Requester (enter searches the server by name, or by email when the text has an @; a new email is
accepted as a new requester), subject, description (plain text, sent as HTML by the compose screen's
conversion), status, priority, type, group, agent, category (nested: sub-category and item follow the
category), and the custom fields required for agents. The choices are the form fields of the workspace
the ticket is created in (``/ticket_form_fields?workspace_id=N``, a cached look-up). Validation
(fstui.service.ticket_form) runs before anything is queued; the ticket is then created through the
outbox (pending until the server confirms it).

The workspace (API-SUPPLEMENT §1): the one the queue shows; with "All workspaces" shown, a Workspace
choice (the agent's workspaces by name, the primary first chosen) whose change reloads the form; a
child ticket its parent's; an account without workspaces sends none (the primary one).
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from fstui.service import ticket_form, workspace_choices
from fstui.tui.compose_attachments import AttachmentList, AttachPrompt, attach_canned_files
from fstui.tui.errors import WorkerErrorsMixin
from fstui.tui.text import notice, one_line, safe_line, safe_text
from fstui.tui.widgets.choice_list import ChoiceList
from fstui.tui.widgets.key_bar import KeyBar
from fstui.tui.widgets.status_bar import StatusBar

SELECTS = (("status", "Status"), ("priority", "Priority"), ("type", "Type"), ("group_id", "Group"),
           ("responder_id", "Agent"), ("category", "Category"), ("sub_category", "Sub-category"),
           ("item_category", "Item"))


def _text_to_html(text: str) -> str:
    # The project's one plain text -> HTML conversion is the compose screen's (a shared module,
    # fstui/textconv.py, is being written on another branch; switch to it when it lands).
    from fstui.tui.screens.compose import text_to_html

    return text_to_html(text)


class NewTicketScreen(WorkerErrorsMixin, Screen[None]):
    HELP_TITLE = "new ticket"
    BINDINGS = [
        Binding("ctrl+s", "create", "Create", priority=True),
        Binding("escape", "cancel", "Cancel", key_display="esc", priority=True),
        Binding("f2", "canned", "Canned", priority=True),
        Binding("f4", "attach", "Attach", priority=True),
        Binding("f5", "detach", "Remove attachment", priority=True, show=False),
    ]
    APP_KEYS: tuple[str, ...] = ()  # single letters are text here
    DEFAULT_CSS = """
    NewTicketScreen #form { padding: 0 1; }
    NewTicketScreen .label { height: 1; margin-top: 1; color: $text-muted; }
    NewTicketScreen Input, NewTicketScreen Select { height: 3; }
    NewTicketScreen #description { height: 6; }
    NewTicketScreen #requester-results { height: auto; max-height: 6; display: none; }
    NewTicketScreen #requester-results.shown { display: block; }
    NewTicketScreen .row { height: auto; }
    NewTicketScreen .row Select { width: 1fr; }
    NewTicketScreen #form-errors { color: $error; height: auto; }
    """

    def __init__(self, *, parent: Any = None) -> None:
        super().__init__()
        self.parent_ticket = parent
        self.form_fields: list[Any] = []
        self.requester: tuple[str, Any] | None = None  # ("id", 123) or ("email", "x@y")
        self.found: list[Any] = []
        #: the workspace the ticket is created in (None: not sent, the server's default, the primary one)
        self.workspace_id: int | None = getattr(parent, "workspace_id", None)
        self.workspace_options: list[tuple[Content, int]] = []  # the Workspace choice (All workspaces shown)

    def _choose_workspace(self) -> None:
        """The workspace from where the form was opened (see the module's docstring)."""
        if self.parent_ticket is not None:
            return
        service = self.app.service  # type: ignore[attr-defined]
        scope = getattr(service, "workspace_scope", None)
        workspaces = getattr(service, "workspaces", None)
        if isinstance(scope, int) and scope > 0:
            self.workspace_id = scope
        elif scope == 0 and workspaces is not None:
            visible = workspaces.visible(service.cached_me())
            self.workspace_options = [(safe_line(w.name or f"Workspace {w.id}"), w.id) for w in visible]
            primary = workspaces.primary_id()
            ids = [w.id for w in visible]
            self.workspace_id = primary if primary in ids else (ids[0] if ids else None)

    # -- layout -------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self._choose_workspace()
        title = Content("New ticket") if self.parent_ticket is None else Content.assemble(
            f"Child ticket of #{self.parent_ticket.id} ", safe_line(self.parent_ticket.subject or "", max_chars=60))
        where = self.app.service.workspace_name(self.workspace_id) if self.workspace_id else None  # type: ignore[attr-defined]
        if where and not self.workspace_options:
            title = Content.assemble(title, " in ", safe_line(where, max_chars=40))
        with VerticalScroll(id="form"):
            yield Static(title.stylize("bold"), id="form-title")
            if self.workspace_options:
                yield Static(Content("Workspace"), classes="label")
                yield Select(self.workspace_options, value=self.workspace_id, allow_blank=False, id="workspace")
            yield Static(Content("Requester (enter searches by name or email)"), classes="label")
            yield Input(placeholder="name or email", id="requester")
            yield ChoiceList(id="requester-results")
            yield Static(Content("no requester chosen"), id="requester-chosen")
            yield Static(Content("Subject"), classes="label")
            yield Input(id="subject")
            yield Static(Content("Description"), classes="label")
            yield TextArea(id="description")
            yield AttachmentList(id="attachments")
            with Horizontal(classes="row"):
                for name, label in SELECTS[:3]:
                    yield Select([], prompt=label, id=name)
            with Horizontal(classes="row"):
                for name, label in SELECTS[3:5]:
                    yield Select([], prompt=label, id=name)
            with Horizontal(classes="row"):
                for name, label in SELECTS[5:]:
                    yield Select([], prompt=label, id=name)
            yield VerticalScroll(id="custom-fields")
            yield Static(Content(""), id="form-errors")
        yield StatusBar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#requester", Input).focus()
        if self.parent_ticket is not None and getattr(self.parent_ticket, "requester_id", None):
            # a child ticket starts with its parent's requester (the agent can change it)
            rid = self.parent_ticket.requester_id
            name = self.app.service.requester_name(rid) or "the parent ticket's requester"  # type: ignore[attr-defined]
            self._choose(("id", rid), safe_line(name))
        self.load_form()

    @work(exclusive=True, exit_on_error=False, group="form", description="Loading the ticket form")
    async def load_form(self) -> None:
        self.form_fields = await workspace_choices.form_fields(self.app.service, self.workspace_id)  # type: ignore[attr-defined]
        self._fill_choices()

    @on(Select.Changed, "#workspace")
    def _workspace_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL or event.value == self.workspace_id:
            return
        self.workspace_id = int(event.value)  # type: ignore[arg-type]
        self.form_fields = []  # its statuses, groups, agents and custom fields, read again
        self.load_form()

    def _options(self, name: str) -> list[tuple[Any, Any]]:
        ff = self.form_fields
        if name in ("status", "priority"):
            return [(safe_text(c.value or ""), c.id) for c in ticket_form.choices_of(ff, name)]
        if name == "type":
            return [(safe_text(c.value or ""), c.value) for c in ticket_form.choices_of(ff, "ticket_type")]
        if name in ("group_id", "responder_id"):
            field = "group" if name == "group_id" else "agent"
            return [(safe_text(c.value or ""), c.id) for c in ticket_form.choices_of(ff, field)]
        if name == "category":
            return [(safe_text(v), v) for v in ticket_form.category_options(ff)]
        return []

    def _fill_choices(self) -> None:
        for name, _label in SELECTS[:6]:
            select = self.query_one(f"#{name}", Select)
            select.set_options(self._options(name))
        defaults = {"status": ticket_form.DEFAULT_STATUS, "priority": ticket_form.DEFAULT_PRIORITY}
        for name, value in defaults.items():
            if any(v == value for _l, v in self._options(name)):
                self.query_one(f"#{name}", Select).value = value
        box = self.query_one("#custom-fields", VerticalScroll)
        box.remove_children()
        for f in ticket_form.agent_custom_fields(self.form_fields):
            hint = " (yyyy-mm-dd)" if f.field_type == "custom_date" else ""
            box.mount(Static(Content.assemble(safe_line(f.label or f.name or ""), f" (required){hint}"),
                             classes="label"))
            box.mount(Input(id=f"cf-{f.name}"))

    @on(Select.Changed, "#category")
    def _category_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else event.value
        sub = self.query_one("#sub_category", Select)
        sub.set_options([(safe_text(v), v) for v in ticket_form.category_options(self.form_fields, value)]
                        if value else [])
        self.query_one("#item_category", Select).set_options([])

    @on(Select.Changed, "#sub_category")
    def _sub_changed(self, event: Select.Changed) -> None:
        category = self._value("category")
        value = None if event.value is Select.NULL else event.value
        self.query_one("#item_category", Select).set_options(
            [(safe_text(v), v) for v in ticket_form.category_options(self.form_fields, category, value)]
            if value and category else [])

    # -- requester ------------------------------------------------------------------------------------
    @on(Input.Submitted, "#requester")
    def _search(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.search_requesters(text)

    @work(exclusive=True, exit_on_error=False, group="requester-search", description="Searching requesters")
    async def search_requesters(self, text: str) -> None:
        service = self.app.service  # type: ignore[attr-defined]
        if "@" in text:
            found = await service.find_requesters(email=text)
        else:
            found = await service.find_requesters_by_name(text)
        self.found = list(found)[:20]
        results = self.query_one("#requester-results", OptionList)
        results.clear_options()
        for r in self.found:
            name = " ".join(one_line(p) for p in (r.first_name, r.last_name) if p)
            results.add_option(Option(Content.assemble(safe_line(name), "  ", safe_line(r.primary_email or "",
                                                                                       "dim")), id=f"id:{r.id}"))
        if "@" in text and not any((r.primary_email or "").lower() == text.lower() for r in self.found):
            results.add_option(Option(Content.assemble("New requester: ", safe_line(text)), id=f"email:{text}"))
        if not results.option_count:
            results.add_option(Option(Content("No requester found; type their email to add a new one."),
                                      id="none", disabled=True))
        results.add_class("shown")
        results.highlighted = 0
        results.focus()

    @on(OptionList.OptionSelected, "#requester-results")
    def _requester_chosen(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        kind, _, value = key.partition(":")
        if kind == "id":
            requester = next((r for r in self.found if str(r.id) == value), None)
            name = " ".join(one_line(p) for p in (requester.first_name, requester.last_name) if p) if requester else ""
            self._choose(("id", int(value)), safe_line(name or value))
        elif kind == "email":
            self._choose(("email", value), Content.assemble("new requester ", safe_line(value)))
        self.query_one("#requester-results", OptionList).remove_class("shown")
        self.query_one("#subject", Input).focus()

    def _choose(self, requester: tuple[str, Any], label: Content) -> None:
        self.requester = requester
        self.query_one("#requester-chosen", Static).update(Content.assemble("Requester: ", label))

    # -- create ---------------------------------------------------------------------------------------
    def _value(self, name: str) -> Any:
        value = self.query_one(f"#{name}", Select).value
        return None if value is Select.NULL else value

    def values(self) -> dict[str, Any]:
        text = self.query_one("#description", TextArea).text
        values: dict[str, Any] = {
            "subject": self.query_one("#subject", Input).value,
            "description": _text_to_html(text) if text.strip() else "",
            "custom_fields": {inp.id[3:]: inp.value for inp in self.query("#custom-fields Input")
                              if inp.id and inp.id.startswith("cf-")},
        }
        if self.requester is not None:
            values["requester_id" if self.requester[0] == "id" else "email"] = self.requester[1]
        values["workspace_id"] = self.workspace_id
        for name, _label in SELECTS:
            values[name] = self._value(name)
        return values

    def action_attach(self) -> None:
        """F4: attach a file (fstui.tui.compose_attachments)."""
        files = self.query_one("#attachments", AttachmentList)
        self.app.push_screen(AttachPrompt(files.total), lambda path: files.add(path) if path else None)

    def action_detach(self) -> None:
        self.query_one("#attachments", AttachmentList).remove_last()

    def action_canned(self) -> None:
        """F2: a canned response into the description, at the cursor (placeholders of a new ticket stay)."""
        from types import SimpleNamespace

        from fstui.tui.screens.compose_inserts import CannedResponsePicker

        def insert(text: str | None) -> None:
            if text:
                self.query_one("#description", TextArea).insert(text)
                if getattr(text, "response_id", None):
                    attach_canned_files(self, text.response_id, self.query_one("#attachments", AttachmentList))

        self.app.push_screen(CannedResponsePicker(self.parent_ticket or SimpleNamespace(workspace_id=self.workspace_id)),
                             insert)

    def action_create(self) -> None:
        from fstui.tui.screens.work import read_only_refused

        if read_only_refused(self.app, "created"):
            return
        body, errors = ticket_form.validate(self.form_fields, self.values())
        files = self.query_one("#attachments", AttachmentList)
        errors += [("attachments", problem) for problem in files.problems()]
        if errors:
            self.query_one("#form-errors", Static).update(
                Content("\n".join(notice("{}: {}", name, message) for name, message in errors)))
            return
        service = self.app.service  # type: ignore[attr-defined]
        if self.parent_ticket is None:
            service.create_ticket(body, attachments=files.paths)
            message = notice("New ticket queued: {}", body.get("subject"))
        else:
            service.links.create_child_ticket(self.parent_ticket.id, body, attachments=files.paths)
            message = notice("Child ticket of #{} queued: {}", self.parent_ticket.id, body.get("subject"))
        self.app.toast(message, timeout=4)  # type: ignore[attr-defined]
        self.dismiss(None)

    def _typed(self) -> bool:
        """Whether the agent has put anything in the form that esc would lose (subject, description,
        custom fields, a requester, attachments)."""
        if self.query_one("#subject", Input).value.strip() or self.query_one("#description", TextArea).text.strip():
            return True
        if any(inp.value.strip() for inp in self.query("#custom-fields Input")):
            return True
        return self.requester is not None or bool(self.query_one("#attachments", AttachmentList).paths)

    @work(exclusive=True, exit_on_error=False, group="cancel", description="Discarding the new ticket")
    async def action_cancel(self) -> None:
        """esc: back to where the form was opened; what was typed is lost, so it asks first (No first)."""
        from fstui.tui.screens.confirm_modal import ConfirmScreen

        if self._typed() and not await self.app.push_screen_wait(
            ConfirmScreen(Content("Discard this new ticket?"), yes="y: discard", no="n: keep writing")
        ):
            return
        self.dismiss(None)

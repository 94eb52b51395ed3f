"""What compose can insert at the cursor (issue 14): a canned response (F2) or a knowledge-base article's
title and link (F3). Both are modal pickers with a preview beside the list; they return the text to
insert, or None.

- Canned responses: the ticket's workspace's and the global ones (the folder's name on each row), filtered as you type by a
  fuzzy match on title and content; the preview shows the text as it will be inserted: the response's
  HTML as text (the project's one HTML -> text conversion), placeholders filled from the ticket where
  fstui knows the value (fstui.service.knowledge lists them), others left visible.
- Knowledge base: enter searches the published articles (``/solutions/articles/search``) and keeps the
  ticket's workspace's and the global ones; the side view
  shows the highlighted article's text before inserting ``Title: link``.
"""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from fstui.service.knowledge import fill_placeholders, fuzzy_score
from fstui.tui.errors import WorkerErrorsMixin
from fstui.tui.text import body_text, clean, one_line, safe, safe_line
from fstui.tui.widgets.choice_list import ChoiceList


def placeholder_values(service: Any, ticket: Any) -> dict[str, Any]:
    """What fstui knows of the ticket for the placeholders (cached names only: nothing is fetched)."""
    from fstui.tui import format as fmt

    embedded = getattr(ticket, "requester", None)
    status, priority = getattr(ticket, "status", None), getattr(ticket, "priority", None)
    requester = getattr(embedded, "name", None) or service.requester_name(getattr(ticket, "requester_id", None))
    agent_id = getattr(ticket, "responder_id", None)
    agent = service.agent_name(agent_id) if agent_id else None
    agent_email = next((a.email for a in service.cached_agents() if a.id == agent_id), None) if agent_id else None
    return {
        "ticket.id": getattr(ticket, "id", None),
        "ticket.subject": one_line(getattr(ticket, "subject", "") or ""),
        "ticket.status": fmt.status_label(status) if status else None,
        "ticket.priority": fmt.priority_label(priority) if priority else None,
        "ticket.requester.name": one_line(requester or ""),
        "ticket.requester.firstname": one_line((requester or "").split(" ")[0]),
        "ticket.requester.email": one_line(getattr(embedded, "email", None) or ""),
        "ticket.agent.name": one_line(agent or ""),
        "ticket.agent.firstname": one_line((agent or "").split(" ")[0]),
        "ticket.agent.email": one_line(agent_email or ""),
        "ticket.group.name": one_line(service.group_name(getattr(ticket, "group_id", None)) or ""),
    }


class InsertPicker(WorkerErrorsMixin, ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    InsertPicker { align: center middle; }
    InsertPicker > Vertical { width: 95%; height: 90%; border: round $accent; background: $surface; padding: 0 1; }
    InsertPicker .picker-title { text-style: bold; height: 1; }
    InsertPicker Input, InsertPicker Input:focus { border: none; height: 1; padding: 0; margin-bottom: 1; }
    InsertPicker Horizontal { height: 1fr; }
    InsertPicker OptionList, InsertPicker OptionList:focus { width: 2fr; height: 1fr; border: none; padding: 0; }
    InsertPicker #preview-box { width: 3fr; height: 1fr; border-left: solid $primary; padding: 0 1; }
    InsertPicker .picker-hint { color: $text-muted; height: 1; }
    """
    TITLE_TEXT = ""
    HINT = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.TITLE_TEXT), classes="picker-title")
            yield Input(placeholder="type to search", id="picker-filter")
            with Horizontal():
                yield ChoiceList(id="picker-list")
                with VerticalScroll(id="preview-box"):
                    yield Static(Content(""), id="preview")
            yield Static(Content(self.HINT), classes="picker-hint")

    def on_key(self, event: Any) -> None:
        # up/down from the search line move in the list, so typing and choosing go together
        if event.key in ("down", "up") and isinstance(self.focused, Input):
            options = self.query_one(OptionList)
            options.action_cursor_down() if event.key == "down" else options.action_cursor_up()
            event.stop()

    def action_cancel(self) -> None:
        self.dismiss(None)


class CannedChoice(str):
    """The text to insert; ``response_id`` names the canned response (its attachments go with it)."""

    response_id: int | None = None


def _choice(text: str, response_id: int) -> CannedChoice:
    choice = CannedChoice(text)
    choice.response_id = response_id
    return choice


class CannedResponsePicker(InsertPicker):
    TITLE_TEXT = "Canned responses"
    HINT = "type to filter · ↑↓ choose · enter inserts · esc cancels"

    def __init__(self, ticket: Any) -> None:
        super().__init__()
        self.ticket = ticket
        self.responses: list[Any] = []
        self.folders: dict[int, str] = {}
        self.values: dict[str, Any] = {}
        self.shown: list[Any] = []

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.query_one("#preview", Static).update(Content("loading…"))
        self.load()

    @work(exclusive=True, exit_on_error=False, group="canned", description="Loading canned responses")
    async def load(self) -> None:
        service = self.app.service  # type: ignore[attr-defined]
        workspace = getattr(self.ticket, "workspace_id", None)  # the ticket's workspace's and the global ones
        folders = await service.knowledge.canned_folders(workspace)
        self.responses = list(await service.knowledge.canned_responses(workspace))
        self.folders = {f.id: f.name or "" for f in folders}
        self.values = placeholder_values(service, self.ticket)
        self._filter_to(self.query_one(Input).value)

    def text_of(self, response: Any) -> str:
        if response.content_html:
            text = body_text(response.content_html, response.content)
        else:
            text = clean(response.content or "")
        return fill_placeholders(text.strip(), self.values)

    @on(Input.Changed, "#picker-filter")
    def _typed(self, event: Input.Changed) -> None:
        self._filter_to(event.value)

    def _filter_to(self, query: str) -> None:
        order = {fid: i for i, fid in enumerate(self.folders)}
        scored = []
        for r in self.responses:
            score = fuzzy_score(query, r.title or "", r.content or "") if query.strip() else 0
            if score is not None:
                scored.append((score if query.strip() else 0, order.get(r.folder_id, 99), r.title or "", r))
        scored.sort(key=lambda x: (x[0], x[1], x[2]))
        self.shown = [x[3] for x in scored]
        options = self.query_one(OptionList)
        options.clear_options()
        for i, r in enumerate(self.shown):
            folder = self.folders.get(r.folder_id, "")
            options.add_option(Option(Content.assemble(safe_line(folder, "dim", max_chars=20), " › ",
                                                       safe_line(r.title or "", max_chars=60)), id=str(i)))
        if self.shown:
            options.highlighted = 0
            self._preview(self.shown[0])
        else:
            self.query_one("#preview", Static).update(Content("No canned response matches."))

    @on(OptionList.OptionHighlighted, "#picker-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview(self.shown[int(event.option.id or 0)])

    def _preview(self, response: Any) -> None:
        self.query_one("#preview", Static).update(Content.assemble(
            safe_line(response.title or "", "bold"), "\n\n", safe(self.text_of(response))))

    @on(OptionList.OptionSelected, "#picker-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._insert(self.shown[int(event.option.id or 0)])

    @on(Input.Submitted, "#picker-filter")
    def _enter(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and self.shown:
            self._insert(self.shown[options.highlighted])

    @work(exclusive=True, exit_on_error=False, group="canned-insert", description="Inserting a canned response")
    async def _insert(self, response: Any) -> None:
        """A response whose formatting the text cannot keep (links, bold, images...) is inserted only after the
        agent says so: the message would go out with it as plain text (fstui.tui.plain_edit). No keeps the
        picker open."""
        from fstui.tui.plain_edit import confirm_plain_edit

        if await confirm_plain_edit(self.app, "canned response", response.content_html, saved="sent",
                                    verb="insert"):
            self.dismiss(_choice(self.text_of(response), response.id))


class ArticlePicker(InsertPicker):
    TITLE_TEXT = "Knowledge base: published articles"
    HINT = "enter searches · ↑↓ read · enter on the list inserts title and link"

    def __init__(self, ticket: Any = None) -> None:
        super().__init__()
        self.ticket = ticket
        self.found: list[Any] = []

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.query_one("#preview", Static).update(Content("Search for words like VPN, printer, password."))

    @on(Input.Submitted, "#picker-filter")
    def _search(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.search(event.value.strip())

    @work(exclusive=True, exit_on_error=False, group="kb-search", description="Searching the knowledge base")
    async def search(self, term: str) -> None:
        knowledge = self.app.service.knowledge  # type: ignore[attr-defined]
        found = list(await knowledge.search_articles(term))
        # the ticket's workspace's articles and the global ones (the search itself spans every workspace)
        self.found = knowledge.in_workspace(found, getattr(self.ticket, "workspace_id", None))
        elsewhere = len(found) - len(self.found)
        options = self.query_one(OptionList)
        options.clear_options()
        for i, a in enumerate(self.found):
            options.add_option(Option(safe_line(a.title or "", max_chars=80), id=str(i)))
        if self.found:
            options.highlighted = 0
            options.focus()
            self._preview(self.found[0])
        else:
            other = f" ({elsewhere} in other workspaces)" if elsewhere else ""
            self.query_one("#preview", Static).update(Content.assemble("No published article matches ",
                                                                       safe_line(term), f".{other}"))

    @on(OptionList.OptionHighlighted, "#picker-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview(self.found[int(event.option.id or 0)])

    def _preview(self, article: Any) -> None:
        link = self.app.service.knowledge.article_link(article)  # type: ignore[attr-defined]
        self.query_one("#preview", Static).update(Content.assemble(
            safe_line(article.title or "", "bold"), "\n", safe_line(link, "dim"), "\n\n",
            safe(body_text(article.description, article.description_text).strip())))

    @on(OptionList.OptionSelected, "#picker-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        article = self.found[int(event.option.id or 0)]
        link = self.app.service.knowledge.article_link(article)  # type: ignore[attr-defined]
        self.dismiss(f"{one_line(article.title or '')}: {clean(link)}")

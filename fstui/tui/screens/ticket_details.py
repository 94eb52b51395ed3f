"""A ticket's details (issue 14; ``i`` on the ticket screen, ``i`` again or esc comes back): its activity
timeline (who changed what, when; ``]`` loads older activities with the server's start token; ``m``
merges the conversation in time order), the linked records by name (problem, changes, assets, parent and
child tickets; ``enter`` opens a ticket or an asset), and read-only service-request items, approvals and
the CSAT response. Everything here is read only when this view is opened."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fstui.api.ticket_details import APPROVAL_STATUSES, STAGES
from fstui.tui import format as fmt
from fstui.tui.errors import WorkerErrorsMixin
from fstui.tui.text import body_text, one_line, safe_line
from fstui.tui.widgets.choice_list import ChoiceList
from fstui.tui.widgets.key_bar import KeyBar
from fstui.tui.widgets.status_bar import StatusBar


def _stage(value: Any) -> str:
    if isinstance(value, dict):
        return one_line(value.get("name") or STAGES.get(value.get("id"), "?"))
    return STAGES.get(value, f"stage {value}")


def _approval(value: Any) -> str:
    if isinstance(value, dict):
        return one_line(value.get("name") or APPROVAL_STATUSES.get(value.get("id"), "?"))
    return APPROVAL_STATUSES.get(value, "?")


class TicketDetailsScreen(WorkerErrorsMixin, Screen[None]):
    HELP_TITLE = "ticket details"
    BINDINGS = [
        Binding("escape,i", "back", "Back", key_display="i"),
        Binding("right_square_bracket", "older", "Older activity", key_display="]"),
        Binding("m", "merge", "Merge thread"),
        Binding("R", "refresh", "Refresh", show=False),
    ]
    DEFAULT_CSS = """
    TicketDetailsScreen .section { text-style: bold; margin-top: 1; padding: 0 1; }
    TicketDetailsScreen #links { height: auto; max-height: 8; border: none; }
    TicketDetailsScreen #request-title, TicketDetailsScreen #request { display: none; }
    TicketDetailsScreen #activity, TicketDetailsScreen #request { padding: 0 1; height: auto; }
    """

    def __init__(self, ticket: Any, conversations: list[Any] | None = None) -> None:
        super().__init__()
        self.ticket = ticket
        self.conversations = list(conversations or [])
        self.activities: list[Any] = []
        self.next_token: str | None = None
        self.merged = False
        self.loaded = False
        self.link_targets: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content.assemble((f"Ticket #{self.ticket.id} ", "bold"),
                                          safe_line(self.ticket.subject or "", max_chars=200)))
            yield Static(Content("Linked records"), classes="section")
            yield ChoiceList(id="links")
            yield Static(Content(""), classes="section", id="request-title")
            yield Static(Content(""), id="request")
            yield Static(Content("Activity"), classes="section", id="activity-title")
            yield Static(Content("loading…"), id="activity")
        yield StatusBar()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#links", OptionList).focus()
        self.load()

    def on_resize(self, _event: Any) -> None:
        """The links scroll with the page: on a smaller terminal the highlighted link (enter opens it) is
        brought back into view (ChoiceList scrolls the page to it)."""
        links = self.query_one("#links", OptionList)
        if links.has_focus:
            self.call_after_refresh(links.scroll_to_highlight)

    @work(exclusive=True, exit_on_error=False, group="details", description="Loading the ticket's details")
    async def load(self, force: bool = False) -> None:
        details = self.app.service.details  # type: ignore[attr-defined]
        details.forget_activities(self.ticket.id)  # the timeline moves with every write: read it on each open
        page = await details.activities(self.ticket.id, None)
        self.activities, self.next_token = list(page.items), page.next_token
        self._show_activity()
        self._show_links(await details.linked(self.ticket.id))
        self._show_request(await details.request_info(self.ticket))
        self.loaded = True

    # -- sections --------------------------------------------------------------------------------------
    def _ticket_label(self, ticket_id: int) -> Content:
        cached = self.app.service.current_ticket(ticket_id)  # type: ignore[attr-defined]
        subject = getattr(getattr(cached, "value", None), "subject", None)
        return Content(f"#{ticket_id}") + (Content(" ") + safe_line(subject, max_chars=60) if subject else Content(""))

    def _show_links(self, linked: Any) -> None:
        options = self.query_one("#links", OptionList)
        options.clear_options()
        self.link_targets = []

        def add(kind: str, target: int | None, label: Content) -> None:
            self.link_targets.append((kind, target or 0))
            options.add_option(Option(label, id=str(len(self.link_targets) - 1), disabled=target is None))

        if linked.problem:
            p = linked.problem
            add("problem", None,
                Content.assemble("Problem  ", f"PRB-{p.get('id')} ", safe_line(p.get("subject") or "")))
        for c in linked.changes:
            add("change", None, Content.assemble("Change   ", f"CHN-{c.get('id')} ", safe_line(c.get("subject") or "")))
        for a in linked.assets:
            add("asset", getattr(a, "display_id", None), Content.assemble("Asset    ", safe_line(a.name or "")))
        if linked.parent_id:
            add("ticket", linked.parent_id, Content("Parent   ") + self._ticket_label(linked.parent_id))
        for child in linked.child_ids:
            add("ticket", child, Content("Child    ") + self._ticket_label(child))
        if not self.link_targets:
            options.add_option(Option(Content("none"), disabled=True))

    def _show_request(self, info: Any) -> None:
        lines: list[Content] = []
        if getattr(self.ticket, "type", None) == "Service Request":
            for item in info.items:
                name = item.service_item_name or f"item {item.service_item_id}"
                lines.append(Content.assemble("Item: ", safe_line(name),
                                              f" × {item.quantity or 1} · {_stage(item.stage)}"))
            if not info.items:
                lines.append(Content("No requested items."))
            for a in info.approvals:
                lines.append(Content.assemble("Approval: ", safe_line(a.approver_name or "?"),
                                              f" · {_approval(a.approval_status)}"))
            if not info.approvals:
                lines.append(Content("No approvals."))
        if info.csat is not None:
            csat = info.csat
            comment = " ".join(one_line(ans.get("answer_text") or "") for r in csat.questionnaire_responses or []
                               for ans in r.get("answers") or [])
            rating = csat.overall_rating_text or str(csat.overall_rating)
            lines.append(Content.assemble("Satisfaction: ", safe_line(rating),
                                          ("  " if comment else ""), safe_line(comment, "italic", max_chars=200)))
        title = "Service request" if getattr(self.ticket, "type", None) == "Service Request" else (
            "Customer satisfaction" if info.csat is not None else "")
        self.query_one("#request-title", Static).update(Content(title))
        self.query_one("#request", Static).update(Content("\n").join(lines))
        self.query_one("#request-title", Static).display = self.query_one("#request", Static).display = bool(lines)

    def _show_activity(self) -> None:
        rows: list[tuple[Any, Content]] = []
        for a in self.activities:
            actor = (a.actor or {}).get("name") or ("Workflow" if (a.actor or {}).get("id") == 0 else "?")
            line = Content.assemble((fmt.timestamp(a.created_at), "dim"), "  ", safe_line(actor, "bold", max_chars=40),
                                    " ", safe_line(a.content or "", max_chars=200))
            for sub in a.sub_contents or []:
                line += Content("\n      · ") + safe_line(sub, max_chars=200)
            rows.append((a.created_at, line))
        if self.merged:
            for conv in self.conversations:
                kind = "note" if getattr(conv, "is_note", False) else "reply"
                text = body_text(getattr(conv, "body", None), getattr(conv, "body_text", None))
                rows.append((conv.created_at, Content.assemble((fmt.timestamp(conv.created_at), "dim"),
                                                               (f"  [{kind}] ", "$accent"),
                                                               safe_line(text, max_chars=100))))
            oldest = min((a.created_at for a in self.activities if a.created_at), default=None)
            if self.next_token and oldest is not None:  # only the span the loaded activity covers
                rows = [r for r in rows if r[0] is None or r[0] >= oldest]
        rows.sort(key=lambda r: (r[0] is not None, r[0]), reverse=True)
        more = "  · ] loads older" if self.next_token else ""
        self.query_one("#activity-title", Static).update(
            Content(f"Activity ({len(self.activities)}{'+' if self.next_token else ''}, newest first"
                    f"{', with the conversation' if self.merged else ''}){more}"))
        self.query_one("#activity", Static).update(Content("\n").join(r[1] for r in rows) if rows else Content("none"))

    # -- actions ---------------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh(self) -> None:
        self.load(force=True)

    def action_merge(self) -> None:
        self.merged = not self.merged
        self._show_activity()

    @work(exclusive=True, exit_on_error=False, group="details-older", description="Loading older activity")
    async def action_older(self) -> None:
        if not self.next_token:
            return
        page = await self.app.service.details.activities(self.ticket.id, self.next_token)  # type: ignore[attr-defined]
        self.activities += list(page.items)
        self.next_token = page.next_token
        self._show_activity()

    @on(OptionList.OptionSelected, "#links")
    def _open(self, event: OptionList.OptionSelected) -> None:
        kind, target = self.link_targets[int(event.option.id or 0)]
        if kind == "ticket" and target:
            self.app.open_ticket(target)  # type: ignore[attr-defined]
        elif kind == "asset" and target:
            self.open_asset(target)

    @work(exclusive=True, exit_on_error=False, group="details-open", description="Opening the asset")
    async def open_asset(self, display_id: int) -> None:
        from fstui.tui.screens.assets import AssetDetailScreen

        asset = await self.app.service.asset(display_id)  # type: ignore[attr-defined]
        self.app.push_screen(AssetDetailScreen(asset))

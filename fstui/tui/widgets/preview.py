"""The queue's preview pane: the ticket under the cursor — header (status, priority, requester, agent,
group, due), its portal link, the description and the latest messages, newest first.

It shows only what the cache holds (``DataService.cached_ticket`` / ``cached_conversations``, which do not
count as opening the ticket); PreviewMixin (below) decides when to draw it and when a load is worth a
request. Everything from the server goes through fstui/tui/text.py.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from textual import work
from textual.content import Content
from textual.timer import Timer

from fstui.tui import format as fmt
from fstui.tui import people
from fstui.tui.text import body_text, safe, safe_line
from fstui.tui.widgets.leaf import LeafStatic

MIN_WIDTH = 120
"""The preview is shown on screens at least this wide (narrower ones keep the table alone)."""
DEBOUNCE = 0.25
"""The cursor must rest this long before the preview is redrawn: moving (key repeat, or j j j) redraws nothing."""
LOAD_AFTER = 0.5
"""... and this long before a thread the cache lacks is asked for (after the service's own cursor
prefetch, ServiceConfig.cursor_debounce 0.4 s, so both share one request)."""
LATEST = 3
DESCRIPTION_CHARS = 600


TABLE_MIN_WIDTH = 80
"""The table keeps at least the width its columns are laid out for at 80 columns (with the workspace
column): a narrower one cut the Due column and scrolled sideways."""


def preview_width(screen_width: int) -> int:
    """Columns the pane takes at ``screen_width`` (the table gets the rest, at least TABLE_MIN_WIDTH)."""
    return max(40, min(72, screen_width * 2 // 5, screen_width - TABLE_MIN_WIDTH))


def portal_url(profile: Any, ticket_id: int) -> str | None:
    """The ticket in the agent portal (https://DOMAIN.freshservice.com/a/tickets/ID), or None when the
    account has no web address of its own (the demo desk). Where the reference is silent: the current
    agent portal's path /a/tickets/ID (the older /helpdesk/tickets/ID redirects there)."""
    from urllib.parse import urlsplit

    if profile is None or getattr(profile, "demo", False):
        return None
    domain = getattr(profile, "domain", None)
    if domain:
        host = domain if "." in domain else f"{domain}.freshservice.com"
        return f"https://{host}/a/tickets/{int(ticket_id)}"
    url = getattr(profile, "url", None)
    if url:
        parts = urlsplit(url)
        if parts.scheme and parts.hostname:
            return f"{parts.scheme}://{parts.netloc}/a/tickets/{int(ticket_id)}"
    return None


def _pair(label: str, value: Content) -> Content:
    return Content.assemble((f"{label}: ", "bold"), value)


def render_preview(ticket: Any, conversations: list[Any] | None, *, service: Any, now: Any,
                   url: str | None, width: int) -> Content:
    """The pane's text for ``ticket`` (a Ticket model) and its cached thread (None: not cached)."""
    from fstui.tui.widgets.conversation import render_message  # on first use: not in the first queue frame

    lines: list[Content] = [
        Content.styled(f"#{ticket.id} ", "bold") + safe_line(ticket.subject or "(no subject)", "bold", 200),
    ]
    labels = fmt.labels_of(service)  # the account's labels: custom statuses by name, #12 if unnamed
    lines.append(Content("  ").join([
        _pair("Status", safe_line(fmt.status_label(ticket.status, labels), max_chars=40)),
        _pair("Priority", safe_line(fmt.priority_label(ticket.priority, labels), max_chars=20)),
    ]))
    requester = people.requester_name(service, ticket)
    lines.append(_pair("Requester", safe_line(requester or (f"#{ticket.requester_id}" if ticket.requester_id else "-"),
                                              max_chars=60)))
    agent = service.agent_name(ticket.responder_id) if ticket.responder_id else None
    group = service.group_name(ticket.group_id) if ticket.group_id else None
    lines.append(_pair("Agent", safe_line(agent or ("unassigned" if not ticket.responder_id else f"#{ticket.responder_id}"),
                                          max_chars=40)))
    lines.append(_pair("Group", safe_line(group or ("-" if not ticket.group_id else f"#{ticket.group_id}"), max_chars=40)))
    # the SLA clock as the ticket screen shows it: none once resolved/closed, "paused" where it stands still
    due, late = fmt.sla(ticket.due_by, now, ticket.status)
    first, first_late = fmt.sla(ticket.fr_due_by, now, ticket.status)
    lines.append(Content("  ").join([
        _pair("Due", Content.styled(due + (" OVERDUE" if late else ""), "bold" if late else "")),
        _pair("First response", Content.styled(first + (" OVERDUE" if first_late else ""), "bold" if first_late else "")),
    ]))
    if url:
        lines.append(Content.styled(url, "dim"))  # ours (profile + id): a terminal can make it clickable
    lines.append(Content.styled("─" * max(1, width - 2), "dim"))
    description = body_text(getattr(ticket, "description", None), getattr(ticket, "description_text", None))
    if description:
        text = description.strip()
        if len(text) > DESCRIPTION_CHARS:
            text = text[: DESCRIPTION_CHARS - 1].rstrip() + "…"
        lines.append(Content.styled("[DESCRIPTION]", "bold"))
        lines.append(safe(text))
    if conversations is None:
        lines.append(Content.styled("loading the conversation…", "dim"))
    elif conversations:
        count = len(conversations)
        lines.append(Content.styled(f"latest of {count} {'message' if count == 1 else 'messages'}, newest first:", "dim"))

        def who(user_id: Any) -> str:
            if user_id is None:
                return "unknown"
            return people.author_name(service, user_id) or f"#{user_id}"

        for conversation in list(conversations)[-LATEST:][::-1]:
            content, _exact, _kind = render_message(conversation, who=who(getattr(conversation, "user_id", None)), now=now)
            lines.append(content)
    else:
        lines.append(Content.styled("no replies or notes yet", "dim"))
    return Content("\n").join(lines)


class TicketPreview(LeafStatic):
    DEFAULT_CSS = """
    TicketPreview {
        height: 1fr;
        padding: 0 1;
        border-left: vkey $foreground 20%;
        overflow: hidden hidden;
    }
    """


class PreviewMixin:
    """Mixed into TicketQueueScreen: ``preview_on`` (config ``ui.preview``, toggled by P) and a width of
    at least MIN_WIDTH show the pane. A cursor move only restarts a timer; the pane is drawn once the
    cursor rests (DEBOUNCE) from the cache, and a thread the cache lacks is loaded after LOAD_AFTER by an
    exclusive worker, so a newer resting place cancels the older load."""

    preview_on: bool = True
    preview_id: int | None = None
    _preview_timer: Timer | None = None

    def preview_visible(self, width: int | None = None) -> bool:
        width = width if width is not None else (self.size.width or self.app.size.width)  # type: ignore[attr-defined]
        return self.preview_on and width >= MIN_WIDTH

    def table_width(self, width: int) -> int:
        """The table's share of ``width`` columns."""
        return width - preview_width(width) if self.preview_visible(width) else width

    def layout_preview(self, width: int) -> None:
        pane = self.query_one(TicketPreview)  # type: ignore[attr-defined]
        visible = self.preview_visible(width)
        if visible:
            pane.styles.width = preview_width(width)
        if pane.display != visible:
            pane.display = visible
        if visible:
            self.preview_soon()

    _preview_due: float = 0.0

    def preview_soon(self, delay: float = DEBOUNCE) -> None:
        """The cursor moved: redraw the pane once it rests. A key press only moves the due time; the
        one pending timer, when it fires early, waits for the rest (a timer per key press made
        garbage and asyncio tasks that showed in the key latency)."""
        if not self.preview_visible():
            return
        self._preview_due = time.monotonic() + delay
        if self._preview_timer is None:
            self._preview_timer = self._pane().set_timer(max(delay, 0.01), self._preview_timer_fired)

    def _pane(self) -> TicketPreview:
        # the timer belongs to the pane, not the screen: a timer event on the screen made the screen
        # run its idle pass (a few ms) in the middle of fast key presses
        return self.query_one(TicketPreview)  # type: ignore[attr-defined]

    def _preview_timer_fired(self) -> None:
        left = self._preview_due - time.monotonic()
        if left > 0.005:
            self._preview_timer = self._pane().set_timer(left, self._preview_timer_fired)
            return
        self._preview_timer = None
        self.show_preview()

    def show_preview(self, load: bool = True) -> None:
        if not self.preview_visible() or not self.is_current:  # type: ignore[attr-defined]
            return  # under the ticket screen: drawn again when the queue is back (on_screen_resume)
        ticket_id = self.highlighted_id()  # type: ignore[attr-defined]
        pane = self.query_one(TicketPreview)  # type: ignore[attr-defined]
        if ticket_id is None:
            self.preview_id = None
            pane.update(Content.styled("no ticket under the cursor", "dim"))
            return
        service = self.app.service  # type: ignore[attr-defined]
        ticket = service.cached_ticket(ticket_id) or self.tickets.get(ticket_id)  # type: ignore[attr-defined]
        conversations = service.cached_conversations(ticket_id)
        if ticket is None:
            return
        self.preview_id = ticket_id
        width = pane.size.width or 40
        pane.update(render_preview(ticket, conversations, service=service, now=self.app.now(),  # type: ignore[attr-defined]
                                   url=portal_url(getattr(self.app, "profile", None), ticket_id), width=width))
        if conversations is None and load:
            self.load_preview(ticket_id)

    @work(exclusive=True, exit_on_error=False, group="preview", description="Loading the preview")
    async def load_preview(self, ticket_id: int) -> None:
        await asyncio.sleep(max(0.0, LOAD_AFTER - DEBOUNCE))
        if ticket_id != self.highlighted_id():  # type: ignore[attr-defined]
            return
        service = self.app.service  # type: ignore[attr-defined]
        if service.cached_conversations(ticket_id) is None:
            allowed, _why = service.prefetch_allowed()
            if not allowed:  # the budget is kept for what the agent asks for: enter opens it
                pane = self.query_one(TicketPreview)  # type: ignore[attr-defined]
                pane.update(Content.styled(f"#{ticket_id}: the conversation is not loaded while the rate budget "
                                           "is low; enter opens the ticket", "dim"))
                return
            try:
                async for _cached in service.conversations(ticket_id):
                    pass
            except Exception as exc:  # noqa: BLE001 - the pane says so; no toast per resting place
                if ticket_id == self.highlighted_id():  # type: ignore[attr-defined]
                    from fstui.tui.errors import describe

                    title, _detail = describe(exc, getattr(self.app, "profile", None))  # type: ignore[attr-defined]
                    self.query_one(TicketPreview).update(Content.styled(  # type: ignore[attr-defined]
                        f"#{ticket_id}: could not load the conversation ({title}); enter opens the ticket", "dim"))
                return
        if ticket_id == self.highlighted_id():  # type: ignore[attr-defined]
            self.show_preview(load=False)

    def on_screen_resume(self) -> None:
        self.preview_soon()

    def action_toggle_preview(self) -> None:
        self.preview_on = not self.preview_on
        width = self.size.width or self.app.size.width  # type: ignore[attr-defined]
        self.layout_preview(width)
        self.on_resize_columns(width)  # type: ignore[attr-defined]
        if self.preview_on and width < MIN_WIDTH:
            self.app.toast(f"The preview needs a terminal at least {MIN_WIDTH} columns wide.")  # type: ignore[attr-defined]

    def preview_event(self, event: Any) -> None:
        """A service event: redraw the pane when it concerns the previewed ticket."""
        ticket_id = self.preview_id
        if ticket_id is None or not self.preview_visible():
            return
        ids = getattr(event, "ids", None)
        if getattr(event, "ticket_id", None) == ticket_id or (ids is not None and (not ids or ticket_id in ids)):
            self.preview_soon()

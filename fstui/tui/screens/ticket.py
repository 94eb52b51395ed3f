"""One ticket: its header fields, description and the whole conversation, with triage actions."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from fstui.tui import format as fmt
from fstui.tui import people
from fstui.tui.copy import CopyMixin, message_text
from fstui.tui.discard_write import failed_field_hint
from fstui.tui.errors import WorkerErrorsMixin, describe
from fstui.tui.messages import ConversationsLoaded, TicketLoaded, WriteQueued
from fstui.tui.read_only import is_read_only, refuse_write
from fstui.tui.org_names import org_fields
from fstui.tui.load_retry import LoadRetry, retry_words
from fstui.tui.text import body_text, notice, one_line, safe, safe_line
from fstui.tui.ticket_actions import FIELD_TITLES, TicketActionsMixin, resolve
from fstui.tui.widgets.leaf import LeafStatic
from fstui.tui.widgets.preview import portal_url
from fstui.tui.widgets.conversation import SHOWN_CHARS, ConversationEntry, ConversationView, conversation_kind
from fstui.tui.widgets.key_bar import KeyBar
from fstui.tui.widgets.status_bar import StatusBar

FIELD_LABEL_WIDTH = 10


def _pair(label: str, value: Content | str, style: str = "") -> Content:
    value = value if isinstance(value, Content) else Content(value)
    return Content.assemble((f"{label}: ", "bold"), value.stylize(style) if style else value)


def _first_responded(ticket: Any, conversations: list[Any]) -> bool:
    """The first response was sent (its SLA met or missed for good: no countdown): the stats say so, or the
    thread holds a reply from the service desk (not an incoming email, not a note)."""
    stats = getattr(ticket, "stats", None)
    if stats is not None and getattr(stats, "first_responded_at", None) is not None:
        return True
    return any(conversation_kind(c) == "reply" for c in conversations)


class TicketHeader(LeafStatic):
    DEFAULT_CSS = """
    TicketHeader { height: auto; padding: 0 1; margin-bottom: 1; border-bottom: solid $primary; }
    """


class TicketScreen(WorkerErrorsMixin, CopyMixin, TicketActionsMixin, Screen):
    HELP_TITLE = "ticket"
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", key_display="esc", id="ticket.back"),
        Binding("r", "reply", "Reply", id="ticket.reply"),
        Binding("n", "note", "Note", id="ticket.note"),
        Binding("N", "public_note", "Public note", show=False, id="ticket.public_note"),
        Binding("s", "status", "Status", id="ticket.status"),
        Binding("c", "close", "Close", id="ticket.close"),
        Binding("p", "priority", "Priority", show=False, id="ticket.priority"),
        Binding("a", "assign", "Agent", show=False, id="ticket.assign"),
        Binding("g", "group", "Group", show=False, id="ticket.group"),
        Binding("t", "tags", "Tags", show=False, id="ticket.tags"),
        Binding("w", "work", "Tasks/time", id="ticket.work"),
        Binding("plus", "child_ticket", "Child ticket", key_display="+", show=False, id="ticket.child_ticket"),
        Binding("A", "save_attachments", "Save attachments", show=False, id="ticket.save_attachments"),
        Binding("i", "details", "Details", show=False, id="ticket.details"),
        Binding("M", "major_incident", "Major incident", show=False, id="ticket.major_incident"),
        Binding("e", "edit", "Edit note/resend", show=False, id="ticket.edit"),
        Binding("d", "delete_conversation", "Delete message", show=False, id="ticket.delete_conversation"),
        Binding("x", "discard", "Discard failed write", show=False, id="ticket.discard"),
        Binding("D", "delete_ticket", "Delete ticket", show=False, id="ticket.delete_ticket"),
        Binding("U", "restore_ticket", "Restore ticket", show=False, id="ticket.restore_ticket"),
        Binding("R", "refresh", "Refresh", show=False, id="ticket.refresh"),
        Binding("j", "next_message", "Next message", show=False, id="ticket.next_message"),
        Binding("k", "previous_message", "Previous message", show=False, id="ticket.previous_message"),
        # priority: the thread's scroll container binds home/end to a bare scroll (no message focused)
        Binding("home", "top", "First message", show=False, priority=True, id="ticket.top"),
        Binding("end", "bottom", "Last message", show=False, priority=True, id="ticket.bottom"),
        Binding("y", "copy", "Copy id/URL/text", show=False, id="ticket.copy"),
    ]

    def __init__(self, ticket_id: int, *, ticket: Any = None) -> None:
        super().__init__()
        self._reset(ticket_id, ticket)

    def _reset(self, ticket_id: int, ticket: Any) -> None:
        self.ticket_id = ticket_id
        self.ticket = ticket
        #: a failed load of the ticket or its thread tries again by itself (at once when back online)
        previous = getattr(self, "load_retry", None)
        if previous is not None:
            previous.cancel()
        self.load_retry = LoadRetry(self, self._retry_load)
        self.conversations: list[Any] = []
        self.conversations_loaded = False
        self._thread_offline = False  # the thread shown is the offline copy (fstui.tui.back_online)
        self.field_writes: dict[str, Any] = {}  # field -> latest OutboxEntry changing it
        self.requester: Any = None
        self._tags_asked: tuple[Any, ...] = ()  # (updated_at,) of the copy whose tags were asked for
        self._tags_error: str | None = None

    def show_ticket(self, ticket_id: int, ticket: Any = None) -> None:
        """Show another ticket on this screen (the app reuses one ticket screen: see FstuiApp.open_ticket).

        Called while the screen is off the stack; every widget is put back as a new screen composes it."""
        self.workers.cancel_node(self)
        self._reset(ticket_id, ticket)
        if not self.is_mounted:  # never shown yet: compose and on_mount do the rest
            return
        self.sub_title = ""
        self.query_one(TicketHeader).update(Content(f"Ticket #{ticket_id}"))
        self.query_one("#description", ConversationEntry).update(Content("loading..."))
        self.query_one("#thread-state", Static).update(Content("loading the conversation..."))
        self.query_one(ConversationView).clear()
        scroll = self.query_one("#ticket-scroll", VerticalScroll)
        scroll.scroll_home(animate=False, immediate=True)
        self._start()
        # Hand the screen its widgets' layout requests now, ahead of the push: the first frame is then
        # laid out for this ticket (each widget would otherwise post its request when next idle, after
        # a frame drawn in the previous ticket's arrangement, and then need a second). Textual 8.2.8:
        # Widget._check_refresh is what a widget runs when idle.
        for widget in self.walk_children(Widget):
            widget._check_refresh()

    def _start(self) -> None:
        """Show what is cached and current at once (the screen's first frame has the whole thread);
        ask the service in the background for what is not."""
        self.query_one("#ticket-scroll").focus()
        service = self.app.service  # type: ignore[attr-defined]
        ticket = service.current_ticket(self.ticket_id)
        if ticket is not None:
            self._take_ticket(ticket)
        else:
            if self.ticket is not None:
                self._show_ticket()
            self.load_ticket()
        conversations = service.current_conversations(self.ticket_id)
        if conversations is not None:
            self._take_conversations(conversations)
        else:
            self.load_conversations()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="ticket-scroll"):
            yield TicketHeader(Content(f"Ticket #{self.ticket_id}"), id="ticket-header")
            yield ConversationEntry(Content("loading..."), "description", conversation=None, id="description")
            yield LeafStatic(Content("loading the conversation..."), id="thread-state")
            yield ConversationView(id="thread")
        yield StatusBar()
        yield KeyBar()

    _styled_at: int | None = None

    def _on_screen_resume(self, event: Any) -> None:
        """Pushed again (the app reuses this screen): its widgets' styles are re-applied only when the
        stylesheet changed since it was last shown (a theme), not on every open (~3 ms of each open).
        Runs before Textual's own handler, which reads ``refresh_styles`` (Textual 8.2.8 internals:
        App._css_update_count counts the stylesheet's changes)."""
        count = getattr(self.app, "_css_update_count", None)
        if count is not None and count == self._styled_at:
            event.refresh_styles = False
        self._styled_at = count

    def on_mount(self) -> None:
        self._start()

    # -- loading ----------------------------------------------------------------------------------
    @work(exclusive=True, exit_on_error=False, group="ticket", description="Loading the ticket")
    async def load_ticket(self, force: bool = False) -> None:
        ticket_id = self.ticket_id
        options = {"force": True} if force else {}
        async for cached in self.app.service.ticket(ticket_id, **options):  # type: ignore[attr-defined]
            self.post_message(TicketLoaded(cached, ticket_id))

    @work(exclusive=True, exit_on_error=False, group="conversations", description="Loading the conversation")
    async def load_conversations(self, force: bool = False) -> None:
        ticket_id = self.ticket_id
        options = {"force": True} if force else {}
        async for cached in self.app.service.conversations(ticket_id, **options):  # type: ignore[attr-defined]
            self.post_message(ConversationsLoaded(cached, ticket_id))

    @work(exclusive=True, exit_on_error=False, group="requester", description="Looking up the requester")
    async def load_requester(self, requester_id: int) -> None:
        ticket_id = self.ticket_id
        requester = await self.app.service.requester(requester_id)  # type: ignore[attr-defined]
        if ticket_id == self.ticket_id:
            self.requester = requester
            self._show_ticket()

    @on(TicketLoaded)
    def _ticket_loaded(self, message: TicketLoaded) -> None:
        if message.ticket_id in (None, self.ticket_id):
            self._take_ticket(message.cached)

    def _take_ticket(self, cached: Any) -> None:
        self.ticket = cached.value
        if self.conversations_loaded:
            self.load_retry.succeeded()
        self._show_ticket()
        asked = (getattr(self.ticket, "updated_at", None),)
        if "tags" not in getattr(self.ticket, "model_fields_set", {"tags"}) and self._tags_asked != asked:
            # this copy came without tags (a list row, a sync): the server's, with them (include=tags)
            self._tags_asked = asked
            self._tags_error = None
            self.read_tags()
        requester_id = getattr(self.ticket, "requester_id", None)
        if requester_id and self.requester is None and not self._requester_email(self.ticket):
            self.load_requester(requester_id)

    @work(exclusive=True, exit_on_error=False, group="tags", description="Reading the tags")
    async def read_tags(self) -> None:
        ticket_id = self.ticket_id
        reader = getattr(self.app.service, "read_ticket", None)  # type: ignore[attr-defined]
        if not callable(reader):
            return
        from fstui.service import Cached

        ticket = await reader(ticket_id)
        if ticket_id == self.ticket_id and ticket is not None:
            self.post_message(TicketLoaded(Cached(ticket, self.app.now(), fresh=True), ticket_id))  # type: ignore[attr-defined]

    @on(ConversationsLoaded)
    def _conversations_loaded(self, message: ConversationsLoaded) -> None:
        if message.ticket_id in (None, self.ticket_id):
            self._take_conversations(message.cached)

    def _take_conversations(self, cached: Any) -> None:
        if self.ticket is not None:
            before = _first_responded(self.ticket, self.conversations)
        self.conversations = list(cached.value or [])
        if self.ticket is not None and getattr(self.ticket, "fr_due_by", None) is not None and \
                before != _first_responded(self.ticket, self.conversations):
            self._show_ticket()  # the first-response countdown stops once a reply is in the thread
        self.conversations_loaded = True
        if self.ticket is not None:
            self.load_retry.succeeded()
        self._thread_offline = bool(getattr(cached, "stale", False))  # re-read when back online
        state = "" if cached.fresh else (" (offline copy)" if getattr(cached, "stale", False) else " (cached, refreshing)")
        count = len(self.conversations)
        self.query_one("#thread-state", Static).update(
            Content(f"{count} {'reply or note' if count == 1 else 'replies and notes'}{state}{self._drafts_hint()}")
        )
        self._show_thread()

    def _drafts_hint(self) -> str:
        from fstui.tui.drafts import DraftStore, describe_drafts

        try:
            keys = DraftStore(getattr(self.app.profile, "name", None) or "default").keys()  # type: ignore[attr-defined]
        except OSError:
            return ""
        mine = [(what, letter) for ticket, what, letter in describe_drafts(keys) if ticket == self.ticket_id]
        if not mine:
            return ""
        if is_read_only(self.app):  # r/n/N are refused while read-only: the draft is kept, no key offered
            return "  |  unsent draft: " + ", ".join(f"{what} (kept)" for what, _letter in mine)
        return "  |  unsent draft: " + ", ".join(f"{what} ({letter} continues)" for what, letter in mine)

    def _show_thread(self) -> None:
        service = self.app.service  # type: ignore[attr-defined]

        def names(user_id: Any) -> str | None:
            if user_id is None:
                return None
            name = people.author_name(service, user_id)
            lookup = getattr(service, "requester_in_background", None)
            if name is None and callable(lookup):
                lookup(user_id, maybe_agent=True)  # looked up once (1 credit); "#id" until then
            return name

        pending = []
        outbox = getattr(service, "outbox", None)
        if outbox is not None:
            pending = [
                entry for entry in outbox.entries(self.ticket_id, include_sent=False)
                if entry.kind in ("reply", "note", "edit_note")
            ]
        self.query_one(ConversationView).show(
            self.conversations, names=names, now=self.app.now(), my_id=self.app.my_id, pending=pending  # type: ignore[attr-defined]
        )

    def _show_ticket(self) -> None:
        ticket = self.ticket
        if ticket is None:
            return
        self.query_one(TicketHeader).update(self._header(ticket))
        description = body_text(ticket.description, ticket.description_text)
        if len(description) > SHOWN_CHARS:
            description = description[:SHOWN_CHARS] + f"\n\n[... {len(description) - SHOWN_CHARS:,} more characters not shown]"
        requester = self._requester_name(ticket)
        head = Content.assemble(("[DESCRIPTION] ", "bold"), safe_line(requester or "requester", "bold", 60),
                                "  ", (fmt.ago(ticket.created_at, self.app.now()), "dim"))  # type: ignore[attr-defined]
        lines = [safe(description or "(no description)")]
        for attachment in ticket.attachments or []:
            lines.append(Content.assemble(("  attachment: ", "italic"), safe_line(attachment.name, max_chars=120),
                                          f" ({fmt.size(attachment.size)})"))
        if "attachments" not in getattr(ticket, "model_fields_set", {"attachments"}):
            # a list row carries no attachments (only a view does): say so rather than show none
            lines.append(Content.styled("  attachments: not listed (R reads the whole ticket)", "dim italic"))
        rest = Content("\n").join(lines)
        exact = head + Content("  ") + Content.styled(fmt.local_time(ticket.created_at), "bold")  # while focused
        self.query_one("#description", ConversationEntry).show(
            Content("\n").join([head, rest]), "description", focused_content=Content("\n").join([exact, rest]))
        self.sub_title = f"#{ticket.id}"

    def _requester_name(self, ticket: Any) -> str:
        name = people.requester_name(self.app.service, ticket, self.requester)  # type: ignore[attr-defined]
        return name or (f"#{ticket.requester_id}" if ticket.requester_id else "")  # looked up meanwhile

    def _requester_email(self, ticket: Any) -> str | None:
        return people.requester_email(self.app.service, ticket, self.requester)  # type: ignore[attr-defined]

    def _field_state(self, field: str) -> Content:
        entry = self.field_writes.get(field)
        if entry is None or entry.state == "sent":
            return Content("")
        if entry.state == "failed":
            errors = [fe for fe in (entry.field_errors or []) if fe.get("field") in (field, None)] or entry.field_errors
            message = "; ".join(one_line(fe.get("message")) for fe in errors or []) or one_line(entry.error)
            return Content.styled(" ! not saved: ", "bold $error") + safe_line(message, max_chars=120)
        wanted = entry.payload.get("fields", entry.payload).get(field) if isinstance(entry.payload, dict) else None
        label = self._value_label(field, wanted)
        return Content.styled(f" -> {label} (saving)", "italic")

    def _value_label(self, field: str, value: Any) -> str:
        service = self.app.service  # type: ignore[attr-defined]
        if field == "status":
            return one_line(fmt.status_label(value, fmt.labels_of(service, self.ticket)))
        if field == "priority":
            return one_line(fmt.priority_label(value, fmt.labels_of(service, self.ticket)))
        if field == "responder_id":
            return one_line(service.agent_name(value) if value else "unassigned") or f"#{value}"
        if field == "group_id":
            return one_line(service.group_name(value) if value else "no group") or f"#{value}"
        if field == "tags":
            return ", ".join(one_line(tag) for tag in value or []) or "none"
        return one_line(value)

    def _header(self, ticket: Any) -> Content:
        service = self.app.service  # type: ignore[attr-defined]
        now = self.app.now()  # type: ignore[attr-defined]
        lines: list[Content] = []
        title = Content.styled(f"#{ticket.id} ", "bold") + safe_line(ticket.subject or "(no subject)", "bold", 300)
        if getattr(ticket, "deleted", False):
            title += Content.styled("  [DELETED]", "bold reverse")
        if getattr(ticket, "spam", False):
            title += Content.styled("  [SPAM]", "bold reverse")
        lines.append(title)
        labels = fmt.labels_of(service, ticket)  # the ticket's workspace's labels (fields of its own)
        lines.append(Content("  ").join([
            _pair("Status", safe_line(fmt.status_label(ticket.status, labels), max_chars=40)) + self._field_state("status"),
            _pair("Priority", safe_line(fmt.priority_label(ticket.priority, labels), max_chars=30))
            + self._field_state("priority"),
            _pair("Source", safe_line(fmt.source_label(ticket.source, labels), max_chars=30)),
            _pair("Type", safe_line(ticket.type or "-", max_chars=30)),
        ]))
        requester = self._requester_name(ticket)
        email = self._requester_email(ticket)
        who = safe_line(requester or "-", max_chars=40)
        if email:
            who += Content(" <") + safe_line(email, max_chars=60) + Content(">")
        lines.append(_pair("Requester", who))
        agent = service.agent_name(ticket.responder_id) if ticket.responder_id else None
        group = service.group_name(ticket.group_id) if ticket.group_id else None
        lines.append(Content("  ").join([
            _pair("Agent", safe_line(agent or ("unassigned" if not ticket.responder_id else f"#{ticket.responder_id}"), max_chars=40))
            + self._field_state("responder_id"),
            _pair("Group", safe_line(group or ("-" if not ticket.group_id else f"#{ticket.group_id}"), max_chars=40))
            + self._field_state("group_id"),
        ]))
        category = " / ".join(one_line(part) for part in (ticket.category, ticket.sub_category, ticket.item_category) if part)
        if "tags" in ticket.model_fields_set:
            tags = safe_line(", ".join(one_line(tag) for tag in ticket.tags or []) or "-", max_chars=80)
        elif self._tags_error:  # never shown as "none" when they could not be read
            tags = Content.styled("not read: ", "italic") + safe_line(self._tags_error, max_chars=60)
        else:  # this copy came without them: asked for (include=tags)
            tags = Content.styled("reading...", "italic")
        lines.append(Content("  ").join([
            _pair("Category", safe_line(category or "-", max_chars=60)),
            _pair("Tags", tags) + self._field_state("tags"),
            *(_pair(label, value) for label, value in org_fields(self.app, ticket)),
        ]))
        due, due_late = fmt.sla(ticket.due_by, now, ticket.status)
        first_due = ticket.fr_due_by if not _first_responded(ticket, self.conversations) else None
        first, first_late = fmt.sla(first_due, now, ticket.status)
        lines.append(Content("  ").join([
            _pair("Due", due, "bold reverse" if due_late else ""),
            _pair("First response due", first, "bold reverse" if first_late else ""),
        ]))
        lines.append(Content("  ").join([
            _pair("Created", f"{fmt.timestamp(ticket.created_at)} ({fmt.ago(ticket.created_at, now)})"),
            _pair("Updated", fmt.ago(ticket.updated_at, now)),
        ]))
        url = portal_url(getattr(self.app, "profile", None), ticket.id)
        if url:  # ours (account + id), shown whole so that a terminal can make it clickable; y copies it
            lines.append(_pair("Portal", Content(url)))
        custom = labels.custom_fields(ticket.custom_fields)
        if custom:  # the fields' labels, checkboxes yes/no, dropdown values by label, dates as dates
            parts = [safe_line(label, "bold", 40) + Content(": ") + safe_line(value, max_chars=80) for label, value in custom]
            lines.append(Content("; ").join(parts))
        for field in ("status", "priority", "responder_id", "group_id", "tags"):
            entry = self.field_writes.get(field)
            if entry is not None and entry.state == "failed":
                lines.append(Content.styled(failed_field_hint(self.app, FIELD_TITLES[field]), "$error"))
                break
        return Content("\n").join(lines)

    def worker_failed(self, worker: Any) -> None:
        title, _detail = describe(worker.error, getattr(self.app, "profile", None))
        if worker.group == "conversations" and not self.conversations_loaded:
            delay = self.load_retry.failed(worker.error)
            self.query_one("#thread-state", Static).update(
                Content(f"Could not load the conversation: {title}. {retry_words(delay)}"))
        elif worker.group == "tags":
            self._tags_error = title
            self._show_ticket()
        elif worker.group == "ticket" and self.ticket is None:
            delay = self.load_retry.failed(worker.error)
            self.query_one(TicketHeader).update(
                Content(f"Ticket #{self.ticket_id}: could not load it: {title}. {retry_words(delay)}"))
            self.query_one("#description", ConversationEntry).update(Content(""))

    # -- service events ---------------------------------------------------------------------------
    def on_service_changed(self, event: Any) -> None:
        if not self.is_mounted:  # pushed, not composed yet: on_mount shows what the service has then
            return
        name = type(event).__name__
        if name == "OnlineChanged" and event.online:
            retrying = self.load_retry.waiting  # a failed load goes again now: that read is the re-read
            self.load_retry.online()
            if self._thread_offline and not retrying:  # back online: the thread read again
                from fstui.tui.back_online import may_reread, relabel

                self._thread_offline = False
                if may_reread(self.app):
                    self.load_conversations(force=True)
                else:
                    state = self.query_one("#thread-state", Static)
                    state.update(Content(relabel(str(state.render().plain))))
            if self.ticket is not None:  # names an offline moment left as #id are asked for again
                self._show_ticket()
        if name == "TicketsChanged" and not event.ids and not event.new_ids:
            # agent/group names arrived from a background look-up: show them
            self._show_ticket()
            if self.conversations_loaded:
                self._show_thread()
        elif name == "TicketsChanged" and self.ticket_id in (event.ids or ()):
            self.load_ticket()
        elif name == "ConversationsChanged" and event.ticket_id == self.ticket_id:
            self.load_conversations()
        elif name == "OutboxChanged" and getattr(event.entry, "ticket_id", None) == self.ticket_id:
            self._outbox_changed(event.entry)

    def _outbox_changed(self, entry: Any) -> None:
        if entry.kind in ("update_ticket", "update"):
            fields = entry.payload.get("fields", entry.payload) if isinstance(entry.payload, dict) else {}
            for field in fields:
                self.field_writes[field] = entry
            if entry.state == "sent":
                self.app.toast(notice("#{}: change saved", self.ticket_id), timeout=3)  # type: ignore[attr-defined]
                self.load_ticket()
            elif entry.state == "failed":
                self.app.toast(notice("#{}: change not saved: {}", self.ticket_id, entry.error or "error"), severity="error")  # type: ignore[attr-defined]
            self._show_ticket()
            return
        if entry.kind in ("reply", "note", "edit_note", "delete_conversation"):
            if entry.state == "sent":
                what = {"reply": "Reply", "note": "Note", "edit_note": "Note", "delete_conversation": "Message"}[entry.kind]
                verb = "deleted" if entry.kind == "delete_conversation" else "sent" if entry.kind == "reply" else "saved"
                self.app.toast(notice("#{}: {} {}", self.ticket_id, what, verb), timeout=3)  # type: ignore[attr-defined]
                self.load_conversations()
                self.load_ticket()  # the header's "Updated" from the server's answer (the cache it updated)
            self._show_thread()

    @on(WriteQueued)
    def _write_queued(self, message: WriteQueued) -> None:
        self._outbox_changed(message.entry)

    # -- actions ----------------------------------------------------------------------------------
    def current_ticket(self) -> Any:
        return self.ticket

    def say_nothing_selected(self) -> None:
        self.app.toast(f"Ticket #{self.ticket_id} is still loading.", severity="warning", timeout=3)  # type: ignore[attr-defined]

    def action_work(self) -> None:
        """w: the ticket's tasks and time entries (fstui.tui.screens.work); w again comes back."""
        from fstui.tui.screens.work import TicketWorkScreen

        if self.ticket is not None:
            self.app.push_screen(TicketWorkScreen(self.ticket))

    @work(exclusive=True, exit_on_error=False, group="change-field", description="Saving attachments")
    async def action_save_attachments(self) -> None:
        """A: the focused message's attachments into the download folder (fstui.tui.attachment_actions)."""
        from fstui.tui.attachment_actions import save_focused_attachments

        await save_focused_attachments(self)

    def action_details(self) -> None:
        """i: activity, linked records, service request (fstui.tui.screens.ticket_details)."""
        from fstui.tui.screens.ticket_details import TicketDetailsScreen

        if self.ticket is not None:
            self.app.push_screen(TicketDetailsScreen(self.ticket, self.conversations))

    @work(exclusive=True, exit_on_error=False, group="confirm", description="Major incident")
    async def action_major_incident(self) -> None:
        """M: promote an incident to a major incident, or demote one (asks first)."""
        from fstui.tui.screens.confirm_modal import ConfirmScreen
        from fstui.tui.screens.work import read_only_refused

        ticket = self.ticket
        if ticket is None or read_only_refused(self.app):
            return
        kind = getattr(ticket, "type", None)
        if kind not in ("Incident", "Major Incident"):
            self.app.toast("Only incidents can be promoted to major incidents.",  # type: ignore[attr-defined]
                           severity="warning")
            return
        promote = kind == "Incident"
        question = (f"Promote #{ticket.id} to a major incident?" if promote
                    else f"Demote #{ticket.id} to an incident?")
        if not await self.app.push_screen_wait(ConfirmScreen(Content(question))):
            return
        links = self.app.service.links  # type: ignore[attr-defined]
        entry = links.promote(ticket.id) if promote else links.demote(ticket.id)
        what = "promotion" if promote else "demotion"
        self.app.toast(notice("#{}: {} queued", ticket.id, what), timeout=3)  # type: ignore[attr-defined]
        self._outbox_changed(entry)

    def action_child_ticket(self) -> None:
        """+: a child ticket of this one, with the new-ticket form (create_child_ticket)."""
        from fstui.tui.screens.new_ticket import NewTicketScreen
        from fstui.tui.screens.work import read_only_refused

        if self.ticket is not None and not read_only_refused(self.app, "created"):
            self.app.push_screen(NewTicketScreen(parent=self.ticket))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh(self) -> None:
        """R: the ticket and its thread from the server, always (never the cache's word that they are current)."""
        self.load_ticket(force=True)
        self.load_conversations(force=True)

    def _retry_load(self) -> None:
        """The automatic retry: whatever has not loaded yet."""
        if self.ticket is None:
            self.load_ticket()
        if not self.conversations_loaded:
            self.load_conversations()

    def _entries(self) -> list[ConversationEntry]:
        return [self.query_one("#description", ConversationEntry), *self.query_one(ConversationView).entries()]

    def copy_ticket_id(self) -> int | None:
        return self.ticket_id

    def copy_message(self) -> tuple[str, str] | None:
        entry = self._focused_entry()
        text = message_text(entry, self.ticket) if entry is not None else None
        if not text:
            return None
        return ("the description" if entry.id == "description" else "the focused message"), text

    def _focused_entry(self) -> ConversationEntry | None:
        focused = self.focused
        return focused if isinstance(focused, ConversationEntry) else None

    def on_resize(self, _event: Any) -> None:
        """e, d and x act on the focused message: a smaller terminal keeps it in sight (scrolled to its first
        line, with the focus mark, when none of it is left on screen), as the queue keeps its cursor's row."""
        if self._focused_entry() is not None:
            self.call_after_refresh(self._focused_in_sight)

    def _focused_in_sight(self) -> None:
        entry = self._focused_entry()
        if entry is None:
            return
        scroll = self.query_one("#ticket-scroll", VerticalScroll)
        view = scroll.content_region
        if not entry.region.overlaps(view):
            scroll.scroll_to_widget(entry, animate=False, top=True)

    def action_next_message(self) -> None:
        entries = self._entries()
        current = self._focused_entry()
        index = entries.index(current) + 1 if current in entries else 0
        if index < len(entries):
            entries[index].focus()
        else:
            self.query_one("#ticket-scroll", VerticalScroll).scroll_end(animate=False)

    def action_previous_message(self) -> None:
        entries = self._entries()
        current = self._focused_entry()
        if current in entries and entries.index(current) > 0:
            entries[entries.index(current) - 1].focus()
        else:
            self.query_one("#ticket-scroll", VerticalScroll).scroll_home(animate=False)
            self.query_one("#ticket-scroll").focus()

    def action_top(self) -> None:
        """home: focus the first message (the description) and scroll to the top."""
        self._entries()[0].focus(scroll_visible=False)
        self.query_one("#ticket-scroll", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        """end: focus the last message (what e/d/x then act on) and scroll to the end."""
        self._entries()[-1].focus(scroll_visible=False)
        self.query_one("#ticket-scroll", VerticalScroll).scroll_end(animate=False)

    def action_edit(self) -> None:
        """e: edit your own note, or edit and resend a failed write."""
        from fstui.tui.screens.compose import ComposeScreen

        if refuse_write(self.app):
            return
        entry = self._focused_entry()
        if entry is not None and entry.outbox_entry is not None:
            outbox_entry = entry.outbox_entry
            if outbox_entry.state == "failed":
                self.app.push_screen(ComposeScreen(self.ticket, outbox_entry.kind, resend=outbox_entry,
                                                   private=outbox_entry.payload.get("private", True)))
            return
        if entry is not None and entry.conversation is not None and entry.kind in ("private-note", "public-note"):
            self._edit_if_mine(entry.conversation)  # who-am-I unknown: asks the server; formatting: asks the agent
            return
        for field, outbox_entry in self.field_writes.items():
            if outbox_entry.state == "failed":
                self.change_field(field)
                return
        self.app.toast("Focus a note of yours (j/k) to edit it.", severity="warning")  # type: ignore[attr-defined]

    @work(exclusive=True, group="whoami", exit_on_error=False, description="Opening your note to edit")
    async def _edit_if_mine(self, conversation: Any) -> None:
        """``e`` on a note: when who-am-I is unknown, GET /agents/me (the outbox's
        ``writes.my_id``) decides; only then is an edit refused. A note with formatting the text cannot keep
        is edited only after the agent says so (fstui.tui.plain_edit)."""
        from fstui.tui.plain_edit import confirm_plain_edit
        from fstui.tui.screens.compose import ComposeScreen

        mine = self.app.my_id  # type: ignore[attr-defined]
        if mine is None:
            try:
                mine = await self.app.service.writes.my_id()  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - the server cannot say: refused, as for another's note
                mine = None
        if mine is None or conversation.user_id != mine:
            self.app.toast("Only your own notes can be edited.", severity="warning")  # type: ignore[attr-defined]
            return
        # formatting the text box cannot keep (links, bold, images, lists...): say so and ask, No first
        if not await confirm_plain_edit(self.app, "note", conversation.body):
            return
        self.app.push_screen(ComposeScreen(self.ticket, "edit_note", conversation=conversation))

    @work(exclusive=True, exit_on_error=False, group="confirm", description="Discarding a failed write")
    async def action_discard(self) -> None:
        """x: discard the focused failed reply/note (or the failed field changes), after asking (No first,
        naming the write and showing its text: brk QA §12). Allowed while read-only: nothing is sent."""
        from fstui.tui.discard_write import confirm_discard, what_is_discarded

        service = self.app.service  # type: ignore[attr-defined]
        entry = self._focused_entry()
        targets = []
        if entry is not None and entry.outbox_entry is not None and entry.outbox_entry.state == "failed":
            targets.append(entry.outbox_entry)
        else:
            targets = [e for e in self.field_writes.values() if e.state == "failed"]
        if not targets:
            self.app.toast("No failed write here to discard (focus one with j/k).", severity="warning")  # type: ignore[attr-defined]
            return
        if not await confirm_discard(self.app, targets):
            return
        for target in targets:
            try:
                service.outbox.discard(target.id)
            except Exception as error:  # noqa: BLE001 - shown to the user (e.g. being sent right now)
                self.app.toast(notice("Could not discard: {}", error), severity="error")  # type: ignore[attr-defined]
            else:  # said, as the outbox screen says it
                self.app.toast(notice("Discarded: {}", what_is_discarded(target)), timeout=3)  # type: ignore[attr-defined]
        self.field_writes = {k: v for k, v in self.field_writes.items() if v not in targets}
        self._show_ticket()
        self._show_thread()

    @work(exclusive=True, exit_on_error=False, group="confirm", description="Deleting the message")
    async def action_delete_conversation(self) -> None:
        from fstui.tui.screens.confirm_modal import ConfirmScreen

        if refuse_write(self.app):
            return
        entry = self._focused_entry()
        if entry is None or entry.conversation is None:
            self.app.toast("Focus a reply or note (j/k) to delete it.", severity="warning")  # type: ignore[attr-defined]
            return
        conversation = entry.conversation
        preview = one_line(body_text(conversation.body, conversation.body_text), 80)
        question = Content("Delete this message for good?\n\n") + safe_line(preview)
        if not await self.app.push_screen_wait(ConfirmScreen(question)):
            return
        outbox_entry = await resolve(self.app.service.delete_conversation(conversation.id, self.ticket_id))  # type: ignore[attr-defined]
        self.post_message(WriteQueued(outbox_entry, "delete message"))

    @work(exclusive=True, exit_on_error=False, group="confirm", description="Deleting the ticket")
    async def action_delete_ticket(self) -> None:
        from fstui.tui.screens.confirm_modal import ConfirmScreen

        if refuse_write(self.app):
            return
        if self.ticket is None:
            return
        question = Content(f"Delete ticket #{self.ticket_id}? ") + safe_line(self.ticket.subject, max_chars=60)
        question += Content("\n\nIt can be restored from the Deleted view (U).")
        if not await self.app.push_screen_wait(ConfirmScreen(question)):
            return
        entry = await resolve(self.app.service.delete_ticket(self.ticket_id))  # type: ignore[attr-defined]
        self.post_message(WriteQueued(entry, "delete ticket"))
        self.app.toast(notice("#{}: delete queued", self.ticket_id), timeout=3)  # type: ignore[attr-defined]

    @work(exclusive=True, exit_on_error=False, group="confirm", description="Restoring the ticket")
    async def action_restore_ticket(self) -> None:
        from fstui.tui.screens.confirm_modal import ConfirmScreen

        if refuse_write(self.app):
            return
        if not await self.app.push_screen_wait(ConfirmScreen(Content(f"Restore ticket #{self.ticket_id}?"))):
            return
        entry = await resolve(self.app.service.restore_ticket(self.ticket_id))  # type: ignore[attr-defined]
        self.post_message(WriteQueued(entry, "restore ticket"))
        self.app.toast(notice("#{}: restore queued", self.ticket_id), timeout=3)  # type: ignore[attr-defined]

"""The threaded conversation of a ticket: description, replies, public and private notes, pending writes.

Each kind of entry has a CSS class (look) AND a label in words (so NO_COLOR still tells them apart).
Entries are focusable, so j/k/tab move between them and the ticket screen's e/d act on the focused one.
The focused entry is marked with ``FOCUS_MARK`` before its first line, in every colour mode (its
background alone was indistinguishable on private notes, and with NO_COLOR).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from fstui.tui import format as fmt
from fstui.tui import people
from fstui.tui.read_only import is_read_only
from fstui.tui.discard_write import failed_hint
from fstui.tui.widgets.leaf import LeafStatic
from fstui.tui.text import body_text, one_line, safe, safe_line

SHOWN_CHARS = 30_000
"""A body longer than this shows its start and says how much is left out (rendering is O(length))."""

KIND_LABELS = {
    "description": "DESCRIPTION",
    "reply": "REPLY",
    "incoming": "INCOMING",
    "public-note": "PUBLIC NOTE",
    "private-note": "PRIVATE NOTE",
    "forward": "FORWARD",
    "status": "STATUS",
    "feedback": "FEEDBACK",
    "other": "MESSAGE",
}

NameLookup = Callable[[Any], "str | None"]

FOCUS_MARK = "▶ "
"""Before the focused message's first line; the others keep the same two columns blank (no re-wrap)."""
NO_MARK = "  "


def conversation_kind(conversation: Any) -> str:
    """Classify a conversation from its documented fields (source, private, incoming)."""
    source = getattr(conversation, "source", None)
    try:
        source = int(source) if source is not None else None
    except (TypeError, ValueError):
        source = None
    private_field = getattr(conversation, "private", None)
    private = bool(private_field)
    incoming = bool(getattr(conversation, "incoming", False))
    # The create-note response carries no source, only "private" (a reply's has no "private"): a note.
    if source == 2 or (source is None and private_field is not None):
        return "private-note" if private else "public-note"
    if incoming:
        return "incoming"
    if source == 6:
        return "forward"
    if source == 3:
        return "status"
    if source == 5:
        return "feedback"
    if source in (0, 1, None):
        return "reply"
    return "other"


def _shown_body(text: str) -> str:
    if len(text) <= SHOWN_CHARS:
        return text
    return text[:SHOWN_CHARS] + f"\n\n[... {len(text) - SHOWN_CHARS:,} more characters not shown]"


class ConversationEntry(LeafStatic, can_focus=True):
    """One message in the thread."""

    DEFAULT_CSS = """
    ConversationEntry {
        height: auto;
        margin: 0 0 1 0;
        padding: 0 1;
        border-left: thick $primary;
    }
    ConversationEntry:focus { background: $boost; }
    ConversationEntry.-description { border-left: thick $secondary; }
    ConversationEntry.-reply { border-left: thick $primary; }
    ConversationEntry.-incoming { border-left: thick $accent; }
    ConversationEntry.-public-note { border-left: outer $warning; }
    ConversationEntry.-private-note { border-left: dashed $warning; background: $warning 10%; }
    ConversationEntry.-pending { border-left: dashed $foreground 50%; }
    ConversationEntry.-failed { border-left: double $error; }
    """

    def __init__(self, content: Content, kind: str, *, conversation: Any = None, entry: Any = None,
                 id: str | None = None, focused_content: Content | None = None) -> None:
        self._message = content
        # What the entry shows while focused (the message with its exact time), or None: same as unfocused.
        self._focused: Content | None = focused_content
        super().__init__(Content(NO_MARK) + content, classes=f"-{kind}", id=id)
        self.kind = kind
        self.conversation = conversation
        self.outbox_entry = entry

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        """Show ``content`` (Content), with the focus mark's two columns before its first line."""
        self._message = content if isinstance(content, Content) else Content(str(content))
        self._focused = None
        super().update(self._marked(), layout=layout)

    def _marked(self) -> Content:
        if self.has_focus:
            return Content(FOCUS_MARK) + (self._focused if self._focused is not None else self._message)
        return Content(NO_MARK) + self._message

    def _on_focus(self, event: Any) -> None:
        super()._on_focus(event)
        # Without a focused form the mark only replaces two blanks: same size, no layout.
        super().update(self._marked(), layout=self._focused is not None)

    def _on_blur(self, event: Any) -> None:
        super()._on_blur(event)
        super().update(self._marked(), layout=self._focused is not None)

    def show(self, content: Content, kind: str, *, conversation: Any = None, entry: Any = None,
             focused_content: Content | None = None) -> None:
        """Show another message in this entry (the thread reuses its entries: see ConversationView).
        ``focused_content``: what it shows while focused (the exact time of the message)."""
        if kind != self.kind:
            self.set_classes(f"-{kind}")
            self.kind = kind
        self.conversation = conversation
        self.outbox_entry = entry
        self.update(content)
        if focused_content is not None:
            self._focused = focused_content
            if self.has_focus:
                super().update(self._marked())

    @property
    def conversation_id(self) -> int | None:
        return getattr(self.conversation, "id", None)

    @property
    def identity(self) -> tuple[str, Any] | None:
        """Which message this is: ("conversation", id) or ("outbox", entry id); None when spare."""
        if self.conversation is not None:
            return ("conversation", getattr(self.conversation, "id", None))
        if self.outbox_entry is not None:
            return ("outbox", getattr(self.outbox_entry, "id", None))
        return None


def _attachments(items: Iterable[Any] | None) -> list[Content]:
    lines = []
    for attachment in items or ():
        name = getattr(attachment, "name", None) or (attachment.get("name") if isinstance(attachment, dict) else None)
        size = getattr(attachment, "size", None) or (attachment.get("size") if isinstance(attachment, dict) else None)
        lines.append(Content.assemble(("  attachment: ", "italic"), safe_line(name, max_chars=120), f" ({fmt.size(size)})"))
    return lines


def recipients(conversation: Any) -> Content | None:
    """``to: a@x  cc: b@y  bcc: c@z`` (None when the message names nobody)."""
    parts = [Content.styled(f"{label}: ", "bold") + safe_line(emails, max_chars=200)
             for label, emails in people.recipients(conversation)]
    return Content("  ").join(parts) if parts else None


def render_message(conversation: Any, *, who: str, now: datetime, mine: bool = False) -> tuple[Content, Content, str]:
    """(as shown, as shown while focused, kind): the focused form adds the exact local time; the body
    is made safe once for both."""
    kind = conversation_kind(conversation)
    created = getattr(conversation, "created_at", None)
    head = [Content.styled(f"[{KIND_LABELS[kind]}]", "bold"), Content(" "), safe_line(who or "unknown", "bold", 60)]
    if kind == "incoming":
        head.append(Content(" (from requester side)"))
    # The gap is unstyled: a styled run's leading spaces are dropped when the screen is drawn as SVG.
    head.append(Content("  ") + Content.styled(fmt.ago(created, now), "dim"))
    tail = [Content.styled("  (yours: e edits)", "dim")] if mine and kind in ("private-note", "public-note") else []
    exact = [Content("  ") + Content.styled(fmt.local_time(created), "bold")]
    lines: list[Content] = []
    sent_to = recipients(conversation)
    if sent_to is not None:
        lines.append(sent_to)
    text = body_text(getattr(conversation, "body", None), getattr(conversation, "body_text", None))
    lines.append(safe(_shown_body(text) or "(empty)"))
    lines.extend(_attachments(getattr(conversation, "attachments", None)))
    rest = Content("\n").join(lines)
    plain = Content("\n").join([Content("").join(head + tail), rest])
    focused = Content("\n").join([Content("").join(head + exact + tail), rest])
    return plain, focused, kind


PENDING_LABELS = {"pending": "waiting to send", "sending": "sending...", "sent": "sent", "failed": "FAILED"}


def render_outbox_entry(entry: Any, hint: str = "e: edit and resend   x: discard") -> tuple[Content, str]:
    """A write not yet on the server; ``hint``: the keys under a failed one (fstui.tui.discard_write.failed_hint:
    none that write while read-only)."""
    payload = getattr(entry, "payload", {}) or {}
    kind = getattr(entry, "kind", "")
    if kind == "reply":
        label = "REPLY"
    elif kind == "note":
        label = "PRIVATE NOTE" if payload.get("private", True) else "PUBLIC NOTE"
    else:
        label = one_line(kind).upper() or "CHANGE"
    state = getattr(entry, "state", "pending")
    head = Content.assemble((f"[{label}] ", "bold"), (f"you, {PENDING_LABELS.get(state, state)}", "italic"))
    lines = [head]
    body = payload.get("body")
    if body:
        lines.append(safe(_shown_body(body_text(body, None))))
    if state == "failed":
        error = getattr(entry, "error", None)
        if error:
            lines.append(Content.styled("error: ", "bold $error") + safe_line(error, max_chars=300))
        for field_error in getattr(entry, "field_errors", None) or []:
            field = field_error.get("field") if isinstance(field_error, dict) else getattr(field_error, "field", None)
            message = field_error.get("message") if isinstance(field_error, dict) else getattr(field_error, "message", None)
            lines.append(Content.styled(f"  {one_line(field) or 'request'}: ", "bold $error") + safe_line(message, max_chars=300))
        lines.append(Content.styled(f"  {hint}", "dim"))
    return Content("\n").join(lines), ("failed" if state == "failed" else "pending")


class ConversationView(Vertical):
    """The whole thread in time order; redrawn only when the set of messages changes.

    Its entries are reused: a redraw (another ticket on the reused ticket screen, a reply sent, a name
    that arrived) puts the new messages into the entries already mounted, hides the ones left over and
    mounts only what is missing. Mounting a widget (styles, messages, a layout of its own) cost most of
    an open. A redraw is synchronous, so a thread already cached is in the same layout and frame as
    the ticket screen it opens with."""

    DEFAULT_CSS = """
    ConversationView { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._signature: tuple = ()

    def clear(self) -> None:
        """Show nothing until the next ``show`` (the ticket screen is reused for another ticket): the
        entries are hidden with the view, not removed, so that the next thread can reuse them."""
        self._signature = ()
        self.display = False

    def entries(self) -> list[ConversationEntry]:
        """The entries shown (in order); hidden spare ones are left out."""
        return [child for child in self.children if isinstance(child, ConversationEntry) and child.display]

    def show(
        self,
        conversations: list[Any],
        *,
        names: NameLookup,
        now: datetime,
        my_id: int | None = None,
        pending: Iterable[Any] = (),
    ) -> None:
        pending = [entry for entry in pending if getattr(entry, "state", None) != "sent"]
        read_only = is_read_only(self.app)
        signature = (
            # an edit within the same second keeps updated_at, and names may arrive later: both redraw
            tuple((getattr(c, "id", None), getattr(c, "updated_at", None), hash(getattr(c, "body", None)),
                   names(getattr(c, "user_id", None))) for c in conversations),
            my_id, read_only,  # read-only changes the hints ("yours: e edits", "e: edit and resend")
            tuple((getattr(e, "id", None), getattr(e, "state", None)) for e in pending),
        )
        if signature == self._signature:
            return
        self._signature = signature
        focused_widget = self.app.focused if self.app.focused in self.children else None
        focused_identity = getattr(focused_widget, "identity", None)
        ordered = sorted(conversations, key=lambda c: (getattr(c, "created_at", None) is None, getattr(c, "created_at", None) or now, getattr(c, "id", 0) or 0))
        # content, kind, conversation, outbox entry, content while focused
        items: list[tuple[Content, str, Any, Any, Content | None]] = []
        for conversation in ordered:
            user_id = getattr(conversation, "user_id", None)
            who = names(user_id) or (f"#{user_id}" if user_id else "unknown")
            mine = my_id is not None and user_id == my_id and not read_only  # e edits: not read-only
            content, exact, kind = render_message(conversation, who=who, now=now, mine=mine)
            items.append((content, kind, conversation, None, exact))
        hint = failed_hint(self.app)
        for entry in pending:
            content, kind = render_outbox_entry(entry, hint)
            items.append((content, kind, None, entry, None))
        with self.app.batch_update():
            spare = [child for child in self.children if isinstance(child, ConversationEntry)]
            widgets: list[ConversationEntry] = []
            for index, (content, kind, conversation, entry, exact) in enumerate(items):
                if index < len(spare):
                    widget = spare[index]
                    widget.show(content, kind, conversation=conversation, entry=entry, focused_content=exact)
                    widget.display = True
                else:
                    widget = ConversationEntry(content, kind, conversation=conversation, entry=entry,
                                               focused_content=exact)
                widgets.append(widget)
            for widget in spare[len(items):]:
                widget.display = False
                widget.conversation = widget.outbox_entry = None
            if len(widgets) > len(spare):
                self.mount_all(widgets[len(spare):])  # in the DOM now; their mount events follow
            self._show_empty_line(not items)
            self.display = True
        if focused_widget is not None:
            # The focus stays with its message, not with the widget (entries are reused for other
            # messages): e/d/x must act on the message the agent focused. A message that is gone
            # leaves nothing focused (issue 11, section 5).
            for widget in widgets:
                if focused_identity is not None and widget.identity == focused_identity:
                    widget.focus(scroll_visible=False)
                    break
            else:
                if self.parent is not None and self.parent.can_focus:
                    self.parent.focus(scroll_visible=False)
                else:
                    self.screen.set_focus(None)

    def _show_empty_line(self, show: bool) -> None:
        lines = [child for child in self.children if not isinstance(child, ConversationEntry)]
        if lines:
            lines[0].display = show
        elif show:
            self.mount(Static("No replies or notes yet.", classes="-empty"))

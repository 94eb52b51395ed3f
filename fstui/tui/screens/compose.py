"""Compose a reply, a private or public note, or edit a note: inline TextArea or $EDITOR (ctrl+e).

ctrl+s queues it in the outbox (the thread then shows it pending -> sent), escape asks before
discarding. The draft is saved as you type and offered again when you compose on the same ticket.
A failed write reopens here with the server's errors shown under the fields they belong to.
A new reply opens with the agent's signature below an empty first line (fstui/tui/signature.py).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static, TextArea

from fstui.textconv import normalise_text, text_to_html
from fstui.tui import people
from fstui.service.uploads import problems
from fstui.tui.compose_attachments import AttachmentList, AttachPrompt
from fstui.tui.drafts import DraftStore
from fstui.tui.errors import WorkerErrorsMixin
from fstui.tui.messages import WriteQueued
from fstui.tui.text import body_text, notice, one_line, safe_line
from fstui.tui.ticket_actions import resolve
from fstui.tui.widgets.key_bar import KeyBar
from fstui.tui.widgets.status_bar import StatusBar

EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
TITLES = {"reply": "Reply to", "note": "Note on", "edit_note": "Edit note on"}
EXTRA_FIELDS = ("cc_emails", "bcc_emails", "notify_emails", "attachments")
"""What a draft holds besides its body: one of them filled in is a draft too (kept, restored as it was)."""


def split_emails(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\s]+", text or "") if part.strip()]


def editor_command() -> list[str] | None:
    for variable in ("FSTUI_EDITOR", "VISUAL", "EDITOR"):
        value = os.environ.get(variable)
        if value:
            return shlex.split(value)
    return None


class ComposeScreen(WorkerErrorsMixin, Screen[None]):
    HELP_TITLE = "compose"
    BINDINGS = [
        Binding("ctrl+s", "send", "Send", priority=True),
        Binding("ctrl+e", "editor", "Edit in $EDITOR", priority=True),
        Binding("f2", "canned", "Canned", priority=True),
        Binding("f3", "article", "KB article", priority=True),
        Binding("f4", "attach", "Attach", priority=True),
        Binding("f5", "detach", "Remove attachment", priority=True, show=False),
        Binding("escape", "cancel", "Cancel", key_display="esc", priority=True),
    ]
    APP_KEYS: tuple[str, ...] = ()
    """The app's single-letter keys are text here (q, ?, 1..5): the key bar does not offer them."""

    def __init__(self, ticket: Any, kind: str, *, private: bool = True, conversation: Any = None, resend: Any = None) -> None:
        super().__init__()
        self.ticket = ticket
        self.kind = kind  # reply | note | edit_note
        self.private = private
        self.conversation = conversation
        self.resend_entry = resend
        self.drafts: DraftStore | None = None
        self._save_timer: Timer | None = None
        self._sent = False
        #: what a new reply's box started with (the agent's signature, fstui.tui.signature); the box
        #: holding only this counts as empty: no draft, no question on escape, nothing to send
        self._prefill = ""
        #: an edit's box as it opened (the note's text): unchanged, it counts as nothing written, so
        #: escape closes without asking and leaves no draft (there is nothing to lose)
        self._opened = ""

    # -- layout -----------------------------------------------------------------------------------
    @property
    def draft_key(self) -> str:
        suffix = self.kind if self.kind != "note" else ("note" if self.private else "public-note")
        if self.conversation is not None:
            suffix += f"-{self.conversation.id}"
        return f"{self.ticket.id}-{suffix}"

    def _title(self) -> Content:
        what = TITLES.get(self.kind, "Write on")
        if self.kind == "note":
            what = "Private note on" if self.private else "Public note on"
        title = Content.styled(f"{what} #{self.ticket.id}: ", "bold") + safe_line(self.ticket.subject, max_chars=200)
        if self.kind != "reply":
            return title
        # who the reply goes to (the requester), as the thread will show it
        service = getattr(self.app, "service", None)
        name = people.requester_name(service, self.ticket)
        email = people.requester_email(service, self.ticket)
        to = safe_line(name or "the requester", max_chars=40)
        if email:
            to += Content(" <") + safe_line(email, max_chars=60) + Content(">")
        return title + Content("\n") + Content.styled("To: ", "bold") + to

    def compose(self) -> ComposeResult:
        with Vertical(id="compose"):
            yield Static(self._title(), id="compose-title")
            if self.kind == "reply":
                yield Static(Content("Cc"), classes="field-label")
                yield Input(placeholder="name@example.com, ...", id="cc_emails")
                yield Static("", id="cc_emails-error", classes="field-error")
                yield Static(Content("Bcc"), classes="field-label")
                yield Input(placeholder="name@example.com, ...", id="bcc_emails")
                yield Static("", id="bcc_emails-error", classes="field-error")
            elif self.kind == "note" and not self.private:
                yield Static(Content("Notify"), classes="field-label")
                yield Input(placeholder="agents or requesters to email, comma separated", id="notify_emails")
                yield Static("", id="notify_emails-error", classes="field-error")
            yield TextArea(id="body", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            if self.kind in ("reply", "note"):
                yield AttachmentList(id="attachments")
            yield Static("", id="body-error", classes="field-error")
            yield Static("", id="request-error", classes="field-error")
        yield StatusBar()
        yield KeyBar()

    def on_mount(self) -> None:
        profile = getattr(self.app, "profile", None)
        self.drafts = DraftStore(getattr(profile, "name", None) or "default")
        for widget in self.query(".field-error"):
            widget.display = False
        body = self.query_one("#body", TextArea)
        if self.resend_entry is not None:
            self._fill(self._payload_to_form(self.resend_entry.payload))
            self.show_errors(self.resend_entry.field_errors or [], self.resend_entry.error)
        elif (draft := self.drafts.load(self.draft_key)) is not None and (
                str(draft.get("body") or "").strip() or any(draft.get(k) for k in EXTRA_FIELDS)):
            self._fill(draft)
            self.app.toast("Restored your unsent draft.", timeout=4)  # type: ignore[attr-defined]
        elif self.conversation is not None:
            body.text = body_text(self.conversation.body, self.conversation.body_text)
        elif self.kind == "reply":  # a new reply: the signature below, the cursor on the empty first line
            from fstui.tui.signature import formatting_notice, reply_prefill, signature_text

            self._prefill = reply_prefill(signature_text(self.app))
            if self._prefill:
                body.text = self._prefill
                body.move_cursor((0, 0))
                if said := formatting_notice(self.app):
                    self.app.toast(said, timeout=6)  # type: ignore[attr-defined]
        if self.conversation is not None:  # the note as it is on the ticket (a restored draft aside)
            self._opened = body_text(self.conversation.body, self.conversation.body_text)
        body.focus()

    def _written(self, text: str) -> bool:
        """Whether the box holds something the agent wrote: not blank, not only the signature it
        started with, and not an edited note's text as it opened."""
        return bool(text.strip()) and normalise_text(text) != normalise_text(self._prefill) and not self._unchanged(text)

    def _unchanged(self, text: str) -> bool:
        return bool(self._opened.strip()) and normalise_text(text) == normalise_text(self._opened)

    def _payload_to_form(self, payload: dict[str, Any]) -> dict[str, Any]:
        form = {"body": body_text(payload.get("body"), None) if "<" in (payload.get("body") or "") else payload.get("body", "")}
        for key in ("cc_emails", "bcc_emails", "notify_emails"):
            if payload.get(key):
                form[key] = ", ".join(payload[key])
        if payload.get("attachments"):
            form["attachments"] = list(payload["attachments"])
        return form

    def _fill(self, form: dict[str, Any]) -> None:
        self.query_one("#body", TextArea).text = form.get("body", "")
        if form.get("attachments") and self.query("#attachments"):
            self.query_one("#attachments", AttachmentList).set_paths(form["attachments"])
        for key in ("cc_emails", "bcc_emails", "notify_emails"):
            widgets = self.query(f"#{key}")
            if widgets and form.get(key):
                widgets.first(Input).value = form[key]

    def _form(self) -> dict[str, Any]:
        form: dict[str, Any] = {"body": self.query_one("#body", TextArea).text}
        if self.query("#attachments"):  # the draft records the attached files' paths
            form["attachments"] = list(self.query_one("#attachments", AttachmentList).paths)
        for key in ("cc_emails", "bcc_emails", "notify_emails"):
            widgets = self.query(f"#{key}")
            if widgets:
                form[key] = widgets.first(Input).value
        return form

    # -- drafts -----------------------------------------------------------------------------------
    @on(TextArea.Changed)
    @on(Input.Changed)
    def _changed(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(0.5, self._save_draft)

    def _save_draft(self) -> None:
        if self._sent or self.drafts is None:
            return
        form = self._form()
        if self._written(form["body"]) or any(form.get(k) for k in EXTRA_FIELDS):
            try:
                self.drafts.save(self.draft_key, form)
            except OSError:
                pass
        else:  # written and then taken back: a crash must not bring back what is no longer in the box
            self.drafts.discard(self.draft_key)

    # -- errors at the fields -----------------------------------------------------------------------
    def show_errors(self, field_errors: list[Any], error: str | None = None) -> None:
        seen = False
        for widget in self.query(".field-error"):
            widget.display = False
        for field_error in field_errors:
            field = field_error.get("field") if isinstance(field_error, dict) else getattr(field_error, "field", None)
            message = field_error.get("message") if isinstance(field_error, dict) else getattr(field_error, "message", "")
            target = self.query(f"#{field}-error") if field and re.fullmatch(r"[a-z_]+", field) else None
            widget = target.first(Static) if target else self.query_one("#request-error", Static)
            prefix = "" if target else f"{one_line(field) or 'request'}: "
            widget.update(Content.styled("! " + prefix, "bold") + safe_line(message, max_chars=300))
            widget.display = True
            seen = True
        if error and not seen:
            widget = self.query_one("#request-error", Static)
            widget.update(Content.styled("! ", "bold") + safe_line(error, max_chars=300))
            widget.display = True

    def _validate(self, form: dict[str, Any]) -> list[dict[str, str]]:
        errors = []
        if self._unchanged(form["body"]):  # (an update carries only what the agent changed)
            errors.append({"field": "body", "message": "Nothing changed: esc closes it."})
        elif not self._written(form["body"]):
            errors.append({"field": "body", "message": "The message is empty." if not self._prefill
                           else "The message is empty (only your signature)."})
        for problem in problems(form.get("attachments") or []):  # missing files, the size limit
            errors.append({"field": "attachments", "message": problem})
        for key in ("cc_emails", "bcc_emails", "notify_emails"):
            bad = [email for email in split_emails(form.get(key, "")) if not EMAIL.match(email)]
            if bad:
                errors.append({"field": key, "message": f"Not an email address: {bad[0]}"})
        return errors

    # -- actions ----------------------------------------------------------------------------------
    @work(exclusive=True, exit_on_error=False, group="send", description="Sending")
    async def action_send(self) -> None:
        from fstui.tui.read_only import refuse_write

        if refuse_write(self.app):  # read-only switched on meanwhile: nothing is sent, the draft stays
            return
        form = self._form()
        errors = self._validate(form)
        if errors:
            self.show_errors(errors)
            return
        service = self.app.service  # type: ignore[attr-defined]
        body = text_to_html(form["body"])
        ticket_id = self.ticket.id
        if self.resend_entry is not None:
            payload = dict(self.resend_entry.payload)
            payload["body"] = body
            for key in ("cc_emails", "bcc_emails", "notify_emails"):
                if key in form:
                    payload[key] = split_emails(form[key])
            entry = await resolve(service.outbox.resend(self.resend_entry.id, payload))
        elif self.kind == "reply":
            entry = await resolve(service.reply(ticket_id, body, cc_emails=split_emails(form.get("cc_emails", "")),
                                                bcc_emails=split_emails(form.get("bcc_emails", "")),
                                                attachments=form.get("attachments") or ()))
        elif self.kind == "edit_note":
            entry = await resolve(service.edit_note(self.conversation.id, ticket_id, body))
        else:
            entry = await resolve(service.note(ticket_id, body, private=self.private,
                                               notify_emails=split_emails(form.get("notify_emails", "")),
                                               attachments=form.get("attachments") or ()))
        self._sent = True
        if self._save_timer is not None:
            self._save_timer.stop()
        self.drafts.discard(self.draft_key)
        label = {"reply": "Reply", "note": "Note", "edit_note": "Note"}.get(self.kind, "Message")
        for screen in self.app.screen_stack:
            if getattr(screen, "ticket_id", None) == ticket_id and screen is not self:
                screen.post_message(WriteQueued(entry, label))
        self.app.toast(notice("#{}: {} queued", ticket_id, label.lower()), timeout=3)  # type: ignore[attr-defined]
        self.dismiss(None)

    @work(exclusive=True, exit_on_error=False, group="cancel", description="Discarding the draft")
    async def action_cancel(self) -> None:
        from fstui.tui.screens.confirm_modal import ConfirmScreen

        form = self._form()
        if self._written(form["body"]) and not await self.app.push_screen_wait(
            ConfirmScreen(Content("Discard this draft?"), yes="y: discard", no="n: keep writing")
        ):
            return
        self._sent = True
        if self._save_timer is not None:
            self._save_timer.stop()
        if self.drafts is not None:
            self.drafts.discard(self.draft_key)
        self.dismiss(None)

    def action_attach(self) -> None:
        """F4: attach a file (a path prompt with completion; fstui.tui.compose_attachments)."""
        if not self.query("#attachments"):
            return
        files = self.query_one("#attachments", AttachmentList)

        def add(path: str | None) -> None:
            if path:
                files.add(path)
                self._changed()

        self.app.push_screen(AttachPrompt(files.total), add)

    def action_detach(self) -> None:
        if self.query("#attachments"):
            self.query_one("#attachments", AttachmentList).remove_last()
            self._changed()

    def action_canned(self) -> None:
        """F2: insert a canned response at the cursor (fstui.tui.screens.compose_inserts)."""
        from fstui.tui.screens.compose_inserts import CannedResponsePicker

        self.app.push_screen(CannedResponsePicker(self.ticket), self._insert)

    def action_article(self) -> None:
        """F3: insert a knowledge-base article's title and link at the cursor."""
        from fstui.tui.screens.compose_inserts import ArticlePicker

        self.app.push_screen(ArticlePicker(self.ticket), self._insert)

    def _insert(self, text: str | None) -> None:
        if text:
            body = self.query_one("#body", TextArea)
            body.insert(text)
            body.focus()
            response_id = getattr(text, "response_id", None)
            if response_id and self.query("#attachments"):
                from fstui.tui.compose_attachments import attach_canned_files

                attach_canned_files(self, response_id, self.query_one("#attachments", AttachmentList))

    def action_editor(self) -> None:
        command = editor_command()
        if command is None:
            self.app.toast("Set $FSTUI_EDITOR, $VISUAL or $EDITOR to edit in your editor.", severity="warning")  # type: ignore[attr-defined]
            return
        body = self.query_one("#body", TextArea)
        directory = self.drafts.directory if self.drafts else None
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, path = tempfile.mkstemp(prefix=f"fstui-{self.ticket.id}-", suffix=".txt", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # A text file ends with a newline: an editor that appends a line must not glue it on.
                handle.write(body.text if body.text.endswith("\n") or not body.text else body.text + "\n")
            try:
                with self.app.suspend():
                    subprocess.run([*command, path], check=False)
            except Exception as error:  # SuspendNotSupported in headless runs, a missing editor, ...
                self.app.toast(notice("Could not run the editor: {}", error), severity="error")  # type: ignore[attr-defined]
                return
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            # The file's final newline (ours, or the one the editor keeps) is not a line of the message.
            body.text = text[:-1] if text.endswith("\n") else text
            self.app.refresh(layout=True)
        finally:
            try:
                os.unlink(path)
            except OSError:
                pass
        body.focus()

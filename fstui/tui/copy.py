"""`y` copies to the clipboard through the terminal (OSC 52, App.copy_to_clipboard): it works over SSH,
and in tmux with ``set -g set-clipboard on``. What can be copied: the ticket's id, its portal URL (not for
the demo desk, which has none), and on the ticket screen the focused message's text. A toast says what
was copied (never the text itself: it may be long or private).
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.content import Content

from fstui.tui.text import body_text, notice
from fstui.tui.widgets.preview import portal_url


def message_text(entry: Any, ticket: Any = None) -> str | None:
    """The plain text of a thread entry (a ConversationEntry): a message, the description, or a write
    still in the outbox; None when the entry has no text of its own."""
    conversation = getattr(entry, "conversation", None)
    if conversation is not None:
        return body_text(getattr(conversation, "body", None), getattr(conversation, "body_text", None))
    outbox = getattr(entry, "outbox_entry", None)
    if outbox is not None:
        return body_text(outbox.payload.get("body"))
    if getattr(entry, "id", None) == "description" and ticket is not None:
        return body_text(getattr(ticket, "description", None), getattr(ticket, "description_text", None))
    return None


class CopyMixin:
    """Screens define ``copy_ticket_id()`` and may define ``copy_message()`` -> (what, text) | None."""

    def copy_ticket_id(self) -> int | None:
        raise NotImplementedError

    def copy_message(self) -> tuple[str, str] | None:
        return None

    def copy_choices(self) -> list[tuple[str, str, str]]:
        """(label, what the toast calls it, text) for each thing there is to copy."""
        ticket_id = self.copy_ticket_id()
        if ticket_id is None:
            return []
        choices = [(f"Ticket id #{ticket_id}", f"the ticket id #{ticket_id}", str(ticket_id))]
        url = portal_url(getattr(self.app, "profile", None), ticket_id)  # type: ignore[attr-defined]
        if url:
            choices.append((f"Portal URL {url}", f"the portal URL of #{ticket_id}", url))
        message = self.copy_message()
        if message is not None:
            what, text = message
            choices.append((f"Text of {what}", f"the text of {what} ({len(text)} characters)", text))
        return choices

    @work(exclusive=True, exit_on_error=False, group="copy", description="Copying")
    async def action_copy(self) -> None:
        from fstui.tui.screens.picker import PickerScreen

        choices = self.copy_choices()
        if not choices:  # no ticket under the cursor: say why, as every key for "the ticket" does
            say = getattr(self, "say_nothing_selected", None)
            if callable(say):
                say()
            else:
                self.app.toast("Nothing selected to copy.", severity="warning", timeout=4)  # type: ignore[attr-defined]
            return
        picked = await self.app.push_screen_wait(  # type: ignore[attr-defined]
            PickerScreen("Copy to the clipboard", [(i, Content(label)) for i, (label, _w, _t) in enumerate(choices)],
                         current=0)
        )
        if picked is None:
            return
        _label, what, text = choices[picked]
        self.app.copy_to_clipboard(text)  # type: ignore[attr-defined]
        self.app.toast(notice("Copied {} (OSC 52: the terminal puts it on the clipboard)", what))  # type: ignore[attr-defined]

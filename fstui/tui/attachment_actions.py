"""Saving a message's attachments from the ticket screen (issue 14): ``A`` saves the focused message's
attachments (the ticket's own when the description or nothing is focused), all or one chosen, into the
download folder (fstui.service.downloads), and says where. Nothing is opened on the host unless the
config names an ``open_with`` command."""

from __future__ import annotations

from typing import Any

from textual.content import Content

from fstui.tui import format as fmt
from fstui.tui.text import notice, safe_line

ALL = "__all__"


def focused_attachments(screen: Any) -> list[Any]:
    entry = screen._focused_entry()
    conversation = getattr(entry, "conversation", None) if entry is not None else None
    source = conversation if conversation is not None else screen.ticket
    return [a for a in (getattr(source, "attachments", None) or []) if getattr(a, "id", None)]


async def save_focused_attachments(screen: Any) -> None:
    """The worker body of TicketScreen.action_save_attachments."""
    from fstui.service.downloads import download_dir, open_saved
    from fstui.tui.screens.picker import PickerScreen

    app = screen.app
    attachments = focused_attachments(screen)
    if not attachments:
        app.toast("This message has no attachments.", severity="warning")
        return
    chosen = attachments
    if len(attachments) > 1:
        choices = [(ALL, Content(f"All {len(attachments)} files"))] + [
            (a.id, Content.assemble(safe_line(a.name or f"attachment {a.id}", max_chars=50), f"  {fmt.size(a.size)}"))
            for a in attachments]
        pick = await app.push_screen_wait(PickerScreen(f"Save attachments to {download_dir()}", choices))
        if pick is None:
            return
        chosen = attachments if pick == ALL else [a for a in attachments if a.id == pick]
    paths = await app.service.save_attachments(chosen)
    where = str(paths[0].parent) if paths else str(download_dir())
    names = ", ".join(p.name for p in paths)
    app.toast(notice("Saved {} to {}", names, where), title="Attachments", timeout=8)
    open_saved(paths)

"""Ask before editing server HTML as plain text where the text cannot keep its formatting (QA: ``e`` on a note
with a link, bold text and an image saved it back as plain text, the link a literal ``<url>``, without a word).

Every editor here starts from the server's HTML shown as text (:func:`fstui.tui.text.html_to_text`) and sends
``text_to_html`` of the box, so what the text cannot carry is lost for everyone reading the message in the
portal or by mail. :func:`edit_losses` says what that would be — decided by that round trip itself
(:func:`fstui.textconv.formatting_lost`), not by which tags a body happens to use — and :func:`confirm_plain_edit`
asks, No first (an Enter alone never rewrites a note), before the editor opens:

    "This note has a link, bold text and an image that editing here cannot keep: it would be saved as plain
    text. Edit it in the Freshservice portal, or edit here anyway?"

A body the round trip keeps whole (a note fstui wrote, plain lines and paragraphs, the portal's font wrapper,
a link whose text is its address) opens straight away, as before.

Choice where the issue was silent: the question is asked each time (the server's body is what counts, and
it can have changed since), also when a draft of the edit is kept (the draft stays for a later "yes"), and
the same question guards inserting a canned response that carries formatting (F2: it would go out as plain
text in the reply the requester reads).
"""

from __future__ import annotations

from typing import Any

from textual.content import Content

from fstui.textconv import TEXT_NOT_SHOWN, describe, formatting_lost
from fstui.tui.text import MAX_HTML_CHARS, html_to_text

__all__ = ["edit_losses", "losses_question", "confirm_plain_edit"]


def edit_losses(html: str | None) -> list[str]:
    """What editing ``html`` here as text and saving it would lose ("a link", "bold text", ...); ``[]`` when
    nothing. Bounded like the display (:data:`fstui.tui.text.MAX_HTML_CHARS`): a body longer than that is
    never shown in full, so its edit would cut it (:data:`fstui.textconv.TEXT_NOT_SHOWN`)."""
    if not html or "<" not in html and "&" not in html:
        return []  # plain text: the round trip keeps it
    names = formatting_lost(html[:MAX_HTML_CHARS], html_to_text(html))
    if len(html) > MAX_HTML_CHARS and TEXT_NOT_SHOWN not in names:
        names.append(TEXT_NOT_SHOWN)
    return names


def losses_question(what: str, names: list[str], *, saved: str = "saved", verb: str = "edit") -> Content:
    """The question for ``what`` ("note", "canned response") carrying ``names`` (ours: fixed words only)."""
    return Content(f"This {what} has {describe(names)} that {verb}ing here cannot keep: it would be {saved} as plain "
                   f"text. {verb.capitalize()} it in the Freshservice portal, or {verb} here anyway?")


async def confirm_plain_edit(app: Any, what: str, html: str | None, *, saved: str = "saved",
                             verb: str = "edit") -> bool:
    """True to go on: nothing would be lost, or the agent said yes. Call it from a worker (it waits for the
    answer)."""
    from fstui.tui.screens.confirm_modal import ConfirmScreen

    names = edit_losses(html)
    if not names:
        return True
    return bool(await app.push_screen_wait(ConfirmScreen(
        losses_question(what, names, saved=saved, verb=verb),
        yes=f"y: {verb} here anyway", no="n: don't (use the portal)")))

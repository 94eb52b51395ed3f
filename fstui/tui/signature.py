"""The agent's signature at the foot of a new reply, as the Freshservice portal puts it there (issue 12, "Mine").

Where it comes from: the signed-in agent's ``signature`` (HTML, API-SUPPLEMENT §2.2) as GET /agents/me
answered it (``app.me``, read when the account opened), else as the service last cached it (the agent
found by the configured email where the account does not answer /agents/me). Cache only: opening compose
never waits on the network; not known yet, no signature.

What it becomes: server HTML, so it goes through the one sanitiser and the one conversion
(:func:`fstui.tui.text.html_to_text`: nh3, then :func:`fstui.textconv.render_text`, control characters
removed) into plain text the agent can edit or delete in the box; what is sent is the box's text through
:func:`fstui.textconv.text_to_html`, so the requester reads what the agent saw.

Choices where the issue is silent: replies only (a note, private or public, is the desk's own record and
gets none; neither does a note edit or a failed write reopened to fix: they keep their own text); the
signature sits below one blank line, the cursor on the empty first line above it, as the portal's editor
does; ``[ui] signature = false`` (or ``"off"``) turns it off. A signature with formatting the text cannot keep
(a link, bold text, a logo...) is said once a session when a reply opens with it (:func:`formatting_notice`):
not asked, since the box shows what goes out and the agent can change it there.
"""

from __future__ import annotations

import weakref
from typing import Any

from fstui.tui.text import html_to_text

__all__ = ["signature_text", "reply_prefill", "formatting_notice"]


def signature_text(app: Any) -> str:
    """The signed-in agent's signature as sanitised plain text; "" when turned off, not known (yet) or empty.

    Reads ``app.ui.signature`` (the setting), ``app.me`` (GET /agents/me's agent) and, when that is not
    known, ``app.service.cached_me()`` (cache only). Never a request."""
    html = _signature_html(app)
    return html_to_text(html).strip("\n") if html else ""


_TOLD: weakref.WeakSet[Any] = weakref.WeakSet()


def formatting_notice(app: Any) -> str | None:
    """Once per session: what the signature carries that the plain-text reply cannot ("Your signature has a
    link and an image that fstui sends as plain text."), else None. The box shows the text that goes out; this
    says what the portal would have kept (fstui.tui.plain_edit decides)."""
    from fstui.textconv import describe
    from fstui.tui.plain_edit import edit_losses

    html = _signature_html(app)
    lost = edit_losses(html) if html else []
    if not lost or app in _TOLD:
        return None
    _TOLD.add(app)
    return f"Your signature has {describe(lost)} that fstui sends as plain text (the portal keeps them)."


def _signature_html(app: Any) -> str:
    """The signature's server HTML (see :func:`signature_text`); "" when off, unknown or empty."""
    if not getattr(getattr(app, "ui", None), "signature", True):
        return ""
    me = getattr(app, "me", None)
    if me is None:
        cached = getattr(getattr(app, "service", None), "cached_me", None)
        try:
            me = cached() if callable(cached) else None
        except Exception:  # noqa: BLE001 - a signature is a nicety: unknown means none
            me = None
    html = getattr(me, "signature", None)
    if not isinstance(html, str) or not html.strip():
        return ""
    return html


def reply_prefill(signature: str) -> str:
    """What a new reply's box starts with: an empty first line (the cursor's), a blank line, the signature;
    "" without a signature."""
    return f"\n\n{signature}" if signature.strip() else ""

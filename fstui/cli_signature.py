"""`fstui reply --signature`: the agent's Freshservice signature appended to a scripted reply.

Choice (issue 12, "Mine"): a script sends exactly what it is given, so `fstui reply` adds no signature
unless asked; with ``--signature`` it appends the signed-in agent's ``signature`` (GET /agents/me, else the
agent with the profile's email; API-SUPPLEMENT §2.1/§2.2) below a blank line, the way the TUI's compose
pre-fills it: the server's HTML made plain text by the one sanitiser and conversion
(:func:`fstui.tui.text.html_to_text`), then sent as HTML by :func:`fstui.textconv.text_to_html`. With
``--html`` the body is kept as it is and the converted signature is appended to it. A signature with formatting
the plain text cannot keep (a link, bold text, a logo image...; fstui.tui.plain_edit) is sent that way with a
line on stderr saying what went plain: a script cannot be asked, and nobody sees its text.

Who-am-I unknown (the server does not say and no agent has the profile's email, or it is unreachable
with nothing cached): nothing is sent (exit 2, or 7 when unreachable), since the script asked for a
signature. An agent without a signature: sent without one, with a line on stderr.
"""

from __future__ import annotations

from typing import Any

BLANK_LINE = "<div><br></div>"
"""A blank line in the HTML textconv writes (``text_to_html("a\\n\\nb")`` has one between the two lines)."""


async def signed_body(service: Any, body_html: str) -> str:
    """``body_html`` with the signed-in agent's signature appended (see the module docstring).

    Raises ``cli.CliError`` when who-am-I is unknown; returns ``body_html`` unchanged (after a warning on
    stderr) when the agent has no signature."""
    from fstui import cli
    from fstui.textconv import describe, text_to_html
    from fstui.tui.plain_edit import edit_losses
    from fstui.tui.text import html_to_text

    me = await service.me()
    if me is None:
        offline = getattr(service, "online", True) is False
        raise cli.CliError(
            "--signature: fstui cannot tell which agent you are (" +
            ("the server is unreachable" if offline else
             "the server does not answer /agents/me and no agent has the profile's email") +
            "), so it cannot add your signature: nothing was sent",
            cli.ExitCode.UNREACHABLE if offline else cli.ExitCode.USAGE)
    signature = html_to_text(me.signature or "").strip("\n")
    html = text_to_html(signature)
    if not html:
        cli._err("--signature: your agent has no signature in Freshservice; sent without one")
        return body_html
    lost = edit_losses(me.signature)  # what the plain text cannot carry goes unseen in a script: said here
    if lost:
        cli._err(f"--signature: your signature has {describe(lost)} that fstui sends as plain text "
                 "(it writes plain text only)")
    return body_html + BLANK_LINE + html

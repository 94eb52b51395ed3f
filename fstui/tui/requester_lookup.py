"""Who the agent means by a requester typed as an email or a name (queue `v` -> Requester).

An email is taken as it is. A name is looked up on the server (``DataService.requesters_named``: the
requester ``query=`` filter where the client has it, else the requester list read page by page), never
only among the people loaded so far: one match is taken, several are offered in a picker, none is said.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content

from fstui.tui.text import notice, one_line, safe_line


def _display(requester: Any) -> str:
    name = " ".join(x for x in (requester.first_name, requester.last_name) if x)
    return name or requester.primary_email or f"#{requester.id}"


async def requester_email(screen: Any, answer: str) -> str | None:
    """The email of the requester ``answer`` names (an email, or a name looked up on the server).

    Runs in a worker of ``screen`` (it may push a picker and wait); says what went wrong in a toast and
    returns None then."""
    from fstui.tui.screens.picker import PickerScreen

    app = screen.app
    answer = " ".join((answer or "").split())
    if not answer:
        return None
    if "@" in answer and " " not in answer:
        return answer
    found, complete = await app.service.requesters_named(answer)
    found = [r for r in found if r.primary_email]
    if not found:
        where = "" if complete else " (among the first requesters read; try their email)"
        app.toast(notice("No requester matches {}" + where, answer), severity="warning")
        return None
    if len(found) == 1:
        return found[0].primary_email
    found.sort(key=lambda r: (_display(r).lower(), r.primary_email or ""))
    choices = [(r.primary_email, safe_line(_display(r), max_chars=40) + Content("  ") + safe_line(r.primary_email,
                                                                                                    max_chars=40))
               for r in found]
    return await app.push_screen_wait(PickerScreen(f"Requesters matching {one_line(answer, 40)}", choices))

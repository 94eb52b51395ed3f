"""``fstui tickets list --requester EMAIL|NAME``: who the name means, asked of the server.

An email is taken as it is. A name is looked up as the TUI does (``DataService.requesters_named``: the
requesters ``query=`` filter, starts-with on first/last name; else the list read page by page):

- one match: that requester's tickets;
- several: nothing is listed; the matches (name <email>) are printed and the command exits 2 (usage),
  so a script never lists the tickets of a person it did not mean — give the email then;
- none: ``No requester matches 'NAME'`` and exit 4 (not found).
"""

from __future__ import annotations

from typing import Any

USAGE, NOT_FOUND = 2, 4  # fstui.cli.ExitCode's values (not imported: cli.py imports this module)


class RequesterNotChosen(Exception):
    """The name matched no one, or several people; ``code`` is the exit code, the message says which."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _display(requester: Any) -> str:
    name = " ".join(x for x in (requester.first_name, requester.last_name) if x)
    return f"{name} <{requester.primary_email}>" if name else str(requester.primary_email)


async def requester_email(service: Any, text: str) -> str:
    """The email of the requester ``text`` names (an email as it is). Raises RequesterNotChosen."""
    answer = " ".join((text or "").split())
    if "@" in answer and " " not in answer:
        return answer
    found, complete = await service.requesters_named(answer)
    found = [r for r in found if r.primary_email]
    if not found:
        where = "" if complete else " among the requesters read (give the email)"
        raise RequesterNotChosen(f"No requester matches {answer!r}{where}.", NOT_FOUND)
    if len(found) == 1:
        return str(found[0].primary_email)
    found.sort(key=lambda r: _display(r).lower())
    names = "\n".join(f"  {_display(r)}" for r in found[:20]) + ("\n  ..." if len(found) > 20 else "")
    raise RequesterNotChosen(f"{len(found)} requesters match {answer!r}; give one's email with --requester:\n"
                             f"{names}", USAGE)

"""NO_COLOR (https://no-color.org): no colour at all, attributes (bold, reverse, underline) only.

Textual's own NO_COLOR handling turns colours into greys (its Monochrome filter still sends 256-colour
or true-colour codes); fstui drops every colour instead (Textual's NoColor filter: default foreground and
background). What colour told apart is told by attributes instead (``App:nocolor`` rules in app.tcss:
the cursor row, the highlighted option and the text cursors are reversed).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.filter import LineFilter, Monochrome, NoColor

_NO_COLOR = NoColor()


def without_colour(filters: Sequence[LineFilter]) -> list[LineFilter]:
    """The app's line filters with greys replaced by no colour at all."""
    return [f for f in filters if not isinstance(f, Monochrome)] + [_NO_COLOR]

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


def keep_reverse_in_option_lists() -> None:
    """Make ``text-style: reverse`` reach an OptionList's highlighted option (pickers, the command palette).

    Textual 8's ``Widget.get_visual_style`` (which OptionList renders its options with) copies bold, dim,
    italic, underline and strike from the CSS but drops reverse, so under NO_COLOR the highlighted choice
    was only bold — the look of a header (QA of issue 11). This puts reverse back for the component
    classes whose CSS asks for it; idempotent, and a no-op for styles without reverse."""
    from textual.style import Style as VisualStyle
    from textual.widgets import OptionList

    original = OptionList.get_visual_style
    if getattr(original, "_fstui_keeps_reverse", False):
        return

    def get_visual_style(self: OptionList, *component_classes: str, partial: bool = False) -> VisualStyle:
        style = original(self, *component_classes, partial=partial)
        for name in component_classes:
            try:
                wanted = bool(self.get_component_styles(name).text_style.reverse)
            except KeyError:
                continue
            if wanted:
                return style + VisualStyle(reverse=True)
        return style

    get_visual_style._fstui_keeps_reverse = True  # type: ignore[attr-defined]
    OptionList.get_visual_style = get_visual_style  # type: ignore[method-assign]

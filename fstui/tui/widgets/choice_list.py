"""An OptionList that keeps its highlighted choice in sight when it gets smaller (the pickers, the theme
list): enter picks the highlighted choice, so it is always one the agent can see."""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import OptionList


class ChoiceList(OptionList):
    def on_resize(self, _event: events.Resize) -> None:
        # OptionList scrolls to the highlight when it moves, not when the terminal shrinks
        if self.highlighted is not None:
            self.call_after_refresh(self.scroll_to_highlight)


def fit_list_to_box(box: Widget, widget: Widget, *, lines: int, share: float = 0.8, least: int = 2) -> None:
    """Cap ``widget`` (the list in a modal's ``box``) at ``lines`` lines and never taller than the box leaves
    it on this screen: ``share`` of the screen's height (the box's CSS max-height, 80% -> 0.8), less the
    box's border and padding and the other children's heights and margins; ``least`` lines at the least.

    A list taller than that was cut off by the box, and its highlighted choice (or last row) could be below
    the cut where the agent cannot see it while enter still took it; capped, the list scrolls instead and
    keeps its highlight in sight (ChoiceList, ListTable). Call it on mount (after a refresh: the other
    children need their sizes) and on every resize. Used by every modal with a list: the pickers, the
    theme picker, the bulk results."""
    above = sum(child.outer_size.height + child.styles.margin.top + child.styles.margin.bottom
                for child in box.children if child is not widget and child.display)
    room = int(box.screen.size.height * share) - box.styles.gutter.height - above
    widget.styles.max_height = max(least, min(lines, room))

"""An OptionList that keeps its highlighted choice in sight when it gets smaller (the pickers, the theme
list): enter picks the highlighted choice, so it is always one the agent can see."""

from __future__ import annotations

from textual import events
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import OptionList

from fstui.tui.widgets.in_sight import in_scrolling_container, show_in_containers


class ChoiceList(OptionList):
    def on_resize(self, _event: events.Resize) -> None:
        # OptionList scrolls to the highlight when it moves, not when the terminal shrinks
        if self.highlighted is not None:
            self.call_after_refresh(self.scroll_to_highlight)

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Also in the containers around the list (the links of the ticket details scroll with the page):
        the focused list's highlighted choice, the one enter takes, is in sight."""
        super().scroll_to_highlight(top)
        if self.has_focus and self.highlighted is not None and in_scrolling_container(self):
            self.call_after_refresh(self._highlight_into_containers_view)

    def _highlight_into_containers_view(self) -> None:
        index = self.highlighted
        if index is None or index not in self._index_to_line:
            return
        y = self.styles.gutter.top + self._index_to_line[index] - int(self.scroll_y)
        show_in_containers(self, Region(0, y, self.size.width, self._heights[index]))


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

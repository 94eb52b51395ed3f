"""Keep the row or choice a key acts on in sight when its list sits in a scrolling container.

A list (ListTable, ChoiceList) scrolls its cursor row / highlighted choice into its own view; when the list
is taller than the part of it its container shows (the tasks and time tables of ``w``, the links of the
ticket details), the container has to scroll too, or the row enter, s or d acts on is out of sight.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget


def show_in_containers(widget: Widget, region: Region) -> None:
    """Scroll every container around ``widget`` (as Widget.scroll_to_widget does for a whole widget) so
    that ``region`` of it (its own coordinates: 0, 0 is its top left corner) is inside their visible part."""
    region = region.translate(widget.virtual_region.offset)
    while isinstance(widget.parent, Widget) and region:
        container = widget.parent
        offset = container.scroll_to_region(region, animate=False, immediate=True)
        region = (region.translate(-offset)
                  .translate(container.styles.margin.top_left)
                  .translate(container.styles.border.spacing.top_left)
                  .translate(container.virtual_region_with_margin.offset)
                  .intersection(container.virtual_region_with_margin))
        widget = container


def in_scrolling_container(widget: Widget) -> bool:
    """True when a container around ``widget`` has something to scroll (cheap: asked on every move)."""
    return any(isinstance(w, Widget) and w.max_scroll_y for w in widget.ancestors)

"""LeafStatic: a Static that a layout can resize without asking for a second layout.

When a layout gives a widget a new size, Textual sets the widget's virtual (scrollable) size through a
reactive that requests another layout of the screen. For a widget with no children that does not
scroll, that size affects nobody's arrangement: the second pass only repeats the first. The ticket
screen's header and messages change size with every ticket, so each open laid the screen out twice
(the pass is the costliest part of opening a long thread). Textual 8.2.8 internals: Widget._size_updated.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Static


class LeafStatic(Static):
    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)

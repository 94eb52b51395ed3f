"""An OptionList that keeps its highlighted choice in sight when it gets smaller (the pickers, the theme
list): enter picks the highlighted choice, so it is always one the agent can see."""

from __future__ import annotations

from textual import events
from textual.widgets import OptionList


class ChoiceList(OptionList):
    def on_resize(self, _event: events.Resize) -> None:
        # OptionList scrolls to the highlight when it moves, not when the terminal shrinks
        if self.highlighted is not None:
            self.call_after_refresh(self.scroll_to_highlight)

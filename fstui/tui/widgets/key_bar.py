"""A one-line key hint bar generated from the screen's BINDINGS (shown ones) and the app's.

Used instead of Textual's Footer on the triage screens: the Footer mounts one widget per key and
restyles them all whenever a screen opens (tens of ms per ticket opened); this is one widget and one
render, which keeps opening a ticket inside the latency budget.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

from fstui.tui.screens.help import key_label


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content: Content | None = None

    def _build(self) -> Content:
        parts: list[Content] = []
        seen: set[str] = set()
        sources = (getattr(type(self.screen), "BINDINGS", []), getattr(type(self.app), "BINDINGS", []))
        for source in sources:
            for binding in source:
                if not isinstance(binding, Binding) or not binding.show or not binding.description:
                    continue
                if binding.description in seen:
                    continue
                seen.add(binding.description)
                parts.append(Content.assemble((f" {key_label(binding)}", "bold $footer-key-foreground"), f" {binding.description} "))
        parts.append(Content.assemble((" ^p", "bold $footer-key-foreground"), " palette"))
        return Content("").join(parts)

    def render(self) -> Content:
        if self._content is None:
            self._content = self._build()
        return self._content

"""A one-line key hint bar generated from the screen's BINDINGS (shown ones) and the app's.

Used instead of Textual's Footer on the triage screens: the Footer mounts one widget per key and
restyles them all whenever a screen opens (tens of ms per ticket opened); this is one widget and one
render, which keeps opening a ticket inside the latency budget.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from fstui.tui.read_only import is_read_only, offers
from fstui.tui.screens.help import key_label, screen_bindings


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
        self._content: tuple[tuple[int, bool], Content] | None = None

    def on_mount(self) -> None:
        signal = getattr(self.app, "status_signal", None)
        if signal is not None:  # read-only switched on or off: the write keys come and go
            signal.subscribe(self, lambda _info=None: self.refresh())

    def _build(self, width: int) -> Content:
        """The screen's shown keys in order; when they do not all fit, the last ones give way so that
        "? Help" (which lists every key) and the palette hint always stay visible. Write keys are not
        offered while the session is read-only."""
        parts: list[Content] = []
        tail: list[Content] = []
        seen: set[str] = set()
        for binding in screen_bindings(self.screen, getattr(type(self.app), "BINDINGS", [])):
            if not binding.show or not binding.description or binding.description in seen:
                continue
            if not offers(self.app, binding.action):
                continue
            seen.add(binding.description)
            part = Content.assemble((f" {key_label(binding)}", "bold $footer-key-foreground"), f" {binding.description} ")
            (tail if binding.action == "help" else parts).append(part)
        tail.append(Content.assemble((" ^p", "bold $footer-key-foreground"), " palette"))
        room = width - sum(part.cell_length for part in tail)
        kept: list[Content] = []
        for part in parts:
            if part.cell_length > room:
                break
            kept.append(part)
            room -= part.cell_length
        return Content("").join(kept + tail)

    def render(self) -> Content:
        width = self.size.width or self.app.size.width
        key = (width, is_read_only(self.app))
        if self._content is None or self._content[0] != key:
            self._content = (key, self._build(width))
        return self._content[1]

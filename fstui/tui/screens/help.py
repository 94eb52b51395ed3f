"""The `?` screen: generated from the BINDINGS of the screen it was opened over (and the app's)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_KEY_NAMES = {
    "question_mark": "?", "slash": "/", "escape": "esc", "enter": "enter", "down": "down", "up": "up",
    "left_square_bracket": "[", "right_square_bracket": "]", "space": "space", "home": "home", "end": "end",
}  # fmt: skip


def key_label(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    keys = []
    for key in binding.key.split(","):
        key = key.strip()
        keys.append(_KEY_NAMES.get(key, key.replace("ctrl+", "ctrl+")))
    return "/".join(keys)


def help_lines(screen: Screen, app_bindings: list[Binding]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for source in (getattr(type(screen), "BINDINGS", []), app_bindings):
        for binding in source:
            if not isinstance(binding, Binding):
                binding = Binding(*binding)
            if not binding.description or binding.description in seen:
                continue
            seen.add(binding.description)
            rows.append((key_label(binding), binding.description))
    rows.append(("ctrl+p", "Command palette"))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 64; max-width: 95%; height: auto; max-height: 90%; border: round $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, over: Screen) -> None:
        super().__init__()
        self.over = over

    def compose(self) -> ComposeResult:
        title = getattr(self.over, "HELP_TITLE", None) or type(self.over).__name__
        rows = help_lines(self.over, list(getattr(self.app, "BINDINGS", [])))
        width = max((len(key) for key, _ in rows), default=4) + 2
        lines = [Content.styled(f"Keys: {title}", "bold"), Content("")]
        lines += [Content.assemble((key.ljust(width), "bold"), description) for key, description in rows]
        lines += [Content(""), Content("Links in tickets are shown, never opened. esc closes this help.")]
        with VerticalScroll():
            yield Static(Content("\n").join(lines))

    def action_close(self) -> None:
        self.dismiss(None)

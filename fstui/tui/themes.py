"""Themes: Textual's built-in ones plus fstui's own dark and light, chosen by ``--theme``, the config's
``[ui] theme``, or the palette ("Theme", previewed as the highlight moves; esc goes back). NO_COLOR
still wins: Textual turns every colour to monochrome when it is set, whatever the theme.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.theme import Theme
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fstui.tui.widgets.choice_list import ChoiceList, fit_list_to_box

FSTUI_DARK = Theme(
    name="fstui-dark",
    primary="#4FA3E0",
    secondary="#7FB77E",
    accent="#E0A84F",
    warning="#E0A84F",
    error="#E06C6C",
    success="#7FB77E",
    foreground="#E6E6E6",
    background="#15191E",
    surface="#1D232A",
    panel="#27303A",
    dark=True,
)
FSTUI_LIGHT = Theme(
    name="fstui-light",
    primary="#0B5FA5",
    secondary="#2E7D32",
    accent="#9A5B00",
    warning="#9A5B00",
    error="#B3261E",
    success="#2E7D32",
    foreground="#1B1F24",
    background="#FAFAF7",
    surface="#F0F0EC",
    panel="#E2E4E8",
    dark=False,
)
THEMES = (FSTUI_DARK, FSTUI_LIGHT)


def register_themes(app: Any) -> None:
    for theme in THEMES:
        app.register_theme(theme)


def choose_theme(app: Any, wanted: str | None, source: str) -> str | None:
    """Set ``wanted`` (from ``source``: "--theme" or the config file) when it exists; else a problem."""
    if not wanted:
        return None
    if wanted not in app.available_themes:
        known = ", ".join(sorted(app.available_themes))
        return f"{source}: no theme named {wanted!r} (themes: {known})"
    app.theme = wanted
    return None


class ThemePickerScreen(ModalScreen[str | None]):
    """Every theme, light and dark; the highlighted one is applied at once (the preview), enter keeps it,
    esc puts the previous one back."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    ThemePickerScreen { align: center middle; }
    ThemePickerScreen > Vertical { width: 48; max-width: 95%; height: auto; max-height: 80%;
        border: round $accent; background: $surface; padding: 0 1; }
    ThemePickerScreen OptionList, ThemePickerScreen OptionList:focus { height: auto; max-height: 20; border: none; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.original = ""

    def compose(self) -> ComposeResult:
        self.original = self.app.theme
        themes = sorted(self.app.available_themes.values(), key=lambda t: (not t.name.startswith("fstui"), t.name))
        options = [Option(Content(f"{t.name}  ({'dark' if t.dark else 'light'})"), id=t.name) for t in themes]
        with Vertical():
            yield Static(Content("Theme (enter keeps it, esc goes back)"))
            yield ChoiceList(*options, id="theme-list")

    def on_resize(self, _event: Any) -> None:
        self._fit_options()

    def _fit_options(self) -> None:
        """At most 20 lines, never taller than the box (80% of the screen) leaves it: the highlighted theme
        (previewed, and saved by enter) is always in sight, as in the other pickers."""
        fit_list_to_box(self.query_one(Vertical), self.query_one(OptionList), lines=20)

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit_options)  # once the title has its size
        options = self.query_one(OptionList)
        try:
            options.highlighted = options.get_option_index(self.original)
        except Exception:  # noqa: BLE001
            pass
        options.focus()

    @on(OptionList.OptionHighlighted)
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.app.theme = event.option.id

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        """Kept for this session and written to the config's [ui] theme (comments kept), so it stays."""
        from fstui.settings import save_ui_setting
        from fstui.tui.text import notice

        self.app.theme = event.option.id or self.original
        try:
            path = save_ui_setting("theme", self.app.theme)
        except (OSError, ValueError) as exc:
            self.app.notify(notice("Theme {} for this session only: {}", self.app.theme, str(exc)),
                            severity="warning", markup=False)
        else:
            self.app.notify(notice("Theme {} saved in {}", self.app.theme, str(path)), markup=False)
        self.dismiss(self.app.theme)

    def action_cancel(self) -> None:
        self.app.theme = self.original
        self.dismiss(None)

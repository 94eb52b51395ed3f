"""At start-up: the config's [keys] become the app's keymap, the theme is chosen (--theme, else [ui]
theme), and every problem with them (file and line) is shown as a warning."""

from __future__ import annotations

from typing import Any

from fstui.tui.text import notice
from fstui.tui.themes import choose_theme


def apply_preferences(app: Any, cli_theme: str | None) -> list[str]:
    """Apply keys and theme to ``app``; returns the problems (also shown as toasts)."""
    ui = app.ui
    problems = list(ui.problems)
    if ui.keys:
        from fstui.tui.keymap import check_keymap

        import fstui.tui.screens.queue  # noqa: F401 - their bindings are checked against the keymap
        import fstui.tui.screens.ticket  # noqa: F401
        load_sections = getattr(app, "load_sections", None)  # the browse screens (loaded on first use)
        if load_sections is not None:
            load_sections()
        problems += check_keymap(ui.keys, type(app).BINDINGS, ui.where)
        app.set_keymap(ui.keys)
    if cli_theme:
        problem = choose_theme(app, cli_theme, "--theme")
    else:
        problem = choose_theme(app, ui.theme, f"{ui.where_ui('theme')}: ui.theme")
    if problem:
        problems.append(problem)
    for text in problems:
        app.toast(notice("{}", text), title="Config", severity="warning", timeout=15)
    return problems

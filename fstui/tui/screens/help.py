"""The `?` screen: generated from the BINDINGS of the screen it was opened over (and the app's)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_KEY_NAMES = {
    "question_mark": "?", "slash": "/", "escape": "esc", "enter": "enter", "down": "down", "up": "up",
    "left_square_bracket": "[", "right_square_bracket": "]", "space": "space", "home": "home", "end": "end",
    "backslash": "\\", "shift+up": "shift+up", "shift+down": "shift+down",
}  # fmt: skip


def key_label(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    keys = []
    for key in binding.key.split(","):
        key = key.strip()
        keys.append(_KEY_NAMES.get(key, key.replace("_backslash", "\\").replace("backslash", "\\")))
    return "/".join(keys)


def _as_binding(binding: Any) -> Binding:
    return binding if isinstance(binding, Binding) else Binding(*binding)


def screen_bindings(screen: Any, app_bindings: Iterable[Any] = ()) -> list[Binding]:
    """The bindings that act on ``screen``: its class's, then its base classes' (mixins included), then the
    app's; a key already taken by an earlier source hides the later binding (as Textual resolves them).

    Screens set ``APP_KEYS`` to the app keys that still work there (compose: ``()``, q is text there).
    """
    rows: list[Binding] = []
    taken: set[str] = set()
    classes = [cls for cls in type(screen).__mro__ if "BINDINGS" in vars(cls)]
    sources: list[Iterable[Any]] = [vars(cls)["BINDINGS"] for cls in classes]
    allowed = getattr(screen, "APP_KEYS", None)
    app_list = [_as_binding(b) for b in app_bindings]
    if allowed is not None:
        app_list = [b for b in app_list if b.key in allowed]
    sources.append(app_list)
    try:  # the config's [keys] (App.set_keymap): what the keys are now, not what the code says
        keymap = dict(getattr(screen.app, "_keymap", None) or {})
    except Exception:  # noqa: BLE001 - a screen not attached to an app
        keymap = {}
    for source in sources:
        batch: list[Binding] = []
        batch_keys: set[str] = set()
        for binding in source:
            binding = _as_binding(binding)
            if binding.id and binding.id in keymap:
                binding = binding.with_key(keymap[binding.id], key_display=None)
            keys = [key.strip() for key in binding.key.split(",")]
            if all(key in taken for key in keys):
                continue
            batch.append(binding)
            batch_keys.update(keys)
        taken |= batch_keys
        rows.extend(batch)
    return rows


def help_lines(screen: Screen, app_bindings: list[Binding], *,
               read_only: bool = False) -> list[tuple[str, str, str]]:
    """(keys, what it does, binding id for the config's [keys]) per binding; with ``read_only`` the write
    keys say that they are off."""
    from fstui.tui.read_only import is_write_action

    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for binding in screen_bindings(screen, app_bindings):
        if not binding.description or binding.description in seen:
            continue
        seen.add(binding.description)
        off = " (off: read-only)" if read_only and is_write_action(binding.action) else ""
        rows.append((key_label(binding), binding.description + off, binding.id or ""))
    rows.append(("ctrl+p", "Command palette", ""))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close"),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 72; max-width: 95%; height: auto; max-height: 90%; border: round $accent; background: $surface; padding: 0 1; }
    HelpScreen #help-text { text-wrap: nowrap; text-overflow: ellipsis; }  /* a long line is cut with …, never wrapped */
    """

    def __init__(self, over: Screen) -> None:
        super().__init__()
        self.over = over

    def compose(self) -> ComposeResult:
        title = getattr(self.over, "HELP_TITLE", None) or type(self.over).__name__
        from fstui.tui.read_only import is_read_only

        rows = help_lines(self.over, list(getattr(self.app, "BINDINGS", [])), read_only=is_read_only(self.app))
        width = max((len(key) for key, _, _ in rows), default=4) + 2
        lines = [Content.styled(f"Keys: {title}", "bold"), Content("")]
        lines += [Content.assemble((key.ljust(width), "bold"), description.ljust(26), (binding_id, "dim"))
                  for key, description, binding_id in rows]
        lines += [Content(""), Content("Links in tickets are shown, never opened. esc closes this help."),
                  Content.styled("Change a key in the config file: [keys] \"id\" = \"keys\".", "dim")]
        with VerticalScroll(id="help-scroll"):
            yield Static(Content("\n").join(lines), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()  # arrows / pgup / pgdn scroll the list

    def action_scroll(self, step: int) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        scroll.scroll_relative(y=step, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

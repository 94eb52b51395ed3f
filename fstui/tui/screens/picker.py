"""A modal list to pick one value (status, priority, agent, group, view) with an optional filter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from fstui.tui.widgets.choice_list import ChoiceList, fit_list_to_box

Choice = tuple[Any, Content]
"""(value, label): labels built with fstui.tui.text (API text) or Content (ours)."""


class PickerScreen(ModalScreen[Any]):
    """Returns the chosen value, or None when dismissed with escape."""

    # j/k move as in every list: the list has the focus when the picker opens, so j/k/arrows/home/end move;
    # any other printable key (or `/`, backspace) goes to the filter box, which then takes j/k as text and
    # leaves the arrows and enter to the list (README "Keys").
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
    ]
    DEFAULT_CSS = """
    PickerScreen { align: center middle; }
    PickerScreen > Vertical {
        width: 60; max-width: 90%; height: auto; max-height: 80%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    PickerScreen .picker-title { text-style: bold; width: 1fr; }
    PickerScreen OptionList, PickerScreen OptionList:focus { height: auto; max-height: 16; border: none; padding: 0; }
    PickerScreen Input, PickerScreen Input:focus { border: none; height: 1; padding: 0; margin-bottom: 1; }
    """

    def __init__(self, title: str, choices: Sequence[Choice], *, current: Any = None, filterable: bool | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current
        self.filterable = len(self.choices) > 10 if filterable is None else filterable

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), classes="picker-title")
            if self.filterable:
                yield Input(placeholder="type to filter (j/k, arrows move)", id="picker-filter",
                            select_on_focus=False)
            yield ChoiceList(*self._options(""), id="picker-options")

    def _options(self, needle: str) -> list[Option]:
        needle = needle.lower().strip()
        options = []
        for index, (value, label) in enumerate(self.choices):
            if needle and needle not in label.plain.lower():
                continue
            marker = "* " if value == self.current and self.current is not None else "  "
            options.append(Option(Content(marker) + label, id=str(index)))
        return options

    def on_resize(self, event: Any) -> None:
        self._fit_options()

    def _fit_options(self) -> None:
        """The list is at most 16 lines and never taller than the box (80% of the screen) leaves it."""
        fit_list_to_box(self.query_one(Vertical), self.query_one(OptionList), lines=16)

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit_options)  # once the title and the filter have their sizes
        options = self.query_one(OptionList)
        for position, (value, _label) in enumerate(self.choices):
            if value == self.current:
                options.highlighted = position
                break
        else:
            if self.choices:
                options.highlighted = 0
        options.focus()

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Submitted, "#picker-filter")
    def _take_first(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            self.dismiss(self.choices[int(option.id or 0)][0])

    def on_key(self, event) -> None:
        if self.filterable and self._to_filter(event):
            return
        # Up/down from the filter move in the list, so the filter keeps the focus while choosing.
        if self.filterable and event.key in ("down", "up") and isinstance(self.focused, Input):
            options = self.query_one(OptionList)
            if event.key == "down":
                options.action_cursor_down()
            else:
                options.action_cursor_up()
            event.stop()

    def _to_filter(self, event: Any) -> bool:
        """A key typed while the list has the focus that is not a list key goes to the filter box."""
        if isinstance(self.focused, Input):
            return False
        char = event.character
        box = self.query_one("#picker-filter", Input)
        if event.key == "slash":
            box.focus()
        elif event.key == "backspace":
            box.focus()
            box.value = box.value[:-1]
        elif char and char.isprintable() and char not in "jk " and len(char) == 1:
            box.focus()
            box.value += char
        else:
            return False
        box.cursor_position = len(box.value)
        event.stop()
        event.prevent_default()
        return True

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)][0])

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)

"""Ask for one line of text (a requester's email, an 'updated since' time, tags)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PromptScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical { width: 64; max-width: 95%; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    PromptScreen .prompt-hint { color: $text-muted; }
    PromptScreen .prompt-error { color: $error; }
    """

    def __init__(self, question: str, *, value: str = "", hint: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.hint = hint
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question))
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")
            if self.hint:
                yield Static(Content(self.hint), classes="prompt-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

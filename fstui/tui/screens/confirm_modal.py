"""Ask before something that cannot be undone (delete, discard a draft)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """y/enter confirms, n/escape cancels. ``question`` must be Content (API text via fstui.tui.text)."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 60; max-width: 90%; height: auto; border: round $warning; background: $surface; padding: 0 1;
    }
    ConfirmScreen .confirm-keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, question: Content | str, *, yes: str = "y: yes", no: str = "n: no") -> None:
        super().__init__()
        self.question = question if isinstance(question, Content) else Content(question)
        self.keys = f"{yes}    {no}"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            yield Static(Content(self.keys), classes="confirm-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

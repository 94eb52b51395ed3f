"""Ask before something that cannot be undone (close, delete, restore, discard a draft, bulk changes, quit).

A stray Enter never says yes: the answer buttons start on **No**, ``y`` answers yes, ``n``/escape no, and
Enter presses the focused button — yes only after the agent moved to it (left/right/tab). This is what
Freshservice agents expect of a confirm (QA of issue 11); every confirm screen is an ``AnswerScreen``.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class AnswerScreen(ModalScreen[bool]):
    """The keys and buttons of a yes/no question; subclasses compose the question and ``answer_buttons()``."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
        Binding("left,right", "switch", "Other answer", show=False),
    ]
    DEFAULT_CSS = """
    AnswerScreen .answer-buttons { height: 1; margin-top: 1; }
    AnswerScreen .answer-buttons Button { margin-right: 2; }
    AnswerScreen .answer-buttons Button:focus { text-style: bold reverse; }
    """

    yes_label = "y: yes"
    no_label = "n: no"

    def answer_buttons(self) -> Horizontal:
        return Horizontal(Button(self.no_label, id="answer-no", compact=True),
                          Button(self.yes_label, id="answer-yes", compact=True), classes="answer-buttons")

    def on_mount(self) -> None:
        self.query_one("#answer-no", Button).focus()  # the safe answer: Enter alone never says yes

    def action_switch(self) -> None:
        target = "#answer-yes" if self.query_one("#answer-no", Button).has_focus else "#answer-no"
        self.query_one(target, Button).focus()

    @on(Button.Pressed, "#answer-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#answer-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ConfirmScreen(AnswerScreen):
    """y confirms, n/escape cancels, Enter takes the focused button (No first). ``question`` must be Content
    (API text via fstui.tui.text)."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 60; max-width: 90%; height: auto; border: round $warning; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, question: Content | str, *, yes: str = "y: yes", no: str = "n: no") -> None:
        super().__init__()
        self.question = question if isinstance(question, Content) else Content(question)
        self.yes_label, self.no_label = yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            yield self.answer_buttons()

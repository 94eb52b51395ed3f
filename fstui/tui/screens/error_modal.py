"""Errors that need the user's attention: a modal, and the start-up screen that says what to fix."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from fstui.tui.widgets.key_bar import KeyBar
from fstui.tui.text import safe


class ErrorModal(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", "Close")]
    DEFAULT_CSS = """
    ErrorModal { align: center middle; }
    ErrorModal > Vertical { width: 70; max-width: 95%; height: auto; border: round $error; background: $surface; padding: 0 1; }
    ErrorModal .error-title { text-style: bold; color: $error; }
    """

    def __init__(self, title: str, detail: str) -> None:
        super().__init__()
        self.title_text = title
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe(self.title_text), classes="error-title")
            yield Static(safe(self.detail))
            yield Static(Content("enter: close"), classes="dim")

    def action_close(self) -> None:
        self.dismiss(None)


class StartupErrorScreen(Screen[None]):
    """Shown instead of the desk when the account cannot be opened (bad key, unreachable host, http URL)."""

    BINDINGS = [Binding("q,escape", "quit", "Quit")]
    DEFAULT_CSS = """
    StartupErrorScreen { align: center middle; }
    StartupErrorScreen > Vertical { width: 76; max-width: 100%; height: auto; border: heavy $error; padding: 1 2; }
    StartupErrorScreen .error-title { text-style: bold; color: $error; margin-bottom: 1; }
    StartupErrorScreen .error-hint { margin-top: 1; color: $text-muted; }
    """

    def __init__(self, title: str, detail: str, exit_code: int = 1) -> None:
        super().__init__()
        self.title_text = title
        self.detail = detail
        #: the process ends with this code (the CLI's: 3 auth, 7 unreachable, 2 configuration, 1 other)
        self.exit_code = exit_code

    def action_quit(self) -> None:
        """The account could not be opened: fstui ends non-zero, as the CLI does for the same error."""
        self.app.exit(return_code=self.exit_code)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(safe("fstui could not open the account: " + self.title_text), classes="error-title")
            yield Static(safe(self.detail))
            yield Static(
                Content("Run `fstui` with no account configured to try the demo desk. Press q to quit."),
                classes="error-hint",
            )
        yield KeyBar()

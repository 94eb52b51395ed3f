"""Switching account from the palette (ctrl+p → "Switch account: NAME") without a restart.

Textual's built-in "_default" mode cannot be switched back to once the app uses modes of its own, so the
switch parks the app in a small holding mode ("account-switch": a screen that says what is happening)
while the old account's sections are removed and the new account opens. If the new account cannot be
opened the holding screen says why (the app's start-up error screen); no screen of the old account is
left running on a closed service (the crash of QA issue 11, item 1).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

HOLDING_MODE = "account-switch"


class SwitchingScreen(Screen):
    """The holding screen: "Switching to account …" and the status bar; no keys act on tickets here."""

    def compose(self) -> ComposeResult:
        from fstui.tui.widgets.status_bar import StatusBar

        label = getattr(self.app, "status_info", None)
        account = getattr(label, "account", "") or "the account"
        yield Static(Content(f"Switching to {account}..."), id="connecting")
        yield StatusBar()


async def park(app: Any) -> None:
    """Show the holding screen (installing its mode once) so every other mode can be removed."""
    if HOLDING_MODE not in app._modes:  # noqa: SLF001 - Textual has no public "has mode"
        app.add_mode(HOLDING_MODE, SwitchingScreen)
    await app.switch_mode(HOLDING_MODE)

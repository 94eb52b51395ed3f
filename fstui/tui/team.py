"""The TUI's side of the team backend (README "Teams"): the status bar's team indicator and the
question asked before an interactive read would go over fstui's share of the account budget.

The service never waits on the TUI except through `ask`, which is only called from the worker that
is doing the read (never on a key press).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from textual.content import Content

def team_state(service: Any) -> str:
    """"" (no team), "team" (joined) or "solo" (Redis unreachable: local cache, own budget)."""
    team = getattr(service, "shared", None)
    if team is None:
        return ""
    return "team" if team.joined else "solo"


def install_ask(app: Any, service: Any) -> None:
    """Let the shared budget ask the agent (a ConfirmScreen) before an interactive read goes over the share."""
    team = getattr(service, "shared", None)
    if team is None:
        return
    lock = asyncio.Lock()
    granted_until = 0.0

    async def ask(wait: float, cost: int) -> bool | None:
        nonlocal granted_until
        from fstui.tui.screens.confirm_modal import ConfirmScreen

        async with lock:  # one question at a time; an answer given meanwhile holds for the others
            if time.monotonic() < granted_until:
                return True
            share = f"{team.settings.budget_share:.0%}"
            question = Content(
                f"fstui's share of the account budget ({share}) is in use for {wait:.0f}s more.\n"
                f"Read anyway ({cost} credit{'s' if cost != 1 else ''} over the share, taken from what the "
                "team leaves to integrations)?"
            )
            try:
                answer = await app.push_screen(ConfirmScreen(question, yes="y: read anyway", no="n: not now"),
                                               wait_for_dismiss=True)
            except Exception:  # noqa: BLE001 - no worker to wait in: do not read over the share
                return None
            if answer:
                granted_until = time.monotonic() + wait
                return True
            return None

    team.ask = ask

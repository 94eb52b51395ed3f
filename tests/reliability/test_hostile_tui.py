"""The hostile-server corpus through the TUI: start-up error screens (401, 500), the queue and a ticket (200):
no attack byte from the server reaches the terminal."""

from __future__ import annotations

import pytest

from fstui import config as cfg
from fstui.tui.app import FstuiApp
from tests.reliability.hostile import HostileServer, no_backoff
from tests.tui.harness import wait_for
from tests.tui.test_hostile import TEXTUAL_CSI, terminal  # noqa: F401 - the fixture


@pytest.fixture(autouse=True)
def _fast_retries(monkeypatch):
    no_backoff(monkeypatch)


async def play_tui(status: int, written: list[str], monkeypatch) -> str:
    monkeypatch.setenv("FRESHSERVICE_API_KEY", "k" * 20)
    with HostileServer(status) as server:
        profile = cfg.resolve_profile(url=server.url)

        async def factory():
            from fstui.service import DataService
            from fstui.service.config import ServiceConfig

            return await DataService.open(profile, config=ServiceConfig(sync_enabled=False))

        app = FstuiApp(service_factory=factory, profile=profile)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: server.requests > 0, timeout=10)
            await pilot.pause(0.5)
            if status == 200:
                await pilot.press("enter")
                await pilot.pause(0.5)
            elif status not in (401, 403) and app.service is not None:  # a refused write: the outbox screen
                entry = app.service.reply(1, "hello")
                await wait_for(pilot, lambda: app.service.outbox.get(entry.id).error is not None, timeout=10)
                await pilot.press("O")
                await pilot.pause(0.5)
                assert type(app.screen).__name__ == "OutboxScreen"
            for note in list(app._notifications):
                written.append(str(note.message) + str(note.title))
    output = "".join(written)
    return TEXTUAL_CSI.sub("", output)


def attack_bytes(leftover: str) -> list[str]:
    found = []
    for needle in ("\x1b", "\x07", "\u202e", "\u200f", "\u200e"):
        if needle in leftover:
            found.append(repr(needle))
    if any(0x80 <= ord(c) <= 0x9F for c in leftover):
        found.append("C1")
    return found


@pytest.mark.parametrize("status", (200, 401, 404, 500))
async def test_hostile_server_tui(status, terminal, monkeypatch):  # noqa: F811
    leftover = await play_tui(status, terminal, monkeypatch)
    if status in (200, 404):
        assert "evil" in leftover  # the server's text did reach the screen (404: the outbox's error)...
    assert attack_bytes(leftover) == []  # ...without one attack byte


async def test_tui_exits_non_zero_after_account_could_not_be_opened(monkeypatch):
    from fstui.tui.screens.error_modal import StartupErrorScreen

    monkeypatch.setenv("FRESHSERVICE_API_KEY", "k" * 20)
    with HostileServer(401) as server:
        profile = cfg.resolve_profile(url=server.url)

        async def factory():
            from fstui.service import DataService

            return await DataService.open(profile)

        app = FstuiApp(service_factory=factory, profile=profile)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, StartupErrorScreen), timeout=10)
            await pilot.press("q")
            await pilot.pause(0.2)
        assert app.return_code == 3  # as `fstui tickets list` exits on a refused key

"""Command palette: ticket ids, people by name from the cache, views, read-only toggle, help."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from browse_support import BrowseHarness, FakeService  # noqa: E402

from fstui.tui.commands import ticket_id_from  # noqa: E402
from fstui.tui.screens.agents import AgentDetailScreen, AgentsScreen  # noqa: E402
from fstui.tui.screens.requesters import RequesterDetailScreen  # noqa: E402


async def settle(pilot, rounds: int = 4) -> None:
    for _ in range(rounds):
        await pilot.pause(0.05)


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


def test_ticket_id_parsing():
    assert ticket_id_from("#123") == 123 and ticket_id_from(" 42 ") == 42
    assert ticket_id_from("abc") is None and ticket_id_from("#") is None


async def open_palette(pilot, query: str) -> None:
    """Open the palette, type ``query`` and wait until its search has finished (not a fixed time: a
    loaded machine gathers the hits later, and a snapshot taken then shows half a list)."""
    from textual.command import CommandPalette
    from textual.worker import WorkerState

    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*query)
    await settle(pilot, 8)
    for _ in range(400):
        gathering = [w for w in pilot.app.workers if w.group == CommandPalette._GATHER_COMMANDS_GROUP
                     and w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        if not gathering:
            break
        await pilot.pause(0.02)
    from textual.widgets import Input

    for field in pilot.app.screen.query(Input):  # the palette's own input blinks (0.5 s): a snapshot
        field.cursor_blink = False               # would show or not show its cursor by chance
    await settle(pilot, 4)


async def test_jump_to_ticket_by_id():
    app = BrowseHarness(AgentsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_palette(pilot, "#1234")
        assert "Open ticket #1234" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.opened[-1] == ("ticket", 1234)


async def test_agent_by_name_from_cache_without_api_calls():
    service = FakeService()
    app = BrowseHarness(AgentsScreen, service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = list(service.calls)
        await open_palette(pilot, "grace")
        assert "Agent: Grace Hopper" in screen_text(app)
        assert service.calls == before  # cache only: no request per keystroke
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AgentDetailScreen)
        assert app.screen.agent.id == 2


async def test_requester_by_name():
    app = BrowseHarness(AgentsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_palette(pilot, "hermione")
        assert "Requester: Hermione Granger" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RequesterDetailScreen)


async def test_hostile_names_in_palette_are_literal():
    app = BrowseHarness(AgentsScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_palette(pilot, "mallory")
        text = screen_text(app)
        assert "[bold]Evil[/bold]" in text and "\x1b" not in text
        assert app.is_running


async def test_switch_queue_view_and_help():
    app = BrowseHarness(AgentsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_palette(pilot, "queue watching")
        await pilot.press("enter")
        await settle(pilot)
        kind, view = app.opened[-1]
        assert kind == "queue" and view.kind == "watching"
        await open_palette(pilot, "help")
        await pilot.press("enter")
        await settle(pilot)
        assert app.opened[-1] == ("help", None)


async def test_toggle_read_only():
    service = FakeService()
    app = BrowseHarness(AgentsScreen, service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_palette(pilot, "toggle read")
        await pilot.press("enter")
        await settle(pilot)
        assert service.profile.read_only is True
        from fstui.service.errors import ReadOnlyError

        with pytest.raises(ReadOnlyError):
            service.update_ticket(1, {"status": 3})


async def test_switch_account_lists_profiles(monkeypatch):
    from fstui import locations

    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[profiles.acme]\ndomain = "acme"\n')
    app = BrowseHarness(AgentsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_palette(pilot, "switch acme")
        assert "Switch account: acme" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        # no key configured for acme: a clear message, no crash
        assert any("FRESHSERVICE_API_KEY" in str(n.message) for n in app._notifications)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_palette_people(snap_compare, size):
    app = BrowseHarness(AgentsScreen)

    async def run_before(pilot):
        await settle(pilot)
        await open_palette(pilot, "grace")

    assert snap_compare(app, terminal_size=size, run_before=run_before)

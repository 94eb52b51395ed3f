"""Marks (space, shift+arrows, ctrl+backslash) and bulk changes through the outbox."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from browse_support import BrowseHarness, FakeService, ticket_list_screen  # noqa: E402

from fstui.config import Profile  # noqa: E402
from fstui.tui.marks import Marks  # noqa: E402
from fstui.tui.screens.bulk import BulkConfirmScreen, BulkProgressScreen  # noqa: E402
from fstui.tui.screens.picker import PickerScreen  # noqa: E402


async def settle(pilot, rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause(0.05)


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


def test_marks_ranges():
    marks = Marks()
    order = [10, 11, 12, 13, 14]
    marks.toggle(11, 1)
    assert marks.extend(order, 1, 3) == {12, 13}
    assert marks.ids == {11, 12, 13}
    marks.toggle(12, 2)
    assert 12 not in marks
    assert marks.clear() == {11, 13} and not marks.ids and marks.anchor is None


async def test_space_shift_and_clear():
    app = BrowseHarness(ticket_list_screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("space")          # marks #1, moves to #2
        await pilot.press("shift+down", "shift+down")  # range from #1 to #3 (cursor at #3... anchor row 0)
        await pilot.pause()
        assert screen.marks == {1, 2, 3, 4}
        assert "+1" in screen_text(app) and "+3" in screen_text(app)
        await pilot.press("ctrl+backslash")
        await pilot.pause()
        assert screen.marks == set()
        assert "+1" not in screen_text(app)


async def test_bulk_status_with_one_failing_ticket():
    service = FakeService(fail_ticket_ids={3})
    app = BrowseHarness(ticket_list_screen, service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "space")
        assert app.screen.marks == {1, 2, 3}
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("down", "down", "enter")  # Open, Pending, Resolved
        await settle(pilot)
        assert isinstance(app.screen, BulkConfirmScreen)
        text = screen_text(app)
        assert "Resolved" in text and "3 tickets" in text and "3 API credits" in text
        await pilot.press("y")
        await settle(pilot, 6)
        assert isinstance(app.screen, BulkProgressScreen)
        text = screen_text(app)
        assert "Done: 2 changed, 1 failed" in text
        assert "failed: Validation failed" in text and "#3" in text
        assert service.tickets[1].status == 4 and service.tickets[3].status == 2
        assert all(e.kind == "update_ticket" for e in service.outbox.entries())
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.marks == {3}  # the failed one stays marked for a retry


async def test_bulk_close_confirm_and_cancel():
    service = FakeService()
    app = BrowseHarness(ticket_list_screen, service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "space")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, BulkConfirmScreen)
        assert "Closed" in screen_text(app) and "2 tickets" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert not service.outbox.entries()
        assert app.screen.marks == {1, 2}


async def test_bulk_refused_when_read_only():
    service = FakeService(Profile(name="ro", read_only=True, url="https://x.example"))
    app = BrowseHarness(ticket_list_screen, service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "p")
        await settle(pilot)
        assert not isinstance(app.screen, (PickerScreen, BulkConfirmScreen))
        assert any("read-only" in str(n.message) for n in app._notifications)
        assert not service.outbox.entries()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_bulk_confirm(snap_compare, size):
    app = BrowseHarness(ticket_list_screen, FakeService())

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("space", "space", "space", "p")
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_bulk_progress(snap_compare, size):
    app = BrowseHarness(ticket_list_screen, FakeService(fail_ticket_ids={2}))

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("space", "space", "space", "c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, 8)

    assert snap_compare(app, terminal_size=size, run_before=run_before)

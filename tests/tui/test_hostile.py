"""Hostile data everywhere (subjects, names, tags, bodies, attachment names, notices, picker lists): it shows
literally, clicking it fires nothing, and what the app writes to the terminal has no ESC/C1 from the data."""

from __future__ import annotations

import re

import pytest
from textual.drivers.headless_driver import HeadlessDriver

from fstui.tui.screens.picker import PickerScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen

from tests.tui.fake_service import FakeService, fake_app
from tests.tui.harness import wait_for

# What Textual itself writes: CSI sequences (SGR colours, cursor moves, modes). Anything else is from the data.
TEXTUAL_CSI = re.compile(r"\x1b\[[0-9;?<>=]*[A-Za-z]|\x1b\]22;[a-z-]*\x07")  # CSI; OSC 22 = pointer shape


@pytest.fixture
def terminal(monkeypatch):
    """Make the headless driver behave like a terminal and record every byte the app writes."""
    written: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "is_headless", property(lambda self: False))
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: written.append(data))
    monkeypatch.setattr(HeadlessDriver, "flush", lambda self: None, raising=False)
    return written


def assert_clean_output(written: list[str]) -> None:
    output = "".join(written)
    assert output, "nothing was written"
    leftover = TEXTUAL_CSI.sub("", output)
    assert "\x1b" not in leftover, repr(leftover[leftover.index("\x1b") - 20: leftover.index("\x1b") + 20])
    assert not any(0x80 <= ord(c) <= 0x9F for c in output)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in output)
    assert "\x1b]52" not in output and "\x1b]0;" not in output  # no clipboard write, no title change
    assert "\x07" not in leftover  # no BEL/OSC terminator from the data
    assert "[bold]B[/bold]" in leftover  # the markup in the data reached the screen as text


async def test_hostile_strings_are_inert(terminal):
    service = FakeService(tickets=40, hostile=True, conversations=4)
    app = fake_app(service)
    # 160 columns: the subject column is wide enough for the markup below, and the preview pane beside
    # the table shows the same hostile ticket and thread (inert too)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        await pilot.pause(0.4)
        first_subject = app.screen.table.get_row_at(1)[3]  # odd ids carry the hostile subject
        assert first_subject.plain.startswith("[bold]B[/bold] [link=") and not first_subject.spans
        # Clicking on the hostile subject text must not quit the app (or do anything else).
        await pilot.click(offset=(40, 3))
        await pilot.pause(0.1)
        assert app.is_running
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded)
        await pilot.pause(0.2)
        for y in range(1, 30, 3):
            await pilot.click(offset=(30, y))
        await pilot.pause(0.1)
        assert app.is_running and isinstance(app.screen, TicketScreen)
        text = app.screen.query_one("#ticket-header").render().plain
        assert "[bold]B[/bold]" in text and "\x1b" not in text
        await pilot.press("g")  # the group picker lists a hostile group name
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.pause(0.1)
        labels = [label.plain for _value, label in app.screen.choices]
        assert any("[@click=app.quit]" in label for label in labels)
        await pilot.press("escape")
        await pilot.pause(0.1)
    assert_clean_output(terminal)


async def test_hostile_notice_toast_is_literal(terminal):
    app = fake_app(FakeService(tickets=5, hostile=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        await pilot.pause(0.2)
        toasts = list(app._notifications)
        assert toasts and not toasts[0].markup and "[@click=app.quit]" in toasts[0].message
    assert_clean_output(terminal)

"""Issue 11, section 6: read-only means read-only. A session started read-only (--read-only or the
profile) stays so: the palette cannot switch it off, the key bar does not offer write keys, and no
picker, prompt or compose screen opens for a write."""

from __future__ import annotations

import pytest
from textual.screen import ModalScreen

from fstui.service.errors import ReadOnlyError
from fstui.tui.read_only import toggle_read_only
from fstui.tui.screens.compose import ComposeScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen

from tests.tui.harness import make_app, quiet_config, wait_for

WRITE_LABELS = ("Reply", "Note", "Status", "Close")


def _queue_ready(app) -> bool:
    return isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids)


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


def key_bar(app) -> str:
    return str(app.screen.query_one("KeyBar").render())


async def _palette(pilot, query: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause(0.2)
    await pilot.press(*query)
    await pilot.pause(0.4)


async def test_a_session_started_read_only_stays_read_only(sandbox_url):
    app = make_app(base_url=sandbox_url, read_only=True, config=quiet_config())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        # the palette does not offer a way out
        await _palette(pilot, "read-only")
        assert "Toggle read-only" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause(0.1)
        # and the toggle itself refuses (a stale palette entry, a script): still read-only
        assert toggle_read_only(app) is True
        await pilot.pause(0.1)
        assert app.service.read_only and app.status_info.read_only
        assert any("stays read-only" in str(n.message) for n in app._notifications)
        with pytest.raises(ReadOnlyError):
            app.service.update_ticket(app.screen.shown_ids[0], {"status": 3})


async def test_read_only_offers_no_write_keys_and_opens_no_write_screen(sandbox_url):
    app = make_app(base_url=sandbox_url, read_only=True, config=quiet_config())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        queue = app.screen
        bar = key_bar(app)
        assert "Open" in bar and not any(label in bar for label in WRITE_LABELS), bar
        for key in ("r", "n", "s", "c", "p", "a"):
            await pilot.press(key)
            await pilot.pause(0.1)
            assert app.screen is queue, key
        await pilot.press("space", "s")  # bulk: no picker either
        await pilot.pause(0.1)
        assert app.screen is queue
        await pilot.press("ctrl+backslash", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.ticket is not None)
        ticket = app.screen
        await pilot.pause(0.1)
        bar = key_bar(app)
        assert "Back" in bar and not any(label in bar for label in WRITE_LABELS), bar
        for key in ("r", "n", "N", "s", "c", "p", "a", "g", "t", "D", "U", "e"):
            await pilot.press(key)
            await pilot.pause(0.1)
            assert app.screen is ticket and not isinstance(app.screen, (ModalScreen, ComposeScreen)), key
        await pilot.press("j", "d")
        await pilot.pause(0.1)
        assert app.screen is ticket
        assert any("read-only" in str(n.message) for n in app._notifications)
        assert app.service.outbox.pending_count() == 0


async def test_a_writable_session_can_turn_read_only_on_and_off(sandbox_url):
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        assert "Reply" in key_bar(app)
        await _palette(pilot, "toggle read")
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.service.read_only
        assert "READ-ONLY" in screen_text(app) and "Reply" not in key_bar(app)
        await pilot.press("s")
        await pilot.pause(0.1)
        assert isinstance(app.screen, TicketQueueScreen)
        await _palette(pilot, "toggle read")
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert not app.service.read_only and "Reply" in key_bar(app)


async def test_help_in_a_read_only_session_says_the_write_keys_are_off(sandbox_url):
    from fstui.tui.screens.help import HelpScreen

    app = make_app(base_url=sandbox_url, read_only=True, config=quiet_config())
    async with app.run_test(size=(100, 50)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause(0.1)
        text = screen_text(app)
        assert "Reply (off: read-only)" in text and "Open (off" not in text


def test_switching_account_keeps_a_read_only_session_read_only(monkeypatch):
    from fstui import locations
    from fstui.tui.commands import switch_account

    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[profiles.acme]\nurl = "http://127.0.0.1:9"\nemail = "a@b.example"\napi_key_source = "env"\n')

    class App:
        started_read_only = True
        switched: list = []

        def switch_profile(self, profile):
            self.switched.append(profile)

        def notify(self, *args, **kwargs):
            raise AssertionError(args)

    monkeypatch.setenv("FRESHSERVICE_API_KEY", "k")
    app = App()
    switch_account(app, "acme")
    assert app.switched and app.switched[0].read_only is True
    app.started_read_only = False
    switch_account(app, "acme")
    assert app.switched[1].read_only is False


async def test_read_only_hints_at_no_write_key_in_the_thread_or_the_outbox(sandbox_url):
    """QA: a read-only session still said "(yours: e edits)" on the agent's own note and offered "r Retry"
    in the outbox's key bar (both refused when pressed). Neither is offered while read-only."""
    from fstui.tui.screens.outbox import OutboxScreen

    writer = make_app(base_url=sandbox_url, config=quiet_config())
    async with writer.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(writer))
        tid = writer.screen.shown_ids[0]
        note = writer.service.note(tid, "a note of mine", private=True)
        failed = writer.service.reply(99999999, "to a ticket that does not exist")
        await wait_for(pilot, lambda: writer.service.outbox.get(note.id).state == "sent"
                       and writer.service.outbox.get(failed.id).state == "failed")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(writer.screen, TicketScreen) and writer.screen.conversations_loaded)
        await pilot.press("end")
        await wait_for(pilot, lambda: "(yours: e edits)" in screen_text(writer))  # a writable session says it

    app = make_app(base_url=sandbox_url, read_only=True, config=quiet_config())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded
                       and any("a note of mine" in (c.body_text or "") for c in app.screen.conversations))
        await pilot.press("end")
        await pilot.pause(0.1)
        assert "a note of mine" in screen_text(app) and "e edits" not in screen_text(app)
        await pilot.press("O")
        await wait_for(pilot, lambda: isinstance(app.screen, OutboxScreen))
        await pilot.pause(0.1)
        assert "Discard" in key_bar(app) and "Retry" not in key_bar(app)

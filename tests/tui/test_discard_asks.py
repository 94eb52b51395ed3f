"""brk QA §11/§12: a failed reply/note in the thread is the agent's typed text with no other copy. `x` asks
before discarding it (No first, naming the write and showing its text), also while read-only; the hint under
it names the keys that work (`e`, not enter) and no write key while read-only."""

from __future__ import annotations

import httpx

from fstui.config import Profile
from fstui.tui.screens.confirm_modal import ConfirmScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen
from tests.tui.harness import frozen_clock, make_sandbox, quiet_config, wait_for, wait_for_notice


def readonly_agent_app(asgi_app, *, read_only: bool = False):
    """The app on the sandbox with the read-only agent's key: the server refuses its writes (403)."""
    from fstui.api.client import FreshserviceClient
    from fstui.sandbox import READONLY_AGENT_EMAIL, READONLY_API_KEY
    from fstui.service.factory import open_service
    from fstui.tui.app import FstuiApp

    profile = Profile(name="test", demo=True, read_only=read_only)

    async def factory():
        client = FreshserviceClient("http://127.0.0.1:9", api_key=READONLY_API_KEY,
                                    transport=httpx.ASGITransport(app=asgi_app))
        service_profile = Profile(name="test", url="http://127.0.0.1:9", email=READONLY_AGENT_EMAIL, read_only=read_only)
        return await open_service(service_profile, config=quiet_config(), client=client)

    return FstuiApp(service_factory=factory, profile=profile, clock=frozen_clock)


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


async def _failed_note_in_thread(pilot, app, text: str):
    await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
    tid = app.screen.shown_ids[0]
    entry = app.service.note(tid, text, private=True)
    await wait_for(pilot, lambda: app.service.outbox.get(entry.id).state == "failed")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded)
    await pilot.press("end")
    await wait_for(pilot, lambda: text in screen_text(app))
    return tid, entry


async def test_x_on_a_failed_note_asks_first_names_it_and_no_keeps_it():
    app = readonly_agent_app(make_sandbox())
    async with app.run_test(size=(80, 24)) as pilot:
        tid, entry = await _failed_note_in_thread(pilot, app, "third riley note")
        shown = screen_text(app)
        assert "e: edit and resend   x: discard" in shown and "enter: edit" not in shown
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = app.screen.question.plain
        assert question.startswith(f"Discard the failed note to #{tid}? It will never be sent.")
        assert "third riley note" in question
        await pilot.press("enter")  # No is focused: a stray enter keeps the note
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen))
        assert app.service.outbox.get(entry.id).state == "failed" and "third riley note" in screen_text(app)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id) is None)
        await wait_for_notice(pilot, app, f"Discarded: failed note to #{tid}")
        await wait_for(pilot, lambda: "third riley note" not in screen_text(app))


async def test_read_only_thread_offers_no_resend_and_x_still_asks():
    sandbox = make_sandbox()
    writer = readonly_agent_app(sandbox)
    async with writer.run_test(size=(80, 24)) as pilot:
        _tid, entry = await _failed_note_in_thread(pilot, writer, "kept for later")
    app = readonly_agent_app(sandbox, read_only=True)  # the same data dir: the failed note is still there
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded)
        await pilot.press("end")
        await wait_for(pilot, lambda: "kept for later" in screen_text(app))
        shown = screen_text(app)
        assert "x: discard" in shown and "resend" not in shown and "e: edit" not in shown
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen))
        assert app.service.outbox.get(entry.id).state == "failed"


async def test_a_failed_field_change_names_its_keys_and_x_asks():
    """The header's line under a failed change said "press e to retry, x to drop" and x dropped it at once."""
    from fstui.tui.screens.picker import PickerScreen

    app = readonly_agent_app(make_sandbox())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.ticket is not None)
        screen = app.screen
        tid = screen.ticket_id
        other = 4 if screen.ticket.priority != 4 else 1
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        app.screen.dismiss(other)
        await wait_for(pilot, lambda: "Priority was not changed: e retries, x discards" in screen_text(app))
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.question.plain.startswith(f"Discard the failed update to #{tid}?")
        await pilot.press("y")
        await wait_for(pilot, lambda: "Priority was not changed" not in screen_text(app))

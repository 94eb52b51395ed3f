"""The outbox screen (issue 11 §6): a reply to a ticket that does not exist, stuck as `outbox 0 (1 failed)`,
is listed with its ticket, age and error, and can be retried and discarded; q with unsent writes says
what is pending and that it is sent on next start, and asks."""

from __future__ import annotations

from textual.widgets import DataTable

from fstui.tui.screens.confirm_modal import ConfirmScreen
from fstui.tui.screens.outbox import OutboxScreen
from fstui.tui.screens.queue import TicketQueueScreen
from tests.tui.harness import make_app, make_sandbox, wait_for, wait_for_notice


def cells(screen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(getattr(c, "plain", c)) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_failed_reply_is_visible_retryable_and_discardable():
    app = make_app(make_sandbox())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        entry = app.service.reply(99999999, "to a ticket that does not exist")
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id).state == "failed")
        await wait_for(pilot, lambda: app.status_info.outbox_failed == 1)
        await pilot.press("O")
        await wait_for(pilot, lambda: isinstance(app.screen, OutboxScreen))
        screen = app.screen
        [row] = cells(screen)
        assert row[0] == "#99999999" and row[1] == "Reply" and row[2] == "failed"
        assert row[3].endswith("s") and "Not found" in row[4]
        await pilot.press("r")  # retry: sent again, fails again (still no such ticket)
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id).attempts == 2
                       and app.service.outbox.get(entry.id).state == "failed")
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id) is None)
        await wait_for(pilot, lambda: cells(screen) == [] and app.status_info.outbox_failed == 0)


async def test_outbox_is_in_the_palette():
    app = make_app(make_sandbox())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen))
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        for key in "Outbox":
            await pilot.press(key)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OutboxScreen))


async def test_quit_with_unsent_writes_says_what_and_asks():
    app = make_app(make_sandbox())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        app.service.outbox.paused_until = float("inf")  # the server is away: the write waits
        ticket = app.screen.shown_ids[0]
        app.service.reply(ticket, "not sent yet")
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.question.plain)
        assert f"reply to #{ticket}" in question and "sent when fstui next starts" in question
        await pilot.press("n")
        await pilot.pause(0.1)
        assert app.is_running
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await pilot.pause(0.2)
    assert not app.is_running


async def test_damaged_entry_is_told_and_listed_at_start():
    import sqlite3

    from fstui.config import Profile
    from fstui.service.factory import outbox_dir
    from fstui.service.outbox import Outbox

    directory = outbox_dir(Profile(name="test", url="http://127.0.0.1:9"))
    outbox = Outbox(directory)
    entry = outbox.add("note", 120, {"body": "a note that must not vanish"})
    outbox.store.close()
    db = sqlite3.connect(str(directory / "cache.db"))
    db.execute("UPDATE Cache SET value = substr(value, 1, length(value) - 20) WHERE CAST(key AS TEXT) LIKE ?",
               (f"%{entry.id}%",))
    db.commit()
    db.close()
    app = make_app(make_sandbox())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen))
        await wait_for(pilot, lambda: app.status_info.outbox_failed == 1)
        await pilot.pause(0.2)
        assert any("damaged on disk" in str(n.message) for n in app._notifications), [n.message for n in app._notifications]
        await pilot.press("O")
        await wait_for(pilot, lambda: isinstance(app.screen, OutboxScreen))
        [row] = cells(app.screen)
        assert row[0] == "#120" and row[1] == "Note" and row[2] == "damaged" and "damaged on disk" in row[4]


async def test_read_only_session_does_not_retry_from_the_outbox_screen():
    app = make_app(make_sandbox())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        entry = app.service.reply(99999999, "to a ticket that does not exist")
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id).state == "failed")
        app.service.profile.read_only = True
        await pilot.press("O")
        await wait_for(pilot, lambda: isinstance(app.screen, OutboxScreen))
        await pilot.press("r")
        await pilot.pause(0.3)
        after = app.service.outbox.get(entry.id)
        assert after.state == "failed" and after.attempts == 1  # not queued again, not sent


async def test_every_write_is_named_in_words_never_by_its_internal_kind():
    """QA: the outbox listed `create_time_e…` and `update_time_e…`. Every kind the outbox knows has a name, and
    the outbox screen, its retry/discard questions and the quit question use them."""
    from fstui.service.outbox_report import kind_label, kind_words
    from fstui.service.outbox_store import KINDS

    for kind in KINDS:
        assert "_" not in kind_label(kind) and len(kind_label(kind)) <= 14, kind  # the Write column's width
        assert "_" not in kind_words(kind) and kind_words(kind), kind

    app = make_app(make_sandbox())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        ticket = app.screen.shown_ids[0]
        logged = app.service.work.add_time_entry(ticket, "00:25")
        started = app.service.work.start_timer(ticket)
        for entry in (logged, started):
            await wait_for(pilot, lambda entry=entry: app.service.outbox.get(entry.id).state == "sent")
        await pilot.press("O")
        await wait_for(pilot, lambda: isinstance(app.screen, OutboxScreen))
        rows = {row[1]: row for row in cells(app.screen)}
        assert rows["Time entry"][4].startswith("sent (time entry ")
        assert rows["Start timer"][4].startswith("sent (time entry ")
        await pilot.press("x")  # the first row, sent: refused (its receipt stays), the write named in words
        said = await wait_for_notice(pilot, app, "nothing to discard")
        assert ("timer start to ticket" in said or "time entry to ticket" in said) and "_" not in said
        assert " was already sent at " in said and "(time entry " in said
        assert not isinstance(app.screen, ConfirmScreen)
        assert app.service.outbox.get(logged.id).state == "sent" and app.service.outbox.get(started.id)
        app.service.outbox.paused_until = float("inf")  # the server is away: the next write waits
        app.service.work.add_time_entry(ticket, "00:05")
        await wait_for(pilot, lambda: len(cells(app.screen)) == 3 and cells(app.screen)[0][2] != "sent")
        app.screen.query_one(DataTable).move_cursor(row=0)
        await pilot.press("x")  # the waiting one, first: the question names the write in words
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.question.plain)
        assert f"Discard the pending time entry to #{ticket}? It will never be sent." == question
        await pilot.press("n")
        await pilot.press("escape")
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert f"time entry to #{ticket}" in str(app.screen.question.plain)
        await pilot.press("n")


async def test_the_open_outbox_screen_keeps_its_ages_and_wait_current(monkeypatch):
    """QA: the outbox screen was a snapshot: its Age and "wait 4m" stood still while the status bar below
    counted down. It redraws them while open; a retry of a held-back write says when it goes."""
    from fstui.tui.screens import outbox as outbox_screen

    monkeypatch.setattr(outbox_screen, "TICK_SECONDS", 0.2)
    app = make_app(make_sandbox())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        entry = app.service.reply(99999999, "to a ticket that does not exist")
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id).state == "failed")
        await pilot.press("O")
        await wait_for(pilot, lambda: isinstance(app.screen, OutboxScreen))
        screen = app.screen
        age = cells(screen)[0][3]
        await wait_for(pilot, lambda: cells(screen)[0][3] != age)  # the age moved on, nothing pressed
        app.service.outbox.paused_until = 0.0
        app.service.core.client.budget.set_retry_after(120)  # a 429's Retry-After: writes are held back
        await pilot.press("r")
        said = await wait_for_notice(pilot, app, "queued again")
        assert "held back: sent at" in said and "(wait 2m)" in said

"""The ticket actions beyond reply/note, driven like a user against the sandbox: drafts (saved as you type,
offered again after a restart, escape asks), the $EDITOR hand-off, public notes with notify emails, editing
your own note, deleting a message, tags, deleting and restoring the ticket, and sync's "new" marker."""

from __future__ import annotations

import contextlib
import stat
import sys
import textwrap

import httpx
from textual.widgets import Input, TextArea

from fstui.sandbox import DEMO_API_KEY
from fstui.tui.drafts import DraftStore
from fstui.tui.screens.compose import ComposeScreen
from fstui.tui.screens.confirm_modal import ConfirmScreen
from fstui.tui.screens.prompt import PromptScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen
from fstui.tui.widgets.conversation import ConversationEntry

from tests.tui.harness import make_app, wait_for, wait_for_notice


def _queue_ready(app) -> bool:
    return isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids)


def _thread_ready(app) -> bool:
    return isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded and app.screen.ticket is not None


async def _open_first_ticket(pilot, app) -> TicketScreen:
    await wait_for(pilot, lambda: _queue_ready(app))
    await pilot.press("enter")
    await wait_for(pilot, lambda: _thread_ready(app))
    return app.screen


async def _compose(pilot, app, key: str) -> ComposeScreen:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
    return app.screen


def _entry_with(ticket: TicketScreen, text: str) -> ConversationEntry | None:
    for entry in ticket.query(ConversationEntry):
        if entry.conversation is not None and text in entry.render().plain:
            return entry
    return None


def _sent(app, kind: str) -> list:
    return [e for e in app.service.outbox.entries(include_sent=True) if e.kind == kind and e.state == "sent"]


async def test_drafts_escape_editor_and_restart(sandbox_url, tmp_path, monkeypatch):
    drafts = DraftStore("test")
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(80, 24)) as pilot:
        ticket = await _open_first_ticket(pilot, app)
        compose = await _compose(pilot, app, "r")
        await pilot.press(*"toner is on its way")
        key = compose.draft_key
        signed = "toner is on its way\n\nDemo Agent\nIT Service Desk"  # above the signature the reply opened with
        await wait_for(pilot, lambda: (drafts.load(key) or {}).get("body") == signed)  # as you type

        # ctrl+e: the draft goes to $FSTUI_EDITOR and comes back. run_test cannot suspend a terminal, so
        # suspend() is a no-op here; the file round trip is the real one.
        editor = tmp_path / "editor.py"
        editor.write_text(textwrap.dedent("""
            import sys
            path = sys.argv[1]
            text = open(path, encoding="utf-8").read()
            open(path, "w", encoding="utf-8").write(text + "\\n\\nSigned, the desk")
        """))
        editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setenv("FSTUI_EDITOR", f"{sys.executable} {editor}")
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        await pilot.press("ctrl+e")
        body = compose.query_one("#body", TextArea)
        await wait_for(pilot, lambda: body.text.endswith("Signed, the desk"))
        assert body.text.startswith("toner is on its way")
        assert not list(drafts.directory.glob("fstui-*.txt"))  # the hand-off file is removed

        # escape asks; "n" keeps writing, nothing is lost
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is compose)
        assert body.text.endswith("Signed, the desk")
        await wait_for(pilot, lambda: (drafts.load(key) or {}).get("body", "").endswith("Signed, the desk"))
        ticket_id = ticket.ticket_id
        # the app stops here with the draft unsent (a crash or a quit)

    assert drafts.load(key) is not None
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        offered = await wait_for_notice(pilot, app, "Unsent drafts")
        assert f"#{ticket_id} reply (r)" in offered
        ticket = await _open_first_ticket(pilot, app)
        assert ticket.ticket_id == ticket_id
        assert "unsent draft: reply (r continues)" in ticket.query_one("#thread-state").render().plain
        compose = await _compose(pilot, app, "r")
        body = compose.query_one("#body", TextArea)
        assert body.text.startswith("toner is on its way") and body.text.endswith("Signed, the desk")

        # escape, then "y": the draft is discarded and nothing is sent
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is ticket)
        assert drafts.load(key) is None
        assert not app.service.outbox.entries(include_sent=True)


async def test_public_note_edit_own_note_and_delete_message(sandbox_url):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(100, 30)) as pilot:
        ticket = await _open_first_ticket(pilot, app)
        before = len(ticket.conversations)

        # N: a public note; a bad notify address is refused at its field before anything is sent
        compose = await _compose(pilot, app, "N")
        compose.query_one("#notify_emails", Input).value = "lead@example.com, not-an-address"
        compose.query_one("#body", TextArea).text = "Escalated to the network team."
        await pilot.press("ctrl+s")
        await pilot.pause(0.05)
        error = compose.query_one("#notify_emails-error")
        assert error.display and "not-an-address" in error.render().plain
        assert app.screen is compose and not app.service.outbox.entries(include_sent=True)
        compose.query_one("#notify_emails", Input).value = "lead@example.com"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(ticket.conversations) == before + 1)
        (note_entry,) = _sent(app, "note")
        assert note_entry.payload["private"] is False and note_entry.payload["notify_emails"] == ["lead@example.com"]
        await wait_for(pilot, lambda: _entry_with(ticket, "Escalated to the network team.") is not None)
        entry = _entry_with(ticket, "Escalated to the network team.")
        assert entry.kind == "public-note" and "[PUBLIC NOTE]" in entry.render().plain

        # e on my own note: compose opens with its text; the edit replaces it on the server
        entry.focus()
        compose = await _compose(pilot, app, "e")
        assert compose.kind == "edit_note"
        body = compose.query_one("#body", TextArea)
        assert "Escalated to the network team." in body.text
        body.text = "Escalated to the network team (ticket NET-7)."
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is ticket and _sent(app, "edit_note"))
        await wait_for(pilot, lambda: _entry_with(ticket, "NET-7") is not None)
        assert len(ticket.conversations) == before + 1

        # d asks first; "n" keeps it, "y" deletes it
        _entry_with(ticket, "NET-7").focus()
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "NET-7" in app.screen.query_one("Static").render().plain
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is ticket)
        assert len(ticket.conversations) == before + 1 and not _sent(app, "delete_conversation")
        _entry_with(ticket, "NET-7").focus()
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: len(ticket.conversations) == before)
        assert _sent(app, "delete_conversation")


async def test_tags_delete_and_restore_ticket(sandbox_url):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(100, 30)) as pilot:
        ticket = await _open_first_ticket(pilot, app)

        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        app.screen.query_one(Input).value = "vpn, floor-3"
        await pilot.press("enter")
        await wait_for(pilot, lambda: list(ticket.ticket.tags or []) == ["vpn", "floor-3"])
        assert "Tags: vpn, floor-3" in ticket.query_one("#ticket-header").render().plain

        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is ticket)
        assert not _sent(app, "delete_ticket")
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: bool(getattr(ticket.ticket, "deleted", False)))
        assert "[DELETED]" in ticket.query_one("#ticket-header").render().plain

        await pilot.press("U")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: not getattr(ticket.ticket, "deleted", False))
        assert "[DELETED]" not in ticket.query_one("#ticket-header").render().plain


async def test_sync_marks_new_tickets_in_the_queue(sandbox_url):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        queue = app.screen
        await app.service.sync_now()  # the first poll sets the sync cursor
        created = httpx.post(
            f"{sandbox_url}/api/v2/tickets", auth=(DEMO_API_KEY, "X"), timeout=10,
            json={"subject": "Printer on fire", "description": "smoke", "email": "new.person@example.com",
                  "priority": 4, "status": 2},
        )
        created.raise_for_status()
        new_id = created.json()["ticket"]["id"]
        await app.service.sync_now()
        await wait_for(pilot, lambda: new_id in queue.shown_ids)
        assert queue.shown_ids[0] == new_id and new_id in queue.new_ids
        row = queue.table.get_row(str(new_id))
        assert row[0].plain == f"{new_id}*"


async def test_refresh_asks_the_server_and_keeps_the_cursor(sandbox_url):
    from tests.tui.harness import quiet_config

    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        queue = app.screen
        await pilot.press("j", "j", "j")
        chosen = queue.highlighted_id()
        calls = app.service.client.calls
        await pilot.press("R")  # within the queue's cache time: only an explicit refresh asks the server
        await wait_for(pilot, lambda: app.service.client.calls > calls)
        await wait_for(pilot, lambda: "refreshing" not in queue.query_one("#queue-info").render().plain)
        assert queue.highlighted_id() == chosen


async def test_close_key_in_queue_and_ticket(sandbox_url):
    """c closes the ticket under the cursor (queue) or the open ticket, through the outbox (status 5);
    with marks, the queue's c is the bulk close (its confirmation)."""
    from fstui.tui.screens.bulk import BulkConfirmScreen
    from fstui.tui.screens.confirm_modal import ConfirmScreen

    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        queue = app.screen
        assert "Close" in queue.query_one("KeyBar").render().plain
        open_rows = [i for i, tid in enumerate(queue.shown_ids) if queue.tickets[tid].status != 5]
        queue.table.move_cursor(row=open_rows[0], animate=False)
        first = queue.shown_ids[open_rows[0]]
        await pilot.press("c")
        # it asks first, naming the ticket and the change (as D/U do); nothing is sent before "y"
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        asked = app.screen.question.plain
        assert f"Close ticket #{first}?" in asked and "-> Closed" in asked
        await pilot.pause(0.2)
        assert not any(e.ticket_id == first for e in _sent(app, "update_ticket"))
        await pilot.press("y")
        await wait_for(pilot, lambda: any(e.ticket_id == first and e.payload.get("fields") == {"status": 5}
                                          for e in _sent(app, "update_ticket")))
        await wait_for(pilot, lambda: queue.tickets[first].status == 5)

        second = queue.shown_ids[open_rows[1]]
        queue.table.move_cursor(row=open_rows[1], animate=False)
        await pilot.press("enter")
        await wait_for(pilot, lambda: _thread_ready(app))
        ticket = app.screen
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: ticket.ticket is not None and ticket.ticket.status == 5)
        assert any(e.ticket_id == second for e in _sent(app, "update_ticket"))

        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is queue)
        await pilot.press("space", "space")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, BulkConfirmScreen))
        await pilot.press("n")

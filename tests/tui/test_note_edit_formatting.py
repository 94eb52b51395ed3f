"""``e`` on your own note whose HTML carries formatting the text box cannot keep (QA: a link, bold text and an
image were saved back as plain text without a word): fstui says what would be lost and asks, No first; "n"
sends nothing, "y" edits as before. A plain note, one fstui wrote, or one in the portal's font wrapper opens
straight away. A kept draft of the edit is asked about too; F2 on a canned response with formatting asks
before inserting it."""

from __future__ import annotations

import contextlib
import sys

import httpx
import pytest
from textual.widgets import TextArea

from fstui.sandbox import DEMO_API_KEY
from fstui.textconv import text_to_html
from fstui.tui.drafts import DraftStore
from fstui.tui.screens.compose import ComposeScreen
from fstui.tui.screens.compose_inserts import CannedResponsePicker
from fstui.tui.screens.confirm_modal import ConfirmScreen
from fstui.tui.screens.queue import TicketQueueScreen

from tests.tui.harness import make_app, make_sandbox, quiet_config, wait_for, wait_for_notice
from tests.tui.test_actions import _entry_with, _queue_ready, _sent, _thread_ready

QA_NOTE = ('<div>Escalated to <a href="https://vendor.example/case/77">vendor case 77</a>, <b>do not reboot</b>.'
           '</div><div><img src="https://cdn.example/diagram.png" alt="diagram"></div>')


async def _my_note_focused(pilot, app, sandbox_url: str, body: str, marker: str):
    """Post ``body`` as the demo agent's private note on the first ticket, open it, focus that note."""
    await wait_for(pilot, lambda: _queue_ready(app))
    ticket_id = app.screen.shown_ids[0]
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{sandbox_url}/api/v2/tickets/{ticket_id}/notes", auth=(DEMO_API_KEY, "X"),
                                     json={"body": body, "private": True}, timeout=10)
    response.raise_for_status()
    note_id = response.json()["conversation"]["id"]
    await pilot.press("enter")
    await wait_for(pilot, lambda: _thread_ready(app))
    await pilot.press("R")  # the thread as the server has it now, the new note in it (the QA steps' R)
    await wait_for(pilot, lambda: _thread_ready(app) and _entry_with(app.screen, marker) is not None)
    ticket = app.screen
    _entry_with(ticket, marker).focus()
    return ticket, note_id


def _server_body(sandbox_url: str, ticket_id: int, note_id: int) -> str:
    response = httpx.get(f"{sandbox_url}/api/v2/tickets/{ticket_id}/conversations", auth=(DEMO_API_KEY, "X"),
                         timeout=10)
    return next(c["body"] for c in response.json()["conversations"] if c["id"] == note_id)


def _question(app) -> str:
    return app.screen.query_one("Static").render().plain


@pytest.mark.parametrize(("body", "marker", "named"), [
    (QA_NOTE, "vendor case 77", ("a link", "bold text", "an image")),
    ('<div>Ask <a href="https://vendor.example/case/9">the vendor</a> first.</div>', "the vendor", ("a link",)),
    ("<div>Please <b>do not reboot</b> the host.</div>", "do not reboot", ("bold text",)),
    ('<div>Topology:</div><div><img src="https://cdn.example/net.png" alt="net"></div>', "Topology", ("an image",)),
    ("<div>Checked:</div><ul><li>cabling</li><li>switch port</li></ul>", "switch port", ("a list",)),
])
async def test_a_formatted_note_asks_first_and_no_sends_nothing(sandbox_url, body, marker, named):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(80, 24)) as pilot:
        ticket, note_id = await _my_note_focused(pilot, app, sandbox_url, body, marker)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = _question(app)
        assert question.startswith("This note has ") and "saved as plain text" in question
        assert "Freshservice portal" in question
        for words in named:
            assert words in question
        await pilot.press("enter")  # Enter alone is the safe answer: No
        await wait_for(pilot, lambda: app.screen is ticket)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is ticket)
        await pilot.pause(0.1)
        assert not any(isinstance(screen, ComposeScreen) for screen in app.screen_stack)
        assert not [e for e in app.service.outbox.entries(include_sent=True) if e.kind == "edit_note"]
        assert _server_body(sandbox_url, ticket.ticket_id, note_id) == body


async def test_yes_edits_the_formatted_note_as_before_also_in_the_editor(sandbox_url, tmp_path, monkeypatch):
    editor = tmp_path / "editor.py"  # ctrl+e's $FSTUI_EDITOR: appends " (thx)" to the file's text
    editor.write_text("import sys\np = sys.argv[1]\ntext = open(p).read().rstrip('\\n')\n"
                      "open(p, 'w').write(text + ' (thx)\\n')\n")
    monkeypatch.setenv("FSTUI_EDITOR", f"{sys.executable} {editor}")
    app = make_app(base_url=sandbox_url)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # run_test cannot suspend a terminal
    async with app.run_test(size=(80, 24)) as pilot:
        ticket, note_id = await _my_note_focused(pilot, app, sandbox_url, QA_NOTE, "vendor case 77")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        compose = app.screen
        assert compose.kind == "edit_note" and compose.conversation.id == note_id
        body = compose.query_one("#body", TextArea)
        assert body.text.startswith("Escalated to vendor case 77 <https://vendor.example/case/77>")
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: body.text.endswith(" (thx)"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is ticket and _sent(app, "edit_note"))
        assert _server_body(sandbox_url, ticket.ticket_id, note_id) == text_to_html(
            "Escalated to vendor case 77 <https://vendor.example/case/77>, do not reboot.\n"
            "[image: diagram] <https://cdn.example/diagram.png> (thx)")  # what the agent agreed to, as HTML


@pytest.mark.parametrize(("body", "marker"), [
    (text_to_html("Restarted the spooler.\n\n  Queue is clear now & <b> stays text.\n> quoted"), "spooler"),
    ("<div style='font-size: 13px; font-family: \"Helvetica Neue\", Helvetica, Arial, sans-serif;'>\n"
     "<div>Is this still a problem</div>\r\n</div>", "still a problem"),  # the portal's plain note (API ref)
    ('<p>See <a href="https://status.example.com/1">https://status.example.com/1</a></p><p>Thanks</p>', "status."),
    ("Plain text body", "Plain text body"),
])
async def test_a_note_the_text_keeps_opens_straight_away(sandbox_url, body, marker):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(80, 24)) as pilot:
        ticket, note_id = await _my_note_focused(pilot, app, sandbox_url, body, marker)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, (ComposeScreen, ConfirmScreen)))
        assert isinstance(app.screen, ComposeScreen) and app.screen.conversation.id == note_id


async def test_a_kept_draft_of_the_edit_is_asked_about_and_kept_on_no(sandbox_url):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(80, 24)) as pilot:
        ticket, note_id = await _my_note_focused(pilot, app, sandbox_url, QA_NOTE, "vendor case 77")
        drafts = DraftStore("test")
        key = f"{ticket.ticket_id}-edit_note-{note_id}"
        drafts.save(key, {"body": "Escalated to vendor case 77, half written"})
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "a link, bold text and an image" in _question(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is ticket)
        assert drafts.load(key)["body"] == "Escalated to vendor case 77, half written"
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        assert app.screen.query_one("#body", TextArea).text == "Escalated to vendor case 77, half written"


async def test_a_canned_response_with_formatting_asks_before_inserting():
    asgi = make_sandbox(tickets=60)
    store = asgi.state.sandbox.store
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        await pilot.press("enter")
        await wait_for(pilot, lambda: _thread_ready(app))
        canned = store.rest.knowledge["canned_responses"].values()
        response = next(r for r in canned if r["title"] == "Closing: resolved")
        response["content_html"] = '<p>Closed. <b>Reply</b> to <a href="https://portal.example/t">reopen</a>.</p>'
        response["content"] = "Closed. Reply to reopen."
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        compose = app.screen
        body = compose.query_one("#body", TextArea)
        before = body.text
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, CannedResponsePicker) and app.screen.shown)
        picker = app.screen
        await pilot.press(*"resolved")
        await wait_for(pilot, lambda: picker.shown and picker.shown[0].title == "Closing: resolved")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = _question(app)
        assert question.startswith("This canned response has bold text and a link") and "sent as plain text" in question
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is picker)
        assert body.text == before
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is compose)
        assert "Closed. Reply to reopen <https://portal.example/t>." in body.text


async def test_a_formatted_signature_is_said_once_when_a_reply_opens_with_it():
    asgi = make_sandbox(tickets=60)
    store = asgi.state.sandbox.store
    me = next(a for a in store.agents.values() if a.get("email") == "demo.agent@fstui-sandbox.example")
    me["signature"] = '<div><b>Demo Agent</b></div><div><a href="https://it.example/desk">IT Service Desk</a></div>'
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        queue = app.screen
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        said = await wait_for_notice(pilot, app, "Your signature has")
        assert said == "Your signature has bold text and a link that fstui sends as plain text (the portal keeps them)."
        assert app.screen.query_one("#body", TextArea).text.endswith("IT Service Desk <https://it.example/desk>")
        app.clear_notifications()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is queue)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        await pilot.pause(0.2)
        assert not [n for n in app._notifications if "signature" in str(n.message)]  # once a session

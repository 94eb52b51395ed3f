"""Compose and the ctrl+e round trip keep the text as typed (issue 11, section 3)."""

from __future__ import annotations

import contextlib
import stat
import sys
import textwrap

from textual.widgets import TextArea

from fstui.textconv import text_to_html
from fstui.tui.screens.compose import ComposeScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen
from fstui.tui.widgets.conversation import ConversationEntry

from tests.tui.harness import make_app, make_sandbox, wait_for

TYPED = "Hi Pat,\n\nLine two\n  indented three\n\n\nfour & 5 < 6 <b>x</b>\n> quoted"


async def _compose_reply(pilot, app) -> ComposeScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids))
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded)
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
    return app.screen


async def test_compose_sends_blank_lines_and_indentation_and_shows_them_back():
    sandbox = make_sandbox()
    app = make_app(sandbox)
    async with app.run_test(size=(100, 40)) as pilot:
        compose = await _compose_reply(pilot, app)
        compose.query_one("#body", TextArea).text = TYPED
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen))
        ticket = app.screen
        thread = sandbox.state.sandbox.store.thread
        # what the server received (a sent entry is kept as a small receipt, without its body)
        await wait_for(pilot, lambda: any(c.get("body") == text_to_html(TYPED) for c in thread(ticket.ticket.id)))
        await wait_for(pilot, lambda: any("indented three" in e.render().plain for e in ticket.query(ConversationEntry)))
        shown = next(e.render().plain for e in ticket.query(ConversationEntry) if "indented three" in e.render().plain)
        assert "Hi Pat,\n\nLine two\n  indented three\n\n\nfour & 5 < 6 <b>x</b>\n> quoted" in shown


async def test_editor_gets_a_file_ending_with_newline_and_nothing_is_glued(tmp_path, monkeypatch):
    editor = tmp_path / "editor.py"
    seen = tmp_path / "seen.txt"
    editor.write_text(textwrap.dedent(f"""
        import sys
        path = sys.argv[1]
        text = open(path, encoding="utf-8").read()
        open({str(seen)!r}, "w", encoding="utf-8").write(text)
        open(path, "a", encoding="utf-8").write("Signed, the desk\\n")   # like `echo ... >> file`
    """))
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("FSTUI_EDITOR", f"{sys.executable} {editor}")
    app = make_app(make_sandbox())
    async with app.run_test(size=(100, 40)) as pilot:
        compose = await _compose_reply(pilot, app)
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        body = compose.query_one("#body", TextArea)
        body.text = "toner is on its way"
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: "Signed" in body.text)
        assert seen.read_text(encoding="utf-8") == "toner is on its way\n"
        assert body.text == "toner is on its way\nSigned, the desk"

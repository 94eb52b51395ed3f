"""Reply signatures (issue 12, "Mine"): a new reply opens with the cursor on an empty first line and the agent's
Freshservice signature (GET /agents/me, else the agent with the configured email) below a blank line; what
is sent is the box's text, signature included once; notes get none; [ui] signature turns it off; a restored
draft or a failed write reopened keeps its own text."""

from __future__ import annotations

import contextlib
import stat
import sys
import textwrap

import pytest
from textual.widgets import Input, TextArea

from fstui.textconv import text_to_html
from fstui.tui.screens.compose import ComposeScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen
from fstui.tui.widgets.conversation import ConversationEntry

from tests.tui.harness import answer_me_with, make_app, make_sandbox, quiet_config, wait_for, wait_for_notice

SIGNATURE = "Demo Agent\nIT Service Desk"  # the seeded <div>Demo Agent<br>IT Service Desk</div>, as text
SIGNED = "\n\n" + SIGNATURE


def _app(asgi=None):
    asgi = asgi if asgi is not None else make_sandbox(tickets=60)
    app = make_app(asgi, config=quiet_config())
    app.sandbox_asgi = asgi
    return app


def _me_asked(app) -> int:
    return app.sandbox_asgi.state.sandbox.stats()["by_endpoint"].get("GET /api/v2/agents/me", 0)


async def _queue(pilot, app) -> TicketQueueScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids))
    return app.screen


async def _ticket(pilot, app) -> TicketScreen:
    await _queue(pilot, app)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded)
    return app.screen


async def _compose(pilot, app, key: str) -> ComposeScreen:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
    return app.screen


def _body(compose: ComposeScreen) -> TextArea:
    return compose.query_one("#body", TextArea)


async def test_a_reply_opens_signed_and_the_requester_gets_the_signature_once():
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        ticket = await _ticket(pilot, app)
        asked = _me_asked(app)
        compose = await _compose(pilot, app, "r")
        body = _body(compose)
        assert body.text == SIGNED and body.cursor_location == (0, 0)  # typing starts above the signature
        assert _me_asked(app) == asked  # from what GET /agents/me said at start, not a request per compose
        await pilot.press(*"The new toner is in.")
        assert body.text == "The new toner is in." + SIGNED
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is ticket)
        thread = app.sandbox_asgi.state.sandbox.store.thread
        await wait_for(pilot, lambda: any("toner is in" in (c.get("body") or "") for c in thread(ticket.ticket_id)))
        sent = next(c["body"] for c in thread(ticket.ticket_id) if "toner is in" in (c.get("body") or ""))
        assert sent == text_to_html("The new toner is in." + SIGNED)  # exactly the box, through textconv
        assert sent.count("IT Service Desk") == 1
        # the round trip: the thread shows what the requester reads
        await wait_for(pilot, lambda: any("toner is in" in e.render().plain for e in ticket.query(ConversationEntry)))
        shown = next(e.render().plain for e in ticket.query(ConversationEntry) if "toner is in" in e.render().plain)
        assert "The new toner is in.\n\nDemo Agent\nIT Service Desk" in shown


async def test_r_in_the_queue_is_signed_notes_are_not_and_an_untouched_reply_leaves_no_draft():
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await _queue(pilot, app)
        compose = await _compose(pilot, app, "r")
        assert _body(compose).text == SIGNED
        await pilot.pause(0.7)  # past the draft's save delay
        assert compose.drafts.load(compose.draft_key) is None  # the signature alone is not a draft
        await pilot.press("ctrl+s")  # nothing written: not sent
        await pilot.pause(0.1)
        assert app.screen is compose and "only your signature" in compose.query_one("#body-error").render().plain
        await pilot.press("escape")  # nothing written: back without a question
        await wait_for(pilot, lambda: app.screen is queue)
        assert not app.service.outbox.entries(include_sent=True)
        compose = await _compose(pilot, app, "n")  # notes are the desk's record: no signature
        assert _body(compose).text == ""
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is queue)
        ticket = await _ticket(pilot, app)
        for key in ("n", "N"):  # private and public notes on the ticket
            compose = await _compose(pilot, app, key)
            assert _body(compose).text == ""
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is ticket)


async def test_agents_me_refused_signs_with_the_configured_emails_agent():
    asgi = make_sandbox(tickets=60)
    answer_me_with(asgi, 403)
    app = _app(asgi)
    async with app.run_test(size=(80, 24)) as pilot:
        await _queue(pilot, app)
        compose = await _compose(pilot, app, "r")
        assert app.me is not None and app.me.email == "demo.agent@fstui-sandbox.example"
        assert _body(compose).text == SIGNED


async def test_unknown_agent_opens_compose_at_once_without_a_signature():
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _queue(pilot, app)
        app.me = None  # who-am-I not answered yet (offline at start, rate limited)
        app.service.lookups.store.delete(app.service.lookups.me_key())
        asked = _me_asked(app)
        compose = await _compose(pilot, app, "r")
        assert _body(compose).text == "" and _me_asked(app) == asked  # no wait, no request


async def test_signature_off_in_the_config_and_a_bad_value_is_said(isolated_dirs):
    config = isolated_dirs / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('[ui]\nsignature = "off"\n')
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _queue(pilot, app)
        compose = await _compose(pilot, app, "r")
        assert _body(compose).text == ""

    (config / "config.toml").write_text('[ui]\nsignature = "sometimes"\n')
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _queue(pilot, app)
        said = await wait_for_notice(pilot, app, "ui.signature")
        assert 'must be true or false ("on" or "off")' in said
        compose = await _compose(pilot, app, "r")
        assert _body(compose).text == SIGNED  # the default stays: on


@pytest.mark.parametrize("signature_deleted", [False, True], ids=["typed-above", "signature-deleted-cc-only"])
async def test_a_restored_draft_keeps_its_own_text(signature_deleted):
    """After a crash or a quit: the draft as it was — signed once, or without the signature the agent deleted
    (a draft with only a cc is a draft too), never signed a second time."""
    asgi = make_sandbox(tickets=60)
    app = _app(asgi)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ticket(pilot, app)
        compose = await _compose(pilot, app, "r")
        key = compose.draft_key
        if signature_deleted:
            _body(compose).text = ""
            compose.query_one("#cc_emails", Input).value = "lead@example.com"
            expected = {"body": "", "cc_emails": "lead@example.com"}
        else:
            await pilot.press(*"half written")
            expected = {"body": "half written" + SIGNED, "cc_emails": ""}
        await wait_for(pilot, lambda: {k: (compose.drafts.load(key) or {}).get(k) for k in expected} == expected)
        # the app stops here (a crash, a quit) with the draft unsent

    app = _app(asgi)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ticket(pilot, app)
        compose = await _compose(pilot, app, "r")
        assert _body(compose).text == expected["body"]
        assert compose.query_one("#cc_emails", Input).value == expected["cc_emails"]


async def test_ctrl_e_hands_the_signature_to_the_editor(tmp_path, monkeypatch):
    seen = tmp_path / "seen.txt"
    editor = tmp_path / "editor.py"
    editor.write_text(textwrap.dedent(f"""
        import sys
        text = open(sys.argv[1], encoding="utf-8").read()
        open({str(seen)!r}, "w", encoding="utf-8").write(text)
        open(sys.argv[1], "w", encoding="utf-8").write("Done." + text)
    """))
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("FSTUI_EDITOR", f"{sys.executable} {editor}")
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _ticket(pilot, app)
        compose = await _compose(pilot, app, "r")
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: _body(compose).text.startswith("Done."))
        assert seen.read_text(encoding="utf-8") == SIGNED + "\n"
        assert _body(compose).text == "Done." + SIGNED


async def test_a_hostile_signature_is_sanitised_text():
    asgi = make_sandbox(tickets=60)
    store = asgi.state.sandbox.store
    me = next(a for a in store.agents.values() if a.get("email") == "demo.agent@fstui-sandbox.example")
    me["signature"] = ('<div>Ann\x1b]52;c;cm0gLXJmIH4=\x07 \u202eevil <b>[bold]x[/bold]</b></div>'
                       '<script>alert(1)</script><a href="javascript:alert(2)">site</a>')
    app = _app(asgi)
    async with app.run_test(size=(80, 24)) as pilot:
        await _queue(pilot, app)
        compose = await _compose(pilot, app, "r")
        text = _body(compose).text
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "alert" not in text and "javascript" not in text
        assert text.startswith("\n\nAnn") and "[bold]x[/bold]" in text  # markup shown as text


async def test_a_failed_reply_reopened_keeps_its_own_text():
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await _queue(pilot, app)
        ticket = queue.tickets[queue.highlighted_id()]
        entry = app.service.reply(999_999, text_to_html("Sent before." + SIGNED))  # no such ticket: fails
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id).state == "failed")
        failed = app.service.outbox.get(entry.id)
        app.push_screen(ComposeScreen(ticket, "reply", resend=failed))
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen) and bool(app.screen.query("#body")))
        await pilot.pause()
        assert _body(app.screen).text == "Sent before." + SIGNED

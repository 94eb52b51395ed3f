"""Compose: F2 inserts a canned response at the cursor (placeholders filled where the ticket tells,
others left visible), F3 searches the knowledge base and inserts an article's title and link."""

from __future__ import annotations

from textual.widgets import Input, OptionList, TextArea

from fstui.service.knowledge import fill_placeholders, fuzzy_score
from fstui.tui.screens.compose import ComposeScreen
from fstui.tui.screens.compose_inserts import ArticlePicker, CannedResponsePicker
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen

from tests.tui.harness import make_app, make_sandbox, quiet_config, wait_for


def _app():
    asgi = make_sandbox(tickets=60)
    app = make_app(asgi, config=quiet_config())
    app.sandbox_store = asgi.state.sandbox.store
    return app


async def _compose(pilot, app) -> ComposeScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.ticket is not None)
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
    return app.screen


async def test_canned_response_inserted_at_the_cursor_with_placeholders():
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        compose = await _compose(pilot, app)
        ticket = compose.ticket
        body = compose.query_one("#body", TextArea)
        await pilot.press(*"Hi.")
        await pilot.press("enter")
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, CannedResponsePicker) and app.screen.shown)
        picker = app.screen
        await pilot.press(*"resolvd")  # fuzzy: a letter missing still finds "Closing: resolved"
        await wait_for(pilot, lambda: picker.shown and picker.shown[0].title == "Closing: resolved")
        preview = str(picker.query_one("#preview").render())
        assert f"ticket #{ticket.id} is resolved" in preview
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is compose)
        requester = app.service.requester_name(ticket.requester_id) or ticket.requester.name
        assert body.text.startswith(f"Hi.\nHi {requester},\n\nWe believe ticket #{ticket.id} is resolved.")

        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, CannedResponsePicker) and app.screen.shown)
        await pilot.press(*"portal link", "enter")
        await wait_for(pilot, lambda: app.screen is compose)
        assert "{{ticket.portal_url}}" in body.text  # unknown to fstui: left visible


async def test_knowledge_base_search_preview_and_insert():
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        compose = await _compose(pilot, app)
        body = compose.query_one("#body", TextArea)
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlePicker))
        picker = app.screen
        picker.query_one(Input).value = "vpn"
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(picker.found) == 2)
        assert "Corporate" in str(picker.query_one("#preview").render())  # read before inserting
        await pilot.press("down")
        assert "TCP" in str(picker.query_one("#preview").render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is compose)
        article = picker.found[1]
        # at the cursor: the first line, above the agent's signature (fstui.tui.signature)
        assert body.text == (f"VPN disconnects every few minutes: http://127.0.0.1:9/support/solutions/articles/{article.id}"
                             "\n\nDemo Agent\nIT Service Desk")

        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlePicker))
        picker = app.screen
        picker.query_one(Input).value = "rollout"  # the draft is not published: not found
        await pilot.press("enter")
        await wait_for(pilot, lambda: "No published article" in str(picker.query_one("#preview").render()))
        assert picker.query_one(OptionList).option_count == 0


def test_placeholders_and_fuzzy():
    values = {"ticket.id": 7, "ticket.requester.name": "Ana", "ticket.agent.name": ""}
    text = "Hi {{ticket.requester.name}}, #{{ ticket.id }} by {{ticket.agent.name}} {{ticket.portal_url}}"
    assert fill_placeholders(text, values) == "Hi Ana, #7 by {{ticket.agent.name}} {{ticket.portal_url}}"
    assert fuzzy_score("printr", "Printer: toner") is not None
    assert fuzzy_score("zzz", "Printer") is None
    assert fuzzy_score("toner", "Printer: toner") < fuzzy_score("tnr", "Printer: toner")


async def test_attach_a_file_to_a_reply_and_a_missing_file_in_a_draft_is_said(tmp_path):
    from fstui.tui.compose_attachments import AttachmentList, AttachPrompt, PathSuggester

    log = tmp_path / "trace.log"
    log.write_bytes(b"x" * 2048)
    assert await PathSuggester().get_suggestion(str(tmp_path) + "/tr") == str(log)
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        compose = await _compose(pilot, app)
        ticket_id = compose.ticket.id
        await pilot.press(*"Trace attached.")
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, AttachPrompt))
        app.screen.query_one(Input).value = str(log)
        await pilot.pause()
        assert "2.0 KB" in str(app.screen.query_one("#attach-info").render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is compose)
        files = compose.query_one(AttachmentList)
        assert files.paths == [str(log)] and "trace.log (2.0 KB)" in str(files.render())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ComposeScreen))
        (entry,) = app.service.outbox.entries(include_sent=True)
        assert entry.payload["attachments"] == [str(log)]
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id).state == "sent")
        conv = app.sandbox_store.thread(ticket_id)[-1]
        assert [a["name"] for a in conv["attachments"]] == ["trace.log"]

        # a draft that names a file which is gone: said, and not sent
        log.unlink()
        compose.drafts.save(f"{ticket_id}-note", {"body": "see the trace", "attachments": [str(log)]})
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen) and app.screen is not compose)
        second = app.screen
        assert "(missing)" in str(second.query_one(AttachmentList).render())
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert app.screen is second
        assert "attachment not found" in str(second.query_one("#request-error").render())
        assert len(app.service.outbox.entries(include_sent=True)) == 1


async def test_a_canned_responses_attachment_goes_with_it(tmp_path, monkeypatch):
    from fstui.tui.compose_attachments import AttachmentList

    monkeypatch.setenv("FSTUI_DOWNLOAD_DIR", str(tmp_path / "dl"))
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        compose = await _compose(pilot, app)
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, CannedResponsePicker) and app.screen.shown)
        await pilot.press(*"return form", "enter")
        await wait_for(pilot, lambda: app.screen is compose)
        files = compose.query_one(AttachmentList)
        await wait_for(pilot, lambda: len(files.paths) == 1)
        assert files.paths[0].endswith("laptop-return-form.txt")
        assert (tmp_path / "dl" / "laptop-return-form.txt").read_bytes().startswith(b"Laptop return form")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ComposeScreen))
        (entry,) = app.service.outbox.entries(include_sent=True)
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id).state == "sent")
        conv = app.sandbox_store.thread(compose.ticket.id)[-1]
        assert [a["name"] for a in conv["attachments"]] == ["laptop-return-form.txt"]

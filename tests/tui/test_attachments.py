"""A on the ticket screen saves the focused message's attachments into the download folder (the
documented GET /api/v2/attachments/{id}) and says where; nothing is opened on the host."""

from __future__ import annotations

import httpx

from fstui.sandbox import DEMO_API_KEY
from fstui.service.downloads import safe_filename
from fstui.tui.screens.picker import PickerScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen
from fstui.tui.widgets.conversation import ConversationEntry

from tests.tui.harness import make_app, make_sandbox, quiet_config, wait_for


async def test_save_the_focused_messages_attachments(tmp_path, monkeypatch):
    monkeypatch.setenv("FSTUI_DOWNLOAD_DIR", str(tmp_path / "dl"))
    asgi = make_sandbox(tickets=30)
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        queue = app.screen
        tid = queue.shown_ids[0]
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://127.0.0.1:9",
                                     auth=(DEMO_API_KEY, "X")) as c:
            r = await c.post(f"/api/v2/tickets/{tid}/notes", data={"body": "logs attached", "private": "true"},
                             files=[("attachments[]", ("app.log", b"line 1\nline 2\n", "text/plain")),
                                    ("attachments[]", ("../../etc/passwd", b"not a path", "text/plain"))])
            assert r.status_code == 201, r.text
        queue.table.move_cursor(row=queue.shown_ids.index(tid), animate=False)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded)
        screen = app.screen
        entry = next(e for e in screen.query(ConversationEntry)
                     if e.conversation is not None and getattr(e.conversation, "attachments", None))
        entry.focus()
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.press("enter")  # "All 2 files"
        await wait_for(pilot, lambda: any("Saved" in n.message for n in app._notifications))
        saved = sorted(p.name for p in (tmp_path / "dl").iterdir())
        assert saved == ["_.._etc_passwd", "app.log"]  # a server's name never picks the directory
        assert (tmp_path / "dl" / "app.log").read_bytes() == b"line 1\nline 2\n"
        message = next(n.message for n in app._notifications if "Saved" in n.message)
        assert str(tmp_path / "dl") in message
        # a second save never overwrites
        entry.focus()
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: (tmp_path / "dl" / "app (1).log").exists())


def test_safe_filenames():
    assert safe_filename("../../etc/passwd", "x") == "_.._etc_passwd"
    assert safe_filename(".bashrc", "x") == "bashrc"
    assert safe_filename("a\x1b[31mb.txt", "x") == "a_[31mb.txt"
    assert safe_filename("", "attachment-1") == "attachment-1"

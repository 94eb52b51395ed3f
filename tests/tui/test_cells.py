"""Table cells: emoji sequences never break alignment, every cut shows … (issue 11, section 7)."""

from __future__ import annotations

from rich.cells import cell_len

from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.requesters import RequestersScreen
from fstui.tui.screens.ticket import TicketScreen
from fstui.tui.text import cell_text, one_line

from tests.tui.harness import make_app, make_sandbox, wait_for

SUBJECT = "Love it ❤️ 👍🏽 👨‍👩‍👧 1️⃣ Emoji storm 🔥🔥🔥 and wide 漢字テキスト in the subject"


def test_cell_text_normalises_emoji_sequences_and_cuts_by_cells():
    assert cell_text("❤️ 👍🏽 👨‍👩‍👧 1️⃣") == "❤ 👍 👨👩👧 1"
    assert cell_text("Emoji storm 🔥🔥🔥 and wide", 17) == "Emoji storm 🔥🔥…"
    assert cell_text("Emoji storm 🔥🔥🔥 and wide", 16) == "Emoji storm 🔥…"  # never half an emoji
    assert cell_len(cell_text("漢字テキスト", 7)) <= 7 and cell_text("漢字テキスト", 7).endswith("…")
    assert cell_text("aisha.costa.363@customer.example", 28) == "aisha.costa.363@customer.ex…"
    assert one_line("x" * 10, 5) == "xxxx…"


def _row_text(table, row: int) -> str:
    return "".join(segment.text for segment in table.render_line(row + 1))  # +1: the header


async def test_queue_cells_keep_alignment_and_the_ticket_shows_the_full_subject():
    sandbox = make_sandbox()
    store = sandbox.state.sandbox.store
    top = max(store.tickets.values(), key=lambda t: (t["created_at"], t["id"]))
    top["subject"] = SUBJECT
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        queue = app.screen
        assert queue.shown_ids[0] == top["id"]
        column = [key for key, *_ in queue.columns].index  # the workspace column shows on this account
        subject = queue._cells(queue.tickets[top["id"]])[column("subject")].plain
        assert not set(subject) & {"\ufe0f", "\u200d", "\u20e3", "\U0001f3fd"}
        assert subject.endswith("…") and subject.startswith("Love it ❤ 👍")
        await pilot.pause()
        starts = set()  # where the requester column starts, in cells, on the emoji row and the next ones
        for row in range(3):
            line = _row_text(queue.table, row)
            requester = queue._cells(queue.tickets[queue.shown_ids[row]])[column("requester")].plain
            starts.add(cell_len(line[: line.index(requester)]))
        assert len(starts) == 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.ticket is not None)
        await pilot.pause()
        assert "❤️ 👍🏽 👨‍👩‍👧" in app.screen.ticket.subject


async def test_a_cut_email_in_a_browse_table_shows_an_ellipsis():
    app = make_app(make_sandbox())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.service is not None and app.current_mode == "section-1")
        await pilot.press("4")
        await wait_for(pilot, lambda: isinstance(app.screen, RequestersScreen) and app.screen.table.row_count > 0)
        await pilot.pause()
        table = app.screen.table
        email_width = next(column.width for column in table.columns.values() if str(column.label) == "Email")
        people = [app.screen.by_key[str(row.key.value)] for row in table.ordered_rows[:10]]
        long = [i for i, person in enumerate(people) if len(person.primary_email or "") > email_width]
        assert long
        for row in long:
            line = _row_text(table, row)
            assert people[row].primary_email[: email_width - 1] + "…" in line


async def test_a_long_queue_title_is_cut_with_an_ellipsis():
    from textual.widgets import Static

    from fstui.service import QueueView

    app = make_app(make_sandbox())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        query = "priority:4 AND status:2 AND " + " AND ".join(f"tag:'customer-{n}'" for n in range(8))
        app.screen.set_view(QueueView(kind="query", query=query))
        await pilot.pause(0.3)
        title = app.screen.query_one("#queue-title", Static)
        line = "".join(segment.text for segment in title.render_line(0)).rstrip()
        assert line.endswith("…") and cell_len(line) <= 80

"""Lists are complete and never repeat (issue 11, section 4), in the app on the in-process sandbox."""

from __future__ import annotations

from textual.widgets import Input

from fstui.tui.screens.picker import PickerScreen
from fstui.tui.screens.prompt import PromptScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.requesters import RequestersScreen

from tests.tui.harness import make_app, make_sandbox, wait_for


def _queue_ready(app) -> bool:
    return isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids)


def _people(sandbox, first: str, last: str) -> list[dict]:
    return [r for r in sandbox.state.sandbox.store.requesters.values()
            if r["first_name"] == first and r["last_name"] == last]


def _tickets_of(sandbox, requester_id: int) -> list[int]:
    tickets = [t for t in sandbox.state.sandbox.store.tickets.values()
               if t["requester_id"] == requester_id and not t["deleted"] and not t["spam"]]
    return [t["id"] for t in sorted(tickets, key=lambda t: (t["created_at"], t["id"]), reverse=True)]


async def test_requesters_search_by_name_asks_the_server_and_says_no_match():
    sandbox = make_sandbox()
    gitas = {r["id"] for r in _people(sandbox, "Gita", "Ahmed")}
    assert gitas
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.service is not None and app.current_mode == "section-1")
        await pilot.press("4")
        await wait_for(pilot, lambda: isinstance(app.screen, RequestersScreen) and app.screen.table.row_count > 0)
        screen = app.screen
        assert not gitas & set(screen.loaded)  # not among the first loaded
        await pilot.press("slash", *"Gita Ahmed", "enter")
        await wait_for(pilot, lambda: {p.id for p in screen.visible()} == gitas)
        assert screen.table.row_count == len(gitas)
        screen.query_one("#browse-search", Input).value = ""
        await pilot.press("slash", *"Nobody Nowhere", "enter")
        await wait_for(pilot, lambda: any("No requester matches Nobody Nowhere" in str(n.message)
                                          for n in app._notifications))


async def test_queue_view_requester_by_name_shows_their_tickets_of_any_age():
    sandbox = make_sandbox()
    gitas = sorted(_people(sandbox, "Gita", "Ahmed"), key=lambda r: r["primary_email"])
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        queue = app.screen
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        picker = app.screen
        index = next(i for i, (kind, _) in enumerate(picker.choices) if kind == "requester")
        picker.dismiss(picker.choices[index][0])
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"gita ahmed", "enter")
        # three people of that name: the agent picks one (names with their emails)
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen) and "gita ahmed" in app.screen.title_text)
        assert len(app.screen.choices) == len(gitas)
        chosen = gitas[0]
        app.screen.dismiss(chosen["primary_email"])
        await wait_for(pilot, lambda: queue.view.kind == "requester" and queue.view.email == chosen["primary_email"])
        expected = _tickets_of(sandbox, chosen["id"])
        await wait_for(pilot, lambda: queue.shown_ids == expected)

        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        app.screen.dismiss("requester")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"Nobody Nowhere", "enter")
        await wait_for(pilot, lambda: any("No requester matches Nobody Nowhere" in str(n.message)
                                          for n in app._notifications))
        assert queue.view.email == chosen["primary_email"]  # nothing changed silently


async def test_requester_view_lists_a_ticket_older_than_thirty_days():
    sandbox = make_sandbox()
    store = sandbox.state.sandbox.store
    now = max(t["updated_at"] for t in store.tickets.values())
    old = next(t for t in sorted(store.tickets.values(), key=lambda t: t["id"])
               if t["created_at"] < now - 40 * 86400 and not t["deleted"] and not t["spam"]
               and t["requester_id"] in store.requesters)
    email = store.requesters[old["requester_id"]]["primary_email"]
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        from fstui.service import QueueView

        app.screen.set_view(QueueView(kind="requester", email=email))
        await wait_for(pilot, lambda: old["id"] in app.screen.shown_ids)
        assert app.screen.shown_ids == _tickets_of(sandbox, old["requester_id"])


async def test_queue_filter_matches_whole_values_and_does_not_carry_into_another_view():
    sandbox = make_sandbox()
    store = sandbox.state.sandbox.store
    top = max(store.tickets.values(), key=lambda t: (t["created_at"], t["id"]))
    top["subject"] = "Printer on floor 3 jams every single morning, and since Monday the VPN disconnects after lunch"
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        queue = app.screen
        assert "VPN" not in queue._cells(queue.tickets[top["id"]])[3].plain  # the cell is cut before it
        await pilot.press("slash", *"vpn disconnects", "enter")
        await wait_for(pilot, lambda: queue.shown_ids == [top["id"]])
        # a requester's name, an agent's or a group's name match in full too
        ticket = queue.tickets[top["id"]]
        name = app.service.requester_name(ticket.requester_id) or ticket.requester.name
        queue.query_one("#queue-filter", Input).value = ""
        await pilot.press("escape", "slash", *name.lower(), "enter")
        await wait_for(pilot, lambda: top["id"] in queue.shown_ids and len(queue.shown_ids) < 100)

        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        app.screen.dismiss("new_and_my_open")
        await wait_for(pilot, lambda: queue.view.kind == "new_and_my_open" and queue.shown_ids)
        assert queue.filter_text == "" and not queue.query_one("#queue-filter", Input).display
        assert queue.shown_ids == queue._ordered_ids()  # every row of the new view, unfiltered


async def test_queue_paging_after_new_tickets_shows_every_ticket_once(sandbox_url):
    app = make_app(base_url=sandbox_url)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app) and len(app.screen.shown_ids) == 100)
        queue = app.screen
        client = app.service.client
        for n in range(2):
            await client.create_ticket({"subject": f"new {n}", "description": "x", "email": "new@example.com",
                                        "priority": 1, "status": 2})
        await pilot.press("R")
        await wait_for(pilot, lambda: len(queue.shown_ids) == 102)  # the two new ones on top
        for _ in range(3):  # to the end of what is loaded: the next page loads
            loaded = len(queue.shown_ids)
            await pilot.press("G")
            await wait_for(pilot, lambda: len(queue.shown_ids) > loaded or not queue.has_next)
        server = []
        for page in range(1, max(queue.pages) + 1):
            server += [t.id for t in (await client.list_tickets(per_page=100, page=page, workspace_id=0)).items]
        assert len(queue.shown_ids) == len(set(queue.shown_ids))  # no ticket twice
        assert queue.shown_ids == server[:len(queue.shown_ids)]  # and none missing, in the server's order


async def test_t_on_a_requester_lists_their_tickets_of_any_age():
    sandbox = make_sandbox()
    store = sandbox.state.sandbox.store
    now = max(t["updated_at"] for t in store.tickets.values())
    old = next(t for t in sorted(store.tickets.values(), key=lambda t: t["id"])
               if t["created_at"] < now - 40 * 86400 and not t["deleted"] and not t["spam"]
               and t["requester_id"] in store.requesters)
    email = store.requesters[old["requester_id"]]["primary_email"]
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.service is not None and app.current_mode == "section-1")
        await pilot.press("4")
        await wait_for(pilot, lambda: isinstance(app.screen, RequestersScreen) and app.screen.table.row_count > 0)
        await pilot.press("slash", *email, "enter")  # an email: the server finds the person
        await wait_for(pilot, lambda: [p.id for p in app.screen.visible()] == [old["requester_id"]])
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.view.kind == "requester"
                       and old["id"] in app.screen.shown_ids)
        assert app.screen.shown_ids == _tickets_of(sandbox, old["requester_id"])

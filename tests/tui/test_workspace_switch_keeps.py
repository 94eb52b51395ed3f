"""QA: switching workspace moved the cursor off its ticket and dropped the sort chosen with z.

A workspace switch (the `v` menu's Workspace…, the palette's "Workspace: …") re-reads the view shown in the new
scope: the cursor stays on its ticket when the new rows hold it (else the first row, as for a new list), and
the sort (z), the order (o) and the / filter the agent chose stay. The same for the other re-reads of the view
shown: a saved view re-opened when the account's statuses arrive, the assets list re-read in the new scope."""

from __future__ import annotations

from fstui.tui import workspace_scope
from fstui.tui.commands import GoToProvider
from fstui.tui.screens.picker import PickerScreen
from fstui.tui.screens.queue import TicketQueueScreen
from tests.tui.harness import make_app, quiet_config, wait_for
from tests.tui.test_saved_views_scope import (HR, demo_agent, open_from_v_menu, open_tickets, queue_ready, sandbox,
                                              settled, shown, status_text, title)

IT = 2


async def cursor_to(pilot, app, ticket_id: int) -> None:
    """Move the cursor onto ``ticket_id`` with the keys (g, then pagedown and j)."""
    row = app.screen.shown_ids.index(ticket_id)
    await pilot.press("g")
    while row - app.screen.table.cursor_row > 10:
        await pilot.press("pagedown")
    step = row - app.screen.table.cursor_row
    await pilot.press(*["j" if step > 0 else "k"] * abs(step))
    assert app.screen.highlighted_id() == ticket_id


def in_hr(app) -> list[int]:
    return [t.id for t in shown(app) if t.workspace_id == HR]


async def switch_in_v_menu(pilot, app, *keys: str) -> None:
    """v, end (Workspace: …), enter, then ``keys`` in the workspace picker."""
    await pilot.press("v")
    await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
    await pilot.press("end", "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen) and app.screen.title_text == "Show the tickets of")
    await pilot.pause(0.05)
    await pilot.press(*keys)


async def switch_in_palette(pilot, app, name: str, scope: int) -> None:
    provider = GoToProvider(app.screen)
    await provider.startup()
    command = next(command for text, command, _help in provider.entries if text == f"Workspace: {name}")
    command()
    await wait_for(pilot, lambda: settled(app) and app.screen.view.workspace_id == scope)


def app_with_my_tickets_in_two_workspaces():
    """The app on a sandbox where three open tickets of mine are IT's and three HR's (My open lists both)."""
    asgi = sandbox()
    store = asgi.state.sandbox.store
    me = demo_agent(store)
    for ticket in open_tickets(store, IT)[:3] + open_tickets(store, HR)[:3]:
        ticket.update(responder_id=me, status=2)
    return make_app(asgi, config=quiet_config())


async def open_my_open(pilot, app) -> None:
    """] (the first tab): My open, in every workspace, with its six tickets."""
    await wait_for(pilot, lambda: queue_ready(app))
    await pilot.press("right_square_bracket")
    await wait_for(pilot, lambda: settled(app) and app.screen.saved is not None and app.screen.saved.name == "My open"
                   and len(in_hr(app)) == 3 and len(shown(app)) >= 6)


async def test_my_open_keeps_the_cursor_on_its_hr_ticket_through_the_v_menus_workspace_switch():
    """QA, first instance: ] to My open (All workspaces, SLA first), the cursor on an HR ticket that is not
    HR's first; v → Workspace… → HR: the cursor is still on it (it was on HR's top row), the title the same."""
    app = app_with_my_tickets_in_two_workspaces()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_my_open(pilot, app)
        assert title(app) == "My open (SLA first)"
        target = in_hr(app)[-1]  # the last HR row: after the switch not the top row
        await cursor_to(pilot, app, target)
        await switch_in_v_menu(pilot, app, "j", "j", "enter")
        await wait_for(pilot, lambda: settled(app) and app.screen.view.workspace_id == HR)
        assert status_text(app).rstrip().endswith("HR")
        queue = app.screen
        assert queue.shown_ids == in_hr(app) and queue.shown_ids.index(target) > 0
        assert queue.highlighted_id() == target and queue.table.show_cursor
        assert title(app) == "My open (SLA first)" and queue.sort == "sla"


async def test_recent_tickets_keep_the_cursor_and_the_z_sort_through_the_palettes_switch():
    """QA, second instance: Recent tickets, z (SLA first), the cursor on an HR ticket; the palette's
    "Workspace: HR": the cursor is still on it and the title still says "SLA first"."""
    app = make_app(sandbox(), config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app) and settled(app))
        await pilot.press("z")
        assert title(app) == "Recent tickets (newest first), SLA first"
        target = in_hr(app)[2]
        await cursor_to(pilot, app, target)
        await switch_in_palette(pilot, app, "HR", HR)
        queue = app.screen
        assert queue.sort == "sla" and title(app) == "Recent tickets (newest first), SLA first"
        assert queue.shown_ids.index(target) > 0 and queue.highlighted_id() == target


async def test_a_saved_views_sort_chosen_with_z_survives_the_switch():
    """QA: Waiting on Customer (updated), z to (created); after a switch to HR it is still (created)."""
    app = make_app(sandbox(), config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await wait_for(pilot, lambda: "Waiting on Customer" in [v.name for v in app.saved_views])
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: settled(app) and app.screen.saved.name == "Waiting on Customer")
        assert title(app) == "Waiting on Customer (updated)"
        await pilot.press("z")
        assert title(app) == "Waiting on Customer (created)"
        await switch_in_palette(pilot, app, "HR", HR)
        assert app.screen.saved.name == "Waiting on Customer" and app.screen.sort == "created"
        assert title(app) == "Waiting on Customer (created)"
        workspace_scope.set_scope(app, 0)  # and back to every workspace
        await wait_for(pilot, lambda: settled(app) and app.screen.view.workspace_id == 0)
        assert title(app) == "Waiting on Customer (created)"


async def test_the_order_and_the_z_sort_survive_o_and_the_switch():
    """The order chosen with o (oldest first) and the sort chosen with z stay through o itself (a list not
    from a saved view lost its z there) and through a workspace switch."""
    app = make_app(sandbox(), config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app) and settled(app))
        await pilot.press("z", "z")  # SLA first, then priority
        await pilot.press("o")
        await wait_for(pilot, lambda: settled(app) and app.screen.view.order_type == "asc")
        assert title(app) == "Recent tickets (oldest first), priority"
        await switch_in_palette(pilot, app, "HR", HR)
        assert app.screen.view.order_type == "asc" and app.screen.sort == "priority"
        assert title(app) == "Recent tickets (oldest first), priority"
        assert {t.workspace_id for t in shown(app)} == {HR}


async def test_a_ticket_the_new_workspace_lacks_gives_the_first_row():
    """The cursor on an IT ticket, HR chosen: the first row is selected (as for a new list), not "nothing
    selected"; the / filter typed over the list stays."""
    app = make_app(sandbox(), config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app) and settled(app))
        it_ticket = next(t.id for t in shown(app)[3:] if t.workspace_id == IT)
        await cursor_to(pilot, app, it_ticket)
        await switch_in_palette(pilot, app, "HR", HR)
        queue = app.screen
        assert queue.table.show_cursor and queue.table.cursor_row == 0
        assert queue.highlighted_id() == queue.shown_ids[0] and queue.shown_ids
        assert "no ticket selected" not in str(queue.query_one("#queue-info").render())
        # a / filter stays with the view (and keeps hiding the rows it does not match)
        word = shown(app)[0].subject.split()[0].lower()
        await pilot.press("slash", *word, "enter")
        await wait_for(pilot, lambda: queue.filter_text == word)
        workspace_scope.set_scope(app, 0)
        await wait_for(pilot, lambda: settled(app) and queue.view.workspace_id == 0)
        assert queue.filter_text == word and queue.query_one("#queue-filter").value == word
        assert queue.shown_ids and len(queue.shown_ids) < len(queue.tickets)
        assert all(word in (t.subject or "").lower() for t in shown(app))


async def test_a_saved_view_reopened_when_the_statuses_arrive_keeps_cursor_sort_and_order():
    """A default view built before the account's statuses were read is re-opened when they arrive (its query
    takes them): the ticket under the cursor, the z sort and the o order stay."""
    from fstui.service.events import TicketsChanged
    from fstui.views import DEFAULT_VIEWS

    app = app_with_my_tickets_in_two_workspaces()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_my_open(pilot, app)
        await pilot.press("z")  # SLA first -> priority
        await pilot.press("o")
        await wait_for(pilot, lambda: settled(app) and app.screen.view.order_type == "asc")
        target = app.screen.shown_ids[3]
        await cursor_to(pilot, app, target)
        app.saved_views = list(DEFAULT_VIEWS)  # as on a first start, before the account's fields were read
        generation = app.screen.generation
        app.service.core.emit(TicketsChanged(frozenset(), frozenset()))  # the fields' labels arrived
        await wait_for(pilot, lambda: settled(app) and app.screen.generation > generation)
        queue = app.screen
        assert app.saved_views[0] != DEFAULT_VIEWS[0] and queue.saved == app.saved_views[0]  # re-opened
        assert queue.saved.name == "My open" and queue.sort == "priority" and queue.view.order_type == "asc"
        assert title(app) == "My open (priority)"
        assert queue.highlighted_id() == target and queue.shown_ids.index(target) == 3


async def test_the_assets_list_keeps_its_asset_through_a_switch():
    """The assets list re-read in the new workspace keeps the cursor on its asset when listed there, else
    the first row."""
    from fstui.tui.screens.assets import AssetsScreen

    app = make_app(sandbox(), config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, AssetsScreen) and app.screen.table.row_count > 3)
        screen = app.screen
        keys = list(screen.assets)
        target = next(k for k in keys[2:] if screen.assets[k].workspace_id == IT)
        await pilot.press("g", *["j"] * keys.index(target))
        assert screen.table.selected_key == target

        async def switch(scope: int) -> None:
            workspace_scope.set_scope(app, scope)
            await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen))
            await pilot.press("2")
            await wait_for(pilot, lambda: app.screen is screen and screen.loaded_scope == scope
                           and not any(w.is_running for w in app.workers if w.group == "assets-load"))

        await switch(IT)
        assert screen.table.selected_key == target and list(screen.assets).index(target) > 0
        await switch(4)  # Facilities: not listed there
        assert screen.table.show_cursor and screen.table.cursor_row == 0
        assert screen.table.selected_key == list(screen.assets)[0]


EVERY_STATUS = "status:2 OR status:3 OR status:4 OR status:5"  # a filter query view of several pages (30 a page)


async def open_query(pilot, app, query: str) -> None:
    """/ then ``query`` (pasted: the box takes it whole) and enter: the server's filter query."""
    await pilot.press("slash")
    app.screen.query_one("#queue-filter").value = query
    await pilot.press("enter")
    await wait_for(pilot, lambda: settled(app) and app.screen.view.kind == "query")


async def test_the_cursor_finds_its_ticket_in_the_next_page_as_deep_as_the_old_list_was_read():
    """IT's list read two pages deep, the cursor on page 2's first ticket; All workspaces chosen: the ticket
    is on All's page 2, which is read for it (the old list was read that deep), and the cursor is on it."""
    app = make_app(sandbox(), config=quiet_config(), workspace="IT")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app) and settled(app))
        await open_query(pilot, app, EVERY_STATUS)
        await pilot.press("end")
        await wait_for(pilot, lambda: 2 in app.screen.pages and len(app.screen.shown_ids) == 60)
        target = app.screen.shown_ids[30]
        await cursor_to(pilot, app, target)
        await switch_in_palette(pilot, app, "All workspaces", 0)
        queue = app.screen
        await wait_for(pilot, lambda: queue.highlighted_id() is not None)
        assert queue.highlighted_id() == target and queue.shown_ids.index(target) >= 30
        assert max(queue.pages) == 2 and queue.table.show_cursor


async def test_a_ticket_beyond_the_old_lists_depth_gives_the_first_row_without_reading_more():
    """HR's one-page list, the cursor on its last ticket; All workspaces chosen: that ticket is not on All's
    first page, and no page the agent had not read before is read for it: the first row is selected."""
    app = make_app(sandbox(), config=quiet_config(), workspace="HR")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app) and settled(app))
        await open_query(pilot, app, EVERY_STATUS)
        assert set(app.screen.pages) == {1} and not app.screen.has_next
        target = app.screen.shown_ids[-1]
        await cursor_to(pilot, app, target)
        await switch_in_palette(pilot, app, "All workspaces", 0)
        queue = app.screen
        await pilot.pause(0.1)
        assert target not in queue.shown_ids and set(queue.pages) == {1} and queue.has_next
        assert queue.table.show_cursor and queue.highlighted_id() == queue.shown_ids[0]

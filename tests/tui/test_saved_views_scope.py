"""Saved views on a multi-workspace account (QA 1, 7, 5): every way of opening one shows the workspaces the
status bar names (all: workspace_id=0 with the Workspace column; one: N; no workspaces: none sent), the tab
counts count that scope, a workspace switch keeps the saved view, its title and order survive redraws,
and the default views take the account's custom statuses."""

from __future__ import annotations

from fstui.sandbox.app import create_app
from fstui.service.sla_order import sla_key
from fstui.tui import workspace_scope
from fstui.tui.screens.picker import PickerScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.widgets.status_bar import StatusBar
from tests.tui.harness import FROZEN_EPOCH, make_app, quiet_config, wait_for

HR, FACILITIES = 3, 4
DAY = 86400


def sandbox(workspaces: bool = True, tickets: int = 150):
    return create_app(seed=1, tickets=tickets, clock=lambda: FROZEN_EPOCH, workspaces=workspaces)


def demo_agent(store) -> int:
    return next(aid for aid, agent in store.agents.items() if agent["email"].startswith("demo.agent@"))


def open_tickets(store, workspace_id: int) -> list[dict]:
    return sorted((t for t in store.tickets.values() if t["workspace_id"] == workspace_id
                   and t["status"] not in (4, 5) and not t["deleted"] and not t["spam"]), key=lambda t: t["id"])


def queue_ready(app) -> bool:
    return isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids)


def settled(app) -> bool:
    """The queue's page 1 from the server is shown (rows or none)."""
    return (isinstance(app.screen, TicketQueueScreen) and 1 in app.screen.pages
            and not any(w.is_running for w in app.workers if w.group == "queue-first"))


def shown(app) -> list:
    return [app.screen.tickets[i] for i in app.screen.shown_ids]


def title(app) -> str:
    return str(app.screen.query_one("#queue-title").render())


def tabs(app) -> str:
    return str(app.screen.query_one("#queue-tabs").render())


def status_text(app) -> str:
    return app.screen.query_one(StatusBar).render().plain


def column_keys(app) -> list[str]:
    return [key for key, *_ in app.screen.columns]


async def open_from_v_menu(pilot, app, name: str) -> None:
    await pilot.press("v")
    await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
    await pilot.press(*name.lower(), "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.saved is not None
                   and app.screen.saved.name == name)
    await wait_for(pilot, lambda: settled(app))


async def test_saved_views_show_every_workspace_when_the_bar_says_all():
    """QA 1: v -> Urgent and high under "All workspaces" lists HR's urgent ticket too, with the Workspace
    column; the tab counts count every workspace; Unassigned in my groups finds the other workspaces'."""
    asgi = sandbox()
    store = asgi.state.sandbox.store
    hr_urgent = open_tickets(store, HR)[0]
    hr_urgent.update(priority=4, status=2)
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        assert "All workspaces" in status_text(app)
        await open_from_v_menu(pilot, app, "Urgent and high")
        assert app.screen.view.workspace_id == 0 and "workspace" in column_keys(app)
        assert hr_urgent["id"] in app.screen.shown_ids
        assert {t.workspace_id for t in shown(app)} >= {2, HR}
        # the tab's count is of every workspace (the filter query's total with workspace_id=0)
        expected = sum(1 for t in store.tickets.values() if t["priority"] in (3, 4) and t["status"] not in (4, 5)
                       and not t["deleted"] and not t["spam"])
        assert app.view_counts["Urgent and high"] == (expected, False)
        assert f"[Urgent and high ({expected})]" in tabs(app)
        # {my_groups} names groups of several workspaces: sent with workspace_id=0 it finds their tickets
        await pilot.press("left_square_bracket")  # the tab before: Unassigned in my groups
        await wait_for(pilot, lambda: settled(app) and app.screen.saved.name == "Unassigned in my groups")
        assert app.screen.view.workspace_id == 0
        groups = set(app.me.member_of)
        workspaces = {t.workspace_id for t in shown(app)}
        assert all(t.responder_id is None and t.group_id in groups for t in shown(app))
        assert len(workspaces) > 1


async def test_saved_views_show_the_chosen_workspace_only():
    """QA 1: with HR chosen, [ / ] and the palette's "View: ..." list HR's tickets only (no IT 1921, 1922),
    without the Workspace column; its tab counts are HR's."""
    from fstui.tui.commands import GoToProvider

    asgi = sandbox()
    store = asgi.state.sandbox.store
    late = open_tickets(store, HR)[:2]
    for ticket in late:
        ticket.update(due_by=FROZEN_EPOCH - 2 * DAY, status=2)
    app = make_app(asgi, config=quiet_config(), workspace="HR")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app) and app.screen.view.workspace_id == HR)
        assert "| HR" in status_text(app)
        await pilot.press("left_square_bracket")  # the last tab: the waiting view
        await wait_for(pilot, lambda: settled(app) and app.screen.saved is not None)
        await pilot.press("left_square_bracket")  # Overdue
        await wait_for(pilot, lambda: settled(app) and app.screen.saved.name == "Overdue")
        assert app.screen.view.workspace_id == HR and "workspace" not in column_keys(app)
        assert {t.id for t in shown(app)} >= {t["id"] for t in late}
        assert {t.workspace_id for t in shown(app)} == {HR}
        assert title(app) == "Overdue (SLA first)"
        # the palette's View: My open
        provider = GoToProvider(app.screen)
        await provider.startup()
        command = next(command for text, command, _help in provider.entries if text == "View: My open")
        command()
        await wait_for(pilot, lambda: app.screen.saved is not None and app.screen.saved.name == "My open")
        await wait_for(pilot, lambda: not any(w.is_running for w in app.workers if w.group == "queue-first"))
        assert app.screen.view.workspace_id == HR
        me = app.my_id
        mine_in_hr = sum(1 for t in store.tickets.values() if t["workspace_id"] == HR and t["responder_id"] == me
                         and t["status"] not in (4, 5) and not t["deleted"] and not t["spam"])
        assert app.view_counts["My open"] == (mine_in_hr, False)
        assert {t.workspace_id for t in shown(app)} <= {HR}


async def test_switching_workspace_keeps_the_saved_view():
    """QA 1/7: a switch while on a saved view re-opens that view in the new scope, its tab highlighted,
    its title (name and order), and the old scope's tab counts gone."""
    asgi = sandbox()
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await open_from_v_menu(pilot, app, "Urgent and high")
        all_count = app.view_counts["Urgent and high"]
        workspace_scope.set_scope(app, FACILITIES)
        await wait_for(pilot, lambda: settled(app) and app.screen.view.workspace_id == FACILITIES)
        queue = app.screen
        assert queue.saved is not None and queue.saved.name == "Urgent and high" and queue.sort == "sla"
        assert title(app) == "Urgent and high (SLA first)"
        assert "[Urgent and high" in tabs(app) and "Facilities" in status_text(app)
        assert {t.workspace_id for t in shown(app)} <= {FACILITIES}
        assert app.view_counts["Urgent and high"] != all_count and "My open" not in app.view_counts
        workspace_scope.set_scope(app, 0)
        await wait_for(pilot, lambda: settled(app) and app.screen.view.workspace_id == 0)
        assert app.screen.saved.name == "Urgent and high" and "workspace" in column_keys(app)
        assert app.view_counts["Urgent and high"] == all_count


async def test_an_account_without_workspaces_sends_none_for_saved_views():
    app = make_app(sandbox(workspaces=False), config=quiet_config())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: settled(app) and app.screen.saved is not None)
        assert app.screen.view.workspace_id is None and "workspace" not in column_keys(app)


async def test_the_title_and_order_survive_redraws_and_a_fresh_start(isolated_dirs):
    """QA 7: the first open on a fresh start (the account's names arrive after it) and a refresh keep the
    title "My open (SLA first)" — never the raw query — and the rows in SLA order."""
    from fstui.service.events import TicketsChanged

    asgi = sandbox()
    store = asgi.state.sandbox.store
    me = demo_agent(store)
    for ticket in open_tickets(store, 2)[:6]:
        ticket["responder_id"] = me
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: settled(app) and app.screen.saved is not None)
        assert app.screen.saved.name == "My open"

        def in_order() -> bool:
            now = app.now().timestamp()
            keys = [sla_key(t, now) for t in shown(app)]
            return keys == sorted(keys)

        assert title(app) == "My open (SLA first)" and in_order()
        app.service.core.emit(TicketsChanged(frozenset(), frozenset()))  # names arrived: redraw
        await pilot.pause(0.1)
        assert title(app) == "My open (SLA first)" and in_order()
        await pilot.press("R")
        await wait_for(pilot, lambda: settled(app))
        assert title(app) == "My open (SLA first)" and in_order() and "[My open" in tabs(app)


async def test_default_views_take_the_accounts_custom_statuses():
    """QA 5: My open lists my Awaiting Vendor ticket; Urgent and high keeps a ticket set to Awaiting Vendor;
    the waiting view is the account's "Waiting on Customer" (6), named so — not Pending under that name."""
    asgi = sandbox()
    store = asgi.state.sandbox.store
    me = demo_agent(store)
    vendor = open_tickets(store, 2)[0]
    vendor.update(responder_id=me, status=12)
    urgent = open_tickets(store, HR)[0]
    urgent.update(priority=3, status=12)
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await wait_for(pilot, lambda: "Waiting on Customer" in [v.name for v in app.saved_views])
        assert [v.name for v in app.saved_views] == ["My open", "Unassigned in my groups", "Urgent and high",
                                                     "Overdue", "Waiting on Customer"]
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: settled(app) and app.screen.saved.name == "My open")
        assert vendor["id"] in app.screen.shown_ids
        await open_from_v_menu(pilot, app, "Urgent and high")
        assert urgent["id"] in app.screen.shown_ids
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await wait_for(pilot, lambda: settled(app) and app.screen.saved.name == "Waiting on Customer")
        assert {t.status for t in shown(app)} == {6} and "Waiting on Customer (updated)" == title(app)


async def test_a_view_with_its_own_columns_gets_the_workspace_column_when_several_are_shown(isolated_dirs):
    config = isolated_dirs / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('[[views]]\nname = "Open"\nquery = "status:2"\nsort = "sla"\n'
                                        'columns = ["status", "subject", "due"]\n')
    app = make_app(sandbox(), config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: settled(app) and app.screen.saved is not None)
        assert column_keys(app) == ["id", "status", "workspace", "subject", "due"]
        workspace_scope.set_scope(app, HR)
        await wait_for(pilot, lambda: settled(app) and app.screen.view.workspace_id == HR)
        assert column_keys(app) == ["id", "status", "subject", "due"]


async def test_the_order_chosen_with_z_survives_oldest_first():
    """QA 7 (the same kind): o (oldest/newest first) on a saved view keeps the order chosen with z."""
    app = make_app(sandbox(), config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await open_from_v_menu(pilot, app, "Urgent and high")
        await pilot.press("z")  # SLA first -> priority
        assert app.screen.sort == "priority" and title(app) == "Urgent and high (priority)"
        await pilot.press("o")
        await wait_for(pilot, lambda: settled(app) and app.screen.view.order_type == "asc")
        assert app.screen.sort == "priority" and title(app) == "Urgent and high (priority)"
        assert app.screen.saved.name == "Urgent and high" and app.screen.view.workspace_id == 0


async def test_the_open_tab_is_shown_whole_at_80_columns():
    """The open saved view's tab is highlighted where it can be seen: at 80 columns the last tab (with its
    count) is not cut off the line; the tabs left out before it are said by …."""
    app = make_app(sandbox(), config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: settled(app) and app.screen.saved.name == "Waiting on Customer")
        await pilot.pause(0.05)
        count = app.view_counts["Waiting on Customer"][0]
        line = tabs(app)
        assert line.startswith("…") and f"[Waiting on Customer ({count})]" in line


async def test_the_palettes_view_opens_from_a_ticket_too():
    """The palette's "View: …" (and "Queue: …") on a ticket screen: back to the queue, showing that view in
    the status bar's workspaces (it did nothing while a ticket was open)."""
    from fstui.tui.commands import GoToProvider
    from tests.tui.test_server_truth import open_ticket

    app = make_app(sandbox(), config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await open_ticket(pilot, app, app.screen.shown_ids[0])
        provider = GoToProvider(app.screen)
        await provider.startup()
        command = next(command for text, command, _help in provider.entries if text == "View: Urgent and high")
        command()
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and settled(app)
                       and app.screen.saved is not None)
        assert app.screen.saved.name == "Urgent and high" and app.screen.view.workspace_id == 0


def test_the_defaults_follow_the_accounts_statuses_once_they_arrive():
    """Before the account's fields are read the waiting view is Pending (named so); when they arrive it
    becomes the account's Waiting on Customer (the open one is re-opened by the queue); the counts of the
    views whose query changed go. Views from the config file are never rebuilt."""
    from types import SimpleNamespace

    from fstui.service.field_labels import FieldLabels
    from fstui.tui.saved_views import refresh_defaults
    from fstui.views import DEFAULT_VIEWS

    labels = FieldLabels()
    service = SimpleNamespace(field_labels=lambda: labels)
    app = SimpleNamespace(service=service, saved_views=list(DEFAULT_VIEWS), saved_views_source="",
                          view_counts={"Pending": (3, False), "Overdue": (2, False)})
    assert refresh_defaults(app) == {} and app.saved_views[4].name == "Pending"
    labels = FieldLabels([{"name": "status", "type": "default_status", "choices": {
        "2": ["Open", "x"], "3": ["Pending", "x"], "4": ["Resolved", "x"], "5": ["Closed", "x"],
        "6": ["Waiting on Customer", "x"]}}])
    changed = refresh_defaults(app)
    assert changed["Pending"].name == "Waiting on Customer" and changed["Pending"].query == "status:6"
    assert "status:6" in changed["My open"].query and app.saved_views[4].name == "Waiting on Customer"
    assert app.view_counts == {}
    mine = SimpleNamespace(service=service, saved_views=[DEFAULT_VIEWS[4]], saved_views_source="views",
                           view_counts={})
    assert refresh_defaults(mine) == {} and mine.saved_views == [DEFAULT_VIEWS[4]]


async def test_the_open_pending_view_becomes_waiting_on_customer_when_the_statuses_arrive(monkeypatch):
    from fstui.service.events import TicketsChanged
    from fstui.tui import saved_views
    from fstui.views import DEFAULT_VIEWS

    # The account's statuses count as read when the test says: any names arriving (a requester of the Pending
    # view's rows) re-opened it as Waiting on Customer, on a busy machine before the test saw it.
    known = saved_views.account_statuses
    read = False
    monkeypatch.setattr(saved_views, "account_statuses", lambda service: known(service) if read else None)
    app = make_app(sandbox(), config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        app.saved_views = list(DEFAULT_VIEWS)  # as on a first start, before the account's fields are read
        app.screen.open_saved_view(DEFAULT_VIEWS[4])
        await wait_for(pilot, lambda: settled(app) and app.screen.saved.name == "Pending")
        assert {t.status for t in shown(app)} == {3} and title(app) == "Pending (updated)"
        read = True
        app.service.core.emit(TicketsChanged(frozenset(), frozenset()))  # the fields' labels arrived
        await wait_for(pilot, lambda: settled(app) and app.screen.saved.name == "Waiting on Customer")
        assert {t.status for t in shown(app)} == {6} and title(app) == "Waiting on Customer (updated)"
        assert "[Waiting on Customer" in tabs(app)

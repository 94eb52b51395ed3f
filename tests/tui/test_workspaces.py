"""Workspaces in the app: the default queue of a multi-workspace account, the column, the status bar, the
switcher (queue v menu and palette), the CLI's choice, and an account with one workspace unchanged."""

from __future__ import annotations

from fstui.sandbox.app import create_app
from fstui.tui import workspace_scope
from fstui.tui.screens.picker import PickerScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.widgets.status_bar import StatusBar
from tests.tui.harness import FROZEN_EPOCH, make_app, quiet_config, wait_for


def sandbox(workspaces: bool = True):
    return create_app(seed=1, tickets=150, clock=lambda: FROZEN_EPOCH, workspaces=workspaces)


def queue_ready(app) -> bool:
    return isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids)


def column_keys(app) -> list[str]:
    return [key for key, *_ in app.screen.columns]


def status_text(app) -> str:
    return app.screen.query_one(StatusBar).render().plain


async def test_multi_workspace_account_shows_every_workspace_with_a_column():
    app = make_app(sandbox(), config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        assert app.screen.view.workspace_id == 0 and "workspace" in column_keys(app)
        workspaces = {app.screen.tickets[i].workspace_id for i in app.screen.shown_ids}
        assert {2, 3} <= workspaces
        assert "All workspaces" in status_text(app) and "outbox 0" in status_text(app)
        # the v menu's switcher: narrow to HR
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.press(*"workspace", "enter")  # the view picker is long enough to have a filter
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen) and "Show the tickets of" in
                       app.screen.title_text)
        await pilot.press("down", "down", "enter")  # All, IT, [HR]
        await wait_for(pilot, lambda: queue_ready(app) and app.screen.view.workspace_id == 3)
        await wait_for(pilot, lambda: all(app.screen.tickets[i].workspace_id == 3 for i in app.screen.shown_ids))
        assert "workspace" not in column_keys(app)
        assert "| HR" in status_text(app) and "All workspaces" not in status_text(app)
        # another view keeps the workspace; the palette's command goes back to all
        await pilot.press("o")
        await wait_for(pilot, lambda: app.screen.view.order_type == "asc")
        assert app.screen.view.workspace_id == 3
        workspace_scope.set_scope(app, 0)
        await wait_for(pilot, lambda: queue_ready(app) and app.screen.view.workspace_id == 0)
        assert app.service.workspace_scope == 0 and "All workspaces" in status_text(app)


async def test_the_command_line_choice_of_workspace():
    app = make_app(sandbox(), config=quiet_config(), workspace="Facilities")
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        assert app.screen.view.workspace_id == 4
        assert {app.screen.tickets[i].workspace_id for i in app.screen.shown_ids} == {4}
        assert "Facilities" in status_text(app)


async def test_palette_offers_every_workspace():
    from fstui.tui.commands import GoToProvider

    app = make_app(sandbox(), config=quiet_config())
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        provider = GoToProvider(app.screen)
        await provider.startup()
        names = [text for text, _command, _help in provider.entries if text.startswith("Workspace:")]
        assert names == ["Workspace: All workspaces", "Workspace: IT", "Workspace: HR", "Workspace: Facilities"]
        mine = next(command for text, command, _help in provider.entries if text == "Queue: Assigned to me")
        mine()  # the signed-in agent from GET /agents/me
        await wait_for(pilot, lambda: queue_ready(app) and app.screen.view.kind == "query")
        assert app.screen.view.query == f"agent_id:{app.me.id}" and app.screen.view.workspace_id == 0


async def test_an_account_with_one_workspace_looks_as_before():
    app = make_app(sandbox(workspaces=False), config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        assert app.screen.view.workspace_id is None and "workspace" not in column_keys(app)
        assert app.status_info.workspace == "" and "workspace" not in status_text(app).lower()
        assert not workspace_scope.several(app)


def test_department_location_names_and_their_placeholders():
    from types import SimpleNamespace

    from fstui.tui import org_names

    names = {1: "Sales"}
    service = SimpleNamespace(department_name=names.get, location_name={11: "London HQ"}.get,
                              workspace_name={3: "HR"}.get)
    assert org_names.department(service, 1) == "Sales"
    assert org_names.department(service, 2) == "#2"  # not cached yet: the id until the list arrives
    assert org_names.departments(service, [1, 2]) == "Sales, #2" and org_names.departments(service, []) == "-"
    assert org_names.location(service, 11) == "London HQ" and org_names.location(service, None) is None
    app = SimpleNamespace(service=service)
    ticket = SimpleNamespace(department_id=1, workspace_id=3)
    assert [(label, value.plain) for label, value in org_names.org_fields(app, ticket)] == [("Department", "Sales")]


async def test_a_requester_beyond_the_loaded_pages_is_found_by_name():
    from textual.widgets import Input

    from fstui.tui.screens.requesters import RequestersScreen

    asgi = sandbox()
    store = asgi.state.sandbox.store
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await pilot.press("4")
        await wait_for(pilot, lambda: isinstance(app.screen, RequestersScreen) and app.screen.table.row_count > 0)
        screen = app.screen
        loaded = {p.id for p in screen.visible()}
        target = next(r for r in sorted(store.requesters.values(), key=lambda r: r["created_at"], reverse=True)
                      if r["id"] not in loaded and r["last_name"] and r["last_name"].isalpha())
        await pilot.press("slash")
        screen.query_one("#browse-search", Input).value = target["primary_email"][:12]
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.server_results is not None and
                       target["id"] in {p.id for p in screen.server_results})
        assert str(target["id"]) in screen.by_key


async def test_a_ticket_of_another_workspace_shows_its_own_fields_by_label():
    """An HR ticket opened from the all-workspaces queue: HR's own field by HR's label ("HR case type",
    read from HR's form fields once), never its API name, and HR's group by name."""
    from tests.tui.test_server_truth import header, open_ticket

    asgi = sandbox()
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        hr = next(app.screen.tickets[i] for i in app.screen.shown_ids if app.screen.tickets[i].workspace_id == 3)
        value = asgi.state.sandbox.store.tickets[hr.id]["custom_fields"]["hr_case_type"]
        await open_ticket(pilot, app, hr.id)
        await wait_for(pilot, lambda: f"HR case type: {value}" in header(app))
        assert "hr_case_type" not in header(app)
        assert "Group: HR " in header(app)
        by_endpoint = asgi.state.sandbox.stats()["by_endpoint"]
        assert by_endpoint["GET /api/v2/ticket_form_fields"] == 2  # the primary's, then HR's once


def test_a_message_author_is_named_from_the_caches_requester_first():
    """A requester's message is named from the requesters' names without touching the agents' look-up
    (a miss there reads the whole agents list again: 1 credit for nothing); an agent's by the agents list."""
    from types import SimpleNamespace

    from fstui.tui.people import author_name

    asked: list[int] = []

    def agent_name(user_id):
        asked.append(user_id)
        return {7: "Ada Agent"}.get(user_id)

    service = SimpleNamespace(requester_name={5: "Rosa Requester"}.get, agent_name=agent_name)
    assert author_name(service, 5) == "Rosa Requester" and asked == []
    assert author_name(service, 7) == "Ada Agent" and asked == [7]
    assert author_name(service, 9) is None and author_name(service, None) is None


async def test_the_assets_screen_follows_a_workspace_switch():
    """Assets listed for All, then HR chosen (no assets: said so, by name), then Facilities: the list is read
    again for the workspace the status bar shows when the screen comes back."""
    from fstui.tui.screens.assets import AssetsScreen

    asgi = sandbox()
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: queue_ready(app))
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, AssetsScreen) and app.screen.table.row_count > 0)
        screen = app.screen
        assert 2 in {a.workspace_id for a in screen.assets.values()}  # all: the first page is IT's newest
        for scope, expected in ((3, set()), (4, {4}), (0, {2})):
            workspace_scope.set_scope(app, scope)
            await wait_for(pilot, lambda: queue_ready(app))
            await pilot.press("2")
            await wait_for(pilot, lambda: app.screen is screen and screen.loaded_scope == scope
                           and not any(w.is_running for w in app.workers if w.group == "assets-load"))
            assert {a.workspace_id for a in screen.assets.values()} == expected
        workspace_scope.set_scope(app, 3)
        await wait_for(pilot, lambda: queue_ready(app))
        await pilot.press("2")
        await wait_for(pilot, lambda: app.screen is screen and screen.loaded_scope == 3 and not screen.assets)
        await wait_for(pilot, lambda: "No assets in HR." in str(screen.query_one("#browse-empty").render()))
        assert screen.header_text().plain.startswith("Assets  HR  ")  # the breaker saw "AssetsHR"


def test_requester_custom_fields_show_as_the_portal_shows_them():
    """QA of issue 12: a requester's checkbox showed as "VIP  False"; it is yes/no as on tickets, a dropdown
    by its label, each field by the requester fields' label."""
    from fstui.api.models import Requester, RequesterField
    from fstui.sandbox.seed import _requester_fields
    from fstui.tui.screens.requesters import RequesterDetailScreen

    fields = [RequesterField.model_validate(f) for f in _requester_fields()]
    requester = Requester(id=5, first_name="Rosa", custom_fields={"vip": False, "employee_id": "E-7",
                                                                 "cost_center": "CC-200", "unknown_one": None})
    rows = dict(RequesterDetailScreen(requester)._custom(fields))
    assert rows["VIP"] == "no" and rows["Employee ID"] == "E-7" and rows["Cost center"] == "CC-200"
    assert rows["Unknown one"] == "-"
    requester.custom_fields["vip"] = True
    assert dict(RequesterDetailScreen(requester)._custom(fields))["VIP"] == "yes"

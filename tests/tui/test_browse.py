"""Browse screens (assets, agents, requesters, groups/roles): Pilot flows and snapshots at 80x24 and 120x40.

They run on an in-memory stand-in for the DataService (tests/tui/browse_support.py): fixed data that
includes hostile strings, a frozen clock, no network.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from browse_support import HOSTILE, BrowseHarness, FakeService  # noqa: E402

from fstui.tui.screens.agents import AgentDetailScreen, AgentsScreen  # noqa: E402
from fstui.tui.screens.assets import (  # noqa: E402
    AssetDetailScreen,
    AssetFilterScreen,
    AssetsScreen,
    QueryError,
    build_asset_query,
)
from fstui.tui.screens.groups import GroupDetailScreen, GroupsScreen, RoleDetailScreen  # noqa: E402
from fstui.tui.screens.requesters import RequesterDetailScreen, RequestersScreen  # noqa: E402

SIZES = [(80, 24), (120, 40)]


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


# --------------------------------------------------------------------------- the asset query language


def test_asset_query_builder():
    assert build_asset_query({"asset_state": "IN STOCK", "created_at": ">2018-08-10"}) == (
        "asset_state:'IN STOCK' AND created_at:>'2018-08-10'"
    )
    assert build_asset_query({"user_id": "null", "agent_id": "3, 4"}, "OR") == (
        "user_id:null OR (agent_id:3 OR agent_id:4)"
    )
    assert build_asset_query({"updated_at": "2025-01-01..2025-02-01"}) == (
        "(updated_at:>'2025-01-01' AND updated_at:<'2025-02-01')"
    )
    assert build_asset_query({"ci_type_id": "<30"}) == "ci_type_id:<30"
    assert build_asset_query({}) == ""


@pytest.mark.parametrize(
    "conditions, message",
    [
        ({"user_id": "bob"}, "number"),
        ({"created_at": "yesterday"}, "YYYY-MM-DD"),
        ({"name": "it's"}, "quotes"),
        ({"name": ",".join(["x" * 20] * 30)}, "512"),
    ],
)
def test_asset_query_refusals(conditions, message):
    with pytest.raises(QueryError, match=message):
        build_asset_query(conditions)


# --------------------------------------------------------------------------- assets


async def test_assets_order_trash_filter_and_detail():
    service = FakeService()
    app = BrowseHarness(AssetsScreen, service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert ("assets", ("created_at", "desc", False, 1)) in service.calls
        await pilot.press("o")
        await settle(pilot)
        assert ("assets", ("updated_at", "desc", False, 1)) in service.calls
        await pilot.press("d")
        await settle(pilot)
        assert ("assets", ("updated_at", "asc", False, 1)) in service.calls
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert ("assets", ("updated_at", "asc", False, 2)) in service.calls
        await pilot.press("t")
        await settle(pilot)
        assert "TRASH" in screen_text(app) and "No assets here." in screen_text(app)
        await pilot.press("t")
        await settle(pilot)

        # the filter builder: a field, live query preview, apply
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, AssetFilterScreen)
        await pilot.press(*"IN STOCK")
        await pilot.pause()
        assert "asset_state:'IN STOCK'" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AssetsScreen)
        assert ("filter_assets", ("asset_state:'IN STOCK'", 1)) in service.calls
        assert "matches" in screen_text(app)

        # detail: type_fields only now (costly include), user resolved, jump to the user's tickets
        assert not any(c[0] == "asset" for c in service.calls)
        if app.screen.table.selection_lost:  # the filter dropped the asset under the cursor
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, AssetsScreen)  # nothing selected: enter opens nothing
            await pilot.press("j")  # the first move selects
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AssetDetailScreen)
        assert any(c == ("asset", (app.screen.asset.display_id, True)) for c in service.calls)
        text = screen_text(app)
        assert "ThinkPad X1" in text and "Serial number" in text
        await pilot.press("u")
        await settle(pilot)
        kind, view = app.opened[-1]
        assert kind == "queue" and view.kind == "requester" and view.email.endswith("@example.com")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AssetsScreen)


async def test_filtered_assets_stop_at_page_40():
    app = BrowseHarness(AssetsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.state.query = "user_id:null"
        screen.state.page = 40
        screen.state.has_next = True
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert not any(c[0] == "filter_assets" for c in app.service.calls)


# --------------------------------------------------------------------------- agents


async def test_agents_name_search_is_local_email_asks_server():
    service = FakeService()
    app = BrowseHarness(AgentsScreen, service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.table
        assert table.row_count == 4
        await pilot.press("slash", *"grace")
        await settle(pilot)
        assert table.row_count == 1 and not any(c[0] == "find_agents" for c in service.calls)
        await pilot.press("ctrl+a", "ctrl+k", *"ada@example.com", "enter")
        await settle(pilot)
        assert ("find_agents", {"email": "ada@example.com"}) in service.calls
        assert table.row_count == 1 and "server lookup" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert app.opened[-1][1].query == "agent_id:1"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AgentDetailScreen)
        text = screen_text(app)
        assert "Service Desk, Linux Support" in text and "Account Admin" in text
        assert "Grace Hopper" in text  # manager resolved
        assert "Restricted Access" in text


async def test_agents_fulltime_occasional_filter():
    app = BrowseHarness(AgentsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.table.row_count == 2
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.table.row_count == 2
        assert "occasional" in screen_text(app)


# --------------------------------------------------------------------------- requesters


async def test_requesters_paging_lookup_and_detail():
    service = FakeService()
    app = BrowseHarness(RequestersScreen, service)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.table.row_count == 3
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.table.row_count == 4
        await pilot.press("slash", *"62442", "enter")
        await settle(pilot)
        assert ("find_requesters", {"work_phone_number": "62442"}) in service.calls
        assert app.screen.table.row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RequesterDetailScreen)
        text = screen_text(app)
        assert "Ron Weasley" in text and "Harry Potter" in text  # manager
        assert "Hogsmeade permission" in text  # custom field label from requester_fields
        await pilot.press("t")
        await pilot.pause()
        assert app.opened[-1][1].email == "ron@example.com"


# --------------------------------------------------------------------------- groups and roles


async def test_groups_and_roles():
    app = BrowseHarness(GroupsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Grace Hopper" in screen_text(app)  # escalation resolved
        await pilot.press("G", "enter")
        await settle(pilot)
        assert isinstance(app.screen, GroupDetailScreen)
        assert "Ada Lovelace" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert app.opened[-1][1].query == "group_id:10"
        await pilot.press("escape", "v")
        await settle(pilot)
        assert "Roles" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RoleDetailScreen)


# --------------------------------------------------------------------------- hostile text


@pytest.mark.parametrize("factory, keys", [
    (AgentsScreen, ("enter",)), (GroupsScreen, ("enter",)), (AssetsScreen, ()),
])
async def test_hostile_names_shown_literally(factory, keys):
    app = BrowseHarness(factory)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        text = screen_text(app)
        assert "[bold]Evil[/bold]" in text
        assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text
        assert app.is_running  # the [@click=app.quit] in the data did nothing


# --------------------------------------------------------------------------- snapshots


async def _settled(pilot) -> None:
    await settle(pilot)


def _snap(snap_compare, factory, size, press=()):
    app = BrowseHarness(factory)

    async def run_before(pilot):
        await settle(pilot)
        for key in press:
            await pilot.press(key)
            await settle(pilot)

    return snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_snapshot_assets(snap_compare, size):
    assert _snap(snap_compare, AssetsScreen, size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_snapshot_asset_detail(snap_compare, size):
    assert _snap(snap_compare, AssetsScreen, size, ("enter",))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_snapshot_asset_filter(snap_compare, size):
    assert _snap(snap_compare, AssetsScreen, size, ("f", *"IN USE", "tab", "tab", "tab", "tab", "null"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_snapshot_agents(snap_compare, size):
    assert _snap(snap_compare, AgentsScreen, size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_snapshot_agent_detail(snap_compare, size):
    assert _snap(snap_compare, AgentsScreen, size, ("j", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_snapshot_requesters(snap_compare, size):
    assert _snap(snap_compare, RequestersScreen, size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_snapshot_requester_detail(snap_compare, size):
    assert _snap(snap_compare, RequestersScreen, size, ("enter",))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_snapshot_groups(snap_compare, size):
    assert _snap(snap_compare, GroupsScreen, size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_snapshot_roles(snap_compare, size):
    assert _snap(snap_compare, GroupsScreen, size, ("v",))


@pytest.mark.parametrize("screen", [AssetsScreen, AgentsScreen, RequestersScreen, GroupsScreen],
                         ids=["assets", "agents", "requesters", "groups"])
def test_snapshot_no_color(snap_compare, monkeypatch, screen):
    """Without colour the cursor row, the status bar and the key bar still read."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert _snap(snap_compare, screen, (80, 24))

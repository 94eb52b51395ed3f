"""snap_compare of every main screen at 80x24 and 120x40, and with NO_COLOR (frozen clock, fixed seed)."""

from __future__ import annotations

import pytest

from tests.tui.snapshot_scenes import SCENES, scene_app

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
def test_screen(snap_compare, scene, size):
    assert snap_compare(scene_app(), terminal_size=size, run_before=SCENES[scene])


@pytest.mark.parametrize("scene", ["queue", "ticket", "thread"])
def test_screen_no_color(snap_compare, monkeypatch, scene):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(scene_app(), terminal_size=(80, 24), run_before=SCENES[scene])


def test_queue_preview_160x50(snap_compare):
    """The preview pane beside the queue on a wide terminal (at 120x40 it is in the queue scene)."""
    assert snap_compare(scene_app(), terminal_size=(160, 50), run_before=SCENES["queue"])


def test_queue_light_theme(snap_compare):
    """fstui's own light theme, with the preview (120x40)."""
    app = scene_app()
    app.cli_theme = "fstui-light"
    assert snap_compare(app, terminal_size=(120, 40), run_before=SCENES["queue"])


SAVED_VIEWS = """\
[[views]]
name = "Open, SLA first"
query = "status:2"
sort = "sla"
columns = ["status", "priority", "subject", "due"]

[[views]]
name = "Urgent"
query = "priority:4"
"""


def test_saved_view_sla_first(snap_compare, isolated_dirs):
    """A saved view from the config file: its tab (with its count), its columns, rows in SLA order."""
    from tests.tui.harness import wait_for

    config = isolated_dirs / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text(SAVED_VIEWS)

    async def run_before(pilot):
        await SCENES["queue"](pilot)
        queue = pilot.app.screen
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: queue.saved is not None and queue.shown_ids)
        await SCENES["queue"](pilot)

    assert snap_compare(scene_app(), terminal_size=(120, 40), run_before=run_before)


def test_refresh_marks(snap_compare):
    """After a live refresh: a ticket new (*) and one changed by another agent (•), counted."""
    import httpx

    from fstui.sandbox import DEMO_API_KEY
    from tests.tui.harness import FROZEN_EPOCH, wait_for

    app = scene_app()

    async def run_before(pilot):
        await SCENES["queue"](pilot)
        queue = pilot.app.screen
        service = pilot.app.service
        service.sync.cursor = service.sync.session_start = FROZEN_EPOCH - 5
        asgi = pilot.app.sandbox_asgi
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://sandbox",
                                     auth=(DEMO_API_KEY, "X")) as other_agent:
            await other_agent.put(f"/api/v2/tickets/{queue.shown_ids[3]}", json={"priority": 4})
            await other_agent.post("/api/v2/tickets", json={
                "subject": "Printer on fire", "description": "smoke", "email": "someone@customer.example",
                "priority": 3, "status": 2})
        await service.sync_now()
        await wait_for(pilot, lambda: "changed (" in pilot.app.export_screenshot().replace("&#160;", " "))
        await SCENES["queue"](pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_keymap_override_in_footer_and_help(snap_compare, isolated_dirs):
    """[keys] from the config: the footer and ? help show the keys in use (o opens, ctrl+o orders)."""
    from fstui.tui.screens.help import HelpScreen
    from tests.tui.harness import wait_for

    config = isolated_dirs / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('[keys]\n"queue.open" = "o"\n"queue.toggle_order" = "ctrl+o"\n')

    async def run_before(pilot):
        await SCENES["queue"](pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))

    assert snap_compare(scene_app(), terminal_size=(100, 30), run_before=run_before)

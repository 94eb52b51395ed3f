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

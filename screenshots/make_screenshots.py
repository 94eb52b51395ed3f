"""Write SVGs of the main screens, from the same scenes the snapshot tests check.

    .venv/bin/python screenshots/make_screenshots.py      (from the repo root)
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.tui.snapshot_scenes import SCENES, scene_app  # noqa: E402

SIZES = [(80, 24), (120, 40)]


EXTRA = [("queue", (160, 50), None, "queue-preview-160x50"), ("queue", (120, 40), "fstui-light", "queue-light-120x40")]
"""(scene, size, theme, file name): the preview pane on a wide terminal, and the light theme."""


async def shoot(name: str, size: tuple[int, int], theme: str | None = None, stem: str | None = None) -> Path:
    app = scene_app()
    app.cli_theme = theme
    path = ROOT / "screenshots" / f"{stem or name + f'-{size[0]}x{size[1]}'}.svg"
    async with app.run_test(size=size) as pilot:
        await SCENES[name](pilot)
        app.save_screenshot(filename=path.name, path=str(path.parent))
    return path


def main() -> int:
    import os
    import tempfile

    for variable in ("FSTUI_CONFIG_DIR", "FSTUI_CACHE_DIR", "FSTUI_DATA_DIR"):  # never the user's own files
        os.environ[variable] = tempfile.mkdtemp(prefix="fstui-shots-")
    os.environ["TEXTUAL_CURSOR_BLINK"] = "0"
    for name in SCENES:
        for size in SIZES:
            print(asyncio.run(shoot(name, size)).relative_to(ROOT))
    for name, size, theme, stem in EXTRA:
        print(asyncio.run(shoot(name, size, theme, stem)).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

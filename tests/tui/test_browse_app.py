"""The browse sections inside the real app, on the real DataService and the in-process sandbox."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from harness import make_app, make_sandbox, wait_for  # noqa: E402

from fstui.tui.screens.agents import AgentsScreen  # noqa: E402
from fstui.tui.screens.assets import AssetDetailScreen, AssetsScreen  # noqa: E402
from fstui.tui.screens.groups import GroupsScreen  # noqa: E402
from fstui.tui.screens.requesters import RequestersScreen  # noqa: E402


async def test_sections_two_to_five_on_the_sandbox():
    app = make_app(make_sandbox(tickets=60))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.service is not None and app.current_mode == "section-1")
        for key, cls in (("2", AssetsScreen), ("3", AgentsScreen), ("4", RequestersScreen), ("5", GroupsScreen)):
            await pilot.press(key)
            await wait_for(pilot, lambda: isinstance(app.screen, cls) and app.screen.table.row_count > 0)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, AssetsScreen))
        app.screen.table.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AssetDetailScreen))
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()

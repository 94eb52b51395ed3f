"""The status bar at 80 columns while rate limited: it drops its least important parts first, never the
outbox count, and a cut shows … (issue 11, section 7)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from fstui.tui.widgets.status_bar import StatusBar, StatusInfo


class Budget:
    remaining, total, last_cost = 0, 5000, 1

    def retry_after_remaining(self) -> float:
        return 42.0


class BarApp(App):
    def __init__(self, info: StatusInfo) -> None:
        super().__init__()
        self.status_info = info

    def compose(self) -> ComposeResult:
        yield StatusBar()


async def _shown(info: StatusInfo, width: int) -> str:
    app = BarApp(info)
    async with app.run_test(size=(width, 3)) as pilot:
        await pilot.pause()
        return app.query_one(StatusBar).render().plain


async def test_rate_limited_at_80_columns_keeps_the_outbox_count_and_the_countdown():
    info = StatusInfo(account="acme-international-holdings.freshservice.com", agent="Ximena Bianchi-Okafor",
                      budget=Budget(), online=True, outbox_pending=0, outbox_failed=2, message="syncing")
    shown = await _shown(info, 80)
    assert len(shown) <= 80
    assert shown.rstrip().endswith("outbox 0 (2 failed)")
    assert "retry in 42s" in shown or "limited 42s" in shown
    assert "syncing" not in shown and "Ximena" not in shown  # the least important went first
    wide = await _shown(info, 200)
    assert "Ximena Bianchi-Okafor" in wide and "rate limited: retry in 42s" in wide and "syncing" in wide


async def test_narrow_status_bar_cuts_the_account_with_an_ellipsis_not_the_outbox():
    info = StatusInfo(account="acme-international-holdings.freshservice.com", budget=Budget(), online=False,
                      outbox_pending=3, outbox_failed=1, read_only=True)
    shown = await _shown(info, 60)
    assert len(shown) <= 60 and shown.rstrip().endswith("outbox 3 (1 failed)")
    assert "\u2026" in shown and "OFFLINE" in shown and "READ-ONLY" in shown and "42s" in shown


async def test_rate_limited_at_120_columns_still_says_who_and_which_workspace():
    """QA of issue 12: with a rate limit, a held-back outbox and the live refresh paused, the line at 120
    columns dropped the agent and the workspace to keep "refresh paused" and the account's whole URL."""
    info = StatusInfo(account="http://127.0.0.1:8791", agent="Demo Agent", budget=Budget(), online=True,
                      outbox_pending=1, workspace="All workspaces", live="refresh paused")
    shown = await _shown(info, 120)
    assert len(shown) <= 120
    assert shown.startswith(" 127.0.0.1:8791 ") and "Demo Agent" in shown and "All workspaces" in shown
    assert "retry in 42s" in shown and "outbox 1" in shown
    assert (await _shown(StatusInfo(account="https://acme.freshservice.com/"), 80)).startswith(" acme ")


async def test_offline_at_80_columns_keeps_who_you_are_before_the_word_budget():
    """brk §10: at 80 columns OFFLINE pushed the agent's name out while "budget" was still spelt out."""

    class Plenty(Budget):
        remaining = 4700

        def retry_after_remaining(self) -> float:
            return 0.0

    info = StatusInfo(account="http://127.0.0.1:18765", agent="Demo Agent", budget=Plenty(), online=False,
                      outbox_pending=0, outbox_failed=1, workspace="All workspaces")
    shown = await _shown(info, 80)
    assert len(shown) <= 80 and "Demo Agent" in shown and "OFFLINE" in shown and "4700/5000" in shown
    assert shown.rstrip().endswith("outbox 0 (1 failed)")
    assert "budget 4700/5000" in await _shown(info, 120)  # with room, the word stays

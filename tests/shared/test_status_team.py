"""The status bar says whether the agent is with the team (shared cache) or alone (Redis unreachable)."""

from __future__ import annotations

from types import SimpleNamespace

from textual.app import App, ComposeResult

from fstui.tui.team import team_state
from fstui.tui.widgets.status_bar import StatusBar, StatusInfo


class _Bar(App):
    def __init__(self, info: StatusInfo) -> None:
        super().__init__()
        self.status_info = info

    def compose(self) -> ComposeResult:
        yield StatusBar()


async def _text(info: StatusInfo) -> str:
    app = _Bar(info)
    async with app.run_test(size=(120, 3)):
        return app.query_one(StatusBar).render().plain


async def test_status_bar_shows_the_team_state():
    assert "| team |" in await _text(StatusInfo(account="acme", team="team"))
    assert "| team: local |" in await _text(StatusInfo(account="acme", team="team: local"))
    assert "team" not in await _text(StatusInfo(account="acme"))


def test_team_state_follows_the_backend():
    assert team_state(SimpleNamespace()) == ""
    assert team_state(SimpleNamespace(shared=SimpleNamespace(joined=True))) == "team"
    assert team_state(SimpleNamespace(shared=SimpleNamespace(joined=False))) == "team: local"

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
    assert (await _text(StatusInfo(account="acme", team="team"))).endswith("| outbox 0 | team")
    assert (await _text(StatusInfo(account="acme", team="solo"))).endswith("| outbox 0 | solo")
    assert "team" not in await _text(StatusInfo(account="acme"))


def test_team_state_follows_the_backend():
    assert team_state(SimpleNamespace()) == ""
    assert team_state(SimpleNamespace(shared=SimpleNamespace(joined=True))) == "team"
    assert team_state(SimpleNamespace(shared=SimpleNamespace(joined=False))) == "solo"


class _AskApp(App):
    def __init__(self, team) -> None:
        super().__init__()
        self.team = team
        self.answers: list = []

    def compose(self) -> ComposeResult:
        yield StatusBar()

    def read(self) -> None:
        self.run_worker(self._read(), exit_on_error=False)

    async def _read(self) -> None:
        self.answers.append(await self.team.ask(12.0, 1))


async def test_an_interactive_read_over_the_share_asks_the_agent_first():
    from fstui.tui.screens.confirm_modal import ConfirmScreen
    from fstui.tui.team import install_ask

    team = SimpleNamespace(settings=SimpleNamespace(budget_share=0.5), ask=None)
    app = _AskApp(team)
    async with app.run_test(size=(100, 24)) as pilot:
        install_ask(app, SimpleNamespace(shared=team))
        app.read()
        await pilot.pause(0.1)
        assert isinstance(app.screen, ConfirmScreen)
        assert "(50%)" in str(app.screen.question.plain) and "Read anyway" in app.screen.question.plain
        await pilot.press("n")
        await pilot.pause(0.1)
        assert app.answers == [None]  # not read now
        app.read()
        await pilot.pause(0.1)
        await pilot.press("y")
        await pilot.pause(0.1)
        assert app.answers == [None, True]
        app.read()  # the answer holds for the rest of that wait: no second question
        await pilot.pause(0.1)
        assert not isinstance(app.screen, ConfirmScreen)
        assert app.answers == [None, True, True]

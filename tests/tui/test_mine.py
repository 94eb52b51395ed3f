"""'Mine' (issue 12) on an account that refuses GET /agents/me: the agent with the configured email is who you
are for the palette's "Assigned to me", the {me} and {my_groups} views and the status bar."""

from __future__ import annotations

import pytest

from fstui.tui.commands import GoToProvider
from fstui.tui.screens.queue import TicketQueueScreen

from tests.tui.harness import answer_me_with, make_app, make_sandbox, quiet_config, wait_for


def _ready(app) -> bool:
    return isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids)


@pytest.mark.parametrize("status", [404, 403])
async def test_assigned_to_me_and_my_views_without_agents_me(status):
    asgi = make_sandbox(tickets=60)
    answer_me_with(asgi, status)
    app = make_app(asgi, config=quiet_config())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: _ready(app))
        me = asgi.state.sandbox.store.agents[app.my_id]
        assert me["email"] == "demo.agent@fstui-sandbox.example"
        assert "Demo Agent" in app.status_info.agent
        provider = GoToProvider(app.screen)
        await provider.startup()
        mine = next(command for text, command, _help in provider.entries if text == "Queue: Assigned to me")
        mine()
        await wait_for(pilot, lambda: _ready(app) and app.screen.view.kind == "query")
        assert app.screen.view.query == f"agent_id:{me['id']}"
        queue = app.screen
        by_name = {v.name: v for v in app.saved_views}
        assert queue.queue_view_for(by_name["My open"]).query.startswith(f"agent_id:{me['id']} AND")
        groups = queue.queue_view_for(by_name["Unassigned in my groups"]).query
        assert all(f"group_id:{g}" in groups for g in app.me.member_of)

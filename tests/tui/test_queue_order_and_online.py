"""brk QA §2 and §4 on the queue: `o` re-orders the same list and keeps the / filter (as z and a workspace
switch do); once the connection is back, the list stops claiming to be an "offline copy" (it is read again
once, quietly, or said to be cached when the budget is low) — the info line agrees with the status bar."""

from __future__ import annotations

import httpx

from fstui.tui import back_online
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen
from tests.tui.harness import make_app, make_sandbox, quiet_config, wait_for


def info(app) -> str:
    return str(app.screen.query_one("#queue-info").render())


def ready(app) -> bool:
    screen = app.screen
    return isinstance(screen, TicketQueueScreen) and bool(screen.shown_ids) and not screen.workers


async def test_o_keeps_the_filter_the_agent_typed():
    app = make_app(make_sandbox(), config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        queue = app.screen
        word = queue.tickets[queue.shown_ids[0]].subject.split()[0].lower()
        await pilot.press("slash", *word, "enter")
        await wait_for(pilot, lambda: queue.filter_text == word)
        await pilot.press("o")
        await wait_for(pilot, lambda: queue.view.order_type == "asc" and ready(app))
        assert queue.filter_text == word and queue.query_one("#queue-filter").value == word
        assert f"filter: {word}" in info(app)
        assert queue.shown_ids and all(word in (queue.tickets[t].subject or "").lower() for t in queue.shown_ids)


async def _offline_then_back(pilot, app, url: str, shown) -> None:
    """The connection drops, R shows the offline copy (``shown()``), the connection comes back."""
    httpx.post(f"{url}/_sandbox/faults", json={"drop": 1.0}).raise_for_status()
    await pilot.press("R")
    await wait_for(pilot, lambda: not app.service.core.online and "(offline copy)" in shown())
    await pilot.pause(0.2)
    httpx.post(f"{url}/_sandbox/faults", json={}).raise_for_status()


async def test_back_online_the_queue_reads_its_page_again_and_drops_offline_copy(sandbox_url):
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await _offline_then_back(pilot, app, sandbox_url, lambda: info(app))
        app.service.core.set_online(True)  # what the sync loop's next success says
        await wait_for(pilot, lambda: ready(app) and "shown" in info(app) and "offline copy" not in info(app))
        assert "(cached)" not in info(app)  # read again: the server's page


async def test_back_online_on_a_low_budget_the_copy_is_said_to_be_cached(sandbox_url, monkeypatch):
    monkeypatch.setattr(back_online, "may_reread", lambda app: False)
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await _offline_then_back(pilot, app, sandbox_url, lambda: info(app))
        app.service.core.set_online(True)
        await wait_for(pilot, lambda: "(cached)" in info(app) and "offline copy" not in info(app))


async def test_back_online_the_thread_is_read_again(sandbox_url):
    app = make_app(base_url=sandbox_url, config=quiet_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.conversations_loaded)

        def thread_state() -> str:
            return str(app.screen.query_one("#thread-state").render())

        await _offline_then_back(pilot, app, sandbox_url, thread_state)
        app.service.core.set_online(True)
        await wait_for(pilot, lambda: "offline copy" not in thread_state() and "cached" not in thread_state())

"""The TUI retries a failed load by itself (issue 13 §5): a 500 on the queue's first load, a ticket whose
thread failed to load; at once when the connection is back."""

from __future__ import annotations

from fstui.api import errors as E
from fstui.tui import load_retry
from fstui.tui.app import FstuiApp
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen
from tests.tui.harness import frozen_clock, make_app, make_sandbox, open_service, quiet_config, wait_for


def app_failing(method: str, times: int):
    """The real app whose service's `method` fails `times` times with a server error first."""
    from fstui.config import Profile

    calls = {"n": 0}
    sandbox = make_sandbox()

    async def factory():
        service = await open_service(sandbox, config=quiet_config())
        real = getattr(service, method)

        def failing(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] <= times:
                async def boom():
                    raise E.ServerError(500, "injected")
                    yield  # pragma: no cover
                return boom()
            return real(*args, **kwargs)

        setattr(service, method, failing)
        return service

    return FstuiApp(service_factory=factory, profile=Profile(name="test", demo=True), clock=frozen_clock), calls


async def test_queue_first_load_500_retries_by_itself(monkeypatch):
    monkeypatch.setattr(load_retry, "FIRST_DELAY", 0.2)
    app, calls = app_failing("queue_page", 2)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        assert calls["n"] == 3  # two failures, then the automatic retry loaded it (no R pressed)


async def test_thread_failure_retries_at_once_when_back_online(monkeypatch):
    monkeypatch.setattr(load_retry, "FIRST_DELAY", 60.0)  # only "back online" can bring it back in time
    app, calls = app_failing("conversations", 1)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and calls["n"] >= 1
                       and app.screen.load_retry.waiting)
        assert not app.screen.conversations_loaded
        app.service.core.set_online(False)
        app.service.core.set_online(True)
        await wait_for(pilot, lambda: app.screen.conversations_loaded, timeout=5)


async def test_browse_screen_load_retries_by_itself(monkeypatch):
    from fstui.tui.screens.agents import AgentsScreen

    monkeypatch.setattr(load_retry, "FIRST_DELAY", 0.2)
    app = make_app(make_sandbox(), config=quiet_config())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen))
        real = app.service.agents
        calls = []

        async def failing_once(*args, **kwargs):
            calls.append(1)
            if len(calls) == 1:
                raise E.ServerError(500, "injected")
            return await real(*args, **kwargs)

        app.service.agents = failing_once
        await pilot.press("3")
        await wait_for(pilot, lambda: isinstance(app.screen, AgentsScreen) and app.screen.table.row_count > 0)
        assert len(calls) == 2  # failed once, then loaded by itself (no R pressed)


def test_a_refusal_is_not_retried_by_itself():
    """Breaker of issue 12: a ticket of a workspace the key lacks (403) was asked again every minute, a
    credit each time, for the same answer; a refusal (400/401/403/404/409) waits for R."""
    from fstui.tui.load_retry import LoadRetry, retry_words, will_heal

    scheduled = []

    class Screen:
        def set_timer(self, delay, callback):
            scheduled.append(delay)
            return type("T", (), {"stop": lambda self: None})()

    retry = LoadRetry(Screen(), lambda: None)
    assert retry.failed(E.AccessDenied(403, "Access denied")) is None and not retry.waiting and scheduled == []
    assert retry.failed(E.NotFound(404, "gone")) is None and retry_words(None) == "R tries again."
    delay = retry.failed(E.ServerError(500, "boom"))
    assert delay is not None and retry.waiting and retry_words(delay).startswith("Retrying in ")
    assert will_heal(E.RateLimited(429, "slow down")) and not will_heal(E.ValidationError(400, "bad"))

"""Who the signed-in agent is, for the status bar: GET /agents/me (``DataService.me``), asked again
later when the first ask failed (offline, rate limited at start), so the bar does not stay without a name."""

from __future__ import annotations

from typing import Any

from fstui.tui.text import one_line

RETRY_SECONDS = 15.0
RETRIES = 8


def agent_label(me: Any, service: Any = None, my_id: int | None = None) -> str:
    """``First Last`` of ``me``; else the cached name of the known id; else ""."""
    if me is not None:
        first = one_line(getattr(me, "first_name", "") or "")
        last = one_line(getattr(me, "last_name", "") or "")
        return (first + (" " + last if last else "")).strip()
    name = getattr(service, "agent_name", None)
    if my_id is not None and callable(name):
        try:
            return one_line(name(my_id) or "")
        except Exception:  # noqa: BLE001 - a name is a nicety
            return ""
    return ""


def ask_again_later(app: Any, tries: int = RETRIES) -> None:
    """When ``app.me`` is unknown, ask GET /agents/me again in a while (a few times)."""
    if app.me is not None or tries <= 0:
        return

    async def ask() -> None:
        service = app.service
        if service is None or app.me is not None:
            return
        try:
            app.me = await service.me()
        except Exception:  # noqa: BLE001 - still unknown: ask again later
            app.me = None
        if app.me is None:
            ask_again_later(app, tries - 1)
            return
        app.status_info.agent = agent_label(app.me)
        app.status_signal.publish(app.status_info)

    app.set_timer(RETRY_SECONDS, lambda: app.run_worker(ask(), group="whoami", exit_on_error=False))

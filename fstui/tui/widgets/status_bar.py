"""The always-visible status bar: account, agent, rate budget, Retry-After, online, outbox depth."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget

from fstui.tui.text import one_line


def _utcnow() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


@dataclass
class StatusInfo:
    """What the status bar shows; the app owns one and signals when it changes."""

    account: str = ""  # "DEMO" or the domain; ours, cleaned anyway
    agent: str = ""  # the signed-in agent's name (API text, cleaned here)
    budget: Any = None  # fstui.api.ratelimit.RateBudget (read live: remaining, total, last_cost, retry)
    online: bool = True
    outbox_pending: int = 0
    outbox_failed: int = 0
    read_only: bool = False
    message: str = ""  # a short state like "connecting" (ours)
    extra: dict[str, str] = field(default_factory=dict)


def _budget_parts(budget: Any) -> tuple[str, float]:
    """("budget 4980/5000 cost 1", retry seconds left)."""
    if budget is None:
        return "budget ?", 0.0
    remaining = getattr(budget, "remaining", None)
    total = getattr(budget, "total", None)
    cost = getattr(budget, "last_cost", None)
    text = f"budget {'?' if remaining is None else remaining}/{'?' if total is None else total}"
    if cost is not None:
        text += f" cost {cost}"
    retry = 0.0
    try:
        retry = float(budget.retry_after_remaining())
    except (AttributeError, TypeError, ValueError):
        retry = 0.0
    return text, retry


class StatusBar(Widget):
    """One line at the bottom of every screen (above the Footer)."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        width: 1fr;
        background: $panel;
        color: $text;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._ticker: Timer | None = None

    def on_mount(self) -> None:
        signal = getattr(self.app, "status_signal", None)
        if signal is not None:
            signal.subscribe(self, self._on_status)
        self._sync_ticker()

    def _on_status(self, _info: object = None) -> None:
        self._sync_ticker()
        self.refresh()

    def _info(self) -> StatusInfo:
        return getattr(self.app, "status_info", None) or StatusInfo()

    def _timer(self) -> Any:
        """The agent's running timer: (ticket id, TimeEntry) from the service (fstui.service.work), or None."""
        work = getattr(getattr(self.app, "service", None), "work", None)
        return getattr(work, "timer", None)

    def _sync_ticker(self) -> None:
        _, retry = _budget_parts(self._info().budget)
        ticking = retry > 0 or self._timer() is not None
        if ticking and self._ticker is None:
            self._ticker = self.set_interval(1.0, self._tick)
        elif not ticking and self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    def _tick(self) -> None:
        self._sync_ticker()
        self.refresh()

    def render(self) -> Content:
        info = self._info()
        budget_text, retry = _budget_parts(info.budget)
        parts: list[Content] = [
            Content.styled(f" {one_line(info.account, 40) or '-'} ", "bold reverse"),
        ]
        if info.read_only:
            parts.append(Content.styled(" READ-ONLY", "bold"))
        if info.agent:
            parts.append(Content(" " + one_line(info.agent, 30)))
        timer = self._timer()
        if timer is not None:  # on every screen, with its ticket and elapsed time
            seconds = timer[1].elapsed_seconds(self.app.now() if hasattr(self.app, "now") else _utcnow())
            parts.append(Content.styled(f" | timer #{timer[0]} {seconds // 3600}:{seconds % 3600 // 60:02d}:"
                                        f"{seconds % 60:02d}", "bold $accent"))
        parts.append(Content(" | " + budget_text))
        if retry > 0:
            parts.append(Content.styled(f" | rate limited: retry in {int(retry + 0.999)}s", "bold $warning"))
        parts.append(Content(" | "))
        parts.append(Content.styled("online", "$success") if info.online else Content.styled("OFFLINE", "bold $error"))
        outbox = f" | outbox {info.outbox_pending}"
        parts.append(Content(outbox))
        if info.outbox_failed:
            parts.append(Content.styled(f" ({info.outbox_failed} failed)", "bold $error"))
        if info.message:
            parts.append(Content(" | " + one_line(info.message, 40)))
        return Content("").join(parts)

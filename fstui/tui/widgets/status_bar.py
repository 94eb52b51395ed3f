"""The always-visible status bar: account, agent, rate budget, Retry-After, online, team, outbox depth."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget

from fstui.tui.outbox_wait import wait_text
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
    outbox_wait_until: float | None = None  # epoch seconds: every pending write waits until then (429, backoff)
    read_only: bool = False
    message: str = ""  # a short state like "connecting" (ours)
    workspace: str = ""  # which workspace(s) the queue shows ("" on an account without workspaces)
    team: str = ""  # "" (no shared backend), "team" (joined), "solo" (Redis unreachable; ours)
    live: str = ""  # the live refresh when it is slowed or paused (ours; fstui/tui/live.py)
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
        if wait_text(self._info().outbox_wait_until):  # the outbox's countdown ticks too
            retry = max(retry, 1.0)
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
        return fit_parts(self.parts(), self.size.width or 80)

    def parts(self) -> list[tuple[int, Content, Content | None]]:
        """(importance, text, shorter text or None) in display order; see :func:`fit_parts`."""
        info = self._info()
        budget_text, retry = _budget_parts(info.budget)
        budget, _, cost = budget_text.partition(" cost ")
        account = _short_account(one_line(info.account, 40)) or "-"  # a URL by its host: room for the rest
        parts: list[tuple[int, Content, Content | None]] = [
            (100, Content.styled(f" {account} ", "bold reverse"), None),
        ]
        if info.read_only:
            parts.append((90, Content.styled(" READ-ONLY", "bold"), None))
        if info.agent:  # who you are: kept before the cost, "online" and the workspace (QA of issue 11)
            parts.append((38, Content(" " + one_line(info.agent, 24)), None))
        timer = self._timer()
        if timer is not None:  # on every screen, with its ticket and elapsed time
            seconds = timer[1].elapsed_seconds(self.app.now() if hasattr(self.app, "now") else _utcnow())
            parts.append((70, Content.styled(f" | timer #{timer[0]} {seconds // 3600}:{seconds % 3600 // 60:02d}:"
                                             f"{seconds % 60:02d}", "bold $accent"), None))
        # the word "budget" goes before who you are; the figures stay longer than either
        if budget.startswith("budget "):
            parts.append((37, Content(" | budget"), Content(" |")))
            parts.append((40, Content(" " + budget.removeprefix("budget ")), None))
        else:
            parts.append((40, Content(" | " + budget), None))
        if cost:
            parts.append((20, Content(f" cost {cost}"), None))
        if retry > 0:
            seconds = int(retry + 0.999)
            parts.append((80, Content.styled(f" | rate limited: retry in {seconds}s", "bold $warning"),
                          Content.styled(f" | limited {seconds}s", "bold $warning")))
        if info.online:
            parts.append((30, Content(" | ") + Content.styled("online", "$success"), None))
        else:
            parts.append((85, Content(" | ") + Content.styled("OFFLINE", "bold $error"), None))
        outbox = Content(f" | outbox {info.outbox_pending}")
        waiting = wait_text(info.outbox_wait_until) if info.outbox_pending else ""
        if waiting:  # held back (a 429's Retry-After, kept over a restart): say until when
            outbox += Content.styled(f" ({waiting})", "bold $warning")
        if info.outbox_failed:
            outbox += Content.styled(f" ({info.outbox_failed} failed)", "bold $error")
        parts.append((95, outbox, None))
        if info.workspace:  # after the outbox, and before it goes: pending writes stay visible on a narrow terminal
            parts.append((35, Content(" | " + one_line(info.workspace, 24)), None))
        if info.team:  # after the outbox: on a narrow terminal the pending writes stay in view
            style = "$success" if info.team == "team" else "bold $warning"
            parts.append((60 if info.team == "solo" else 25, Content(" | ") + Content.styled(info.team, style), None))
        if info.live:  # the live refresh slowed or paused: goes before who you are and which workspace
            parts.append((33, Content.styled(" | " + info.live, "bold $warning"), None))
        if info.message:
            parts.append((5, Content(" | " + one_line(info.message, 40)), None))
        return parts


def _short_account(account: str) -> str:
    """The account as the status bar names it: a URL without its scheme, and a Freshservice domain by
    its first label (``https://acme.freshservice.com`` -> ``acme``); a profile's name as it is."""
    host = account.split("://", 1)[1] if "://" in account else account
    host = host.rstrip("/")
    if host.endswith(".freshservice.com"):
        return host.split(".", 1)[0]
    return host


def fit_parts(parts: list[tuple[int, Content, Content | None]], width: int) -> Content:
    """The parts joined, within ``width`` cells: while too wide, the least important part still shown
    takes its shorter form or goes, so the account, read-only, the outbox count and a rate limit's
    countdown stay. Only when those alone are too wide is the line cut, with ``…``."""
    shown = [(importance, text, short) for importance, text, short in parts]
    while sum(text.cell_length for _, text, _ in shown) > width:
        candidates = [i for i, (importance, _, _) in enumerate(shown) if importance < 80 or shown[i][2] is not None]
        if not candidates:
            break
        index = min(candidates, key=lambda i: (shown[i][0], -i))
        importance, text, short = shown[index]
        if short is not None:
            shown[index] = (importance, short, None)
        else:
            del shown[index]
    over = sum(text.cell_length for _, text, _ in shown) - width
    if over > 0 and shown and shown[0][1].cell_length > 4:  # then the account's name is cut
        importance, account, _ = shown[0]
        keep = max(3, account.cell_length - over - 1)
        shown[0] = (importance, account.truncate(keep) + Content.styled("\u2026", "bold reverse"), None)
    line = Content("").join(text for _, text, _ in shown)
    if line.cell_length > width:
        line = line.truncate(max(0, width - 1)) + Content("\u2026")
    return line

"""FstuiApp: a wiring file. Screens live in screens/, widgets in widgets/, the look in styles/*.tcss.

``run(profile)`` is what ``fstui`` (cli.py) calls. ``SECTIONS`` maps the keys 1..5 to the top-level
screens; the browse screens (assets, agents, requesters, groups) register themselves there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.content import Content
from textual.filter import LineFilter
from textual.widgets import Static
from textual.binding import Binding
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import Worker, WorkerState

from fstui.locations import styles_dir
from fstui.tui import errors as error_text
from fstui.tui.format import Clock, system_clock
from fstui.tui.memory import QuietCollector
from fstui.tui.messages import ServiceEvent, ServiceOpened, StatusChanged
from fstui.tui.no_color import without_colour
from fstui.tui.team import install_ask, team_state
from fstui.tui.text import notice as notice_text
from fstui.tui.text import one_line
from fstui.tui.widgets.status_bar import StatusBar, StatusInfo

ScreenFactory = Callable[["FstuiApp"], Screen]


def _tickets_screen(app: "FstuiApp") -> Screen:
    from fstui.service import QueueView
    from fstui.tui.screens.queue import TicketQueueScreen

    return TicketQueueScreen(QueueView(workspace_id=app.workspace_scope))


SECTIONS: dict[str, tuple[str, ScreenFactory]] = {
    "1": ("Tickets", _tickets_screen),
}
"""key -> (title, factory). Engineer E adds "2".."5" (assets, agents, requesters, groups)."""


def register_section(key: str, title: str, factory: ScreenFactory) -> None:
    """Add a top-level screen reachable with ``key`` (and from the command palette)."""
    SECTIONS[key] = (title, factory)


_browse_sections_loaded = False


def _load_browse_sections() -> None:
    """Import E's screens if present; each registers itself (missing modules are simply skipped).

    On first use (a section key, the palette, the [keys] check), not at start-up: the first queue
    frame does not need them (~65 kB of source with fstui/tui/browse.py, compiled and run at each start)."""
    global _browse_sections_loaded
    if _browse_sections_loaded:
        return
    _browse_sections_loaded = True
    import importlib

    for module in ("assets", "agents", "requesters", "groups"):
        try:
            importlib.import_module(f"fstui.tui.screens.{module}")
        except ImportError:
            continue


def sections() -> dict[str, tuple[str, ScreenFactory]]:
    """SECTIONS with the browse screens registered (they are imported here, the first time)."""
    _load_browse_sections()
    return SECTIONS


def _palette_provider(name: str) -> Any:
    """A palette provider class of fstui/tui/commands.py, imported when the palette first opens
    (Textual's COMMANDS takes such loaders)."""
    from fstui.tui import commands

    return getattr(commands, name)


class FstuiApp(App[int]):
    """The help-desk console."""

    TITLE = "fstui"
    CSS_PATH = [styles_dir() / "app.tcss"]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("O", "outbox", "Outbox", show=False, id="app.outbox"),
        *[Binding(key, f"section('{key}')", title, show=False, id=f"app.section_{key}")
          for key, title in zip("12345", ("Tickets", "Assets", "Agents", "Requesters", "Groups and roles"))],
    ]

    def __init__(
        self,
        *,
        service_factory: Callable[[], Awaitable[Any]],
        profile: Any = None,
        clock: Clock | None = None,
        close_service: bool = True,
        profile_service_factory: Callable[[Any], Awaitable[Any]] | None = None,
        workspace: str | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        from fstui.tui.themes import register_themes

        register_themes(self)
        self.cli_theme = theme  # --theme; else the config's [ui] theme (tui/preferences.py)
        #: ``--workspace NAME|ID|all`` (None: the account's default, see tui/workspace_scope.py)
        self.requested_workspace = workspace
        self.workspace_scope: int | None = None
        self.service_factory = service_factory
        self.profile_service_factory = profile_service_factory
        self.profile = profile
        self.clock: Clock = clock or system_clock
        self.close_service = close_service
        self.service: Any = None
        self.me: Any = None
        self.status_info = StatusInfo(
            account=_account_label(profile), read_only=bool(getattr(profile, "read_only", False)),
            message="connecting",
        )
        # --read-only or a read-only profile: the session stays read-only (fstui.tui.read_only)
        self.started_read_only = bool(getattr(profile, "read_only", False))
        self.status_signal: Signal[StatusInfo] = Signal(self, "status")
        self._installed_modes: set[str] = set()
        self._spare_ticket_screen: Screen | None = None  # see open_ticket
        from fstui.settings import load_ui_settings

        self.ui = load_ui_settings()  # [ui] and [keys] of the config file (fstui/settings.py)
        from fstui.tui.live import LiveMarks

        self.live_marks = LiveMarks()  # new/changed tickets since the agent last looked (fstui/tui/live.py)
        self.saved_views: list[Any] = []  # fstui.views.SavedView of the profile (reload_saved_views)
        self.view_counts: dict[str, tuple[int, bool]] = {}  # saved view name -> (tickets, more not loaded)
        self.saved_views_source = ""  # where they come from (fstui.views.ViewsConfig.source; "": the defaults)
        # garbage collection between keys, not while a worker is loading something
        self.memory = QuietCollector(self.set_timer, busy=lambda: any(w.is_running for w in self.workers))
        # E's palette providers (commands.COMMAND_PROVIDERS), loaded when the palette first opens
        self.COMMANDS = set(type(self).COMMANDS) | {partial(_palette_provider, "GoToProvider"),
                                                    partial(_palette_provider, "PeopleProvider")}

    def get_line_filters(self) -> Sequence[LineFilter]:
        filters = super().get_line_filters()
        return without_colour(filters) if self.no_color else filters

    # -- start-up ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(Content(f"Connecting to {self.status_info.account}..."), id="connecting")
        yield StatusBar()

    def on_mount(self) -> None:
        self.memory.start()
        self.reload_saved_views()
        if self.no_color:  # the highlighted choice of a picker or the palette: reversed (no_color.py)
            from fstui.tui.no_color import keep_reverse_in_option_lists

            keep_reverse_in_option_lists()
        from fstui.tui.preferences import apply_preferences

        self.config_problems = apply_preferences(self, self.cli_theme)
        self.open_service()

    @work(exclusive=True, exit_on_error=False, group="service", description="Opening the account")
    async def open_service(self) -> None:
        service = await self.service_factory()
        self.service = service
        service.subscribe(self._service_event)
        try:
            self.me = await service.me()
        except Exception:  # who-am-I is a nicety; the desk works without it
            self.me = None
        from fstui.tui import workspace_scope

        self.workspace_scope = await workspace_scope.prepare(self, service, self.me)
        self.status_info.workspace = workspace_scope.label(self)
        self.post_message(ServiceOpened())

    def switch_profile(self, profile: Any) -> None:
        """Close the current account and open ``profile`` (the palette's "switch account")."""
        if self.profile_service_factory is None:
            self.toast("Switching accounts needs a restart: run fstui --profile NAME.", severity="warning")
            return
        self._switch_profile(profile)

    @work(exclusive=True, exit_on_error=False, group="switch-account", description="Switching account")
    async def _switch_profile(self, profile: Any) -> None:
        from fstui.tui import account_switch

        self.status_info.account = _account_label(profile)
        await account_switch.park(self)  # not "_default": Textual cannot switch back to it
        old, self.service = self.service, None
        self.me = None  # the old account's agent (its name, id and signature) until the new one says
        for mode in list(self._installed_modes):
            await self.remove_mode(mode)
        self._installed_modes.clear()
        if self._spare_ticket_screen is not None:  # it belongs to the old account
            spare, self._spare_ticket_screen = self._spare_ticket_screen, None
            try:
                self.uninstall_screen(spare)
                if spare.is_attached:
                    await spare.remove()
            except Exception:  # noqa: BLE001 - still on a stack: Textual removes it with that stack
                pass
        if old is not None:
            await old.close()
        self.profile = profile
        self.requested_workspace = None  # the command line's choice was for the first account
        self.view_counts = {}
        self.reload_saved_views()
        self.status_info = StatusInfo(
            account=_account_label(profile), read_only=bool(getattr(profile, "read_only", False)),
            message="connecting",
        )
        self.started_read_only = bool(getattr(profile, "read_only", False))
        self.status_signal.publish(self.status_info)
        factory = self.profile_service_factory
        assert factory is not None
        self.service_factory = lambda: factory(profile)
        self.open_service()

    def _service_event(self, event: Any) -> None:
        """Service callback (on the app's loop): becomes a message handled in order."""
        self.post_message(ServiceEvent(event))

    @on(ServiceOpened)
    def _service_opened(self) -> None:
        service = self.service
        info = self.status_info
        info.message = ""
        info.budget = getattr(service, "client_budget", None)
        from fstui.tui import whoami

        info.agent = whoami.agent_label(self.me, service, self.my_id)
        whoami.ask_again_later(self)
        self._refresh_outbox_counts()
        info.team = team_state(service)
        install_ask(self, service)
        for notice in list(getattr(service, "notices", []) or []):
            self.toast(notice_text("{}", notice), title="Notice", timeout=8)
        self._offer_drafts()
        self.status_signal.publish(info)
        from fstui.tui.saved_views import refresh_defaults

        refresh_defaults(self)  # the default views from the account's statuses (cached look-up), if known
        self.switch_section("1")

    def _offer_drafts(self) -> None:
        """Drafts survive a crash or a restart; say so at start (each reopens in its compose screen)."""
        from fstui.tui.drafts import DraftStore, drafts_notice

        try:
            keys = DraftStore(getattr(self.profile, "name", None) or "default").keys()
        except OSError:
            return
        message = drafts_notice(keys)
        if message:
            self.toast(message, title="Drafts", timeout=15)

    def _refresh_outbox_counts(self) -> None:
        outbox = getattr(self.service, "outbox", None)
        if outbox is None:
            return
        from fstui.tui import outbox_wait

        try:
            self.status_info.outbox_pending = outbox.pending_count()
            self.status_info.outbox_failed = outbox.failed_count()
            self.status_info.outbox_wait_until = outbox_wait.send_at(outbox)
        except Exception:
            pass

    @on(ServiceEvent)
    def _on_service_event(self, message: ServiceEvent) -> None:
        event = message.event
        name = type(event).__name__
        info = self.status_info
        if name == "BudgetChanged":  # a server response: its data is frozen once the user pauses
            self.memory.data_arrived()
            info.budget = event.budget
            self._live_state()
            self.post_message(StatusChanged())
        elif name == "OnlineChanged":
            info.online = bool(event.online)
            self.post_message(StatusChanged())
        elif name == "OutboxChanged":
            self.live_marks.wrote(getattr(getattr(event, "entry", None), "ticket_id", None))
            self._refresh_outbox_counts()
            self.post_message(StatusChanged())
        elif name == "TimerChanged":  # the status bar shows the running timer (fstui.service.work)
            self.post_message(StatusChanged())
        elif name == "NoticeAdded":
            self.toast(notice_text("{}", event.message), title="Notice", timeout=8)
        elif name == "SharedChanged":
            info.team = team_state(self.service)
            self.post_message(StatusChanged())
        # Screens get every event too (tickets/conversations/outbox changes).
        for screen in self.screen_stack:
            handler = getattr(screen, "on_service_changed", None)
            if handler is not None:
                handler(event)

    def _live_state(self) -> None:
        """The status bar says when the live refresh is slowed or paused (fstui/tui/live.py)."""
        from fstui.tui.live import live_words

        state = getattr(self.service, "live_state", None)
        if callable(state):
            self.status_info.live = live_words(*state())

    @on(StatusChanged)
    def _publish_status(self) -> None:
        self.status_signal.publish(self.status_info)

    # -- the one place worker failures become notifications or an error screen ----------------------
    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """The app's own workers; screens forward theirs (errors.WorkerErrorsMixin): the message does not bubble."""
        if event.state != WorkerState.ERROR:
            return
        self.report_worker_error(event.worker)

    def report_worker_error(self, worker: Worker) -> None:
        from fstui.tui.screens.error_modal import StartupErrorScreen

        error = worker.error
        refused = any(cls.__name__ == "AuthenticationError" for cls in type(error).__mro__)
        if (worker.group == "service" and self.service is None) or refused:
            # Nothing works without the account: a screen that says what to fix, not a passing toast.
            if not isinstance(self.screen, StartupErrorScreen):
                title, detail = error_text.describe(error, self.profile)
                self.push_screen(StartupErrorScreen(title, detail, error_text.exit_code(error)))
            return
        title, detail = error_text.describe(error, self.profile)
        what = worker.description or "A request"
        self.toast(notice_text("{}: {}", what, detail), title=title, severity="error", timeout=10)

    # -- navigation -----------------------------------------------------------------------------
    def _install_sections(self) -> None:
        for key, (_title, factory) in SECTIONS.items():
            mode = f"section-{key}"
            if mode not in self._installed_modes:
                self.add_mode(mode, lambda factory=factory: self._section_screen(factory))
                self._installed_modes.add(mode)

    def _section_screen(self, factory: ScreenFactory) -> Screen:
        """A section's first screen, made when its mode first opens. It is new, so its styles are the
        stylesheet's as it is now: marked so (Textual 8.2.8 internals: ``Screen._css_update_count``).
        Otherwise Textual re-parses and re-applies the whole stylesheet twice when a mode opens (a
        pushed screen does not get that), ~15 ms of the start-up before the first queue frame."""
        screen = factory(self)
        screen._css_update_count = self._css_update_count
        return screen

    def switch_section(self, key: str) -> None:
        """Show top-level section ``key``; each keeps its own stack (queue -> ticket -> compose)."""
        if key != "1":  # a browse section: the browse screens register themselves on first use
            _load_browse_sections()
        if key not in SECTIONS or self.service is None:
            return
        self._install_sections()
        mode = f"section-{key}"
        if self.current_mode != mode:
            self.switch_mode(mode)

    def load_sections(self) -> None:
        """Register the browse screens now (the [keys] check wants every screen's bindings)."""
        _load_browse_sections()

    def action_section(self, key: str) -> None:
        self.switch_section(key)

    def open_ticket(self, ticket_id: int, ticket: Any = None) -> None:
        """Open a ticket on top of the current stack (the queue, the browse screens and the palette).

        One ticket screen is kept (installed) and reused for the next ticket while it is not on a stack:
        building a screen (compose, CSS, a widget per field) per open cost most of an open's CPU, and
        the discarded screens were what made the garbage collector's full passes frequent."""
        from fstui.tui.screens.ticket import TicketScreen

        screen = self._spare_ticket_screen
        stacks = getattr(self, "_screen_stacks", {}).values()
        if screen is None or any(screen in stack for stack in stacks):
            screen = TicketScreen(int(ticket_id), ticket=ticket)
            if self._spare_ticket_screen is None:
                self._spare_ticket_screen = screen
                self.install_screen(screen, name="fstui-ticket")
        else:
            screen.show_ticket(int(ticket_id), ticket)
        self.push_screen(screen)

    def open_queue(self, view: Any, *, saved: Any = None, reopen: bool = False) -> None:
        """Show the ticket queue with ``view`` (a service QueueView), in the workspaces chosen for the
        session (the queue's set_view scopes every view: tui/workspace_scope.scoped); ``saved``/``reopen``:
        as set_view's (the shown view again, e.g. in another workspace)."""
        screen = self._ticket_queue()
        if screen is not None:
            screen.set_view(view, saved=saved, reopen=reopen)

    def _ticket_queue(self) -> Any:
        """The tickets section's queue, brought to the top: ticket screens open over it are closed (they
        hold no typing; a compose screen or a question stays, and the queue changes under it)."""
        from fstui.tui.screens.queue import TicketQueueScreen
        from fstui.tui.screens.ticket import TicketScreen

        self.switch_section("1")
        stack = list(self.screen_stack)
        queue = next((s for s in stack if isinstance(s, TicketQueueScreen)), None)
        if queue is not None and all(isinstance(s, TicketScreen) for s in stack[stack.index(queue) + 1:]):
            while self.screen is not queue:
                self.pop_screen()
        return queue

    def reload_saved_views(self) -> None:
        """The profile's saved views from the config file (fstui/views.py); problems become toasts."""
        from fstui.tui.saved_views import account_statuses
        from fstui.views import load_views

        config = load_views(getattr(self.profile, "name", None), statuses=account_statuses(self.service))
        self.saved_views = config.views
        self.saved_views_source = config.source
        for problem in config.problems:
            self.toast(notice_text("{}", problem), title="Saved views", severity="warning", timeout=10)

    def open_saved_view(self, saved: Any, *, reopen: bool = False) -> None:
        """Show the ticket queue with the saved view ``saved`` (the palette's "View: ..."; ``reopen``: the
        shown one again, e.g. in another workspace, see the queue's set_view)."""
        screen = self._ticket_queue()
        if screen is not None:
            screen.open_saved_view(saved, reopen=reopen)

    def toast(self, message: str, *, title: str = "", severity: str = "information", timeout: float | None = None) -> None:
        """A notification whose text is shown as is (build it with text.notice for API values)."""
        self.notify(message, title=title, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    def action_outbox(self) -> None:
        """O: the outbox screen (fstui/tui/screens/outbox.py)."""
        from fstui.tui.screens.outbox import OutboxScreen

        if self.service is not None and not isinstance(self.screen, OutboxScreen):
            self.push_screen(OutboxScreen())

    async def action_quit(self) -> None:
        """q: with writes still waiting, say which and that they are sent on next start, and ask."""
        from fstui.tui.quit import confirm_quit

        await confirm_quit(self)

    def action_change_theme(self) -> None:
        """The palette's "Theme": every theme, previewed as the highlight moves (tui/themes.py)."""
        from fstui.tui.themes import ThemePickerScreen

        self.push_screen(ThemePickerScreen())

    def action_help(self) -> None:
        from fstui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))

    async def on_unmount(self) -> None:
        self.memory.stop()
        if self.service is not None and self.close_service:
            try:
                await self.service.close()
            except Exception:
                pass

    # -- memory ---------------------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.memory.key_pressed()
        await super().on_event(event)

    # -- helpers for screens ----------------------------------------------------------------------
    def now(self):
        return self.clock()

    @property
    def my_id(self) -> int | None:
        """Who am I: GET /agents/me's agent (``me``), else what the service knows of it (the outbox's
        ``writes.known_my_id``): one source for the status bar, the notes marked yours and ``e``."""
        known = getattr(self.me, "id", None)
        if known is None:
            writes = getattr(self.service, "writes", None)
            try:
                known = writes.known_my_id() if writes is not None else None
            except Exception:  # noqa: BLE001 - unknown: nothing is "yours" until the server says
                known = None
        return known


def _account_label(profile: Any) -> str:
    if profile is None:
        return "-"
    if getattr(profile, "demo", False):
        return "DEMO"
    return one_line(getattr(profile, "domain", None) or getattr(profile, "url", None) or getattr(profile, "name", "") or "-", 40)


def run(profile: Any, workspace: str | None = None, *, theme: str | None = None) -> int:
    """Run the TUI for ``profile`` (``workspace``: NAME, ID or "all"; ``theme``: --theme); returns the
    process exit code."""

    from fstui.settings import load_ui_settings

    interval = load_ui_settings().refresh_interval  # [ui] refresh_interval: the live refresh, 0 = off

    def service_config() -> Any:
        from fstui.service import ServiceConfig

        return ServiceConfig(sync_interval=interval or 60.0, sync_enabled=interval > 0)

    async def open_service() -> Any:
        from fstui.service import DataService

        return await DataService.open(profile, config=service_config())

    async def open_profile(other: Any) -> Any:
        from fstui.service import DataService

        return await DataService.open(other, config=service_config())

    app = FstuiApp(service_factory=open_service, profile=profile, profile_service_factory=open_profile,
                   workspace=workspace, theme=theme)
    result = app.run()
    return int(result or 0) if app.return_code is None else int(app.return_code or 0)

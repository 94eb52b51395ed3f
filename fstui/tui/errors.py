"""Errors from the service/API layers as (title, what to do) for notifications and the error screen."""

from __future__ import annotations

from typing import Any

from fstui.tui.text import one_line


def _target(profile: Any) -> str:
    if profile is None:
        return "the account"
    return one_line(getattr(profile, "domain", None) or getattr(profile, "url", None) or "the account", 80)


def describe(error: BaseException | None, profile: Any = None) -> tuple[str, str]:
    """A user-facing title and a one-paragraph explanation with what to fix (all cleaned)."""
    if error is None:
        return "Error", "Something went wrong."
    name = type(error).__name__
    names = {cls.__name__ for cls in type(error).__mro__}
    title = one_line(getattr(error, "title", None) or name, 80)
    detail = one_line(str(error), 300)
    if "AuthenticationError" in names:
        return title, (
            f"{_target(profile)} refused the credentials. Set FRESHSERVICE_API_KEY (your API key is under "
            "Profile settings in Freshservice) or fix api_key in the profile (`fstui profiles path`)."
        )
    if "ConfigError" in names:
        return title, f"{detail} Fix --domain/--url or the profile in the config file (`fstui profiles path`)."
    if "ConnectFailed" in names:
        return title, f"Could not connect to {_target(profile)}: {detail}. Check the domain or URL and the network."
    if "OutcomeUnknown" in names:
        return title, f"{detail}. Writes are kept in the outbox and checked before being sent again."
    if "RateLimited" in names:
        wait = getattr(error, "retry_after", None)
        return title, f"The account's API budget is used up; retry in {int(wait or 0)}s." if wait else detail
    if "ReadOnlyError" in names:
        return title, "This profile is read-only: nothing was sent."
    if "AccessDenied" in names:
        return title, f"Your agent role does not allow this. {detail}"
    if "NotFound" in names:
        return title, f"It no longer exists (deleted?). {detail}"
    if "ValidationError" in names:
        parts = [
            f"{one_line(getattr(e, 'field', None) or 'request')}: {one_line(getattr(e, 'message', ''))}"
            for e in getattr(error, "errors", None) or []
        ]
        return title, "; ".join(parts) or detail
    if name == "OfflineError":
        return title, "The server cannot be reached and nothing is cached yet."
    return title, detail or name


#: the CLI's exit codes (fstui.cli.ExitCode) for an account that could not be opened, by error class name
_EXIT_CODES = (("AuthenticationError", 3), ("AccessDenied", 3), ("ConfigError", 2), ("NotFound", 4),
               ("RateLimited", 6), ("ServerError", 7), ("TransportError", 7), ("OfflineError", 7))


def exit_code(error: BaseException | None) -> int:
    """The process exit code after "fstui could not open the account" (the CLI's code for the error)."""
    names = {cls.__name__ for cls in type(error).__mro__} if error is not None else set()
    return next((code for name, code in _EXIT_CODES if name in names), 1)


class WorkerErrorsMixin:
    """For screens: Worker.StateChanged does not bubble, so a screen's failed worker would otherwise be
    silent. Failures go to the app's one reporter (a notification with what to fix), then to the screen's
    ``worker_failed(worker)`` hook, which shows the failure where the data was expected."""

    def on_worker_state_changed(self, event: Any) -> None:
        if getattr(event.state, "name", "") != "ERROR" or event.worker.error is None:
            return
        report = getattr(self.app, "report_worker_error", None)  # type: ignore[attr-defined]
        if report is not None:
            report(event.worker)
        hook = getattr(self, "worker_failed", None)
        if hook is not None:
            hook(event.worker)

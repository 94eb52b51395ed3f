"""A failed load tries again by itself (issue 13 §5): after 2, 4, 8 … up to 60 s (with jitter), and at once
when the service says the connection is back. R still retries now. Screens own one per kind of load."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any


def will_heal(error: BaseException) -> bool:
    """Whether the same read may succeed later: not when the server refused the request itself (400, 401,
    403, 404, 405, 406, 409: no access to that workspace, a deleted ticket…); each retry would spend a
    credit for the same answer. Timeouts, 5xx, 429 and a lost connection heal."""
    from fstui.api import errors

    return not isinstance(error, (errors.ValidationError, errors.AuthenticationError, errors.AccessDenied,
                                  errors.NotFound, errors.MethodNotAllowed, errors.NotAcceptable,
                                  errors.Conflict))


def retry_words(delay: float | None) -> str:
    """What a screen says after a failed load: when it tries again by itself, or that R does."""
    return f"Retrying in {delay:.0f}s (R now)." if delay is not None else "R tries again."


#: seconds before the first automatic retry (doubling up to CAP)
FIRST_DELAY = 2.0
CAP = 60.0


class LoadRetry:
    """Schedules `retry` on `screen`'s timers after a failure; `succeeded()` resets the backoff."""

    def __init__(self, screen: Any, retry: Callable[[], None], *, base: float | None = None,
                 cap: float | None = None) -> None:
        self.screen = screen
        self.retry = retry
        self.base = FIRST_DELAY if base is None else base
        self.cap = CAP if cap is None else cap
        self.failures = 0
        self._timer: Any = None

    @property
    def waiting(self) -> bool:
        return self._timer is not None

    def failed(self, error: BaseException | None = None) -> float | None:
        """A load failed: schedule the next try; returns its delay in seconds. None (nothing scheduled)
        when ``error`` is a refusal that trying again will not change (see :func:`will_heal`)."""
        self.cancel()
        if error is not None and not will_heal(error):
            return None
        self.failures += 1
        delay = min(self.cap, self.base * 2 ** (self.failures - 1)) * random.uniform(0.8, 1.2)
        self._timer = self.screen.set_timer(delay, self._fire)
        return delay

    def succeeded(self) -> None:
        self.cancel()
        self.failures = 0

    def online(self) -> None:
        """The connection is back: a waiting retry goes now."""
        if self._timer is not None:
            self.cancel()
            self.retry()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _fire(self) -> None:
        self._timer = None
        self.retry()

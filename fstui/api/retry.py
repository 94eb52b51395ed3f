"""Reads recover by themselves: an idempotent request (GET) that met a 5xx or a dropped/refused connection
is sent again a few times, with exponential backoff and full jitter, within the rate budget.

- What is retried: reads only (writes go through the outbox, which looks before it resends); HTTP 500,
  502, 503, 504; a dropped connection; a refused connection. Not a read timeout (it already waited the
  whole read timeout; the caller decides).
- How long: ``attempts`` more tries (default 3), waiting ``base * 2**n`` seconds (0.5, 1, 2), each drawn
  uniformly from [0, that] ("full jitter", so many clients do not come back at once), or the server's
  Retry-After when it sends one (honoured when it is under ``max_wait``).
- The rate budget: no retry when less than ``reserve`` of it is left (the answer says so instead).
- Then say so: the error's message ends with "(tried N times)".
"""

from __future__ import annotations

import random
from dataclasses import dataclass

RETRY_STATUSES = frozenset({500, 502, 503, 504})


@dataclass
class ReadRetry:
    """The retry policy of reads (see the module doc). ``attempts=0`` turns it off."""

    attempts: int = 3
    base: float = 0.5
    max_wait: float = 30.0
    #: no retry while less than this fraction of the rate budget is left
    reserve: float = 0.05

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds before retry number `retry` (1-based)."""
        if retry_after is not None and 0 <= retry_after <= self.max_wait:
            return retry_after
        return random.uniform(0, min(self.max_wait, self.base * 2 ** (retry - 1)))

    def allowed(self, retry: int, budget_fraction: float | None) -> bool:
        """Whether retry number `retry` may be sent (attempts left, budget above the reserve)."""
        if retry > self.attempts:
            return False
        return budget_fraction is None or budget_fraction > self.reserve


def say_tried(exc: BaseException, tries: int) -> BaseException:
    """Add "(tried N times)" to the error's message (N > 1)."""
    if tries > 1 and exc.args and isinstance(exc.args[0], str) and "(tried" not in exc.args[0]:
        exc.args = (f"{exc.args[0]} (tried {tries} times)", *exc.args[1:])
    exc.tries = tries  # type: ignore[attr-defined]
    return exc

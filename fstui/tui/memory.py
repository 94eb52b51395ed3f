"""Garbage collection in the pauses between keys, not during them.

A generational collection walks every container object that survived since its generation was last
collected. With a desk's tickets, queue rows and Textual's render caches that cost 1.5-3 ms (the
middle generation, after a page of tickets or a scroll) and 300-600 ms (a full collection at 10k
tickets), landing on whatever key was being handled. So the app does that work when the user is not
typing:

- QUIET seconds after a key, a server response or a page of rows (once no key has come since), the
  young generations are collected and everything still alive is frozen (`gc.freeze`): later
  collections skip it. What the key press then allocates is all a collection has to walk. Not while
  `busy()` (a worker is loading something): what it holds then is mostly garbage soon, and frozen
  garbage in cycles waits for the thaw (loading 10k tickets froze ~98k such objects; ~10k with this).
- After FULL_AFTER quiet seconds, one full collection of what is not frozen, then freeze again.
- Frozen objects are still freed by reference counting when they are dropped; only cyclic garbage
  among them waits for the thaw: one full collection of everything, after THAW_AFTER quiet seconds
  (the user is away), so that what was frozen and has since died in cycles does not pile up. The thaw
  is the one long pass left (~0.35 s with 10k tickets loaded).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

SetTimer = Callable[[float, Callable[[], None]], Any]


class _AfterQuiet:
    """Runs `callback` once no input has come for `seconds` (one timer at a time, re-armed as needed)."""

    def __init__(self, owner: "QuietCollector", seconds: float, callback: Callable[[], None]) -> None:
        self.owner = owner
        self.seconds = seconds
        self.callback = callback
        self.timer: Any = None

    def arm(self) -> None:
        if self.timer is None:
            self.timer = self.owner.set_timer(self.seconds, self._check)

    def _check(self) -> None:
        self.timer = None
        quiet = self.owner.clock() - self.owner.last_input
        if quiet < self.seconds:
            self.timer = self.owner.set_timer(self.seconds - quiet, self._check)
            return
        self.callback()


class QuietCollector:
    QUIET = 0.02
    FULL_AFTER = 2.0
    THAW_AFTER = 60.0
    YOUNG_THRESHOLD = 10_000

    def __init__(self, set_timer: SetTimer, clock: Callable[[], float] = time.monotonic,
                 busy: Callable[[], bool] = lambda: False) -> None:
        self.set_timer = set_timer
        self.clock = clock
        self.busy = busy
        self.last_input = float("-inf")
        self.freezes = 0
        self.thaws = 0
        self._thresholds: tuple[int, ...] | None = None
        self._young = _AfterQuiet(self, self.QUIET, self._freeze_young)
        self._full = _AfterQuiet(self, self.FULL_AFTER, self._collect_full)
        self._thaw = _AfterQuiet(self, self.THAW_AFTER, self._collect_all)

    def start(self) -> None:
        """Collect young garbage only in the pauses (and when a single key makes a great deal of it)."""
        self._thresholds = gc.get_threshold()
        gc.set_threshold(self.YOUNG_THRESHOLD, *self._thresholds[1:])

    def stop(self) -> None:
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def key_pressed(self) -> None:
        self.last_input = self.clock()
        self._young.arm()

    def data_arrived(self) -> None:
        """Something that may stay was just made (a server response, a page of rows)."""
        self._young.arm()

    def _freeze_young(self) -> None:
        if self.busy():  # work in flight: what it holds now is mostly garbage soon; freeze after it
            self._young.arm()
            return
        gc.collect(1)
        gc.freeze()
        self.freezes += 1
        self._full.arm()

    def _collect_full(self) -> None:
        gc.collect()
        gc.freeze()
        self._thaw.arm()

    def _collect_all(self) -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.thaws += 1

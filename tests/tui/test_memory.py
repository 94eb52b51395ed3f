"""Garbage collection waits for the pauses between keys (fstui.tui.memory.QuietCollector)."""

from __future__ import annotations

import gc
import weakref

import pytest

from fstui.tui.memory import QuietCollector


class Timers:
    """set_timer for the collector: timers fire only when the test says so."""

    def __init__(self) -> None:
        self.pending: list[tuple[float, object]] = []

    def __call__(self, delay, callback):
        self.pending.append((delay, callback))
        return object()

    def fire(self) -> float:
        delay, callback = self.pending.pop(0)
        callback()
        return delay


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def collector():
    gc.unfreeze()
    timers, clock = Timers(), Clock()
    yield QuietCollector(timers, clock), timers, clock
    gc.unfreeze()


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_nothing_is_collected_while_keys_keep_coming(collector):
    memory, timers, clock = collector
    memory.key_pressed()
    memory.key_pressed()
    memory.data_arrived()
    assert len(timers.pending) == 1  # one timer, however much happens
    memory.key_pressed()
    clock.now += memory.QUIET / 2  # the timer fires, but a key came within the quiet time
    assert timers.fire() == memory.QUIET
    assert memory.freezes == 0
    assert timers.pending[0][0] == pytest.approx(memory.QUIET / 2)  # waits the rest, from that key


def test_a_pause_freezes_what_is_alive(collector):
    memory, timers, clock = collector
    kept = Cycle()
    memory.key_pressed()
    clock.now += 1
    timers.fire()
    assert memory.freezes == 1
    assert gc.get_freeze_count() > 0
    assert not any(o is kept for o in gc.get_objects())  # frozen: collections no longer walk it
    assert timers.pending[0][0] == memory.FULL_AFTER  # a full collection once the pause lasts


def test_no_freeze_while_work_is_in_flight():
    """What a loading worker holds is garbage soon: frozen now, it would wait for the thaw."""
    gc.unfreeze()
    timers, clock, busy = Timers(), Clock(), [True]
    memory = QuietCollector(timers, clock, busy=lambda: busy[0])
    try:
        memory.data_arrived()
        clock.now += 1
        timers.fire()
        assert memory.freezes == 0 and len(timers.pending) == 1  # waits for the work to finish
        busy[0] = False
        clock.now += 1
        timers.fire()
        assert memory.freezes == 1
    finally:
        gc.unfreeze()


def test_young_garbage_is_collected_before_the_freeze(collector):
    memory, timers, clock = collector
    dead = weakref.ref(Cycle())  # a cycle nothing refers to
    memory.data_arrived()
    clock.now += 1
    timers.fire()
    assert dead() is None


def test_frozen_cycles_are_freed_by_the_thaw_after_a_long_pause(collector):
    memory, timers, clock = collector
    held = Cycle()
    ref = weakref.ref(held)
    memory.key_pressed()
    clock.now += 1
    timers.fire()  # frozen while alive
    del held  # now cyclic garbage among the frozen objects
    clock.now += memory.FULL_AFTER
    timers.fire()  # the full collection skips frozen objects
    assert ref() is not None
    assert timers.pending[0][0] == memory.THAW_AFTER
    clock.now += memory.THAW_AFTER / 2
    memory.key_pressed()  # the user came back: no thaw now (a full pass over everything takes long)
    clock.now += memory.THAW_AFTER / 2
    timers.fire()
    assert memory.thaws == 0 and ref() is not None
    clock.now += memory.THAW_AFTER
    timers.pending = [p for p in timers.pending if p[0] != memory.QUIET]
    timers.fire()
    assert memory.thaws == 1
    assert ref() is None


def test_young_collections_wait_for_the_pause_and_the_thresholds_come_back(collector):
    memory, _timers, _clock = collector
    before = gc.get_threshold()
    memory.start()
    try:
        assert gc.get_threshold()[0] == memory.YOUNG_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
    finally:
        memory.stop()
    assert gc.get_threshold() == before


async def test_the_app_collects_in_the_pauses_between_keys(sandbox_url):
    from tests.tui.harness import make_app, wait_for

    before = gc.get_threshold()
    app = make_app(base_url=sandbox_url)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: bool(getattr(app.screen, "shown_ids", None)))
            assert gc.get_threshold()[0] == QuietCollector.YOUNG_THRESHOLD
            freezes = app.memory.freezes
            await pilot.press("j")
            await wait_for(pilot, lambda: app.memory.freezes > freezes)
        assert gc.get_threshold() == before
    finally:
        gc.unfreeze()

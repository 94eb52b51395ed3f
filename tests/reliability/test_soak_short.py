"""The short soak of the default run: 8 writes, 2 processes, a kill -9 (the victim replaced), 35% faults."""

from __future__ import annotations

from tests.reliability.soak import SoakSpec, run_soak


def test_parallel_processes_faults_and_kills_lose_and_duplicate_nothing(sandbox_url):
    got = run_soak(sandbox_url, SoakSpec())
    assert got["faults"] > 0 and got["killed"] >= 1
    assert got["on_server"] == got["writes"] and got["lost"] == 0, got  # every write, killed or not
    assert got["duplicated"] == 0 and got["left_in_outbox"] == 0, got

"""The short soak of the default run: 16 writes, 3 processes, 2 of them killed -9, 35% faults."""

from __future__ import annotations

from tests.reliability.soak import SoakSpec, run_soak


def test_parallel_processes_faults_and_kills_lose_and_duplicate_nothing(sandbox_url):
    got = run_soak(sandbox_url, SoakSpec())
    assert got["faults"] > 0 and got["killed"] >= 1
    assert got["lost"] == 0 and got["duplicated"] == 0 and got["left_in_outbox"] == 0, got

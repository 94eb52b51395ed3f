"""Server restart mid-session (short version): nothing lost, nothing twice, reads recover by themselves."""

from __future__ import annotations

from tests.reliability.restart import restart_session


async def test_server_restart_mid_session():
    got = await restart_session(down_seconds=1.0, writes=3)
    assert got["delivered"] == got["writes"] == 3 and got["duplicated"] == 0, got
    assert got["stale_read_during_outage"] and got["fresh_read_after"], got

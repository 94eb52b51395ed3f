"""Kill: a process SIGKILLed while its write is in flight; the next start delivers it exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

from fstui.service.outbox import Outbox
from fstui.service.store import account_slug
from tests.service.conftest import collect

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from fstui.api.client import FreshserviceClient
    from fstui.config import Profile
    from fstui.sandbox import DEMO_API_KEY
    from fstui.service import ServiceConfig
    from fstui.service.factory import open_service

    url, ticket_id, body = sys.argv[1], int(sys.argv[2]), sys.argv[3]

    async def main():
        client = FreshserviceClient(url, api_key=DEMO_API_KEY, timeout=30)
        config = ServiceConfig(sync_enabled=False)
        profile = Profile(name="killtest", url=url, api_key=DEMO_API_KEY)
        service = await open_service(profile, config=config, client=client)
        service.reply(ticket_id, body)
        print("queued", flush=True)
        await asyncio.sleep(60)

    asyncio.run(main())
    """
)


def count_on_server(url: str, ticket_id: int, body: str) -> int:
    from fstui.sandbox import DEMO_API_KEY

    r = httpx.get(f"{url}/api/v2/tickets/{ticket_id}/conversations", params={"per_page": 100},
                  auth=(DEMO_API_KEY, "X"), timeout=10)
    r.raise_for_status()
    return sum(1 for c in r.json()["conversations"] if (c.get("body_text") or c.get("body") or "").strip() == body)


def wait_for_sending(outbox_dir: Path, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if outbox_dir.exists():
            ob = Outbox(outbox_dir)
            try:
                entries = ob.entries()
            finally:
                ob.store.close()
            if entries and entries[0].state == "sending":
                return entries[0]
        time.sleep(0.05)
    raise AssertionError("the child never started sending")


@pytest.mark.parametrize("applied_before_kill", [True, False], ids=["applied", "not-yet-applied"])
async def test_killed_mid_send_is_delivered_exactly_once(sandbox_url, control, make_service, tmp_path,
                                                         applied_before_kill):
    from fstui.locations import data_dir

    ticket_id = 1990
    body = f"kill test reply ({'applied' if applied_before_kill else 'in flight'})"
    if applied_before_kill:
        # the server applies the write, then holds the answer: we die not knowing
        control.faults(timeout_after_apply=1.0, timeout_seconds=3)
    else:
        # the server is still working on it when we die (and applies it 1 s later)
        control.faults(slow=1.0, slow_seconds=1.0)
    child = subprocess.Popen([sys.executable, "-c", CHILD, sandbox_url, str(ticket_id), body],
                             env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        from fstui.api.client import normalize_base_url

        outbox_dir = data_dir() / account_slug("killtest", normalize_base_url(url=sandbox_url)) / "outbox"
        wait_for_sending(outbox_dir)
        if applied_before_kill:
            deadline = time.monotonic() + 10
            while count_on_server(sandbox_url, ticket_id, body) == 0:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        else:
            time.sleep(0.2)
            assert control.stats()["by_status"].get("201", 0) == 0  # not applied yet
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    control.faults()
    # restart: the entry is found in "sending", owned by a dead process
    service = await make_service(profile_name="killtest", reconcile_grace=1.5)
    [entry] = service.outbox.entries()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 15
    while loop.time() < deadline:
        entry = service.outbox.get(entry.id)
        if entry.state == "sent":
            break
        await asyncio.sleep(0.05)
    assert entry.state == "sent", entry
    # the restarted process looked first: found it (no second POST), or saw it absent and sent it
    # (the sandbox drops a request whose client has gone before it read the body)
    assert entry.confirmed_by == ("found" if applied_before_kill else "sent")
    assert control.stats()["by_status"].get("201", 0) == 1
    assert count_on_server(sandbox_url, ticket_id, body) == 1
    # and the cached thread has it, without another fetch
    calls = service.stats.api_calls
    [thread] = await collect(service.conversations(ticket_id))
    assert sum(1 for c in thread.value if (c.body_text or "").strip() == body) == 1
    assert service.stats.api_calls == calls

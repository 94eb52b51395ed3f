"""N replies and notes from parallel processes on one outbox, under injected faults, with kill -9 at random
moments; then the outbox is drained and the server counted: every write that reached the outbox is on the
server exactly once (lost 0, duplicated 0).

Each child process opens the account, queues its share of the writes one after the other and waits for
them (as `fstui reply` does). Children are SIGKILLed at random moments and replaced by a new process that
carries on with the same share (skipping what is already in the outbox), so every write is eventually
queued: all N must be on the server exactly once. Entries of killed processes are delivered by whoever
holds the lease next, and finally by a drain.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx

CHILD = textwrap.dedent(
    """
    import asyncio, json, sys
    from fstui.api.client import FreshserviceClient
    from fstui.config import Profile
    from fstui.sandbox import DEMO_API_KEY
    from fstui.service import ServiceConfig
    from fstui.service.factory import open_service

    url, spec = sys.argv[1], json.loads(sys.argv[2])

    async def main():
        client = FreshserviceClient(url, api_key=DEMO_API_KEY, timeout=spec["timeout"])
        config = ServiceConfig(sync_enabled=False, prefetch_cursor=False, prefetch_next_page=False,
                               outbox_backoff_base=0.05, outbox_backoff_max=0.5,
                               reconcile_grace=spec["grace"], landing_window=spec["landing"],
                               outbox_lease_seconds=spec["lease"])
        profile = Profile(name="soak", url=url, api_key=DEMO_API_KEY)
        service = await open_service(profile, config=config, client=client)
        # a replacement of a killed process: what its predecessor already queued is in the outbox (found by
        # the body's hash, which receipts keep too) and must not be queued again
        from fstui.service.writes import body_fingerprint
        done = {e.body_sha256 for e in service.outbox.entries()}
        for kind, ticket, body in spec["writes"]:
            if body_fingerprint(body) in done:
                continue
            entry = service.reply(ticket, body) if kind == "reply" else service.note(ticket, body)
            print(json.dumps({"queued": body}), flush=True)
            while service.outbox.get(entry.id).state in ("pending", "sending"):
                await asyncio.sleep(0.05)
        await service.close()

    asyncio.run(main())
    """
)


@dataclass
class SoakSpec:
    writes: int = 8
    processes: int = 2
    kills: int = 1
    fault_rate: float = 0.35
    timeout: float = 0.5       # the client's read timeout
    held: float = 0.8          # timeout_after_apply: the answer is held this long (> timeout)
    landing: float = 1.5       # the landing window (> held)
    seed: int = 13
    tickets: tuple[int, ...] = (1990, 1991, 1992, 1993)


def _faults(spec: SoakSpec) -> dict[str, Any]:
    share = spec.fault_rate / 5
    return {"rate_429": share, "rate_500": share, "drop": share, "slow": share * 0.5,
            "timeout_after_apply": share * 1.5, "seed": spec.seed, "retry_after": 0, "slow_seconds": 0.1,
            "timeout_seconds": spec.held}


def server_bodies(url: str, tickets: tuple[int, ...], marker: str) -> Counter[str]:
    from fstui.sandbox import DEMO_API_KEY

    found: Counter[str] = Counter()
    with httpx.Client(auth=(DEMO_API_KEY, "X"), timeout=10) as http:
        for tid in tickets:
            r = http.get(f"{url}/api/v2/tickets/{tid}/conversations", params={"per_page": 100})
            r.raise_for_status()
            for conv in r.json()["conversations"]:
                text = (conv.get("body_text") or conv.get("body") or "").strip()
                if marker in text:
                    found[text] += 1
    return found


def control(url: str, path: str, body: dict) -> None:
    httpx.post(f"{url}/_sandbox/{path}", json=body, timeout=5).raise_for_status()


async def drain(url: str, spec: SoakSpec, timeout: float = 60.0) -> dict[str, int]:
    """Open the account once more (faults off) and deliver whatever is left; counts by state."""
    from fstui.api.client import FreshserviceClient
    from fstui.config import Profile
    from fstui.sandbox import DEMO_API_KEY
    from fstui.service import ServiceConfig
    from fstui.service.factory import open_service

    client = FreshserviceClient(url, api_key=DEMO_API_KEY, timeout=spec.timeout * 4)
    config = ServiceConfig(sync_enabled=False, prefetch_cursor=False, prefetch_next_page=False,
                           outbox_backoff_base=0.05, outbox_backoff_max=0.5, reconcile_grace=spec.held + 0.2,
                           landing_window=spec.landing, outbox_lease_seconds=5.0)
    service = await open_service(Profile(name="soak", url=url, api_key=DEMO_API_KEY), config=config, client=client)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not any(e.is_open for e in service.outbox.entries(include_sent=False)):
                break
            service.outbox.wake()
            await asyncio.sleep(0.1)
        return dict(Counter(e.state for e in service.outbox.entries()))
    finally:
        await service.close()


def run_soak(url: str, spec: SoakSpec, label: str = "soak") -> dict[str, Any]:
    """Run one soak against the sandbox at `url`; returns the figures (lost and duplicated must be 0)."""
    rng = random.Random(spec.seed)
    marker = f"{label}-{spec.seed}-{int(time.time() * 1000)}"
    writes = [("reply" if i % 2 == 0 else "note", spec.tickets[i % len(spec.tickets)], f"{marker} message {i}")
              for i in range(spec.writes)]
    shares = [writes[i::spec.processes] for i in range(spec.processes)]
    control(url, "faults", _faults(spec))
    started = time.monotonic()
    child_spec = {"timeout": spec.timeout, "grace": spec.held + 0.2, "landing": spec.landing, "lease": 5.0}

    def spawn(share: list) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-c", CHILD, url, json.dumps({**child_spec, "writes": share})],
                                env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                text=True)

    running = [(spawn(share), share) for share in shares]
    killed = 0
    # kill -9 at random moments; the victim's share goes on in a new process
    while killed < spec.kills:
        time.sleep(rng.uniform(0.3, 1.5))
        alive = [i for i, (child, _) in enumerate(running) if child.poll() is None]
        if not alive:
            break
        index = rng.choice(alive)
        child, share = running[index]
        child.send_signal(signal.SIGKILL)
        child.wait()
        killed += 1
        running[index] = (spawn(share), share)
    for child, _ in running:
        try:
            child.wait(timeout=300)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    stats = httpx.get(f"{url}/_sandbox/stats", timeout=5).json()
    control(url, "faults", {})
    states = asyncio.run(drain(url, spec))
    found = server_bodies(url, spec.tickets, marker)
    lost = sorted(b for _, _, b in writes if found[b] == 0)
    duplicated = sorted(b for b, n in found.items() if n > 1)
    return {"writes": spec.writes, "processes": spec.processes, "killed": killed,
            "on_server": len(found), "lost": len(lost), "duplicated": len(duplicated),
            "left_in_outbox": sum(n for s, n in states.items() if s != "sent"),
            "faults": sum((stats.get("faults") or {}).values()), "seconds": time.monotonic() - started,
            "lost_bodies": lost[:3], "duplicated_bodies": duplicated[:3]}

"""Soak: 200 replies and notes through 30% injected faults -> each exactly once on the server."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from fstui.service import QueueView
from tests.service.conftest import collect


async def test_soak_exactly_once(make_service, control, sandbox_url):
    from fstui.sandbox import DEMO_API_KEY

    service = await make_service(timeout=0.3, reconcile_grace=0.35)
    [page] = await collect(service.queue_page(QueueView(), 1))
    tickets = [t.id for t in page.value.tickets[:10]]
    control.faults(rate_429=0.06, rate_500=0.06, drop=0.06, slow=0.04, timeout_after_apply=0.08, seed=7,
                   retry_after=0, slow_seconds=0.05, timeout_seconds=0.5)
    entries = []
    for i in range(200):
        tid = tickets[i % len(tickets)]
        body = f"soak message {i} for #{tid}"
        entries.append(service.reply(tid, body) if i % 2 == 0 else service.note(tid, body, private=i % 4 == 1))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while loop.time() < deadline:
        states = Counter(service.outbox.get(e.id).state for e in entries)
        if states["sent"] + states["failed"] == len(entries):
            break
        await asyncio.sleep(0.1)
    stats = control.stats()
    control.faults()
    states = Counter(service.outbox.get(e.id).state for e in entries)
    assert states == {"sent": 200}, (states, [service.outbox.get(e.id).error for e in entries
                                              if service.outbox.get(e.id).state != "sent"][:5])
    # the faults really happened
    assert sum(stats.get("faults", {}).values()) if isinstance(stats.get("faults"), dict) else True
    confirmed = Counter(service.outbox.get(e.id).confirmed_by for e in entries)
    assert confirmed["found"] > 0  # some timeouts-after-apply were found, not resent
    # the server has every message exactly once
    found: Counter[str] = Counter()
    async with httpx.AsyncClient(auth=(DEMO_API_KEY, "X"), timeout=10) as http:
        for tid in tickets:
            r = await http.get(f"{sandbox_url}/api/v2/tickets/{tid}/conversations", params={"per_page": 100})
            r.raise_for_status()
            for conv in r.json()["conversations"]:
                text = conv.get("body_text") or conv.get("body") or ""
                if "soak message" in text:
                    found[text.strip()] += 1
    expected = {f"soak message {i} for #{tickets[i % len(tickets)]}" for i in range(200)}
    assert set(found) == expected
    assert all(n == 1 for n in found.values()), [k for k, n in found.items() if n > 1]

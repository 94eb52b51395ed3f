"""The triage session of the benchmark issue, in credits: close to the lower bound of distinct reads + writes."""

from __future__ import annotations

import asyncio

from fstui.service import QueueView
from tests.service.conftest import collect


async def wait_all_sent(service, entries, timeout=10.0):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if all(service.outbox.get(e.id).state == "sent" for e in entries):
            return
        await asyncio.sleep(0.02)
    raise AssertionError([service.outbox.get(e.id) for e in entries if service.outbox.get(e.id).state != "sent"])


async def test_triage_session_credits(make_service, control):
    service = await make_service(cursor_debounce=0.02)
    base = control.stats()["credits"]
    view = QueueView()
    await collect(service.queue_page(view, 1))              # open queue
    service.queue_shown(view, 1)
    [page3] = (await collect(service.queue_page(view, 3)))[-1:]  # jump to page 3
    service.queue_shown(view, 3)
    ids = [t.id for t in page3.value.tickets]
    opened = ids[:20]
    await service.me()                                       # the app asks who we are at start
    for i, tid in enumerate(opened):                         # open 20 tickets with full threads
        service.cursor_on(ids[i:i + 3])
        await asyncio.sleep(0.05)                            # the cursor rests a moment
        await collect(service.ticket(tid))
        await collect(service.conversations(tid))
    await asyncio.sleep(0.1)
    writes = []
    for tid in opened[:5]:
        writes.append(service.reply(tid, f"reply to {tid}"))
    for tid in opened[5:10]:
        writes.append(service.note(tid, f"note on {tid}"))
    for tid in opened[10:15]:
        writes.append(service.update_ticket(tid, {"status": 3}))
    await wait_all_sent(service, writes)
    for tid in opened[:10]:                                  # reopen 10
        await collect(service.ticket(tid))
        threads = await collect(service.conversations(tid))
        assert threads[-1].fresh
    await collect(service.queue_page(view, 3, force=True))   # refresh the queue
    await asyncio.sleep(0.1)
    used = control.stats()["credits"] - base
    # two queue lists with the requester embedded (1 + 2 credits each: the queue shows requester names),
    # 20 threads, 15 writes, and me() (the agents list, which also names every agent)
    lower_bound = 2 * 3 + 20 + 15 + 1
    print("credits used", used, "lower bound", lower_bound, service.stats)
    assert used <= lower_bound * 1.15, (used, service.stats)
    # replies and notes show up in the reopened threads without refetching them
    [thread] = await collect(service.conversations(opened[0]))
    assert any("reply to" in (c.body_text or c.body or "") for c in thread.value)

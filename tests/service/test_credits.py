"""The triage session of the benchmark issue, in credits: close to the lower bound of distinct reads + writes.

The session as the queue screen drives it: open the default queue, walk the cursor down to row 60 (the
"3rd page" of 30), open 20 tickets in order and read each whole thread, reply to 5, note on 5, change
status on 5, open again 10 of them, return to the queue and refresh. The hints are the screen's:
`cursor_on(rows under the cursor)` on every move and `queue_cursor(view, last page, rows below)`.
"""

from __future__ import annotations

import asyncio
import math

from fstui.service import QueueView
from tests.service.conftest import collect

START_ROW = 60
OPENS = 20
REOPENS = 10


async def wait_all_sent(service, entries, timeout=10.0):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if all(service.outbox.get(e.id).state == "sent" for e in entries):
            return
        await asyncio.sleep(0.02)
    raise AssertionError([service.outbox.get(e.id) for e in entries if service.outbox.get(e.id).state != "sent"])


def lower_bound(rows_needed: int, per_page: int, threads: int, writes: int) -> int:
    """Distinct reads the session needs + writes:
    - the queue rows the cursor reaches, 100 per list call, each with the requester embedded (1 + 2: the
      queue shows requester names);
    - the refresh: one updated_since list call (1; every changed ticket's requester is already known);
    - one thread read per distinct ticket opened (each thread here is under 100 conversations);
    - the agents list (who am I, and the agent column) and the groups list (the group column);
    - the writes."""
    lists = math.ceil(rows_needed / per_page) * 3
    return lists + 1 + threads + 2 + writes


async def test_triage_session_credits(make_service, control):
    service = await make_service(cursor_debounce=0.02)
    base = control.stats()["credits"]
    view = QueueView()
    [page] = (await collect(service.queue_page(view, 1)))[-1:]  # open the queue
    service.queue_shown(view, 1)
    await service.me()                                       # the app asks who we are at start
    await service.groups()                                   # and names the group column
    ids = [t.id for t in page.value.tickets]
    per_page = len(ids)
    assert per_page == 100 and page.value.has_next

    def move_to(row: int) -> None:                           # what the queue screen tells the service
        service.cursor_on(ids[row:row + 3])
        service.queue_cursor(view, 1, len(ids) - 1 - row)

    for row in range(START_ROW + 1):                         # walk down to row 60, one row at a time
        move_to(row)
    opened = ids[START_ROW:START_ROW + OPENS]
    writes = []
    for i, tid in enumerate(opened):                         # open 20 tickets in order, whole threads
        move_to(START_ROW + i)
        await asyncio.sleep(0.05)                            # the cursor rests a moment
        await collect(service.ticket(tid))
        await collect(service.conversations(tid))
        if i < 5:
            writes.append(service.reply(tid, f"reply to {tid}"))
        elif i < 10:
            writes.append(service.note(tid, f"note on {tid}"))
        elif i < 15:
            writes.append(service.update_ticket(tid, {"status": 3}))
    move_to(START_ROW + OPENS)                               # back to the queue, one row down
    await wait_all_sent(service, writes)
    for row in range(START_ROW + OPENS, START_ROW - 1, -1):  # back up to row 60
        move_to(row)
    for i, tid in enumerate(opened[:REOPENS]):               # open again 10 of them
        move_to(START_ROW + i)
        await asyncio.sleep(0.05)
        await collect(service.ticket(tid))
        threads = await collect(service.conversations(tid))
        assert threads[-1].fresh
    move_to(START_ROW + REOPENS)
    async for cached in service.queue_page(view, 1, force=True):  # refresh the queue
        pass
    assert cached.fresh
    await asyncio.sleep(0.2)                                 # whatever prefetch still does is counted
    used = control.stats()["credits"] - base
    bound = lower_bound(START_ROW + OPENS + 1, per_page, len(set(opened)), len(writes))
    assert bound == 3 + 1 + 20 + 2 + 15
    print("credits used", used, "lower bound", bound, service.stats)
    assert used <= bound * 1.15, (used, bound, service.stats)
    assert service.stats.extra.get("queue_refresh_incremental") == 1
    # replies and notes show up in the reopened threads without refetching them
    [thread] = await collect(service.conversations(opened[0]))
    assert any("reply to" in (c.body_text or c.body or "") for c in thread.value)

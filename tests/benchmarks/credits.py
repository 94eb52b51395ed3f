"""Credits for the standard triage session: fstui (real app, Pilot, production ServiceConfig) vs a naive
client vs the lower bound, all against the same in-process sandbox, read from GET /_sandbox/stats.

The session: open the default queue, move to the 3rd page, open 20 tickets in order and read each whole
conversation, reply to 5, add a private note to 5, change status on 5, open again 10 of the tickets already
read, return to the queue and refresh.

Naive client (same run, sandbox reset first): no cache, no prefetch; list pages 1-3 (with the requester
embedded, like fstui's, since the queue shows requester names); on every open
GET /tickets/[id]?include=conversations plus the full conversation list (default 30 per page, all pages);
the 15 writes; refresh = list page 1 again.

Lower bound: the distinct reads the session needs + writes =
  the queue rows the cursor reaches (rows 0..80: it walks to row 60 and opens rows 60..79, then steps
  one row down), listed 100 per call (the reference's maximum), each call 3 credits (1 + 2 for
  include=requester: the queue shows names) -> 1 call
  + the refresh: one updated_since list call, 1 credit (no include: every changed ticket's requester is
  already known; nothing needs listing again)
  + one thread read per distinct ticket opened (ceil(conversations/100), at least 1)
  + 1 agents list (who am I, and the agent column's names) + 1 groups list (the group column's names)
  + 15 writes.
Anything fstui spends above this (ticket fields, prefetch never used, look-ups) counts against it.

The same bound with the reads today's API asks of a multi-workspace account (reported beside it, never
instead of it; README says which targets the first bound sets): + /agents/me (who am I; the agents list
no longer says it) + /workspaces (the workspace column's names) + the primary's form fields (custom
statuses and sources by name) + tags on the list call (+2: the ticket screen and `/` show them) + for each
opened ticket of another workspace with fields of its own, the ticket read whole (the all-workspaces list
drops those fields) and, once per such workspace, its form fields (their labels).
"""

from __future__ import annotations

import math
from typing import Any

from tests.benchmarks.common import (
    BENCH_SIZE,
    asgi_client,
    control,
    make_app,
    make_sandbox,
    queue_screen,
    sandbox_stats,
    wait_for,
    wait_outbox_empty,
    wait_queue,
)

TICKETS = 2000
START_ROW = 60  # first row of the 3rd page in the terms (30 per page)
OPENS = 20
REOPENS = 10
REST = 0.5  # seconds the agent's eyes rest on a row before pressing enter (> the service's 0.4 s debounce)


def _ticket_screen(app: Any):
    from fstui.tui.screens.ticket import TicketScreen

    return app.screen if isinstance(app.screen, TicketScreen) else None


def _idle(app: Any, node: Any) -> bool:
    return all(w.is_finished for w in app.workers if w.node is node)


async def _read_ticket(pilot: Any, app: Any) -> int:
    """Enter on the row, wait until the whole, current conversation is shown, scroll to its end."""
    await pilot.press("enter")
    await wait_for(pilot, lambda: _ticket_screen(app) is not None, what="the ticket screen")
    screen = _ticket_screen(app)
    await wait_for(pilot, lambda: screen.conversations_loaded and screen.ticket is not None and _idle(app, screen),
                   what="the conversation")
    await pilot.press("end")
    return screen.ticket_id


async def _compose(pilot: Any, app: Any, key: str, text: str) -> None:
    from fstui.tui.screens.compose import ComposeScreen
    from textual.widgets import TextArea

    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen), what="compose")
    app.screen.query_one("#body", TextArea).insert(text)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: _ticket_screen(app) is not None, what="back to the ticket")


async def _change_status(pilot: Any, app: Any) -> None:
    from fstui.tui.screens.picker import PickerScreen

    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), what="the status picker")
    await pilot.pause(0.05)
    await pilot.press("down", "enter")
    await wait_for(pilot, lambda: _ticket_screen(app) is not None, what="back to the ticket")


async def _back(pilot: Any, app: Any) -> Any:
    await pilot.press("escape")
    await wait_for(pilot, lambda: queue_screen(app) is not None, what="back to the queue")
    return queue_screen(app)


async def fstui_session(asgi: Any) -> dict[str, Any]:
    app = make_app(asgi)
    opened: list[int] = []
    async with app.run_test(size=BENCH_SIZE) as pilot:
        queue = await wait_queue(pilot, app, 30)
        table = queue.table
        # move to the 3rd page, row by row (paging is invisible: pages load as the cursor nears the end)
        while table.cursor_row < START_ROW:
            if table.cursor_row >= len(queue.shown_ids) - 1:
                await wait_for(pilot, lambda: table.cursor_row < len(queue.shown_ids) - 1, what="the next page")
            await pilot.press("j")
        for i in range(OPENS):
            await pilot.pause(REST)
            opened.append(await _read_ticket(pilot, app))
            if i < 5:
                await _compose(pilot, app, "r", f"Thanks, we are looking into it ({i}).")
            elif i < 10:
                await _compose(pilot, app, "n", f"Checked the logs, nothing obvious yet ({i}).")
            elif i < 15:
                await _change_status(pilot, app)
            queue = await _back(pilot, app)
            await wait_for(pilot, lambda: len(queue.shown_ids) > queue.table.cursor_row + 1, what="rows")
            await pilot.press("j")
        await wait_outbox_empty(pilot, app)
        # open again 10 of the tickets already read (the first ten)
        while queue.table.cursor_row > START_ROW:
            await pilot.press("k")
        for _ in range(REOPENS):
            await pilot.pause(REST)
            await _read_ticket(pilot, app)
            queue = await _back(pilot, app)
            await pilot.press("j")
        # refresh the queue
        await pilot.press("R")
        await wait_for(pilot, lambda: _idle(app, queue), what="the refresh")
        await pilot.pause(1.0)  # let background prefetch and sync settle: whatever they spend is counted
        await wait_outbox_empty(pilot, app)
        service_stats = app.service.stats
    stats = await sandbox_stats(asgi)
    return {"credits": stats["credits"], "requests": stats["requests"], "by_endpoint": stats["by_endpoint"],
            "opened": opened, "prefetch_done": service_stats.prefetch_done,
            "prefetch_skipped": service_stats.prefetch_skipped, "status": stats["by_status"]}


async def naive_session(asgi: Any, opened: list[int]) -> dict[str, Any]:
    """The same session done the naive way; returns its credits and each opened ticket's thread length."""
    from fstui.api.models import Status

    client = asgi_client(asgi)
    threads: dict[int, int] = {}
    async with client:
        for page in (1, 2, 3):
            await client.list_tickets(page=page, include=("requester",))

        async def open_ticket(tid: int) -> None:
            await client.get_ticket(tid, include=("conversations",))
            threads[tid] = len([c async for c in client.iter_conversations(tid, per_page=30)])

        for i, tid in enumerate(opened):
            await open_ticket(tid)
            if i < 5:
                await client.create_reply(tid, "<div>Thanks, we are looking into it.</div>")
            elif i < 10:
                await client.create_note(tid, "<div>Checked the logs.</div>", private=True)
            elif i < 15:
                await client.update_ticket(tid, {"status": int(Status.PENDING)})
        for tid in opened[:REOPENS]:
            await open_ticket(tid)
        await client.list_tickets(page=1, include=("requester",))
    stats = await sandbox_stats(asgi)
    return {"credits": stats["credits"], "by_endpoint": stats["by_endpoint"], "threads": threads}


LIST_PER_PAGE = 100  # the most rows one list call may return (API reference)


def lower_bound(opened: list[int], threads: dict[int, int]) -> int:
    distinct = set(opened)
    rows_needed = START_ROW + OPENS + 1  # the cursor reaches row 80
    refresh = 1  # one updated_since list call, no include
    lists = math.ceil(rows_needed / LIST_PER_PAGE) * 3 + refresh
    threads_needed = sum(max(1, math.ceil(threads.get(t, 0) / 100)) for t in distinct)
    lookups = 2  # agents (also who-am-I), groups
    writes = 15
    return lists + threads_needed + lookups + writes


async def current_api_extra(asgi: Any, opened: list[int]) -> int:
    """What :func:`lower_bound` lacks on today's API (see the module's docstring), from the sandbox's own
    data (the control store and form fields; called between sessions, so its reads are nobody's)."""
    from tests.benchmarks.common import asgi_client

    extra = 1 + 1 + 1 + 2  # /agents/me, /workspaces, the primary's form fields, tags on the list call
    tickets = asgi.state.sandbox.store.tickets
    others = {tid: tickets[tid].get("workspace_id") for tid in set(opened)}
    client = asgi_client(asgi)
    own_fields: dict[int, bool] = {}
    async with client:
        primary = next((w.id for w in (await client.list_workspaces()).items if w.primary), None)
        for workspace in {w for w in others.values() if isinstance(w, int) and w != primary}:
            fields = await client.list_ticket_form_fields(workspace_id=workspace)
            own_fields[workspace] = any(f.workspace_id == workspace for f in fields)
    read_whole = [tid for tid, w in others.items() if own_fields.get(w)]
    return extra + len(read_whole) + sum(1 for has in own_fields.values() if has)


async def warm_lookups(asgi: Any) -> None:
    """What an earlier session today left in the cache: who-am-I, agents, groups, ticket (form) fields,
    workspaces (cached 24 h)."""
    from fstui.config import Profile
    from fstui.sandbox import DEMO_AGENT_EMAIL
    from fstui.service.factory import open_service

    profile = Profile(name="bench", url="http://127.0.0.1:9", email=DEMO_AGENT_EMAIL)
    service = await open_service(profile, client=asgi_client(asgi))
    try:
        # in the order the app reads them: who am I, the workspaces (so that the groups are every
        # workspace's, as the app's queue of all workspaces reads them), then the lists
        me = await service.me()
        service.set_workspace_scope(await service.workspaces.prepare(me))
        await service.agents()
        await service.groups()
        await service.ticket_fields()
    finally:
        await service.close()


async def run() -> dict[str, Any]:
    """Three sessions on one sandbox (reset before each): fstui with an empty cache, the naive client, and
    fstui with the day-long look-ups (me, agents, groups, ticket fields) already cached."""
    from tests.benchmarks.common import isolate_dirs

    asgi = make_sandbox(tickets=TICKETS)
    isolate_dirs()
    await control(asgi, "POST", "/_sandbox/reset")
    cold = await fstui_session(asgi)
    await control(asgi, "POST", "/_sandbox/reset")
    naive = await naive_session(asgi, cold["opened"])
    bound = lower_bound(cold["opened"], naive["threads"])
    current_bound = bound + await current_api_extra(asgi, cold["opened"])
    isolate_dirs()
    await control(asgi, "POST", "/_sandbox/reset")
    await warm_lookups(asgi)
    await control(asgi, "POST", "/_sandbox/reset")
    warm = await fstui_session(asgi)
    return {"fstui": cold, "fstui_warm": warm, "naive": naive, "lower_bound": bound,
            "current_api_bound": current_bound}


if __name__ == "__main__":
    import asyncio
    import json

    result = asyncio.run(run())
    for key in ("fstui", "fstui_warm", "naive"):
        print(key, result[key]["credits"], json.dumps(result[key]["by_endpoint"]))
    print("lower bound", result["lower_bound"], "with today's API's reads", result["current_api_bound"])

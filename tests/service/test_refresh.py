"""Refresh of the default queue: one updated_since call merged into the cached page, full reload otherwise."""

from __future__ import annotations

import time

import httpx

from fstui.service import QueueView
from tests.service.conftest import collect


def _api(sandbox_url):
    from fstui.sandbox import DEMO_API_KEY

    return httpx.Client(base_url=f"{sandbox_url}/api/v2", auth=(DEMO_API_KEY, "X"), timeout=10)



async def test_refresh_is_one_updated_since_call(make_service, control, sandbox_url):
    service = await make_service()
    view = QueueView()
    [page] = await collect(service.queue_page(view, 1))
    old_ids = [t.id for t in page.value.tickets]
    target = page.value.tickets[5]
    with _api(sandbox_url) as api:
        api.put(f"/tickets/{target.id}", json={"priority": 4 if int(target.priority) != 4 else 1}).raise_for_status()
        known = page.value.tickets[7]  # a requester whose name the queue already shows
        created = api.post("/tickets", json={"subject": "Opened during the session", "description": "d",
                                             "requester_id": known.requester_id, "priority": 1,
                                             "status": 2}).json()["ticket"]
    before = control.stats()
    items = await collect(service.queue_page(view, 1, force=True))
    after = control.stats()
    assert after["requests"] - before["requests"] == 1
    assert after["credits"] - before["credits"] == 1  # no include: the names are known
    fresh = items[-1].value
    assert items[-1].fresh
    assert [t.id for t in fresh.tickets] == [created["id"], *old_ids]  # the new one on top, nothing reloaded
    assert created["id"] in fresh.new_ids
    changed = next(t for t in fresh.tickets if t.id == target.id)
    assert int(changed.priority) != int(target.priority)
    assert service.requester_name(created["requester_id"]) is not None
    assert service.stats.extra.get("queue_refresh_incremental") == 1


async def test_refresh_looks_up_an_unknown_requester_in_the_background(make_service, control, sandbox_url):
    from tests.service.test_prefetch import settle

    service = await make_service()
    view = QueueView()
    await collect(service.queue_page(view, 1))
    with _api(sandbox_url) as api:
        created = api.post("/tickets", json={"subject": "From a new person", "description": "d",
                                             "email": "new.person@example.com", "priority": 1,
                                             "status": 2}).json()["ticket"]
    credits = control.stats()["credits"]
    [*_, fresh] = await collect(service.queue_page(view, 1, force=True))
    assert fresh.value.tickets[0].id == created["id"]
    await settle(service)
    assert control.stats()["credits"] - credits == 2  # the updated_since call + one requester look-up
    assert service.requester_name(created["requester_id"])


async def test_full_reload_when_the_cached_queue_is_old_or_the_view_does_not_map(make_service, control):
    service = await make_service(queue_full_reload=600.0)
    view = QueueView()
    await collect(service.queue_page(view, 1))
    # a listing older than queue_full_reload: listed again (with the requester and tags embedded: 1 + 2 + 2)
    key = f"queue:{view.key()}:1"
    rec = service.store.get_record(key)
    service.store.set_record(key, {**rec[0], "full_at": time.time() - 601}, rec[1])
    credits = control.stats()["credits"]
    await collect(service.queue_page(view, 1, force=True))
    assert control.stats()["credits"] - credits == 5
    # views updated_since does not map onto: always listed again
    for other in (QueueView(kind="spam"), QueueView(kind="new_and_my_open"), QueueView(order_type="asc")):
        await collect(service.queue_page(other, 1))
        credits = control.stats()["credits"]
        await collect(service.queue_page(other, 1, force=True))
        assert control.stats()["credits"] - credits == 5, other
    # later pages of the recent view too
    await collect(service.queue_page(view, 2))
    credits = control.stats()["credits"]
    await collect(service.queue_page(view, 2, force=True))
    assert control.stats()["credits"] - credits == 5
    assert service.stats.extra.get("queue_refresh_incremental") is None


async def test_after_a_warm_restart_the_live_refresh_runs(make_service, control, sandbox_url):
    """QA: restarted within minutes and left on the default queue (refreshed incrementally from the last
    session's copy), fstui never polled: a ticket opened elsewhere never showed. The incremental refresh is a
    page from the server like a full load, so the live refresh keeps it current from then on."""
    import asyncio

    from fstui.service import TicketsChanged

    first = await make_service()
    await collect(first.queue_page(QueueView(), 1))
    await first.close()

    service = await make_service(sync_enabled=True, sync_interval=0.2)
    events = []
    service.subscribe(events.append)
    await collect(service.queue_page(QueueView(), 1))
    assert service.stats.extra.get("queue_refresh_incremental") == 1  # the warm start's path
    with _api(sandbox_url) as api:
        created = api.post("/tickets", json={"subject": "Opened after the restart", "description": "d",
                                             "email": "someone@example.com", "priority": 1,
                                             "status": 2}).json()["ticket"]
    for _ in range(100):
        if any(isinstance(e, TicketsChanged) and created["id"] in e.ids for e in events):
            break
        await asyncio.sleep(0.05)
    assert any(isinstance(e, TicketsChanged) and created["id"] in e.ids for e in events)

"""A ticket's tasks and time entries through the outbox (issue 14): exactly once under faults, the
running timer read back from the server after a restart, one timer per agent."""

from __future__ import annotations

import httpx

from fstui.api.time_entries import parse_duration
from tests.service.conftest import collect
from tests.service.test_reconcile import first_ticket, wait_until


async def _me(service) -> int:
    me = await service.me()
    return me.id


async def test_task_added_once_when_the_answer_is_lost(make_service, control):
    service = await make_service(reconcile_grace=0.0, timeout=1.0)
    tid = await first_ticket(service)
    before = len(await service.work.tasks(tid))
    control.faults(timeout_after_apply=1.0)
    entry = service.work.add_task(tid, {"title": "Swap the toner", "description": "Swap the toner",
                                        "due_date": "2030-01-01T00:00:00Z", "notify_before": 0})
    await wait_until(lambda: service.outbox.get(entry.id).outcome_unknown)
    control.faults()
    await wait_until(lambda: service.outbox.get(entry.id).state == "sent")
    server = (await service.client.list_ticket_tasks(tid)).items
    assert [t.title for t in server].count("Swap the toner") == 1
    assert len(server) == before + 1
    assert [t.title for t in service.work.cached_tasks(tid)].count("Swap the toner") == 1  # cache follows


async def test_task_status_change_sends_only_the_status(make_service, control):
    service = await make_service()
    tid = await first_ticket(service)
    entry = service.work.add_task(tid, {"title": "Call back", "description": "Call back",
                                        "due_date": "2030-01-01T00:00:00Z", "notify_before": 0})
    await wait_until(lambda: service.outbox.get(entry.id).state == "sent")
    task_id = service.outbox.get(entry.id).result["id"]
    done = service.work.update_task(tid, task_id, {"status": 3})
    assert done.payload == {"task_id": task_id, "fields": {"status": 3}}
    await wait_until(lambda: service.outbox.get(done.id).state == "sent")
    task = next(t for t in await service.work.tasks(tid) if t.id == task_id)
    assert task.status == 3 and task.closed_at is not None


async def test_timer_started_once_and_read_back_after_restart(make_service, control):
    service = await make_service(reconcile_grace=0.0, timeout=1.0)
    me = await _me(service)
    tid = await first_ticket(service)
    control.faults(timeout_after_apply=1.0)
    start = service.work.start_timer(tid, "on it")
    await wait_until(lambda: service.outbox.get(start.id).outcome_unknown)
    control.faults()
    await wait_until(lambda: service.outbox.get(start.id).state == "sent")
    running = [e for e in (await service.client.list_ticket_time_entries(tid)).items
               if e.timer_running and e.agent_id == me]
    assert len(running) == 1
    assert service.work.timer is not None and service.work.timer[0] == tid
    await service.close()

    again = await make_service()
    await again.work.restore_timer()
    assert again.work.timer is not None
    assert again.work.timer[0] == tid and again.work.timer[1].id == running[0].id

    stop = again.work.stop_timer(tid, running[0].id)
    await wait_until(lambda: again.outbox.get(stop.id).state == "sent")
    assert again.work.timer is None


async def test_starting_another_timer_stops_the_first_in_order(make_service):
    service = await make_service()
    [page] = await collect(service.queue_page(__import__("fstui.service", fromlist=["QueueView"]).QueueView(), 1))
    first, second = page.value.tickets[0].id, page.value.tickets[1].id
    a = service.work.start_timer(first)
    await wait_until(lambda: service.outbox.get(a.id).state in ("sent", "failed"))
    assert service.outbox.get(a.id).error is None, service.outbox.get(a.id).field_errors
    entry_id = service.outbox.get(a.id).result["id"]
    b = service.work.start_timer(second, stop_first=(first, entry_id))
    await wait_until(lambda: service.outbox.get(b.id).state in ("sent", "failed"))
    assert service.outbox.get(b.id).error is None
    old = await service.client.get_ticket_time_entry(first, entry_id)
    assert not old.timer_running
    assert service.work.timer[0] == second


async def test_second_running_timer_is_refused_by_the_server(make_service):
    """The sandbox seeds a running timer for another agent; the API's rule is per agent."""
    service = await make_service()
    tid = await first_ticket(service)
    a = service.work.start_timer(tid)
    await wait_until(lambda: service.outbox.get(a.id).state == "sent")
    b = service.work.start_timer(tid)
    await wait_until(lambda: service.outbox.get(b.id).state == "failed")
    assert service.outbox.get(b.id).error_kind == "validation"


def test_duration_parsing():
    assert parse_duration("1:30") == "01:30"
    assert parse_duration("90m") == "01:30"
    assert parse_duration("1.5h") == "01:30"
    assert parse_duration("45") == "00:45"
    assert parse_duration("soon") is None
    assert parse_duration("0") is None


def test_sandbox_refuses_time_spent_in_a_wrong_format(sandbox_url):
    from fstui.sandbox import DEMO_API_KEY

    r = httpx.post(f"{sandbox_url}/api/v2/tickets/2/time_entries", auth=(DEMO_API_KEY, "X"),
                   json={"time_entry": {"agent_id": 1000000001, "time_spent": "90 minutes"}})
    assert r.status_code == 400


async def test_child_ticket_and_task_delete_once_when_the_answer_is_lost(make_service, control):
    service = await make_service(reconcile_grace=0.0, timeout=1.0)
    tid = await first_ticket(service)
    control.faults(timeout_after_apply=1.0)
    child = service.links.create_child_ticket(tid, {"subject": "Exactly one child", "description": "<div>d</div>",
                                                    "email": "kid@example.com", "status": 2, "priority": 1})
    await wait_until(lambda: service.outbox.get(child.id).outcome_unknown)
    control.faults()
    await wait_until(lambda: service.outbox.get(child.id).state == "sent")
    parent = await service.client.get_ticket(tid, include=("related_tickets",))
    children = parent.related_tickets["child_ids"]
    subjects = [(await service.client.get_ticket(c)).subject for c in children]
    assert subjects.count("Exactly one child") == 1

    add = service.work.add_task(tid, {"title": "Temp", "description": "d", "due_date": "2030-01-01T00:00:00Z",
                                      "notify_before": 0})
    await wait_until(lambda: service.outbox.get(add.id).state == "sent")
    task_id = service.outbox.get(add.id).result["id"]
    control.faults(timeout_after_apply=1.0)
    gone = service.work.delete_task(tid, task_id)
    await wait_until(lambda: service.outbox.get(gone.id).outcome_unknown)
    control.faults()
    await wait_until(lambda: service.outbox.get(gone.id).state == "sent")
    assert service.outbox.get(gone.id).confirmed_by == "found"  # looked, found it deleted: not sent again
    assert all(t.id != task_id for t in (await service.client.list_ticket_tasks(tid)).items)


def test_attachment_paths_checked_before_sending(tmp_path, monkeypatch):
    import pytest

    from fstui.api import errors as api_errors
    from fstui.service import uploads

    a = tmp_path / "a.bin"
    a.write_bytes(b"x" * 600)
    assert uploads.problems([str(a)]) == []
    assert uploads.problems([str(tmp_path / "gone.txt")]) == [f"attachment not found: {tmp_path / 'gone.txt'}"]
    monkeypatch.setattr(uploads, "MAX_ATTACHMENTS_BYTES", 1000)
    assert "the limit is" in uploads.problems([str(a), str(a)])[0]
    with pytest.raises(api_errors.AttachmentsTooLarge):
        uploads.uploads_from_paths([str(a), str(a)])
    with pytest.raises(api_errors.ConfigError):
        uploads.uploads_from_paths([str(tmp_path / "gone.txt")])
    assert uploads.uploads_from_paths([str(a)])[0].filename == "a.bin"


async def test_another_agents_timer_is_never_mine_while_who_am_i_is_unknown(make_service):
    """Who-am-I not known yet (issue 12, "Mine"): a running timer on the ticket is mine only when fstui
    started it; another agent's is not shown as mine (nor stopped from the status bar)."""
    service = await make_service()
    me = await _me(service)
    tid = await first_ticket(service)
    other = next(a.id for a in await service.agents() if a.id != me)
    theirs = await service.client.create_ticket_time_entry(tid, {"agent_id": other, "timer_running": True,
                                                                 "note": "their call"})
    service.work.me_id = lambda: None
    await service.work.time_entries(tid, force=True)
    assert service.work.timer is None
    service.work.timer = (tid, theirs.model_copy(update={"id": -1}))  # the one fstui started is elsewhere
    await service.work.time_entries(tid, force=True)
    assert service.work.timer is None
    service.work.me_id = lambda: other  # known: theirs would be "mine" only for them
    await service.work.time_entries(tid, force=True)
    assert service.work.timer is not None and service.work.timer[1].id == theirs.id

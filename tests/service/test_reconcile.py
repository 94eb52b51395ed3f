"""Looking before resending: an unanswered reply/note is found on the server only when it is there."""

from __future__ import annotations

import asyncio

from fstui.api import errors as api_errors
from fstui.service import QueueView
from tests.service.conftest import collect


async def wait_until(predicate, timeout=8.0):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.02)


def server_count(thread, text):
    return sum(1 for c in thread if (c.body_text or c.body or "").strip() == text)


def applied_first_unanswered(real, calls: dict, name: str):
    """``real`` (a client method), counted in ``calls[name]``; its first call is applied on the server but
    answered with a timeout (the answer lost), the later ones as usual."""

    async def call(*args, **kwargs):
        calls[name] += 1
        result = await real(*args, **kwargs)
        if calls[name] == 1:
            raise api_errors.RequestTimeout("no answer")  # applied, but we never heard
        return result

    return call


async def first_ticket(service):
    [page] = await collect(service.queue_page(QueueView(), 1))
    return page.value.tickets[0].id


async def test_reply_is_not_taken_for_our_note_with_the_same_text(make_service, control):
    """A note "Thanks, on it." was sent; a reply with the same text gets a 500 (not applied). Looking
    before resending must not take the note for the reply: the reply is sent."""
    service = await make_service(reconcile_grace=0.0)
    tid = await first_ticket(service)
    text = "Thanks, on it."
    note = service.note(tid, text, private=False)
    await wait_until(lambda: service.outbox.get(note.id).state == "sent")
    control.faults(rate_500=1.0)
    reply = service.reply(tid, text)
    await wait_until(lambda: service.outbox.get(reply.id).outcome_unknown)
    control.faults()
    await wait_until(lambda: service.outbox.get(reply.id).state == "sent")
    assert service.outbox.get(reply.id).confirmed_by == "sent"
    thread = [c async for c in service.client.iter_conversations(tid)]
    assert server_count(thread, text) == 2


async def test_looking_asks_the_server_now_not_a_read_already_in_flight(make_service):
    """The screen's read of the thread was answered before our reply was applied, and is still on its
    way back when the outbox looks: the outbox must ask the server itself, or it posts twice."""
    service = await make_service(reconcile_grace=0.0)
    tid = await first_ticket(service)
    client = service.client
    real_list, real_reply = client.list_conversations, client.create_reply
    answered, release = asyncio.Event(), asyncio.Event()
    calls = {"list": 0, "reply": 0}

    async def list_conversations(*args, **kwargs):
        calls["list"] += 1
        page = await real_list(*args, **kwargs)
        if calls["list"] == 1:  # the screen's read: answered now, delivered late
            answered.set()
            await release.wait()
        return page

    client.list_conversations = list_conversations
    client.create_reply = applied_first_unanswered(real_reply, calls, "reply")
    screen_read = asyncio.create_task(collect(service.conversations(tid, force=True)))
    await answered.wait()
    text = "Looked into it: fixed."
    entry = service.reply(tid, text)
    await wait_until(lambda: service.outbox.get(entry.id).outcome_unknown)
    await asyncio.sleep(0.3)  # the outbox looks now (the screen's read is still in flight)
    release.set()
    await screen_read
    await wait_until(lambda: service.outbox.get(entry.id).state == "sent")
    page = await real_list(tid, per_page=100)
    assert server_count(page.items, text) == 1
    assert service.outbox.get(entry.id).confirmed_by == "found"


async def test_a_new_ticket_of_another_workspace_is_found_not_created_twice(make_service):
    """A ticket created in HR whose answer was lost is looked for in HR (the list without workspace_id
    answers for the primary one only): found, not posted again."""
    service = await make_service(reconcile_grace=0.0)
    client = service.client
    real_create = client.create_ticket
    calls = {"create": 0}

    client.create_ticket = applied_first_unanswered(real_create, calls, "create")
    fields = {"email": "new.starter@example.com", "subject": "Laptop for a new starter in HR",
              "description": "<div>Starts Monday.</div>", "status": 2, "priority": 1, "source": 3,
              "workspace_id": 3}
    entry = service.create_ticket(fields)
    await wait_until(lambda: service.outbox.get(entry.id).state == "sent")
    assert calls["create"] == 1 and service.outbox.get(entry.id).confirmed_by != "sent"
    hr = (await client.list_tickets(workspace_id=3, per_page=100)).items
    assert sum(1 for t in hr if t.subject == fields["subject"]) == 1

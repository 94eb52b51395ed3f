"""Reconciliation never adopts someone else's message (issue 13 §1): ours is told by the agent the key
belongs to (GET /agents/me when not known); until it is known, nothing is adopted and nothing is failed."""

from __future__ import annotations

import asyncio

from fstui.api import errors as E
from fstui.api.models import Conversation
from fstui.service.outbox import OutboxEntry
from fstui.service.writes import Writes, body_fingerprint


def entry(text: str) -> OutboxEntry:
    return OutboxEntry(id="1-a", kind="reply", ticket_id=7, payload={"body": text},
                       body_sha256=body_fingerprint(text))


def conversation(cid: int, user: int, text: str) -> Conversation:
    return Conversation.model_validate({"id": cid, "ticket_id": 7, "user_id": user, "body": f"<div>{text}</div>",
                                        "body_text": text, "source": 0, "private": False, "incoming": False,
                                        "created_at": "2030-01-01T00:00:00Z"})


def test_someone_elses_message_with_the_same_text_is_not_ours():
    find = Writes._find_conversation
    theirs = [conversation(5, user=42, text="Restarted the VPN gateway")]
    assert find(None, entry("Restarted the VPN gateway"), set(), 0.0, theirs, 7) == (False, None)
    ours = theirs + [conversation(6, user=7, text="Restarted the VPN gateway")]
    found, result = find(None, entry("Restarted the VPN gateway"), set(), 0.0, ours, 7)
    assert found and result["id"] == 6


async def test_who_we_are_is_asked_of_the_server(make_service, monkeypatch):
    service = await make_service()
    monkeypatch.setattr(service.lookups, "cached_me_id", lambda: None)
    calls = []
    real = service.core.client.get_me

    async def counting():
        calls.append(1)
        return await real()

    monkeypatch.setattr(service.core.client, "get_me", counting)
    me = await service.writes.my_id()
    assert calls == [1] and me == (await real()).id
    assert await service.writes.my_id() == me and calls == [1]  # remembered


async def test_unknown_identity_neither_adopts_nor_fails(make_service, monkeypatch):
    from fstui.service.writes import WhoAmIUnknown

    service = await make_service()
    monkeypatch.setattr(service.lookups, "cached_me_id", lambda: None)

    async def no_me():
        raise E.NotFound(404, "no such endpoint")

    async def no_email():
        return None

    monkeypatch.setattr(service.core.client, "get_me", no_me)
    monkeypatch.setattr(service.lookups, "me", no_email)
    try:
        await service.writes.my_id()
    except WhoAmIUnknown as exc:
        assert exc.outcome_unknown
    else:
        raise AssertionError("identity should be unknown")
    # an entry whose earlier attempt is unknown: looked for, not adopted, not failed, still waiting
    service.outbox.paused_until = float("inf")
    queued = service.reply(1990, "who am I")
    service.outbox.store.save(OutboxEntry(**{**queued.to_json(), "created_at": queued.created_at,
                                             "outcome_unknown": True, "attempts": 1}))
    service.outbox.paused_until = 0.0
    await service.outbox.process_due()
    await asyncio.sleep(0.05)
    after = service.outbox.get(queued.id)
    assert after.state == "pending" and after.outcome_unknown and after.error_kind == "outcome_unknown", after


async def test_read_only_session_sends_nothing_not_even_earlier_writes(make_service):
    service = await make_service()
    service.outbox.paused_until = float("inf")
    queued = service.reply(1990, "queued before the session became read-only")
    service.profile.read_only = True
    service.outbox.paused_until = 0.0
    assert await service.outbox.process_due() is None  # nothing started
    await asyncio.sleep(0.1)
    assert service.outbox.get(queued.id).state == "pending" and service.outbox.get(queued.id).attempts == 0
    service.profile.read_only = False
    while service.outbox.get(queued.id).state != "sent":
        await service.outbox.process_due()

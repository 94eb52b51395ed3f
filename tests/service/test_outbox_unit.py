"""The outbox state machine against a scripted sender (no network)."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from fstui.api import errors as E
from fstui.service.outbox import Outbox, OutboxEntry


class ScriptedSender:
    def __init__(self, script=None, applied_on_server=None):
        self.script = list(script or [])  # exceptions (or None = success) for successive performs
        self.performed: list[str] = []
        self.reconciled: list[str] = []
        self.applied_ids: list[str] = []
        self.server: list[str] = []  # ids the "server" has applied
        self.applied_on_server = applied_on_server or set()

    async def perform(self, entry):
        self.performed.append(entry.id)
        outcome = self.script.pop(0) if self.script else None
        if outcome is None:
            self.server.append(entry.id)
            return {"id": len(self.server), "body": entry.payload.get("body")}
        if outcome == "apply-then-timeout":
            self.server.append(entry.id)
            raise E.RequestTimeout("timed out")
        raise outcome

    async def reconcile(self, entry, exclude_ids):
        self.reconciled.append(entry.id)
        if entry.id in self.server:
            return True, {"id": self.server.index(entry.id) + 1}
        return False, None

    def applied(self, entry):
        self.applied_ids.append(entry.id)


def make(tmp_path, **kw):
    kw.setdefault("backoff_base", 0.01)
    kw.setdefault("backoff_max", 0.05)
    kw.setdefault("reconcile_grace", 0.0)
    return Outbox(tmp_path / "outbox", **kw)


async def drain(outbox, rounds=200):
    for _ in range(rounds):
        delay = await outbox.process_due()
        if delay is None:
            return
        if delay > 0:
            await asyncio.sleep(min(delay, 0.1))
    raise AssertionError("outbox did not drain")


def test_persisted_before_send_and_private(tmp_path):
    ob = make(tmp_path)
    e = ob.add("reply", 7, {"body": "hello"})
    assert e.state == "pending"
    again = make(tmp_path)
    [loaded] = again.entries()
    assert loaded.id == e.id and loaded.payload == {"body": "hello"} and loaded.state == "pending"
    assert stat.S_IMODE(os.stat(tmp_path / "outbox").st_mode) == 0o700


async def test_success_is_kept_as_sent(tmp_path):
    ob = make(tmp_path)
    sender = ScriptedSender()
    ob._sender = sender
    e = ob.add("reply", 7, {"body": "hello"})
    await drain(ob)
    got = ob.get(e.id)
    assert got.state == "sent" and got.result["id"] == 1 and got.attempts == 1
    assert sender.applied_ids == [e.id]
    assert ob.pending_count() == 0


async def test_429_and_connect_failed_are_retried(tmp_path):
    ob = make(tmp_path)
    sender = ScriptedSender([E.RateLimited(retry_after=0.05), E.ConnectFailed("refused"), None])
    ob._sender = sender
    e = ob.add("note", 7, {"body": "n"})
    await drain(ob)
    assert ob.get(e.id).state == "sent"
    assert sender.reconciled == []  # neither 429 nor refused can have been applied
    assert sender.server == [e.id]


async def test_timeout_after_apply_is_reconciled_not_resent(tmp_path):
    ob = make(tmp_path)
    sender = ScriptedSender(["apply-then-timeout"])
    ob._sender = sender
    e = ob.add("reply", 7, {"body": "once"})
    await drain(ob)
    got = ob.get(e.id)
    assert got.state == "sent" and got.confirmed_by == "found"
    assert sender.server == [e.id]
    assert sender.performed == [e.id]


async def test_5xx_not_applied_is_resent_after_looking(tmp_path):
    ob = make(tmp_path)
    sender = ScriptedSender([E.ServerError(500, "boom")])
    ob._sender = sender
    e = ob.add("reply", 7, {"body": "x"})
    await drain(ob)
    assert sender.reconciled == [e.id]
    assert sender.server == [e.id]
    assert ob.get(e.id).state == "sent"


async def test_validation_error_keeps_text_and_can_be_resent(tmp_path):
    ob = make(tmp_path)
    err = E.ValidationError(400, "Validation failed", [E.FieldError("body", "It should not be blank", "missing_field")])
    sender = ScriptedSender([err])
    ob._sender = sender
    e = ob.add("update_ticket", 7, {"fields": {"priority": 9}})
    await drain(ob)
    failed = ob.get(e.id)
    assert failed.state == "failed"
    assert failed.payload == {"fields": {"priority": 9}}
    assert failed.field_errors == [{"field": "body", "message": "It should not be blank", "code": "missing_field"}]
    ob.resend(e.id, {"fields": {"priority": 3}})
    await drain(ob)
    assert ob.get(e.id).state == "sent"
    assert ob.get(e.id).payload == {"fields": {"priority": 3}}


async def test_discard(tmp_path):
    ob = make(tmp_path)
    e = ob.add("reply", 7, {"body": "x"})
    gone = ob.discard(e.id)
    assert gone.state == "discarded" and ob.entries() == []


async def test_crash_mid_send_is_reconciled(tmp_path):
    """An entry left in "sending" by a dead process: claimed, looked up before any resend."""
    ob = make(tmp_path)
    e = ob.add("reply", 7, {"body": "x"})
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    import socket

    ob.store.save(replace(ob.get(e.id), state="sending", lease_owner=f"{socket.gethostname()}:{dead_pid}:zz",
                     lease_until=time.time() + 1000, first_attempt_at=time.time()))
    sender = ScriptedSender()
    sender.server.append(e.id)  # the dead process's send had reached the server
    ob2 = make(tmp_path)
    ob2._sender = sender
    await drain(ob2)
    assert sender.reconciled == [e.id] and sender.performed == []
    assert ob2.get(e.id).state == "sent"


async def test_live_lease_of_another_process_is_respected(tmp_path):
    ob1 = make(tmp_path)
    e = ob1.add("reply", 7, {"body": "x"})
    claimed = ob1._claim(e.id)
    assert claimed is not None and claimed.state == "sending"
    ob2 = make(tmp_path)
    assert ob2._claim(e.id) is None  # ob1 (a live owner) holds the lease
    # once the lease expires, another process may take over (and must reconcile)
    ob1.store.save(replace(ob1.get(e.id), lease_until=time.time() - 1))
    taken = ob2._claim(e.id)
    assert taken is not None and taken.outcome_unknown


async def test_same_ticket_writes_keep_their_order(tmp_path):
    ob = make(tmp_path)
    sender = ScriptedSender([E.ConnectFailed("x")])
    ob._sender = sender
    a = ob.add("reply", 7, {"body": "first"})
    b = ob.add("update_ticket", 7, {"fields": {"status": 4}})
    c = ob.add("reply", 8, {"body": "other"})
    await drain(ob)
    assert sorted(sender.server) == sorted([a.id, b.id, c.id])
    assert sender.server.index(a.id) < sender.server.index(b.id)  # per ticket: in order


def test_entry_json_roundtrip():
    e = OutboxEntry(id="1", kind="reply", ticket_id=3, payload={"body": "b"})
    assert OutboxEntry.from_json(e.to_json()) == e


class SlowLooker(ScriptedSender):
    """Looks at the server, then stalls before answering (a laptop asleep, long 429 waits)."""

    def __init__(self, stall: float, **kw):
        super().__init__(**kw)
        self.stall = stall

    async def reconcile(self, entry, exclude_ids):
        result = await super().reconcile(entry, exclude_ids)
        await asyncio.sleep(self.stall)
        return result


async def test_sender_that_lost_its_lease_does_not_send(tmp_path):
    """Two processes: the first is stalled past its lease while looking; the second takes the entry
    over and delivers it. The first must not send it again when it wakes up."""
    ob1 = make(tmp_path, lease_seconds=0.1)
    e = ob1.add("reply", 7, {"body": "x"})
    ob1.store.save(replace(ob1.get(e.id), outcome_unknown=True))  # an earlier attempt was unanswered
    slow = SlowLooker(stall=0.4)
    ob1._sender = slow
    first = asyncio.create_task(ob1.process_due())
    await asyncio.sleep(0.2)  # ob1 has looked (nothing there) and stalls; its lease has expired
    ob2 = make(tmp_path)
    quick = ScriptedSender()
    quick.server = slow.server  # one server
    ob2._sender = quick
    await drain(ob2)
    await first
    assert slow.server.count(e.id) == 1, slow.server
    assert slow.performed == [] and ob2.get(e.id).state == "sent"


class FailingLooker(ScriptedSender):
    def __init__(self, look_errors, **kw):
        super().__init__(**kw)
        self.look_errors = list(look_errors)

    async def reconcile(self, entry, exclude_ids):
        if self.look_errors:
            self.reconciled.append(entry.id)
            raise self.look_errors.pop(0)
        return await super().reconcile(entry, exclude_ids)


async def test_failure_while_looking_keeps_the_entry_unknown(tmp_path):
    """Looking for an unanswered attempt fails (403 on the thread, a bug): the entry stops as failed,
    text kept. A later resend must look again first — the unanswered attempt may have been applied."""
    ob = make(tmp_path)
    sender = FailingLooker([E.AccessDenied(403, "no access to this ticket")], script=["apply-then-timeout"])
    ob._sender = sender
    e = ob.add("reply", 7, {"body": "x"})
    await drain(ob)
    failed = ob.get(e.id)
    assert failed.state == "failed" and failed.payload == {"body": "x"}
    ob.resend(e.id)
    await drain(ob)
    assert sender.server.count(e.id) == 1, sender.server
    assert ob.get(e.id).state == "sent" and ob.get(e.id).confirmed_by == "found"


async def test_crash_after_the_server_answered_is_not_treated_as_refused(tmp_path):
    """A bug after the request went out (e.g. the answer does not parse): the write may be applied,
    so a resend must look first."""

    class CrashAfterSend(ScriptedSender):
        async def perform(self, entry):
            self.performed.append(entry.id)
            if len(self.performed) == 1:
                self.server.append(entry.id)
                raise RuntimeError("could not read the answer")
            return await super().perform(entry)

    ob = make(tmp_path)
    sender = CrashAfterSend()
    ob._sender = sender
    e = ob.add("note", 7, {"body": "n"})
    await drain(ob)
    assert ob.get(e.id).state == "failed"
    ob.resend(e.id)
    await drain(ob)
    assert sender.server.count(e.id) == 1, sender.server


async def test_stalled_sender_does_not_overwrite_the_new_owners_result(tmp_path):
    """The stalled first process's look fails after the second delivered the entry: the entry stays
    sent (not put back to pending, to be looked for and maybe sent again)."""

    class StalledThenFails(ScriptedSender):
        async def reconcile(self, entry, exclude_ids):
            await asyncio.sleep(0.4)
            raise E.ServerError(502, "bad gateway")

    ob1 = make(tmp_path, lease_seconds=0.1)
    e = ob1.add("reply", 7, {"body": "x"})
    ob1.store.save(replace(ob1.get(e.id), outcome_unknown=True))
    ob1._sender = StalledThenFails()
    first = asyncio.create_task(ob1.process_due())
    await asyncio.sleep(0.2)
    ob2 = make(tmp_path)
    ob2._sender = ScriptedSender()
    await drain(ob2)
    await first
    assert ob2.get(e.id).state == "sent" and ob2.get(e.id).confirmed_by == "sent"


# --- the kind of failure, recorded for programs (the CLI's exit codes), from the error's class --------


@pytest.mark.parametrize("error, state, kind, status", [
    (E.ValidationError(400, "Validation failed", [E.FieldError("cc_emails", "bad", "invalid_value")]),
     "failed", "validation", 400),
    (E.AuthenticationError(401, "bad key"), "failed", "auth", 401),
    (E.AccessDenied(403, "You are not authorized"), "failed", "access_denied", 403),
    (E.FeatureRequired(403, "enable it"), "failed", "access_denied", 403),
    (E.NotFound(404, "no ticket"), "failed", "not_found", 404),
    (E.Conflict(409, "conflict"), "failed", "refused", 409),
    (E.ConfigError("bad url"), "failed", "config", None),
    (RuntimeError("a bug"), "failed", "error", None),
    (E.RateLimited(retry_after=60), "pending", "rate_limited", 429),
    (E.ConnectFailed("refused"), "pending", "unreachable", None),
    (E.ServerError(502, "bad gateway"), "pending", "outcome_unknown", 502),
    (E.RequestTimeout("timed out"), "pending", "outcome_unknown", None),
    (E.RedirectRefused("elsewhere"), "pending", "outcome_unknown", None),
])
async def test_error_kind_and_status_are_recorded(tmp_path, error, state, kind, status):
    ob = make(tmp_path, backoff_base=60, backoff_max=60, reconcile_grace=60)
    ob._sender = ScriptedSender([error])
    e = ob.add("reply", 7, {"body": "x"})
    await ob.process_due()
    got = make(tmp_path).get(e.id)  # as persisted (another process reading the outbox)
    assert (got.state, got.error_kind, got.error_status) == (state, kind, status)
    assert got.error  # the text for people is still there


async def test_error_kind_is_cleared_by_resend_and_success(tmp_path):
    ob = make(tmp_path)
    ob._sender = ScriptedSender([E.NotFound(404, "no ticket"), E.RateLimited(retry_after=0.01)])
    e = ob.add("reply", 7, {"body": "x"})
    await drain(ob)
    assert ob.get(e.id).error_kind == "not_found"
    requeued = ob.resend(e.id)
    assert (requeued.error, requeued.error_kind, requeued.error_status) == (None, None, None)
    await drain(ob)  # a 429, then sent
    sent = ob.get(e.id)
    assert sent.state == "sent" and (sent.error, sent.error_kind, sent.error_status) == (None, None, None)


def test_entry_written_before_error_kind_existed_still_loads(tmp_path):
    """An outbox written by an older fstui: no error_kind/error_status in the JSON."""
    ob = make(tmp_path)
    old = {"id": "00000000000000000001-abcdef0123", "kind": "note", "ticket_id": 5,
           "payload": {"body": "kept", "private": True, "notify_emails": []}, "state": "failed",
           "error": "Not found: no ticket", "field_errors": [], "attempts": 1,
           "created_at": "2024-05-01T09:00:00+00:00", "first_attempt_at": 1714554000.0,
           "outcome_unknown": False, "next_attempt_at": 0.0, "failures": 0, "lease_owner": None,
           "lease_until": 0.0, "result": None, "sent_at": None, "last_attempt_at": 1714554000.0,
           "confirmed_by": None}
    ob.store.index["entry:" + old["id"]] = old
    [loaded] = make(tmp_path).entries()
    assert loaded.id == old["id"] and loaded.state == "failed" and loaded.payload["body"] == "kept"
    assert loaded.error == "Not found: no ticket"
    assert loaded.error_kind is None and loaded.error_status is None
    assert OutboxEntry.from_json(loaded.to_json()) == loaded

"""The outbox: every write, persisted before it is sent, delivered exactly once.

States: ``pending`` -> ``sending`` -> ``sent`` (kept a day, for the UI and for reconciliation), or
``failed`` (the server refused it: 4xx; the text and the field errors are kept until the user edits
and resends, or discards it).

Exactly once:
- An entry is written to disk (a diskcache Index, no eviction) before anything is sent.
- Sending is claimed under a lease (outbox_store.py: the entries on disk and the lease); another
  process skips an entry whose lease is held by a live process.
- 429 and connection refused mean "not applied": retried after Retry-After / backoff.
- A timeout, a dropped connection, a 5xx, or an entry found in ``sending`` whose owner died (a crash
  mid-send) mean "outcome unknown": before sending again the sender looks at the server (the ticket's
  conversations, or the ticket) and only resends when the write is absent.

Late servers (the landing window): a request without an answer may still be applied later (a proxy or a
busy server holding it; a closed connection is no proof it was not). For writes a second copy of which
would be a duplicate (reply, note, create ticket) the outbox looks ``reconcile_grace`` after the attempt,
and when the write is absent it looks again at the end of the ``landing_window`` (default 120 s, four
times the read timeout) before posting again. After such a re-post the receipt is watched for one more
landing window: a late twin of a note is deleted (and the agent told); a late twin of a reply (already
emailed) is recorded on the receipt and reported (outbox screen, ``fstui outbox``, a notice). So: exactly
once unless the server applies a request more than ``landing_window`` seconds after it was sent; such a
twin is detected within a further ``landing_window`` and deleted (notes) or reported (replies).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from fstui.api import errors as api_errors
from fstui.service.errors import TooLarge
from fstui.service.events import notify
from fstui.service.outbox_store import (
    DAMAGED,
    ERROR_KINDS,
    FAILED,
    KINDS,
    MAX_BODY_BYTES,
    MAX_PAYLOAD_BYTES,
    PENDING,
    SENDING,
    SENT,
    STATES,
    OutboxEntry,
    OutboxStore,
    new_entry_id,
    owner_alive,
)

__all__ = ["DAMAGED", "ERROR_KINDS", "FAILED", "KINDS", "MAX_BODY_BYTES", "PENDING", "SENDING", "SENT", "STATES",
           "Outbox", "OutboxEntry", "Sender", "TooLarge", "check_size", "error_kind_of", "new_entry_id",
           "owner_alive"]

log = logging.getLogger(__name__)

#: an earlier attempt of a reply/note is looked for among the conversations our confirmed writes did
#: not create (a reply and our own note with the same text must not be taken for each other)
RESULT_KINDS = {"reply": ("reply", "note"), "note": ("reply", "note")}
#: writes a second copy of which would be a duplicate: re-posted only after the landing window
LATE_KINDS = ("reply", "note", "create_ticket")
#: writes watched for a late twin after a re-post
TWIN_KINDS = ("reply", "note")


def check_size(payload: dict[str, Any]) -> None:
    """Refuse (TooLarge) a body over MAX_BODY_BYTES or a payload over MAX_PAYLOAD_BYTES, before queueing."""
    import json

    for key in ("body", "description"):
        value = payload.get(key) if key == "body" else (payload.get("fields") or {}).get(key)
        if isinstance(value, str) and len(value) > MAX_BODY_BYTES // 4 and len(value.encode("utf-8")) > MAX_BODY_BYTES:
            raise TooLarge(f"the {key} is {len(value.encode('utf-8')) / 1048576:.1f} MiB; fstui sends at most "
                           f"{MAX_BODY_BYTES // 1048576} MiB (send longer text as an attachment)")
    size = len(json.dumps(payload, default=str))
    if size > MAX_PAYLOAD_BYTES:
        raise TooLarge(f"the write is {size / 1048576:.1f} MiB; fstui sends at most "
                       f"{MAX_PAYLOAD_BYTES / 1048576:.1f} MiB")


def error_kind_of(exc: BaseException) -> tuple[str, int | None]:
    """(kind, HTTP status) of a send's error, from its class in fstui.api.errors (see ERROR_KINDS)."""
    status = getattr(exc, "status", None) if isinstance(exc, api_errors.ApiError) else None
    status = status if isinstance(status, int) and status > 0 else None
    kinds: tuple[tuple[type[BaseException], str], ...] = (
        (api_errors.RateLimited, "rate_limited"),
        (api_errors.ValidationError, "validation"),
        (api_errors.AuthenticationError, "auth"),
        (api_errors.AccessDenied, "access_denied"),
        (api_errors.NotFound, "not_found"),
        (api_errors.ConnectFailed, "unreachable"),
    )
    for cls, kind in kinds:
        if isinstance(exc, cls):
            return kind, status
    if isinstance(exc, api_errors.FreshserviceError) and exc.outcome_unknown:
        return "outcome_unknown", status  # 5xx, timeout, dropped connection, unexpected answer
    if isinstance(exc, api_errors.ApiError):
        return "refused", status
    if isinstance(exc, api_errors.ConfigError):
        return "config", None
    if isinstance(exc, api_errors.AttachmentsTooLarge):
        return "too_large", None
    return "error", status


class Sender(Protocol):
    """What the outbox needs from the data service."""

    async def perform(self, entry: OutboxEntry) -> dict[str, Any] | None:
        """Send the write; return the server's answer as JSON (None for 204)."""

    async def reconcile(self, entry: OutboxEntry, exclude_ids: set[int]) -> tuple[bool, dict[str, Any] | None]:
        """Look whether an earlier attempt was applied: (found, result). Raises on read errors."""

    def applied(self, entry: OutboxEntry) -> None:
        """The write is confirmed: update the caches locally (no refetch)."""

    async def find_twin(self, receipt: OutboxEntry, exclude_ids: set[int]) -> dict[str, Any] | None:
        """A late copy of a confirmed reply/note on the server (not `exclude_ids`), else None."""

    async def delete_twin(self, receipt: OutboxEntry, conversation_id: int) -> None:
        """Delete a late copy of a note (404: already gone)."""


class Outbox:
    """The durable write queue of one account (data_dir()/<account>/outbox) and its sender task."""

    def __init__(
        self,
        directory: Path,
        *,
        notices: list[str] | None = None,
        lease_seconds: float = 120.0,
        backoff_base: float = 1.0,
        backoff_max: float = 60.0,
        keep_sent_seconds: float = 24 * 3600,
        reconcile_grace: float = 30.0,
        landing_window: float | None = None,
        poll_seconds: float = 5.0,
        max_parallel: int = 4,
    ) -> None:
        self.directory = directory
        self.notices = notices if notices is not None else []
        self.lease_seconds = lease_seconds
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.keep_sent_seconds = keep_sent_seconds
        self.reconcile_grace = reconcile_grace
        #: a request without an answer may still be applied this long after it was sent (see the module doc)
        self.landing_window = max(reconcile_grace, reconcile_grace if landing_window is None else landing_window)
        self.poll_seconds = poll_seconds
        self.max_parallel = max(1, max_parallel)
        self.store = OutboxStore(directory, notices=self.notices, lease_seconds=lease_seconds,
                                 keep_sent_seconds=keep_sent_seconds)
        self.store.on_damaged = self._damaged
        #: called with a message the agent must see (a late twin deleted or reported, a damaged entry)
        self.on_notice: Callable[[str], None] | None = None
        self._watching: asyncio.Task[None] | None = None
        self.owner = self.store.owner
        self._active: dict[str, asyncio.Task[None]] = {}
        self._active_tickets: set[int] = set()
        self._listeners: list[Callable[[OutboxEntry], None]] = []
        self._sender: Sender | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._closed = False
        #: monotonic deadline before which nothing is sent (429 Retry-After, offline backoff)
        self.paused_until = 0.0
        self.on_transport_error: Callable[[BaseException], None] | None = None
        self.on_transport_ok: Callable[[], None] | None = None
        #: while this says so (a read-only session), nothing is sent: writes queued earlier stay waiting
        self.hold: Callable[[], bool] | None = None
        self.store.all()  # a damaged entry is found (and its notice written) at start-up, not at first use

    # -- public API ------------------------------------------------------------------------------

    def subscribe(self, callback: Callable[[OutboxEntry], None]) -> None:
        self._listeners.append(callback)

    def _changed(self, entry: OutboxEntry) -> None:
        notify(self._listeners, entry)

    def _notice(self, message: str) -> None:
        self.notices.append(message)
        if self.on_notice is not None:
            self.on_notice(message)

    def _damaged(self, entry: OutboxEntry) -> None:
        self._changed(entry)
        if self.on_notice is not None:
            self.on_notice(self.notices[-1])

    def add(self, kind: str, ticket_id: int | None, payload: dict[str, Any], *,
            fingerprint: str | None = None) -> OutboxEntry:
        """Persist a new write (before any send) and wake the sender. Raises TooLarge (nothing queued)
        for a body over MAX_BODY_BYTES. `fingerprint`: the body's hash, to find it on the server later."""
        if kind not in KINDS:
            raise ValueError(f"unknown outbox kind {kind!r}")
        check_size(payload)
        entry = OutboxEntry(id=new_entry_id(), kind=kind, ticket_id=ticket_id, payload=dict(payload),
                            body_sha256=fingerprint)
        self.store.save(entry)
        self._changed(entry)
        self.wake()
        return entry

    def get(self, entry_id: str) -> OutboxEntry | None:
        return self.store.load(entry_id)

    def entries(self, ticket_id: int | None = None, *, include_sent: bool = True) -> list[OutboxEntry]:
        """Every entry in creation order: to deliver, failed, damaged (state "damaged"), and with
        `include_sent` the receipts of confirmed writes (kept a day), optionally for one ticket."""
        out = self.store.all() + self.store.damaged()
        if include_sent:
            out += self.store.receipts()
        out.sort(key=lambda e: e.id)
        if ticket_id is not None:
            out = [e for e in out if e.ticket_id == ticket_id]
        return out

    def pending_count(self) -> int:
        return sum(1 for e in self.store.open_entries() if e.is_open)

    def failed_count(self) -> int:
        """Failed and damaged entries: each waits for the agent (retry or discard). Counted, not read."""
        return self.store.failed_count()

    def twins(self) -> list[OutboxEntry]:
        """Receipts of writes a late twin of which was found (deleted for notes, reported for replies)."""
        return self.store.twins()

    def discard(self, entry_id: str) -> OutboxEntry:
        """Drop an entry that is not being sent right now (failed, pending, or sent)."""
        gone = replace(self.store.remove(entry_id), state="discarded")
        self._changed(gone)
        return gone

    def resend(self, entry_id: str, payload: dict[str, Any] | None = None) -> OutboxEntry:
        """Queue a failed (or waiting) entry again, optionally with an edited payload (TooLarge: refused,
        the entry left as it was)."""
        if payload is not None:
            current = self.store.load(entry_id)
            check_size({**(current.payload if current is not None else {}), **payload})
        entry = self.store.requeue(entry_id, payload)
        self._changed(entry)
        self.wake()
        return entry

    def recent_result_ids(self, ticket_id: int | None, kinds: tuple[str, ...]) -> set[int]:
        """Ids of objects our confirmed writes created (so reconciliation does not claim them twice)."""
        return self.store.recent_result_ids(ticket_id, kinds)

    # -- the sender task ---------------------------------------------------------------------------

    def start(self, sender: Sender) -> None:
        self._sender = sender
        self._wake = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="fstui-outbox")

    def wake(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def close(self) -> None:
        self._closed = True
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass
            self._task = None
        if self._watching is not None:
            self._watching.cancel()
            await asyncio.gather(self._watching, return_exceptions=True)
        for task in list(self._active.values()):
            task.cancel()
        if self._active:
            await asyncio.gather(*self._active.values(), return_exceptions=True)
        self.store.close()

    async def _run(self) -> None:
        assert self._wake is not None
        while not self._closed:
            self._wake.clear()
            try:
                _started, delay = self._dispatch()
            except Exception:  # noqa: BLE001 - the loop must survive anything
                log.exception("outbox loop error")
                delay = self.poll_seconds
            timeout = self.poll_seconds if delay is None else min(max(delay, 0.0), self.poll_seconds)
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=timeout)
            except asyncio.TimeoutError:
                pass

    async def process_due(self) -> float | None:
        """Start every due entry (up to `max_parallel`) and wait for them. Returns seconds until
        the next is due (0: call again now; None: nothing waiting). Used by tests and `_run`."""
        started, delay = self._dispatch()
        if started:
            await asyncio.gather(*started, return_exceptions=True)
            pause = self.paused_until - time.monotonic()
            return pause if pause > 0 else 0.0
        return delay

    def _dispatch(self) -> tuple[list[asyncio.Task[None]], float | None]:
        """Claim due entries and start delivering them: different tickets in parallel, the writes
        of one ticket strictly in order (a reply lands before the "resolve" that follows it)."""
        pause = self.paused_until - time.monotonic()
        if pause > 0:
            return [], pause
        if self.hold is not None and self.hold():
            return [], None  # read-only: read-only means nothing is written, earlier writes included
        now = time.time()
        watch_wait = self._start_watch(now)
        blocked_tickets: set[int] = {t for t in self._active_tickets}
        started: list[asyncio.Task[None]] = []
        soonest: float | None = None
        for entry in self.store.open_entries():  # what is due: never the failed ones or the receipts
            if not entry.is_open or entry.id in self._active:
                if entry.id in self._active and entry.ticket_id is not None:
                    blocked_tickets.add(entry.ticket_id)
                continue
            ticket_blocked = entry.ticket_id is not None and entry.ticket_id in blocked_tickets
            if entry.ticket_id is not None:
                blocked_tickets.add(entry.ticket_id)
            if ticket_blocked:
                continue
            if entry.next_attempt_at > now:
                wait = entry.next_attempt_at - now
                soonest = wait if soonest is None else min(soonest, wait)
                continue
            if len(self._active) >= self.max_parallel:
                break
            claimed = self._claim(entry.id)
            if claimed is None:
                if entry.state == SENDING:  # someone else is sending it; look again later
                    wait = max(0.5, entry.lease_until - now)
                    soonest = wait if soonest is None else min(soonest, wait)
                continue
            task = asyncio.get_running_loop().create_task(self._deliver_tracked(claimed))
            self._active[claimed.id] = task
            if claimed.ticket_id is not None:
                self._active_tickets.add(claimed.ticket_id)
            started.append(task)
        if watch_wait is not None:
            soonest = watch_wait if soonest is None else min(soonest, watch_wait)
        return started, soonest

    # -- late twins --------------------------------------------------------------------------------

    def _start_watch(self, now: float) -> float | None:
        """Start looking for late twins of the receipts due (one look at a time); seconds until the next."""
        if self._watching is not None and not self._watching.done():
            return None
        due = self.store.due_watches(now)
        if due:
            self._watching = asyncio.get_running_loop().create_task(self._watch(due))
            return None
        at = self.store.next_watch()
        return None if at is None else max(0.0, at - now)

    async def _watch(self, receipts: list[OutboxEntry]) -> None:
        for receipt in receipts:
            try:
                await self.look_for_twin(receipt)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - a failed look is retried at the next check
                log.info("looking for a late twin of %s failed: %s", receipt.id, exc)
                now = time.time()
                # keep trying a while past the watch (the server may be away), then give up on it
                give_up = now > receipt.watch_until + self.landing_window
                self.store.watched(receipt.id, next_at=None if give_up else now + max(1.0, self.landing_window / 8))
        self.wake()

    async def look_for_twin(self, receipt: OutboxEntry) -> dict[str, Any] | None:
        """One look for a late twin of a re-posted write; a note's twin is deleted, a reply's reported."""
        sender = self._sender
        assert sender is not None
        now = time.time()
        exclude = self.recent_result_ids(receipt.ticket_id, RESULT_KINDS.get(receipt.kind, (receipt.kind,)))
        twin = await sender.find_twin(receipt, exclude)
        last_look = now >= receipt.watch_until
        next_at = None if last_look else min(receipt.watch_until, now + max(1.0, self.landing_window / 4))
        if twin is None:
            self.store.watched(receipt.id, next_at=next_at)
            return None
        twin_id = twin.get("id")
        where = f"ticket #{receipt.ticket_id}"
        if receipt.kind == "note" and isinstance(twin_id, int):
            await sender.delete_twin(receipt, twin_id)
            record = {"id": twin_id, "action": "deleted", "at": time.time()}
            message = (f"A late copy of your note on {where} reached the server after fstui had sent it again; "
                       "the copy was deleted.")
        else:
            record = {"id": twin_id, "action": "reported", "at": time.time()}
            message = (f"Your reply on {where} was delivered twice: the server applied an earlier attempt "
                       f"more than {self.landing_window:g}s late, after fstui had sent it again (both were "
                       "emailed). `fstui outbox` lists it.")
        self.store.watched(receipt.id, next_at=next_at, twin=record)
        updated = self.store.load(receipt.id) or receipt
        self._changed(updated)
        self._notice(message)
        return record

    async def _deliver_tracked(self, entry: OutboxEntry) -> None:
        try:
            await self._deliver(entry)
        finally:
            self._active.pop(entry.id, None)
            if entry.ticket_id is not None:
                self._active_tickets.discard(entry.ticket_id)
            self.wake()

    def _claim(self, entry_id: str) -> OutboxEntry | None:
        entry = self.store.claim(entry_id)
        if entry is not None:
            self._changed(entry)
        return entry

    def _update_owned(self, entry: OutboxEntry, **changes: Any) -> OutboxEntry:
        """Write a change to an entry we hold the lease of."""
        updated = self.store.update_owned(entry, **changes)
        if updated is None:  # discarded or taken over meanwhile: nothing to record
            return replace(entry, **changes)
        self._changed(updated)
        return updated

    def _backoff(self, failures: int) -> float:
        delay = min(self.backoff_max, self.backoff_base * (2 ** max(0, failures - 1)))
        return delay * random.uniform(0.75, 1.25)

    async def _deliver(self, entry: OutboxEntry) -> None:
        sender = self._sender
        assert sender is not None
        sending = False  # True once the request may have reached the server
        try:
            if entry.outcome_unknown and entry.last_attempt_at is not None:
                ready = entry.last_attempt_at + self.reconcile_grace
                if time.time() < ready:
                    # the earlier request may still be running on the server: look only after it
                    # must have finished, or we could miss it and post twice
                    self._update_owned(entry, state=PENDING, next_attempt_at=ready, lease_owner=None,
                                       lease_until=0.0)
                    return
            reposting = entry.outcome_unknown
            if entry.outcome_unknown:
                exclude = self.recent_result_ids(entry.ticket_id, RESULT_KINDS.get(entry.kind, (entry.kind,)))
                found, result = await sender.reconcile(entry, exclude)
                if found:
                    self._confirm(entry, result, by="found")
                    return
                landed_by = (entry.last_attempt_at or 0.0) + self.landing_window
                if entry.kind in LATE_KINDS and entry.last_attempt_at is not None and time.time() < landed_by:
                    # absent for now, but the earlier request may still land: look once more when the
                    # landing window is over, and post again only if it is absent then
                    self._update_owned(entry, state=PENDING, next_attempt_at=landed_by, lease_owner=None,
                                       lease_until=0.0)
                    return
            # Absent on the server (or never sent): send, but only while the lease is still ours.
            # A process stalled past its lease (asleep, long 429 waits while looking) may have been
            # overtaken by another one that has delivered the entry meanwhile.
            held = self.store.renew(entry, attempts=entry.attempts + 1, last_attempt_at=time.time())
            if held is None:
                log.warning("outbox entry %s: lease lost before sending; left to its new owner", entry.id)
                return
            entry = held
            self._changed(entry)
            sending = True
            result = await sender.perform(entry)
        except asyncio.CancelledError:
            # Shutting down mid-send (a CLI that stopped waiting, the TUI quitting): back to pending, the
            # lease released. A request under way may still land, so the record says so (outcome unknown:
            # the next start looks on the server before sending again); before the request, as it was.
            # (A crash leaves it "sending": the next claim takes it as outcome unknown.)
            landed = {"outcome_unknown": True, "error_kind": "outcome_unknown",
                      "error": "No answer before fstui stopped"} if sending else {}
            self._update_owned(entry, state=PENDING, lease_owner=None, lease_until=0.0, **landed)
            raise
        except api_errors.RateLimited as exc:
            # Retry-After as the server says (0 happens); without one, a short backoff
            wait = exc.retry_after if exc.retry_after > 0 else self._backoff(entry.failures + 1)
            self.paused_until = time.monotonic() + wait
            self._retry_later(entry, exc, wait, unknown=None)
        except api_errors.ConnectFailed as exc:
            self._transport_error(exc)
            failures = entry.failures + 1
            wait = self._backoff(failures)
            self.paused_until = time.monotonic() + wait
            self._retry_later(entry, exc, wait, unknown=None, failures=failures)
        except api_errors.NotFound as exc:
            if entry.outcome_unknown and entry.kind in ("delete_ticket", "delete_conversation"):
                self._confirm(entry, None, by="found")  # an earlier attempt already deleted it
            else:
                self._fail(entry, exc, unknown=entry.outcome_unknown and not sending)
        except api_errors.FreshserviceError as exc:
            if getattr(exc, "outcome_unknown", False):
                self._transport_error(exc) if isinstance(exc, api_errors.TransportError) else None
                failures = entry.failures + 1
                wait = max(self.reconcile_grace if isinstance(exc, api_errors.ServerError) else 0.0,
                           self._backoff(failures))
                self._retry_later(entry, exc, wait, unknown=True, failures=failures)
            elif isinstance(exc, (api_errors.ApiError, api_errors.ConfigError, api_errors.AttachmentsTooLarge)):
                # refused: this attempt was not applied (and an earlier one was looked for first);
                # refused while looking: an earlier attempt may still have been applied
                self._fail(entry, exc, unknown=entry.outcome_unknown and not sending)
            else:  # e.g. a refused redirect: treated as "may have been applied"
                failures = entry.failures + 1
                self._retry_later(entry, exc, self._backoff(failures), unknown=True, failures=failures,
                                  kind="outcome_unknown")
        except Exception as exc:  # noqa: BLE001 - a bug must not lose the text: keep it, failed
            log.exception("outbox entry %s crashed", entry.id)
            self._fail(entry, exc, unknown=entry.outcome_unknown or sending)  # after sending: may be applied
        else:
            watch = reposting and entry.kind in TWIN_KINDS and self.landing_window > 0
            self._confirm(entry, result, by="sent", watch_until=time.time() + self.landing_window if watch else 0.0)

    def _transport_error(self, exc: BaseException) -> None:
        if self.on_transport_error is not None:
            self.on_transport_error(exc)

    def _retry_later(self, entry: OutboxEntry, exc: BaseException, wait: float, *, unknown: bool | None,
                     failures: int | None = None, kind: str | None = None) -> None:
        error_kind, error_status = error_kind_of(exc)
        self._update_owned(
            entry,
            state=PENDING,
            error=getattr(exc, "title", None) or type(exc).__name__,
            error_kind=kind or error_kind,
            error_status=error_status,
            next_attempt_at=time.time() + wait,
            outcome_unknown=entry.outcome_unknown if unknown is None else (entry.outcome_unknown or unknown),
            failures=entry.failures if failures is None else failures,
            lease_owner=None,
            lease_until=0.0,
        )

    def _fail(self, entry: OutboxEntry, exc: BaseException, *, unknown: bool) -> None:
        """Stop the entry (text kept). `unknown`: a resend must first look whether it was applied."""
        field_errors = [
            {"field": fe.field, "message": fe.message, "code": fe.code}
            for fe in getattr(exc, "errors", None) or []
            if hasattr(fe, "message")
        ]
        detail = getattr(exc, "description", None) or str(exc)
        title = getattr(exc, "title", None) or type(exc).__name__
        error_kind, error_status = error_kind_of(exc)
        self._update_owned(
            entry,
            state=FAILED,
            error=f"{title}: {detail}" if detail and detail != title else title,
            error_kind=error_kind,
            error_status=error_status,
            field_errors=field_errors,
            outcome_unknown=unknown,
            lease_owner=None,
            lease_until=0.0,
        )

    def _confirm(self, entry: OutboxEntry, result: dict[str, Any] | None, *, by: str,
                 watch_until: float = 0.0) -> None:
        if self.on_transport_ok is not None:
            self.on_transport_ok()
        done = self._update_owned(
            entry,
            state=SENT,
            result=result,
            sent_at=time.time(),
            confirmed_by=by,
            watch_until=watch_until,
            error=None,
            error_kind=None,
            error_status=None,
            field_errors=[],
            outcome_unknown=False,
            lease_owner=None,
            lease_until=0.0,
        )
        if self._sender is not None:
            try:
                self._sender.applied(done)
            except Exception:  # noqa: BLE001
                log.exception("applying outbox entry %s to the cache failed", entry.id)

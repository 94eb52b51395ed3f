"""The outbox on disk: entries in a diskcache Index (no eviction, JSON values), and the lease that lets
exactly one process send an entry.

Claiming an entry happens inside a diskcache transaction (SQLite ``BEGIN IMMEDIATE``, atomic across
processes): the claim sets ``state="sending"``, a lease owner (host:pid:token) and a lease expiry.
Another process skips an entry whose lease is held by a live process.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import diskcache

from fstui.service.errors import UnknownOutboxEntry
from fstui.service.store import SafeJSONDisk, secure_dir, secure_files

log = logging.getLogger(__name__)

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
STATES = (PENDING, SENDING, SENT, FAILED)

#: Kinds of write the outbox knows. "ticket_id" is None only for create_ticket.
KINDS = (
    "reply",
    "note",
    "edit_note",
    "delete_conversation",
    "update_ticket",
    "delete_ticket",
    "restore_ticket",
    "create_ticket",
    # a ticket's tasks and time entries (fstui.service.work.TicketWork.write_kinds)
    "create_task",
    "update_task",
    "delete_task",
    "create_time_entry",
    "update_time_entry",
    "delete_time_entry",
    "start_timer",
    # child tickets and the major-incident switch (fstui.service.ticket_links)
    "create_child_ticket",
    "promote_ticket",
    "demote_ticket",
)

#: What kind of failure an entry's latest error was (``OutboxEntry.error_kind``), from the exception's
#: class (fstui.api.errors), never from its text. Failed: validation (400), auth (401), access_denied
#: (403), not_found (404), refused (another 4xx), config, too_large (attachments over 40 MB), error (a
#: bug). Left pending: rate_limited (429: not applied), unreachable (connection failed: not applied),
#: outcome_unknown (timeout, dropped connection, 5xx, unexpected answer: may have been applied).
ERROR_KINDS = ("validation", "auth", "access_denied", "not_found", "refused", "config", "too_large",
               "rate_limited", "unreachable", "outcome_unknown", "error")

_ENTRY_PREFIX = "entry:"


@dataclass(frozen=True)
class OutboxEntry:
    id: str
    kind: str
    ticket_id: int | None
    payload: dict[str, Any]
    state: str = PENDING
    #: the latest error, for people (its kind, for programs, is `error_kind`)
    error: str | None = None
    #: one of ERROR_KINDS when `error` is set (entries written before it existed load with None)
    error_kind: str | None = None
    #: the HTTP status of that error; None when no response came (or none was an error)
    error_status: int | None = None
    field_errors: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    created_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    #: epoch seconds of the first send attempt (reconciliation looks for writes made after it)
    first_attempt_at: float | None = None
    #: True when a previous attempt may have been applied: look before resending
    outcome_unknown: bool = False
    next_attempt_at: float = 0.0
    failures: int = 0
    lease_owner: str | None = None
    lease_until: float = 0.0
    #: the server's answer once sent (the conversation or ticket as JSON), else None
    result: dict[str, Any] | None = None
    sent_at: float | None = None
    #: epoch seconds of the latest send attempt (a crashed or timed-out request may still be
    #: running on the server: reconciliation waits `reconcile_grace` after it)
    last_attempt_at: float | None = None
    #: how it was confirmed: "sent" (a 2xx answer) or "found" (reconciliation saw it on the server)
    confirmed_by: str | None = None

    @property
    def is_open(self) -> bool:
        """Still to be delivered (pending or sending)."""
        return self.state in (PENDING, SENDING)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "OutboxEntry":
        data = dict(data)
        created = data.get("created_at")
        try:
            data["created_at"] = datetime.fromisoformat(created) if created else datetime.now(timezone.utc)
        except (TypeError, ValueError):
            data["created_at"] = datetime.now(timezone.utc)
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


def _host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return "localhost"


def owner_alive(owner: str) -> bool:
    """Whether the process holding a lease still runs (same host only; other hosts: trust the expiry)."""
    try:
        host, pid_s, _token = owner.rsplit(":", 2)
        pid = int(pid_s)
    except ValueError:
        return False
    if host != _host():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def new_entry_id() -> str:
    """Sortable by creation time, unique across processes."""
    return f"{time.time_ns():020d}-{uuid.uuid4().hex[:10]}"


class OutboxStore:
    """The entries of one account's outbox (data_dir()/<account>/outbox), shared by every process."""

    def __init__(self, directory: Path, *, notices: list[str], lease_seconds: float,
                 keep_sent_seconds: float) -> None:
        self.directory = directory
        self.notices = notices
        self.lease_seconds = lease_seconds
        self.keep_sent_seconds = keep_sent_seconds
        self.owner = f"{_host()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.index = self._open(directory)
        self._prune_sent()

    def _open(self, directory: Path) -> diskcache.Index:
        secure_dir(directory)
        try:
            cache = diskcache.Cache(str(directory), disk=SafeJSONDisk, eviction_policy="none", size_limit=2**40)
            list(cache.iterkeys())
        except Exception as exc:  # noqa: BLE001 - never delete unsent text: move it aside
            aside = directory.with_name(f"{directory.name}.unreadable-{int(time.time())}")
            log.warning("outbox at %s unreadable (%s); moved to %s", directory, exc, aside)
            os.replace(directory, aside)
            self.notices.append(f"The outbox was unreadable; it was kept at {aside} and a new one started.")
            secure_dir(directory)
            cache = diskcache.Cache(str(directory), disk=SafeJSONDisk, eviction_policy="none", size_limit=2**40)
        secure_files(directory)
        cache.close()  # per-thread connection of the opening (worker) thread; reconnects on use
        return diskcache.Index.fromcache(cache)

    def load(self, entry_id: str) -> OutboxEntry | None:
        try:
            raw = self.index.get(_ENTRY_PREFIX + entry_id)
        except ValueError:
            return None
        if not isinstance(raw, dict):
            return None
        try:
            return OutboxEntry.from_json(raw)
        except TypeError:
            return None

    def save(self, entry: OutboxEntry) -> None:
        self.index[_ENTRY_PREFIX + entry.id] = entry.to_json()

    def all(self) -> list[OutboxEntry]:
        out: list[OutboxEntry] = []
        try:
            keys = [k for k in self.index.keys() if isinstance(k, str) and k.startswith(_ENTRY_PREFIX)]
        except ValueError:
            keys = []
        for key in sorted(keys):
            entry = self.load(key[len(_ENTRY_PREFIX):])
            if entry is not None:
                out.append(entry)
        return out

    def _prune_sent(self) -> None:
        cutoff = time.time() - self.keep_sent_seconds
        for entry in self.all():
            if entry.state == SENT and (entry.sent_at or 0) < cutoff:
                self.index.pop(_ENTRY_PREFIX + entry.id, None)


    def close(self) -> None:
        try:
            self.index.cache.close()
        except Exception:  # noqa: BLE001
            pass

    # -- changes, each in one transaction (atomic across processes) ------------------------------

    def remove(self, entry_id: str) -> OutboxEntry:
        """Drop an entry that is not being sent right now; returns what was dropped."""
        with self.index.transact():
            entry = self.load(entry_id)
            if entry is None:
                raise UnknownOutboxEntry(entry_id)
            if entry.state == SENDING and entry.lease_until > time.time() and owner_alive(entry.lease_owner or ""):
                raise ValueError("this entry is being sent right now")
            self.index.pop(_ENTRY_PREFIX + entry_id, None)
        return entry

    def requeue(self, entry_id: str, payload: dict[str, Any] | None = None) -> OutboxEntry:
        """A failed (or waiting) entry back to pending, its payload keys replaced by `payload`'s."""
        with self.index.transact():
            entry = self.load(entry_id)
            if entry is None:
                raise UnknownOutboxEntry(entry_id)
            if entry.state in (SENDING, SENT):
                raise ValueError(f"this entry is {entry.state}")
            new_payload = dict(entry.payload if payload is None else {**entry.payload, **payload})
            entry = replace(entry, state=PENDING, payload=new_payload, error=None, error_kind=None,
                            error_status=None, field_errors=[], next_attempt_at=0.0, failures=0)
            self.save(entry)
        return entry

    def claim(self, entry_id: str) -> OutboxEntry | None:
        """Take the lease of a due entry (None: not due, done, or another live process holds it)."""
        now = time.time()
        with self.index.transact():
            entry = self.load(entry_id)
            if entry is None or not entry.is_open or entry.next_attempt_at > now:
                return None
            held_by_other = (
                entry.lease_owner is not None
                and entry.lease_owner != self.owner
                and entry.lease_until > now
                and owner_alive(entry.lease_owner)
            )
            if held_by_other:
                return None
            unknown = entry.outcome_unknown
            if entry.state == SENDING and entry.lease_owner != self.owner:
                unknown = True  # its sender died mid-send: it may have been applied
            entry = replace(
                entry,
                state=SENDING,
                lease_owner=self.owner,
                lease_until=now + self.lease_seconds,
                outcome_unknown=unknown,
                first_attempt_at=entry.first_attempt_at or now,
            )
            self.save(entry)
        return entry

    def update_owned(self, entry: OutboxEntry, **changes: Any) -> OutboxEntry | None:
        """Write a change to an entry we are sending (re-read inside the transaction).
        None: it is no longer ours (discarded, or taken over by a process that may have delivered it
        meanwhile: its record wins)."""
        with self.index.transact():
            current = self.load(entry.id)
            if current is None:  # discarded meanwhile: nothing to record
                return None
            if current.state != SENDING or current.lease_owner != self.owner:
                log.warning("outbox entry %s was taken over by %s (%s); not recording our change",
                            entry.id, current.lease_owner, current.state)
                return None
            updated = replace(current, **changes)
            self.save(updated)
        return updated

    def renew(self, entry: OutboxEntry, **changes: Any) -> OutboxEntry | None:
        """Renew the lease and record `changes`, if the entry is still being sent by us.
        None: another process took it over, it was delivered, or it was discarded."""
        with self.index.transact():
            current = self.load(entry.id)
            if current is None or current.state != SENDING or current.lease_owner != self.owner:
                return None
            updated = replace(current, lease_until=time.time() + self.lease_seconds, **changes)
            self.save(updated)
        return updated

    def recent_result_ids(self, ticket_id: int | None, kinds: tuple[str, ...]) -> set[int]:
        """Ids of objects our confirmed writes created (so reconciliation does not claim them twice)."""
        out: set[int] = set()
        for e in self.all():
            if e.state == SENT and e.ticket_id == ticket_id and e.kind in kinds and isinstance(e.result, dict):
                rid = e.result.get("id")
                if isinstance(rid, int):
                    out.add(rid)
        return out

"""The outbox on disk: entries in a diskcache Index (no eviction, JSON values), and the lease that lets
exactly one process send an entry.

Keys: ``entry:<id>`` holds a write still to deliver, ``failed:<id>`` one the server refused (both with their
whole payload: the text is kept until the agent resends or discards it), ``sent:<id>`` the small
receipt of a confirmed write (ids, a hash of the text, times: never the body, never the server's whole
answer), ``watch:<id>`` a receipt still watched for a late twin, ``damaged:<id>`` an entry whose stored
value could not be read (its recoverable text saved beside the outbox). Scans of what is due read only
``entry:`` values (failed entries are counted by key, not decoded), so start-up, a new write and the idle
sender cost the same however much history the outbox has.
Values are stored inline in SQLite (no value files that can go missing on their own).

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
_FAILED_PREFIX = "failed:"
_SENT_PREFIX = "sent:"
_WATCH_PREFIX = "watch:"
_DAMAGED_PREFIX = "damaged:"
_TWIN_PREFIX = "twin:"
DAMAGED = "damaged"

#: The largest body (reply, note, description) fstui queues, in bytes of UTF-8. The API reference states
#: no limit for a body (only attachments: 15 MB, 40 MB per ticket in the current API); 1 MiB of HTML is
#: some 150 pages of text, beyond any reply an agent writes; larger text belongs in an attachment.
MAX_BODY_BYTES = 1024 * 1024
#: the largest whole payload of one write (a body plus its fields and addresses)
MAX_PAYLOAD_BYTES = MAX_BODY_BYTES + 64 * 1024
#: a payload value kept in a sent entry's receipt only when its JSON is this small (never a body)
_RECEIPT_VALUE_BYTES = 256
#: the result fields a receipt keeps (what the UI and reconciliation need)
_RECEIPT_RESULT_KEYS = ("id", "ticket_id", "user_id", "created_at", "updated_at", "private", "incoming",
                        "source", "status", "deleted",
                        # time entries (issue 14): what `fstui time log` / `timer` report and the timer shows
                        "time_spent", "timer_running", "agent_id")
#: values stay in SQLite (diskcache writes values at least this large to separate files)
_INLINE_LIMIT = 4 * MAX_PAYLOAD_BYTES
_MISSING = object()


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
    #: sha256 of the body's comparable text (finds an earlier attempt, or a late twin, after the body
    #: itself is dropped from the receipt)
    body_sha256: str | None = None
    #: a late twin found after a re-post: {"id": conversation id, "action": "deleted" | "reported", "at": epoch}
    twin: dict[str, Any] | None = None
    #: epoch seconds until which a re-posted write is watched for a late twin (0: not watched)
    watch_until: float = 0.0

    @property
    def is_open(self) -> bool:
        """Still to be delivered (pending or sending)."""
        return self.state in (PENDING, SENDING)

    def receipt(self) -> "OutboxEntry":
        """The small record kept of a confirmed write: ids, hash, times; no body, no whole answer."""
        import json

        small = {}
        for key, value in self.payload.items():
            if key == "body":
                small["chars"] = len(value) if isinstance(value, str) else 0
                continue
            if len(json.dumps(value, default=str)) <= _RECEIPT_VALUE_BYTES:
                small[key] = value
        result = None
        if isinstance(self.result, dict):
            result = {k: self.result[k] for k in _RECEIPT_RESULT_KEYS if k in self.result}
        return replace(self, payload=small, result=result, field_errors=[], error=None)

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
        #: called with a damaged entry found after start-up (the service turns it into a notice)
        self.on_damaged: Any = None
        self.index = self._open(directory)
        self._prune_sent()

    def _open(self, directory: Path) -> diskcache.Index:
        secure_dir(directory)
        try:
            cache = diskcache.Cache(str(directory), disk=SafeJSONDisk, eviction_policy="none", size_limit=2**40,
                                    disk_min_file_size=_INLINE_LIMIT)
            cache._sql("SELECT count(*) FROM Cache").fetchone()  # readable? (in SQLite, not key by key)
        except Exception as exc:  # noqa: BLE001 - never delete unsent text: move it aside
            aside = directory.with_name(f"{directory.name}.unreadable-{int(time.time())}")
            log.warning("outbox at %s unreadable (%s); moved to %s", directory, exc, aside)
            os.replace(directory, aside)
            self.notices.append(f"The outbox was unreadable; it was kept at {aside} and a new one started.")
            secure_dir(directory)
            cache = diskcache.Cache(str(directory), disk=SafeJSONDisk, eviction_policy="none", size_limit=2**40,
                                    disk_min_file_size=_INLINE_LIMIT)
        secure_files(directory)
        cache.close()  # per-thread connection of the opening (worker) thread; reconnects on use
        return diskcache.Index.fromcache(cache)

    def _keys(self, prefix: str, below: str | None = None) -> list[str]:
        """The keys starting with `prefix` (and sorting before `prefix + below`), sorted: one range query on
        the key index (keys are stored as JSON text in BLOBs, so a prefix is a byte range), never a walk
        over the whole outbox."""
        import json
        import sqlite3

        low = json.dumps(prefix)[:-1].encode("utf-8")  # '"entry:' without the closing quote
        high = low[:-1] + bytes([low[-1] + 1]) if below is None else low + below.encode("utf-8")
        try:
            rows = self.index.cache._sql("SELECT key FROM Cache WHERE key >= ? AND key < ? AND raw = 1",
                                         (sqlite3.Binary(low), sqlite3.Binary(high))).fetchall()
            return sorted(json.loads(bytes(key).decode("utf-8")) for (key,) in rows)
        except (sqlite3.Error, ValueError):
            return []

    def _read(self, key: str) -> OutboxEntry | None:
        """The entry under `key`; a value that cannot be read is set aside (reported), never dropped."""
        try:
            raw = self.index.cache.get(key, default=_MISSING, retry=True)
        except (ValueError, TypeError, OSError) as exc:  # undecodable (truncated) value
            self._set_aside(key, f"unreadable ({type(exc).__name__})")
            return None
        if raw is _MISSING:
            try:
                still_listed = key in self.index.cache
            except ValueError:
                still_listed = False
            if still_listed:  # the row is there, its value file is not
                self._set_aside(key, "value file missing")
            return None  # else: gone (sent, discarded) since the keys were listed
        if not isinstance(raw, dict):
            self._set_aside(key, "not an entry")
            return None
        try:
            return OutboxEntry.from_json(raw)
        except (TypeError, ValueError):
            self._set_aside(key, "not an entry")
            return None

    def load(self, entry_id: str) -> OutboxEntry | None:
        """The entry (open or failed), else its receipt (sent), else None."""
        for prefix in (_ENTRY_PREFIX, _FAILED_PREFIX, _SENT_PREFIX):
            key = prefix + entry_id
            try:
                present = key in self.index.cache
            except ValueError:
                present = False
            if present:
                entry = self._read(key)
                if entry is not None:
                    return entry
        return None

    def save(self, entry: OutboxEntry) -> None:
        """Store an entry under its state's key (see the module doc); a confirmed one becomes its receipt
        (and its full entry is dropped)."""
        target = {SENT: _SENT_PREFIX, FAILED: _FAILED_PREFIX}.get(entry.state, _ENTRY_PREFIX)
        with self.index.transact():
            self.index[target + entry.id] = (entry.receipt() if entry.state == SENT else entry).to_json()
            for prefix in (_ENTRY_PREFIX, _FAILED_PREFIX):
                if prefix != target:
                    self.index.cache.delete(prefix + entry.id)
            if entry.state != SENT:
                return
            now = time.time()
            if entry.watch_until > now:  # first look a quarter of the watch in
                first = min(entry.watch_until, now + max(1.0, (entry.watch_until - now) / 4))
                self.index[_WATCH_PREFIX + entry.id] = {"at": first, "until": entry.watch_until}

    def _entries(self, prefix: str) -> list[OutboxEntry]:
        """The readable entries under `prefix`, in creation order (a damaged one is set aside)."""
        return [entry for entry in map(self._read, self._keys(prefix)) if entry is not None]

    def open_entries(self) -> list[OutboxEntry]:
        """The writes still to deliver (pending or sending), in creation order: what the sender scans."""
        return self._entries(_ENTRY_PREFIX)

    def failed(self) -> list[OutboxEntry]:
        """The writes the server refused, in creation order (their text kept)."""
        return self._entries(_FAILED_PREFIX)

    def failed_count(self) -> int:
        """Failed and damaged entries, counted by key (nothing decoded)."""
        return len(self._keys(_FAILED_PREFIX)) + len(self.damaged())

    def all(self) -> list[OutboxEntry]:
        """Every write still to deliver or failed (never the receipts), in creation order."""
        return sorted(self.open_entries() + self.failed(), key=lambda e: e.id)

    def twins(self) -> list[OutboxEntry]:
        """Receipts of writes a late twin of which was found."""
        out = []
        for key in self._keys(_TWIN_PREFIX):
            receipt = self.load(key[len(_TWIN_PREFIX):])
            if receipt is not None and receipt.twin:
                out.append(receipt)
        return out

    def receipts(self) -> list[OutboxEntry]:
        """The receipts of confirmed writes (kept `keep_sent_seconds`), in creation order."""
        return self._entries(_SENT_PREFIX)

    # -- damaged entries ---------------------------------------------------------------------------

    def aside_dir(self) -> Path:
        return self.directory.with_name(f"{self.directory.name}-damaged")

    def _raw_text(self, key: str) -> str:
        """What is left of a damaged value (the SQLite value or its file), as text, bounded."""
        try:
            cache = self.index.cache
            db_key, raw = cache._disk.put(key)
            row = cache._sql("SELECT filename, value FROM Cache WHERE key = ? AND raw = ?", (db_key, raw)).fetchone()
        except Exception:  # noqa: BLE001 - best effort
            return ""
        if row is None:
            return ""
        filename, value = row
        data = b""
        if filename:
            try:
                with open(os.path.join(str(self.directory), filename), "rb") as fh:
                    data = fh.read(MAX_PAYLOAD_BYTES * 2)
            except OSError:
                data = b""
        elif value is not None:
            data = bytes(value) if not isinstance(value, str) else value.encode("utf-8", "replace")
        return data.decode("utf-8", "replace")

    def _set_aside(self, key: str, reason: str) -> None:
        """Keep what can be recovered of a damaged entry beside the outbox and list it as damaged."""
        import json
        import re

        entry_id = key.split(":", 1)[1]
        text = self._raw_text(key)
        kind = re.search(r'"kind":\s*"(\w+)"', text)
        ticket = re.search(r'"ticket_id":\s*(\d+)', text)
        aside = secure_dir(self.aside_dir()) / f"{entry_id}.json"
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        record = {"id": entry_id, "kind": kind.group(1) if kind else None,
                  "ticket_id": int(ticket.group(1)) if ticket else None, "reason": reason, "path": str(aside),
                  "found_at": time.time(), "was_sent": key.startswith(_SENT_PREFIX)}
        try:
            with self.index.transact():
                self.index[_DAMAGED_PREFIX + entry_id] = json.loads(json.dumps(record))
                self.index.cache.delete(key)
        except Exception:  # noqa: BLE001
            log.exception("outbox entry %s: could not set the damaged entry aside", entry_id)
            return
        log.warning("outbox entry %s damaged (%s); kept at %s", entry_id, reason, aside)
        if not record["was_sent"]:
            self.notices.append(f"A queued write ({entry_id}) was damaged on disk; what was left of it is kept "
                                f"at {aside}. `fstui outbox` lists it: retry or discard it.")
            if self.on_damaged is not None:
                self.on_damaged(self.damaged_entry(record))

    def damaged_entry(self, record: dict[str, Any]) -> OutboxEntry:
        """A damaged record as an entry to list (state "damaged")."""
        found = record.get("found_at") or time.time()
        kind = record.get("kind") if record.get("kind") in KINDS else "unknown"  # said, not guessed
        return OutboxEntry(
            id=str(record.get("id")), kind=kind, ticket_id=record.get("ticket_id"),
            payload={"path": record.get("path")}, state=DAMAGED,
            error=f"damaged on disk ({record.get('reason')}); what was left is at {record.get('path')}",
            error_kind="damaged", created_at=datetime.fromtimestamp(found, timezone.utc))

    def damaged(self) -> list[OutboxEntry]:
        """Entries set aside as damaged (never sent by themselves: the agent retries or discards them)."""
        out = []
        for key in self._keys(_DAMAGED_PREFIX):
            try:
                record = self.index.get(key)
            except ValueError:
                record = None
            if isinstance(record, dict) and not record.get("was_sent"):
                out.append(self.damaged_entry(record))
        return out

    # -- receipts watched for a late twin ------------------------------------------------------------

    def due_watches(self, now: float) -> list[OutboxEntry]:
        """Receipts whose next look for a late twin is due."""
        out = []
        for key in self._keys(_WATCH_PREFIX):
            try:
                watch = self.index.get(key)
            except ValueError:
                watch = None
            if not isinstance(watch, dict) or watch.get("at", 0.0) > now:
                continue
            receipt = self.load(key[len(_WATCH_PREFIX):])
            if receipt is None or receipt.state != SENT:
                self.index.pop(key, None)
                continue
            out.append(receipt)
        return out

    def next_watch(self) -> float | None:
        """Epoch seconds of the next look for a late twin (None: nothing watched)."""
        times = []
        for key in self._keys(_WATCH_PREFIX):
            try:
                watch = self.index.get(key)
            except ValueError:
                continue
            if isinstance(watch, dict):
                times.append(float(watch.get("at", 0.0)))
        return min(times) if times else None

    def watched(self, entry_id: str, *, next_at: float | None, twin: dict[str, Any] | None = None) -> None:
        """Record a look for a late twin: the next one at `next_at` (None: watching ends), the twin found."""
        with self.index.transact():
            if twin is not None:
                receipt = self.load(entry_id)
                if receipt is not None and receipt.state == SENT:
                    self.index[_SENT_PREFIX + entry_id] = replace(receipt, twin=twin).to_json()
                    self.index[_TWIN_PREFIX + entry_id] = True  # found without reading every receipt
            if next_at is None:
                self.index.pop(_WATCH_PREFIX + entry_id, None)
            else:
                watch = self.index.get(_WATCH_PREFIX + entry_id)
                if isinstance(watch, dict):
                    self.index[_WATCH_PREFIX + entry_id] = {**watch, "at": next_at}

    def _prune_sent(self) -> None:
        """Drop receipts kept longer than `keep_sent_seconds`: only those created before the cutoff (ids
        begin with their creation time) are read, so this costs the same however long the history."""
        now = time.time()
        cutoff = now - self.keep_sent_seconds
        for key in self._keys(_SENT_PREFIX, below=f"{int(cutoff * 1e9):020d}"):  # created before the cutoff
            entry_id = key[len(_SENT_PREFIX):]
            receipt = self._read(key)
            if receipt is not None and (receipt.sent_at or 0) < cutoff and receipt.watch_until < now:
                self.index.pop(key, None)
                self.index.pop(_WATCH_PREFIX + entry_id, None)
                self.index.pop(_TWIN_PREFIX + entry_id, None)
        # entries of the old layout (kept whole after sending, or failed among the open ones): move them
        for entry in self.open_entries():
            if entry.state in (SENT, FAILED):
                self.save(entry)

    def close(self) -> None:
        try:
            self.index.cache.close()
        except Exception:  # noqa: BLE001
            pass

    # -- changes, each in one transaction (atomic across processes) ------------------------------

    def remove(self, entry_id: str) -> OutboxEntry:
        """Drop an entry that is not being sent right now; returns what was dropped."""
        with self.index.transact():
            damaged = self.index.get(_DAMAGED_PREFIX + entry_id)
            if isinstance(damaged, dict):
                self.index.pop(_DAMAGED_PREFIX + entry_id, None)
                return self.damaged_entry(damaged)
            entry = self.load(entry_id)
            if entry is None:
                raise UnknownOutboxEntry(entry_id)
            if entry.state == SENDING and entry.lease_until > time.time() and owner_alive(entry.lease_owner or ""):
                raise ValueError("this entry is being sent right now")
            self.index.cache.delete(_ENTRY_PREFIX + entry_id)
            self.index.cache.delete(_FAILED_PREFIX + entry_id)
            self.index.pop(_SENT_PREFIX + entry_id, None)
            self.index.pop(_WATCH_PREFIX + entry_id, None)
            self.index.pop(_TWIN_PREFIX + entry_id, None)
        return entry

    def requeue(self, entry_id: str, payload: dict[str, Any] | None = None) -> OutboxEntry:
        """A failed (or waiting) entry back to pending, its payload keys replaced by `payload`'s."""
        with self.index.transact():
            damaged = self.index.get(_DAMAGED_PREFIX + entry_id)
            if isinstance(damaged, dict):
                entry = self._recover(damaged)
                self.index.pop(_DAMAGED_PREFIX + entry_id, None)
            else:
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

    def _recover(self, record: dict[str, Any]) -> OutboxEntry:
        """A damaged entry made whole again from its saved text (the agent may have repaired it);
        ValueError saying where the text is when it cannot be read as an entry."""
        import json

        path = str(record.get("path") or "")
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.loads(fh.read(MAX_PAYLOAD_BYTES * 2))
            entry = OutboxEntry.from_json(data)
        except (OSError, ValueError, TypeError):
            raise ValueError(f"this write was damaged on disk and cannot be sent as it is; what was left of "
                             f"it is at {path}: send the text again (e.g. fstui reply ID --body-file FILE), "
                             "then discard this entry") from None
        # sent before? look first (it may have reached the server before it was damaged)
        return replace(entry, state=PENDING, outcome_unknown=entry.outcome_unknown or entry.attempts > 0,
                       lease_owner=None, lease_until=0.0)

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
        for e in self.receipts():
            if e.state == SENT and e.ticket_id == ticket_id and e.kind in kinds and isinstance(e.result, dict):
                rid = e.result.get("id")
                if isinstance(rid, int):
                    out.add(rid)
        return out

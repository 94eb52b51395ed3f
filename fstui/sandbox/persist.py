"""The demo desk's account on disk: one sandbox whose state persists between runs (issue 11, section 6).

The embedded sandbox is seeded and deterministic (seed, ticket count and an anchor time give the same
records). For the demo desk that is not enough: a reply sent today must be there tomorrow, and the
disk cache of the last run must meet the same account again (a freshly seeded server under an old cache
showed bulk-set tickets as ``Pending`` while the server said ``Open``). So the demo keeps one state file
in its data directory:

- the anchor time of the first run (the seeded records are regenerated from it, identical), and
- what changed since: every record that differs from the seeded one or is new, the records deleted,
  the threads written to, uploads and the id counters.

``fstui --demo-reset`` deletes the file (and the demo's cache), which starts the demo afresh. Tests and
``fstui sandbox`` run without a state file: seeded, deterministic, nothing written.

The file is JSON (mode 0600, written to a temporary file and renamed: a crash leaves the old or the new
state, never half of one). A file that cannot be read (corrupt, another format) is moved aside as
``sandbox.json.bad`` and the demo starts afresh, with a notice on stderr.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

STATE_FILE = "sandbox.json"
FORMAT = 1
TABLES = ("tickets", "agents", "requesters", "groups", "roles", "assets")
COUNTERS = ("next_ticket_id", "next_user_id", "next_group_id", "next_conversation_id", "next_attachment_id")


def _encode(value: Any) -> Any:
    if isinstance(value, set):
        return {"__set__": sorted(value, key=repr)}
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"cannot store {type(value).__name__}")


def _decode(obj: dict) -> Any:
    if len(obj) == 1 and "__set__" in obj:
        return set(obj["__set__"])
    if len(obj) == 1 and "__bytes__" in obj:
        return base64.b64decode(obj["__bytes__"])
    return obj


def _int_keys(mapping: dict) -> dict:
    return {int(key): value for key, value in mapping.items()}


def read_state(path: Path, *, seed: int, tickets: int) -> dict | None:
    """The saved state for this seed and size, or None (no file yet, or one for another desk)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        print(f"fstui: the demo desk's state {path} cannot be read ({exc}); starting it afresh", file=sys.stderr)
        return None
    try:
        data = json.loads(text, object_hook=_decode)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a demo desk state file of this version")
        float(data["anchor"])
    except (ValueError, KeyError, TypeError) as exc:
        aside = path.with_name(path.name + ".bad")
        try:
            os.replace(path, aside)
        except OSError:
            pass
        print(f"fstui: the demo desk's state {path} is unreadable ({exc}); kept as {aside.name}, "
              "starting the demo afresh", file=sys.stderr)
        return None
    if data.get("seed") != seed or data.get("tickets") != tickets:
        return None
    return data


def apply_state(store: Any, data: dict) -> None:
    """Lay the saved changes over a store freshly seeded from the same seed, size and anchor."""
    for table in TABLES:
        saved = data.get("tables", {}).get(table) or {}
        records = getattr(store, table)
        for key in saved.get("deleted") or ():
            records.pop(int(key), None)
        for key, record in _int_keys(saved.get("changed") or {}).items():
            records[key] = record
    store.threads = {key: list(thread) for key, thread in _int_keys(data.get("threads") or {}).items()}
    store.conversation_ticket = {int(k): int(v) for k, v in (data.get("conversation_ticket") or {}).items()}
    store.uploads = _int_keys(data.get("uploads") or {})
    for name in COUNTERS:
        if name in (data.get("counters") or {}):
            setattr(store, name, int(data["counters"][name]))
    store._agent_ids = list(store.agents)
    store._email_index = None


def snapshot(store: Any, *, seed: int, tickets: int, anchor: float) -> dict:
    """What differs from the seeded account (``store.base``), as JSON-ready data."""
    base = store.base
    tables: dict[str, dict] = {}
    for table in TABLES:
        records, seeded = getattr(store, table), getattr(base, table)
        changed = {str(key): record for key, record in records.items() if seeded.get(key) != record}
        deleted = [key for key in seeded if key not in records]
        if changed or deleted:
            tables[table] = {"changed": changed, "deleted": deleted}
    return {
        "format": FORMAT, "seed": seed, "tickets": tickets, "anchor": anchor,
        "tables": tables,
        "threads": {str(key): thread for key, thread in store.threads.items()},
        "conversation_ticket": {str(key): value for key, value in store.conversation_ticket.items()},
        "uploads": {str(key): value for key, value in store.uploads.items()},
        "counters": {name: getattr(store, name) for name in COUNTERS},
    }


def write_state(path: Path, data: dict) -> None:
    """Write atomically (temporary file, fsync, rename), readable by the user only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, default=_encode, separators=(",", ":"))
    fd, tmp = tempfile.mkstemp(prefix=".sandbox-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise

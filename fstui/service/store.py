"""The disk cache: one diskcache directory per account, JSON values only, mode 0700.

Values are JSON (never pickle: a pickle in a cache file is a code-execution risk). `SafeJSONDisk`
refuses to unpickle anything it finds, so a tampered cache is treated as corrupt, not executed.
A cache that cannot be opened or read is deleted and rebuilt, with a notice; never a crash.
The API key is never written here (callers store models and metadata only).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

import diskcache
from diskcache.core import MODE_BINARY, MODE_RAW, UNKNOWN

log = logging.getLogger(__name__)

#: 2: ticket records hold only what the server sent (a 1 record's "tags": [] may be a default, not a value read)
SCHEMA_VERSION = 2
_SCHEMA_KEY = "__schema__"


class SafeJSONDisk(diskcache.Disk):
    """Keys and values as UTF-8 JSON bytes; any pickled or text-mode row is refused."""

    def put(self, key: Any) -> tuple[sqlite3.Binary, bool]:
        data = json.dumps(key, separators=(",", ":"), sort_keys=True).encode("utf-8")
        return sqlite3.Binary(data), True

    def get(self, key: Any, raw: bool) -> Any:
        if not raw:
            raise ValueError("refusing a non-JSON cache key")
        return json.loads(bytes(key).decode("utf-8"))

    def store(self, value: Any, read: bool, key: Any = UNKNOWN):  # type: ignore[override]
        if read:
            raise TypeError("the fstui cache stores JSON values only")
        data = json.dumps(value, separators=(",", ":")).encode("utf-8")
        size, mode, filename, db_value = super().store(data, False, key=key)
        if filename:  # large values live in files under 2-level subdirectories: keep them private
            full = os.path.join(self._directory, filename)
            try:
                os.chmod(full, 0o600)
                sub = os.path.dirname(full)
                while os.path.abspath(sub) != os.path.abspath(self._directory):
                    os.chmod(sub, 0o700)
                    sub = os.path.dirname(sub)
            except OSError:
                pass
        return size, mode, filename, db_value

    def fetch(self, mode: int, filename: str | None, value: Any, read: bool) -> Any:
        if read or mode not in (MODE_RAW, MODE_BINARY):
            raise ValueError("refusing a non-JSON cache value")
        data = super().fetch(mode, filename, value, False)
        if isinstance(data, str):
            data = data.encode("utf-8")
        return json.loads(bytes(data).decode("utf-8"))


def secure_dir(path: Path) -> Path:
    """Create `path` (and parents) and make it private to the user (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def secure_files(path: Path) -> None:
    """Make every file directly in `path` private to the user (0600)."""
    for child in path.iterdir():
        if child.is_file():
            try:
                os.chmod(child, 0o600)
            except OSError:
                pass


def account_slug(name: str, account: str) -> str:
    """A directory name for one account: readable profile name + a short hash of the account URL.

    `account` is the normalised base URL (or domain); never the API key.
    """
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name or "default").strip("._") or "default"
    digest = hashlib.sha256(account.encode("utf-8")).hexdigest()[:12]
    return f"{safe[:40]}-{digest}"


def _quick_check(directory: Path) -> None:
    """Raise sqlite3.DatabaseError when the cache database is not a readable SQLite file."""
    db = directory / "cache.db"
    if not db.exists():
        return
    con = sqlite3.connect(str(db), timeout=5)
    try:
        rows = con.execute("PRAGMA quick_check").fetchall()
    finally:
        con.close()
    if not rows or rows[0][0] != "ok":
        raise sqlite3.DatabaseError(f"quick_check: {rows[:3]}")


def open_json_cache(directory: Path, notices: list[str], *, what: str = "cache", **settings: Any) -> diskcache.Cache:
    """Open a diskcache.Cache with SafeJSONDisk in a private directory, resetting it if corrupt."""
    secure_dir(directory)
    for attempt in (1, 2):
        try:
            _quick_check(directory)
            cache = diskcache.Cache(str(directory), disk=SafeJSONDisk, **settings)
            try:
                version = cache.get(_SCHEMA_KEY)
            except ValueError:
                version = None
            if version != SCHEMA_VERSION:
                if version is not None:
                    cache.clear()
                cache.set(_SCHEMA_KEY, SCHEMA_VERSION)
            secure_files(directory)
            # Connections are per thread and this may run in a worker thread: close this thread's
            # one (the cache reconnects in the thread that uses it), so no connection leaks.
            cache.close()
            return cache
        except (sqlite3.Error, OSError, ValueError) as exc:
            if attempt == 2:
                raise
            log.warning("%s at %s is unreadable (%s); resetting it", what, directory, exc)
            notices.append(f"The {what} was unreadable and has been reset.")
            shutil.rmtree(directory, ignore_errors=True)
            secure_dir(directory)
    raise AssertionError("unreachable")


class Store:
    """Typed access to the per-account cache: records carry the time the server sent them."""

    def __init__(self, cache: diskcache.Cache, directory: Path, notices: list[str]) -> None:
        self._cache = cache
        self.directory = directory
        self.notices = notices
        self._bad_entry_noticed = False

    @classmethod
    def open(cls, directory: Path, *, size_limit: int = 256 * 2**20) -> "Store":
        """Blocking: call it off the UI thread (DataService.open does)."""
        notices: list[str] = []
        cache = open_json_cache(
            directory,
            notices,
            what="cache",
            size_limit=size_limit,
            eviction_policy="least-recently-stored",
        )
        return cls(cache, directory, notices)

    # -- raw JSON values ---------------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self._cache.get(key, default)
        except (ValueError, sqlite3.DatabaseError, OSError) as exc:
            log.warning("cache entry %r unreadable: %s", key, exc)
            if not self._bad_entry_noticed:
                self._bad_entry_noticed = True
                self.notices.append("Some cached data was unreadable and has been discarded.")
            try:
                self._cache.delete(key)
            except Exception:  # noqa: BLE001 - the entry is already useless
                pass
            return default

    def set(self, key: str, value: Any, *, expire: float | None = None) -> None:
        try:
            self._cache.set(key, value, expire=expire)
        except (sqlite3.Error, OSError) as exc:  # a full disk must not crash the app
            log.warning("cache write %r failed: %s", key, exc)

    def delete(self, key: str) -> None:
        try:
            self._cache.delete(key)
        except (sqlite3.Error, OSError):
            pass

    # -- records: {"v": value, "t": epoch seconds when the server sent it} -----------------------

    def get_record(self, key: str) -> tuple[Any, float] | None:
        rec = self.get(key)
        if not isinstance(rec, dict) or "v" not in rec or not isinstance(rec.get("t"), (int, float)):
            return None
        return rec["v"], float(rec["t"])

    def set_record(self, key: str, value: Any, fetched_at: float | None = None, *, expire: float | None = None) -> None:
        self.set(key, {"v": value, "t": time.time() if fetched_at is None else fetched_at}, expire=expire)

    def keys(self) -> list[str]:
        try:
            return [k for k in self._cache.iterkeys() if isinstance(k, str)]
        except (ValueError, sqlite3.Error):
            return []

    def clear(self) -> None:
        self._cache.clear()
        self._cache.set(_SCHEMA_KEY, SCHEMA_VERSION)

    def close(self) -> None:
        self._cache.close()

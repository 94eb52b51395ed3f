"""The disk cache: JSON only, 0700, corrupt -> reset with a notice."""

from __future__ import annotations

import os
import pickle
import sqlite3
import stat

import pytest

from fstui.service.store import SafeJSONDisk, Store, account_slug


def test_roundtrip_and_records(tmp_path):
    store = Store.open(tmp_path / "c")
    store.set("a", {"x": [1, 2, "é"]})
    assert store.get("a") == {"x": [1, 2, "é"]}
    store.set_record("ticket:1", {"id": 1}, 1000.0)
    assert store.get_record("ticket:1") == ({"id": 1}, 1000.0)
    big = {"body": "x" * 100_000}  # stored as a file by diskcache, still JSON
    store.set("big", big)
    assert store.get("big") == big
    store.close()
    again = Store.open(tmp_path / "c")
    assert again.get("a") == {"x": [1, 2, "é"]}
    assert again.notices == []
    again.close()


def test_directory_is_private(tmp_path):
    store = Store.open(tmp_path / "cache" / "acct")
    store.set("k", 1)
    mode = stat.S_IMODE(os.stat(tmp_path / "cache" / "acct").st_mode)
    assert mode == 0o700
    store.close()


def test_non_json_values_refused(tmp_path):
    store = Store.open(tmp_path / "c")
    with pytest.raises(TypeError):
        store.set("obj", object())
    store.close()


def test_pickled_row_is_refused_not_executed(tmp_path):
    """A tampered row in pickle mode must never be unpickled."""
    store = Store.open(tmp_path / "c")
    store.set("victim", "ok")
    store.close()
    con = sqlite3.connect(tmp_path / "c" / "cache.db")
    payload = pickle.dumps({"evil": True})
    con.execute("UPDATE Cache SET mode = 4, value = ? WHERE key = ?", (payload, b'"victim"'))
    con.commit()
    con.close()
    store = Store.open(tmp_path / "c")
    assert store.get("victim", "default") == "default"
    assert any("discarded" in n for n in store.notices)
    store.close()


def test_corrupt_database_is_reset_with_notice(tmp_path):
    directory = tmp_path / "c"
    store = Store.open(directory)
    store.set("k", 1)
    store.close()
    (directory / "cache.db").write_bytes(b"this is not sqlite" * 100)
    store = Store.open(directory)
    assert store.get("k") is None
    assert store.notices and "reset" in store.notices[0]
    store.set("k", 2)
    assert store.get("k") == 2
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    store.close()


def test_account_slug_has_no_secret():
    slug = account_slug("work/acme", "https://acme.freshservice.com/api/v2")
    assert "/" not in slug and slug.startswith("work_acme-")


def test_disk_class_is_json(tmp_path):
    assert issubclass(SafeJSONDisk, object)


def test_a_cache_from_before_records_held_only_what_was_read_is_dropped(tmp_path):
    """Schema 1 ticket records carry defaults ("tags": [] for a list row that had no tags): not trusted."""
    store = Store.open(tmp_path / "c")
    store.set_record("ticket:1", {"id": 1, "tags": []}, 1000.0)
    store._cache.set("__schema__", 1)
    store.close()
    again = Store.open(tmp_path / "c")
    assert again.get_record("ticket:1") is None
    again.close()

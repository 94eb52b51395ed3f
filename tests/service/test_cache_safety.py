"""The cache: no API key in it, 0700, a corrupt one is replaced by an empty one with a notice."""

from __future__ import annotations

import base64
import os
import stat

from fstui.config import Profile
from fstui.service import QueueView
from tests.service.conftest import collect


def _all_bytes(root):
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            with open(os.path.join(dirpath, name), "rb") as fh:
                yield os.path.join(dirpath, name), fh.read()


async def test_cache_has_no_api_key_and_is_private(make_service):
    from fstui.locations import cache_dir, data_dir
    from fstui.sandbox import DEMO_API_KEY

    service = await make_service()
    [page] = await collect(service.queue_page(QueueView(), 1))
    tid = page.value.tickets[0].id
    await collect(service.conversations(tid))
    await service.agents()
    await service.me()
    service.note(tid, "a private note")
    await service.close()
    secrets = [DEMO_API_KEY.encode(), base64.b64encode(f"{DEMO_API_KEY}:X".encode())]
    for root in (cache_dir(), data_dir()):
        for path, content in _all_bytes(root):
            for secret in secrets:
                assert secret not in content, f"{path} contains the API key"
        for dirpath, _dirs, _files in os.walk(root):
            if dirpath != str(root) and dirpath != str(root.parent):
                assert stat.S_IMODE(os.stat(dirpath).st_mode) == 0o700, dirpath
    # and values are JSON, not pickles (SafeJSONDisk refuses anything else)
    import sqlite3

    for dirpath, _dirs, files in os.walk(cache_dir()):
        if "cache.db" in files:
            con = sqlite3.connect(os.path.join(dirpath, "cache.db"))
            modes = {m for (m,) in con.execute("SELECT DISTINCT mode FROM Cache")}
            con.close()
            assert modes <= {1, 2}, modes  # raw bytes or binary file; never 4 (pickle)


async def test_corrupt_cache_starts_empty_with_notice(make_service):
    from fstui.locations import cache_dir

    service = await make_service()
    await collect(service.queue_page(QueueView(), 1))
    await service.close()
    [db] = [os.path.join(d, "cache.db") for d, _, files in os.walk(cache_dir()) if "cache.db" in files]
    with open(db, "r+b") as fh:
        fh.seek(0)
        fh.write(b"garbage!" * 512)
    service = await make_service()
    assert any("reset" in n for n in service.notices)
    items = await collect(service.queue_page(QueueView(), 1))
    assert [i.fresh for i in items] == [True]  # nothing cached any more, fetched fresh


async def test_demo_profile_starts_embedded_sandbox():
    from fstui.service import DataService, ServiceConfig

    service = await DataService.open(Profile(name="demo", demo=True), config=ServiceConfig(sync_enabled=False))
    try:
        items = await collect(service.queue_page(QueueView(), 1))
        assert items[-1].value.tickets
        me = await service.me()
        assert me is not None
    finally:
        await service.close()
    assert service.sandbox.url is None  # stopped with the service

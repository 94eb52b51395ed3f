"""Issue 11, section 6: the demo desk is one account whose state persists between runs in the data
directory, and ``fstui --demo-reset`` starts it afresh (dropping its cache too)."""

from __future__ import annotations

import asyncio
import json
import time

from fstui import cli, locations
from fstui.config import demo_profile
from fstui.sandbox import persist
from fstui.sandbox.app import Sandbox
from fstui.service import DataService, QueueView, ServiceConfig
from fstui.service.factory import demo_slug, demo_state_path


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_a_reply_sent_from_the_cli_is_there_in_the_next_run(capsys):
    body = "Hi Pat,\n\nthe VPN profile is renewed.\n"
    path = locations.data_dir() / "reply.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)
    assert cli.main(["reply", "1998", "--body-file", str(path), "--json"]) == 0
    sent = _lines(capsys.readouterr().out)[-1]
    assert sent["state"] == "sent"
    # another process (a new sandbox, a new service) the next day: the reply is in the thread
    assert cli.main(["tickets", "show", "1998", "--conversations", "--json"]) == 0
    shown = json.dumps(_lines(capsys.readouterr().out))
    assert "the VPN profile is renewed" in shown
    assert demo_state_path(demo_profile()).exists()
    # and a reset starts the demo afresh: the reply is gone
    assert cli.main(["--demo-reset", "tickets", "show", "1998", "--conversations", "--json"]) == 0
    out = capsys.readouterr()
    assert "the VPN profile is renewed" not in out.out and "afresh" in out.err


async def _open_demo() -> DataService:
    return await DataService.open(demo_profile(), config=ServiceConfig(sync_enabled=False, prefetch_next_page=False,
                                                                       prefetch_cursor=False, prefetch_next_rows=0))


async def _wait_sent(service: DataService, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while service.outbox.pending_count():
        assert time.monotonic() < deadline, "the outbox did not empty"
        await asyncio.sleep(0.05)


async def test_bulk_status_after_a_restart_shows_the_servers_status():
    view = QueueView()
    service = await _open_demo()
    try:
        page = [cached async for cached in service.queue_page(view, 1)][-1].value
        targets = [t.id for t in page.tickets if int(t.status) != 3][:3]
        service.bulk_update(targets, {"status": 3})  # Pending
        await _wait_sent(service)
    finally:
        await service.close()

    # the next run: the cached page and the server's page both say Pending (one account, not a fresh seed)
    service = await _open_demo()
    try:
        pages = [cached async for cached in service.queue_page(view, 1)]
        for cached in pages:
            statuses = {t.id: int(t.status) for t in cached.value.tickets}
            assert all(statuses[tid] == 3 for tid in targets), (cached.fresh, statuses)
        assert pages[-1].fresh  # the server's own answer
    finally:
        await service.close()

    # started afresh: no old cache meets the fresh account; the seeded statuses are back
    assert cli.main(["--demo-reset", "profiles", "path"]) == 0
    assert not (locations.cache_dir() / demo_slug(demo_profile())).exists()
    service = await _open_demo()
    try:
        pages = [cached async for cached in service.queue_page(view, 1)]
        assert len(pages) == 1 and pages[0].fresh  # nothing cached to show first
        statuses = {t.id: int(t.status) for t in pages[0].value.tickets}
        assert any(statuses[tid] != 3 for tid in targets)
    finally:
        await service.close()


def test_state_round_trip_and_an_unreadable_file(tmp_path, capsys):
    path = tmp_path / "sandbox.json"
    sandbox = Sandbox(seed=1, tickets=50, clock=lambda: 1_750_000_000.0, state_path=path)
    store = sandbox.store
    tid = next(iter(store.tickets))
    seeded_status = store.tickets[tid]["status"]
    store.tickets[tid] = {**store.tickets[tid], "status": 3 if seeded_status == 4 else 4, "_watchers": {7}}
    del store.requesters[next(iter(store.requesters))]
    store.threads[tid] = [{"id": 9000000000, "body": "kept", "ticket_id": tid}]
    store.uploads[9000000001] = b"\x00bytes"
    store.next_conversation_id += 1
    sandbox.save_state()

    # a later run (the clock has moved on): the same seeded account plus the changes
    again = Sandbox(seed=1, tickets=50, clock=lambda: 1_760_000_000.0, state_path=path)
    assert again.seed_data.anchor == sandbox.seed_data.anchor
    assert again.store.tickets == store.tickets and again.store.requesters == store.requesters
    assert again.store.threads == store.threads and again.store.uploads == store.uploads
    assert again.store.next_conversation_id == store.next_conversation_id
    assert (path.stat().st_mode & 0o777) == 0o600

    # without a state file the sandbox is seeded and deterministic, and writes nothing
    plain = Sandbox(seed=1, tickets=50, clock=lambda: 1_750_000_000.0)
    assert plain.store.tickets == Sandbox(seed=1, tickets=50, clock=lambda: 1_750_000_000.0).store.tickets
    assert plain.store.tickets[tid]["status"] == seeded_status
    plain.save_state()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sandbox.json"]

    path.write_text("{not json")
    fresh = Sandbox(seed=1, tickets=50, clock=lambda: 1_760_000_000.0, state_path=path)
    assert fresh.seed_data.anchor != sandbox.seed_data.anchor  # started afresh
    assert (tmp_path / "sandbox.json.bad").exists() and "unreadable" in capsys.readouterr().err
    assert persist.read_state(path, seed=1, tickets=50) is None  # nothing saved yet for the fresh one


async def test_two_processes_on_the_demo_desk_share_one_account(tmp_path):
    """The TUI runs while the CLI replies: each sees the other's writes, neither save undoes the other's."""
    import httpx

    from fstui.sandbox import DEMO_API_KEY
    from fstui.sandbox.app import create_app

    path = tmp_path / "sandbox.json"
    tui = create_app(seed=1, tickets=50, state_path=path)
    cli_app = create_app(seed=1, tickets=50, state_path=path)

    def client(app):
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1",
                                 auth=(DEMO_API_KEY, "X"))

    async with client(tui) as a, client(cli_app) as b:
        tid = (await a.get("/api/v2/tickets")).json()["tickets"][0]["id"]
        (await b.post(f"/api/v2/tickets/{tid}/reply", json={"body": "from the CLI"})).raise_for_status()
        (await a.post(f"/api/v2/tickets/{tid}/notes", json={"body": "from the TUI", "private": True})).raise_for_status()
        for side in (a, b):
            bodies = [c["body"] for c in (await side.get(f"/api/v2/tickets/{tid}/conversations")).json()["conversations"]]
            assert any("from the CLI" in body for body in bodies) and any("from the TUI" in body for body in bodies)


async def test_a_fresh_demo_account_never_meets_an_old_cache():
    """An old demo cache without the account it came from (a demo of an earlier version, a deleted
    state file) is dropped: its values would show as if they were the server's."""
    cache = locations.cache_dir() / demo_slug(demo_profile())
    cache.mkdir(parents=True)
    (cache / "stale-marker").write_text("yesterday's values")
    assert not demo_state_path(demo_profile()).exists()
    service = await _open_demo()
    try:
        assert not (cache / "stale-marker").exists()
    finally:
        await service.close()

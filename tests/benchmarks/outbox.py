"""The outbox's cost does not grow with its history (issue 13 §3).

For a history of H confirmed writes (each a 20 kB reply, as fstui keeps them: receipts), measure the cost
of opening the outbox (what start-up pays) and of one new reply (queue it, count what the status bar shows,
scan for what is due, confirm it), and the outbox's size on disk.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

HISTORY = (100, 2000)
BODY = "<p>" + "A reply of a realistic length. " * 650 + "</p>"  # ~20 kB


def _fill(directory: Path, history: int) -> None:
    from fstui.service.outbox import Outbox

    outbox = Outbox(directory)
    now = time.time()
    for i in range(history):
        entry = outbox.add("reply", 1000 + i % 50, {"body": BODY, "cc_emails": [], "bcc_emails": []})
        result = {"id": 5_000_000 + i, "ticket_id": entry.ticket_id, "user_id": 1, "body": BODY, "body_text": BODY,
                  "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}
        outbox.store.save(replace(entry, state="sent", result=result, sent_at=now, confirmed_by="sent"))
    outbox.store.close()


class _Sender:
    async def perform(self, entry: Any) -> dict[str, Any]:
        return {"id": 9_999_999, "ticket_id": entry.ticket_id}

    async def reconcile(self, entry: Any, exclude: set[int]) -> tuple[bool, None]:
        return False, None

    def applied(self, entry: Any) -> None:
        pass


def _size(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


def measure(history: int, repeats: int = 9) -> dict[str, float]:
    from fstui.service.outbox import Outbox

    directory = Path(tempfile.mkdtemp(prefix="fstui-bench-outbox-")) / "outbox"
    _fill(directory, history)
    opens, replies = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        outbox = Outbox(directory)
        opens.append(time.perf_counter() - started)
        outbox._sender = _Sender()  # type: ignore[assignment]

        async def one_reply() -> None:
            entry = outbox.add("reply", 7, {"body": "<p>Thanks, that fixed it.</p>"})
            outbox.pending_count()
            outbox.failed_count()
            while outbox.get(entry.id).state != "sent":
                await outbox.process_due()
            outbox.pending_count()
            outbox.failed_count()

        started = time.perf_counter()
        asyncio.run(one_reply())
        replies.append(time.perf_counter() - started)
        outbox.store.close()
    # the least of the repeats: the cost itself, without what other processes on the machine added
    return {"open_ms": min(opens) * 1000, "reply_ms": min(replies) * 1000,
            "size_mb": _size(directory) / 1e6}


def idle_pass(failed: int, repeats: int = 9) -> float:
    """ms of one pass of the sender over an outbox with nothing due but `failed` refused 1 MiB writes kept."""
    from fstui.service.outbox import Outbox

    directory = Path(tempfile.mkdtemp(prefix="fstui-bench-idle-")) / "outbox"
    outbox = Outbox(directory)
    big = "<p>" + "x" * (1024 * 1024 - 100) + "</p>"
    for i in range(failed):
        entry = outbox.add("reply", 2000 + i, {"body": big})
        outbox.store.save(replace(entry, state="failed", error="Not found"))
    outbox._sender = _Sender()  # type: ignore[assignment]
    times = []

    async def one() -> None:
        for _ in range(repeats):
            started = time.perf_counter()
            await outbox.process_due()
            outbox.pending_count()
            outbox.failed_count()
            times.append(time.perf_counter() - started)

    asyncio.run(one())
    outbox.store.close()
    return min(times) * 1000


def run() -> dict[Any, Any]:
    out: dict[Any, Any] = {history: measure(history) for history in HISTORY}
    out["idle"] = {0: idle_pass(0), 5: idle_pass(5)}
    return out

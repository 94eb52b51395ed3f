"""The outbox from the shell (issue 13 §3-4): list/--json, send, retry, discard, the later-run warning,
bodies refused before queueing, damaged entries reported and kept aside."""

from __future__ import annotations

import json
import sqlite3

import pytest

from fstui import cli
from fstui.cli import ExitCode
from fstui.sandbox import DEMO_API_KEY


@pytest.fixture
def account(sandbox_url, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    return ["--url", sandbox_url]


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.startswith("{")], err


@pytest.fixture
def body(tmp_path):
    path = tmp_path / "body.txt"
    path.write_text("Hello from a script")
    return str(path)


def test_failed_write_is_listed_warned_about_and_discarded(capsys, account, body):
    code, [result], _ = run(capsys, "reply", "99999999", "--body-file", body, *account)
    assert code == ExitCode.NOT_FOUND and result["state"] == "failed"
    code, rows, _ = run(capsys, "outbox", *account)
    assert code == ExitCode.OK
    [row] = [r for r in rows if r["id"] == result["outbox_id"]]
    assert row["state"] == "failed" and row["ticket_id"] == 99999999 and row["error_kind"] == "not_found"
    # a later run of any command says so, in one line
    code, _, err = run(capsys, "tickets", "list", *account)
    assert code == ExitCode.OK
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "1 earlier write failed" in warnings[0] and "fstui outbox" in warnings[0]
    code, _, _ = run(capsys, "outbox", "discard", result["outbox_id"][-10:], *account)  # a unique part of the id
    assert code == ExitCode.OK
    _, rows, _ = run(capsys, "outbox", *account)
    assert all(r["id"] != result["outbox_id"] for r in rows)
    _, _, err = run(capsys, "tickets", "list", *account)
    assert "warning" not in err


def test_sent_write_is_a_recent_receipt_and_retry_redelivers(capsys, account, body, sandbox_url):
    code, [sent], _ = run(capsys, "note", "2000", "--body-file", body, *account)
    assert code == ExitCode.OK
    _, rows, _ = run(capsys, "outbox", "list", "--json", *account)
    [row] = [r for r in rows if r["id"] == sent["outbox_id"]]
    assert row["state"] == "sent" and row["result_id"] == sent["conversation_id"]
    # a failed one, retried from the shell
    code, [failed], _ = run(capsys, "reply", "99999999", "--body-file", body, *account)
    code, [again], _ = run(capsys, "outbox", "retry", failed["outbox_id"], "--timeout", "5", *account)
    assert code == ExitCode.NOT_FOUND and again["state"] == "failed" and again["attempts"] == 2
    code, [], _ = run(capsys, "outbox", "send", "--timeout", "2", *account)
    assert code == ExitCode.OK  # nothing waiting


def test_unknown_entry_and_missing_id(capsys, account):
    assert run(capsys, "outbox", "discard", "nope", *account)[0] == ExitCode.NOT_FOUND
    assert run(capsys, "outbox", "retry", *account)[0] == ExitCode.USAGE


def test_body_over_the_limit_is_refused_before_queueing(capsys, account):
    code, _, err = run(capsys, "reply", "2000", "--body-file", "/dev/zero", *account)
    assert code == ExitCode.USAGE and "larger than 1 MiB" in err and "nothing was queued" in err
    _, rows, _ = run(capsys, "outbox", *account)
    assert rows == []


def test_service_refuses_a_large_body_whatever_the_caller(capsys, account):
    import asyncio

    from fstui import config as cfg
    from fstui.service import DataService
    from fstui.service.errors import TooLarge

    async def go():
        service = await DataService.open(cfg.resolve_profile(url=account[1]))
        try:
            with pytest.raises(TooLarge):
                service.note(2000, "x" * (1024 * 1024 + 1))
            with pytest.raises(TooLarge):
                service.create_ticket({"subject": "s", "description": "é" * 600_000, "email": "a@b.c"})
            with pytest.raises(TooLarge):
                service.edit_note(1, 2000, "<p>" + "x" * (1024 * 1024) + "</p>")
            service.outbox.paused_until = float("inf")
            entry = service.reply(2000, "a small reply")
            with pytest.raises(TooLarge):  # an edited resend is held to the same limit
                service.outbox.resend(entry.id, {"body": "y" * (1024 * 1024 + 1)})
            assert service.outbox.get(entry.id).payload["body"] == "a small reply"
            service.outbox.discard(entry.id)
            return service.outbox.entries()
        finally:
            await service.close()

    assert asyncio.run(go()) == []


def test_damaged_entry_is_reported_and_kept_aside(capsys, account, body, monkeypatch):
    from fstui import config as cfg
    from fstui.cli_outbox import open_outbox

    profile = cfg.resolve_profile(url=account[1])
    outbox = open_outbox(profile)
    entry = outbox.add("reply", 2000, {"body": "a reply that must not vanish"})
    outbox.store.close()
    # truncate its stored value (as a crash or a full disk would)
    db = sqlite3.connect(str(outbox.directory / "cache.db"))
    db.execute("UPDATE Cache SET value = substr(value, 1, length(value) - 20) WHERE CAST(key AS TEXT) LIKE ?", (f"%{entry.id}%",))
    db.commit()
    db.close()
    code, rows, err = run(capsys, "outbox", *account)
    [row] = rows
    assert row["state"] == "damaged" and row["ticket_id"] == 2000 and row["kind"] == "reply"
    assert "damaged on disk" in row["error"]
    aside = row["error"].rsplit(" at ", 1)[1]
    assert open(aside).read().startswith('{"id":')  # what was left is kept for the agent
    _, _, err = run(capsys, "tickets", "list", *account)
    assert "1 earlier write failed" in err
    code, _, err = run(capsys, "outbox", "retry", entry.id, *account)
    assert code == ExitCode.USAGE and "cannot be sent as it is" in err and aside in err
    assert run(capsys, "outbox", "discard", entry.id, *account)[0] == ExitCode.OK
    assert run(capsys, "outbox", *account)[1] == []


def test_entry_whose_value_file_went_missing_is_reported_not_dropped(tmp_path):
    """An outbox written before values were kept inline: a large entry's value lived in its own file."""
    import diskcache

    from fstui.service.outbox import Outbox
    from fstui.service.outbox_store import OutboxEntry
    from fstui.service.store import SafeJSONDisk

    directory = tmp_path / "outbox"
    old = diskcache.Index.fromcache(diskcache.Cache(str(directory), disk=SafeJSONDisk, eviction_policy="none"))
    big = OutboxEntry(id="01700000000000000000-abcdef0123", kind="reply", ticket_id=31, payload={"body": "x" * 60_000})
    old["entry:" + big.id] = big.to_json()
    old.cache.close()
    files = [p for p in directory.rglob("*.val")]
    assert len(files) == 1
    files[0].unlink()  # the value file is gone
    outbox = Outbox(directory)
    [row] = outbox.entries()
    assert row.state == "damaged" and "value file missing" in row.error  # nothing left to tell its ticket
    assert outbox.failed_count() == 1 and any("damaged on disk" in n for n in outbox.notices)


def test_the_outbox_table_names_each_write_in_words(capsys, account, monkeypatch):
    """`fstui outbox` on a terminal: a time entry is "Time entry", not `create_time_entry`; --json keeps the kind."""
    import sys

    code, [logged], _ = run(capsys, "time", "log", "2000", "--spent", "25", *account)
    assert code == ExitCode.OK and logged["kind"] == "create_time_entry"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert cli.main(["outbox", *account]) == ExitCode.OK
    out = capsys.readouterr().out
    # the table shows the id's random part (which `retry`/`discard` take); --json has the whole id
    line = next(line for line in out.splitlines() if logged["outbox_id"].rsplit("-", 1)[1] in line)
    assert " Time entry " in line and "create_time" not in out and "#2000" in line


def test_a_sent_write_is_neither_discarded_nor_retried_and_its_receipt_stays(capsys, account, body, monkeypatch):
    """QA §7: `outbox discard` of a reply already on the ticket said "it will not be sent" and dropped its receipt."""
    import sys

    code, [sent], _ = run(capsys, "reply", "2000", "--body-file", body, *account)
    assert code == ExitCode.OK and sent["state"] == "sent"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    for action in ("discard", "retry"):
        code, _, err = run(capsys, "outbox", action, sent["outbox_id"][-10:], *account)
        assert code == ExitCode.USAGE, (action, err)
        assert "reply to ticket 2000 was already sent at " in err
        assert f"(conversation {sent['conversation_id']}); nothing to {action}" in err
        assert "will not be sent" not in err
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    code, rows, _ = run(capsys, "outbox", "--json", *account)
    assert [r["state"] for r in rows if r["id"] == sent["outbox_id"]] == ["sent"]  # the receipt is kept


def test_discarding_a_write_that_got_no_answer_says_it_may_be_on_the_ticket(capsys, account, monkeypatch):
    import sys
    from dataclasses import replace

    from fstui import config as cfg
    from fstui.cli_outbox import open_outbox

    outbox = open_outbox(cfg.resolve_profile(url=account[1]))
    entry = outbox.add("note", 2000, {"body": "<p>no answer came</p>"})
    outbox.store.save(replace(entry, outcome_unknown=True, attempts=1, error="Request timed out"))
    outbox.store.close()
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert cli.main(["outbox", "discard", entry.id, *account]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "it may already be on the ticket" in out and "it will not be sent" not in out

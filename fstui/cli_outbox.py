"""`fstui outbox`: the outbox from the shell (issue 13 §4). cli.py parses the arguments; this does the work.

    fstui outbox [list] [--json]      writes waiting, failed, damaged, and confirmed in the last day
    fstui outbox send [--timeout S]   deliver what is waiting now (exit codes as `fstui reply`)
    fstui outbox retry ID             queue a failed or damaged write again and deliver it
    fstui outbox discard ID           drop a write (it is never sent)

ID is an entry's id as listed, or any unique part of it (e.g. its last characters). Listing and discarding
read the outbox on disk only (no server call); send and retry open the account as a write does.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable

from fstui.service.outbox_report import describe, kind_label, kind_words, status_text, warning_line

__all__ = ["describe", "exit_code_of", "find", "list_rows", "main", "open_outbox", "send_all", "status_text",
           "warning_line"]

#: the order of the listing: what needs the agent first (damaged, failed), then waiting, then sent today
STATES_ORDER = {"damaged": 0, "failed": 1, "sending": 2, "pending": 3, "sent": 4}


def open_outbox(profile: Any) -> Any:
    """The account's outbox, read from disk without a sender (no network)."""
    from fstui.service.factory import outbox_dir
    from fstui.service.outbox import Outbox

    return Outbox(outbox_dir(profile))


def find(outbox: Any, wanted: str) -> Any:
    """The entry whose id is `wanted` or contains it once. LookupError says why not."""
    entries = outbox.entries()
    exact = [e for e in entries if e.id == wanted]
    if exact:
        return exact[0]
    matches = [e for e in entries if wanted and wanted in e.id]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise LookupError(f"no outbox entry {wanted!r} (`fstui outbox` lists them)")
    raise LookupError(f"{wanted!r} matches {len(matches)} entries: give more of the id")


def list_rows(outbox: Any) -> list[dict[str, Any]]:
    rows = [describe(e) for e in outbox.entries()]
    rows.sort(key=lambda r: (STATES_ORDER.get(r["state"], 9), r["id"]))
    return rows


async def send_all(service: Any, timeout: float) -> list[Any]:
    """Wake the sender and wait until nothing waiting is due within `timeout`; the entries it started with."""
    outbox = service.outbox
    started = [e.id for e in outbox.entries(include_sent=False) if e.is_open]
    outbox.wake()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        current = [outbox.get(i) for i in started]
        if all(e is None or not e.is_open for e in current):
            break
        await asyncio.sleep(0.1)
    return [e for e in (outbox.get(i) for i in started) if e is not None]


def exit_code_of(entries: list[Any], entry_exit_code: Callable[[Any], int]) -> int:
    """The worst of the entries' exit codes: a failure's own code first, then 8 (still waiting), then 0."""
    codes = [entry_exit_code(e) for e in entries]
    failures = [c for c in codes if c not in (0, 8)]
    if failures:
        return failures[0]
    return 8 if 8 in codes else 0


def main(args: Any) -> int:
    """`fstui outbox ...` (arguments parsed by fstui.cli)."""
    from fstui import cli

    profile = cli._profile_from_args(args)
    action = args.outbox_action or "list"
    if action in ("retry", "discard") and not args.id:
        raise cli.CliError(f"fstui outbox {action} ID: which entry? (`fstui outbox` lists them)", cli.ExitCode.USAGE)
    if action in ("list", "discard"):
        outbox = open_outbox(profile)
        try:
            if action == "list":
                return _list(outbox, args)
            return _discard(outbox, args)
        finally:
            outbox.store.close()
    if profile.read_only:
        raise cli.CliError(f"profile {profile.name!r} is read-only: not sending.", cli.ExitCode.READ_ONLY)
    if action == "send":
        async def send(service: Any) -> int:
            entries = await send_all(service, args.timeout)
            for entry in entries:
                _report(entry, args)
            if not entries and cli._as_table(args):
                print("nothing waiting in the outbox")
            return exit_code_of(entries, cli._entry_exit_code)

        return cli._run_service(profile, send, timeout=args.timeout + 5, fail_offline=False)

    async def retry(service: Any) -> int:
        try:
            entry = find(service.outbox, args.id)
            entry = service.outbox.resend(entry.id)
        except LookupError as exc:
            raise cli.CliError(str(exc), cli.ExitCode.NOT_FOUND) from None
        except ValueError as exc:
            raise cli.CliError(str(exc), cli.ExitCode.USAGE) from None
        final = await cli._wait_for_entry(service, entry, args.timeout)
        _report(final, args)
        return cli._entry_exit_code(final)

    return cli._run_service(profile, retry, timeout=args.timeout + 5, fail_offline=False)


def _report(entry: Any, args: Any) -> None:
    from fstui import cli

    row = describe(entry)
    if not cli._as_table(args):
        cli._print_json(row)
        return
    line = f"{kind_words(entry.kind)} to ticket {entry.ticket_id} ({entry.id}): {entry.state}"
    detail = status_text(row)
    if entry.state == "sent":
        print(line)
    else:
        cli._err(line + (f": {detail}" if detail else ""))


def _list(outbox: Any, args: Any) -> int:
    from fstui import cli
    from fstui.tui.format import span  # plain strings (no textual)

    rows = list_rows(outbox)
    if not cli._as_table(args):
        for row in rows:
            cli._print_json(row)
        return cli.ExitCode.OK
    if not rows:
        print("the outbox is empty (nothing waiting, failed or sent in the last day)")
        return cli.ExitCode.OK
    table = [{"id": r["id"], "state": r["state"] + (" TWICE" if (r.get("twin") or {}).get("action") == "reported"
                                                    else ""),
              "write": kind_label(r["kind"]), "ticket": "" if r["ticket_id"] is None else f"#{r['ticket_id']}",
              "age": span(r["age_seconds"]), "status": status_text(r)} for r in rows]
    cli._print_table(table, [("id", 31), ("state", 11), ("write", 14), ("ticket", 11), ("age", 4), ("status", 0)])
    return cli.ExitCode.OK


def _discard(outbox: Any, args: Any) -> int:
    from fstui import cli

    try:
        entry = find(outbox, args.id)
        gone = outbox.discard(entry.id)
    except LookupError as exc:
        raise cli.CliError(str(exc), cli.ExitCode.NOT_FOUND) from None
    except ValueError as exc:  # being sent right now
        raise cli.CliError(f"{entry.id}: {exc}; try again in a moment", cli.ExitCode.ERROR) from None
    if cli._as_table(args):
        print(f"discarded {kind_words(gone.kind)} to ticket {gone.ticket_id} ({gone.id}): it will not be sent")
    else:
        cli._print_json({"id": gone.id, "state": "discarded", "kind": gone.kind, "ticket_id": gone.ticket_id})
    return cli.ExitCode.OK

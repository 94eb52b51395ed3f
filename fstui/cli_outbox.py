"""`fstui outbox`: the outbox from the shell (issue 13 §4). cli.py parses the arguments; this does the work.

    fstui outbox [list] [--json]      writes waiting, failed, damaged, and confirmed in the last day
    fstui outbox send [--timeout S]   deliver what is waiting now (exit codes as `fstui reply`)
    fstui outbox retry ID             queue a failed or damaged write again and deliver it (not a sent one)
    fstui outbox discard ID           drop a write not sent yet (a sent one is refused: its receipt stays)

ID is an entry's id as listed, or any unique part of it (e.g. its last characters). Listing and discarding
read the outbox on disk only (no server call); send and retry open the account as a write does.
"""

from __future__ import annotations

from typing import Any, Callable

from fstui.service.outbox_report import already_sent, describe, kind_label, kind_words, status_text, warning_line

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
    """Wake the sender and wait until every entry it started with is sent or failed, or `timeout` is over
    and no request is under way; those entries as left (one left mid-send is outcome unknown)."""
    from fstui.cli_writes import wait_for

    outbox = service.outbox
    started = [e for e in outbox.entries(include_sent=False) if e.is_open]
    outbox.wake()
    left = await wait_for(outbox, started, timeout)
    return [e for e in left if outbox.get(e.id) is not None]


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
    from fstui.cli_writes import request_timeout

    limits = {"timeout": args.timeout + 5, "fail_offline": False, "request_timeout": request_timeout(args.timeout)}
    if action == "send":
        async def send(service: Any) -> int:
            entries = await send_all(service, args.timeout)
            for entry in entries:
                _report(entry, args)
            if not entries and cli._as_table(args):
                print("nothing waiting in the outbox")
            return exit_code_of(entries, cli._entry_exit_code)

        return cli._run_service(profile, send, **limits)

    async def retry(service: Any) -> int:
        try:
            entry = find(service.outbox, args.id)
            refused = already_sent(entry, "retry")
            if refused:  # delivered: sending it again would post it twice
                raise cli.CliError(refused, cli.ExitCode.USAGE)
            entry = service.outbox.resend(entry.id)
        except LookupError as exc:
            raise cli.CliError(str(exc), cli.ExitCode.NOT_FOUND) from None
        except ValueError as exc:
            raise cli.CliError(str(exc), cli.ExitCode.USAGE) from None
        final = await cli._wait_for_entry(service, entry, args.timeout)
        _report(final, args)
        return cli._entry_exit_code(final)

    return cli._run_service(profile, retry, **limits)


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
    elif entry.state != "failed" and row["outcome_unknown"]:
        from fstui.cli_writes import unknown_line

        cli._err(unknown_line(entry))
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
    ids = _short_ids([r["id"] for r in rows])
    table = [{"id": ids[r["id"]], "state": r["state"] + (" TWICE" if (r.get("twin") or {}).get("action") == "reported"
                                                    else ""),
              "write": kind_label(r["kind"]), "ticket": "" if r["ticket_id"] is None else f"#{r['ticket_id']}",
              "age": span(r["age_seconds"]), "status": status_text(r)} for r in rows]
    cli._print_table(table, [("id", 31), ("state", 10, 7), ("write", 14, 8), ("ticket", 11), ("age", 4),
                             ("status", 0)])
    return cli.ExitCode.OK


def _short_ids(ids: list[str]) -> dict[str, str]:
    """Each id as the table shows it: its random part ("ab1a5589a4", which `retry`/`discard` take as a unique
    part of the id) when that is unique among the rows, else the whole id (--json always has the whole id)."""
    short = {i: i.rsplit("-", 1)[-1] for i in ids}
    counts: dict[str, int] = {}
    for part in short.values():
        counts[part] = counts.get(part, 0) + 1
    return {i: part if part and counts[part] == 1 and sum(part in j for j in ids) == 1 else i
            for i, part in short.items()}


def _discard(outbox: Any, args: Any) -> int:
    from fstui import cli

    try:
        entry = find(outbox, args.id)
        refused = already_sent(entry, "discard")
        if refused:  # the receipt stays: the late-twin check and "sent in the last day" read it
            raise cli.CliError(refused, cli.ExitCode.USAGE)
        landed = describe(entry)["outcome_unknown"]
        gone = outbox.discard(entry.id)
    except LookupError as exc:
        raise cli.CliError(str(exc), cli.ExitCode.NOT_FOUND) from None
    except ValueError as exc:  # being sent right now
        raise cli.CliError(f"{entry.id}: {exc}; try again in a moment", cli.ExitCode.ERROR) from None
    if cli._as_table(args):
        # a write that got no answer may already be on the ticket: discarding only stops fstui looking for it
        effect = ("it may already be on the ticket (no answer came); fstui will not look for it or send it again"
                  if landed else "it will not be sent")
        print(f"discarded {kind_words(gone.kind)} to ticket {gone.ticket_id} ({gone.id}): {effect}")
    else:
        cli._print_json({"id": gone.id, "state": "discarded", "kind": gone.kind, "ticket_id": gone.ticket_id,
                         "outcome_unknown": landed})
    return cli.ExitCode.OK

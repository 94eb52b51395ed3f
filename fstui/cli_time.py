"""``fstui time log ID --spent 1:30`` and ``fstui timer start|stop ID``: a ticket's time, from a script,
through the outbox like every write, with the same exit codes as ``fstui reply`` (0 done, 4 no such
ticket or no running timer of yours on it, 5 refused, e.g. you already have a running timer elsewhere,
8 still queued, 9 read-only)."""

from __future__ import annotations

import argparse
from typing import Any

from fstui import cli


def add_parsers(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    log = sub.add_parser("time", parents=parents, help="log time spent on a ticket",
                         epilog=cli.EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    tsub = log.add_subparsers(dest="time_command", metavar="ACTION", required=True)
    p = tsub.add_parser("log", parents=parents, help="add a time entry for you")
    p.add_argument("id", type=cli._positive_int, metavar="ID")
    p.add_argument("--spent", required=True, metavar="T", help="1:30, 90m, 1.5h or minutes")
    p.add_argument("--note", default="")
    p.add_argument("--no-billable", action="store_true")
    p.add_argument("--timeout", type=cli._seconds, default=60.0, metavar="S")
    timer = sub.add_parser("timer", parents=parents, help="start or stop your timer on a ticket",
                           epilog=cli.EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    timer.add_argument("timer_command", choices=("start", "stop"))
    timer.add_argument("id", type=cli._positive_int, metavar="ID")
    timer.add_argument("--note", default="")
    timer.add_argument("--timeout", type=cli._seconds, default=60.0, metavar="S")


def run(args: argparse.Namespace) -> int:
    from fstui.api.time_entries import parse_duration

    profile = cli._profile_from_args(args)
    if profile.read_only:
        raise cli.CliError(f"profile {profile.name!r} is read-only: not changing time entries.",
                           cli.ExitCode.READ_ONLY)
    spent = None
    if args.command == "time":
        spent = parse_duration(args.spent)
        if spent is None:
            raise cli.CliError(f"--spent {args.spent!r}: not a duration (1:30, 90m, 1.5h)", cli.ExitCode.USAGE)
    from fstui.cli_writes import request_timeout

    return cli._run_service(profile, lambda service: _act(service, args, spent), timeout=args.timeout + 5,
                            fail_offline=False, request_timeout=request_timeout(args.timeout))


async def _act(service: Any, args: argparse.Namespace, spent: str | None) -> int:
    work = service.work
    if args.command == "time":
        entry = work.add_time_entry(args.id, spent, args.note, not args.no_billable)
    elif args.timer_command == "start":
        entry = work.start_timer(args.id, args.note)
    else:
        me = await service.me()
        if me is None and cli.OFFLINE_REASON.get():  # the server did not answer: say so, with the host
            raise cli.CliError(f"{cli.OFFLINE_REASON.get()[-1]}: not stopping any timer", cli.ExitCode.UNREACHABLE)
        if me is None:  # never stop another agent's timer: which one is yours needs who you are
            raise cli.CliError("fstui cannot tell which agent you are (the server does not answer /agents/me and "
                               "no agent has the profile's email): not stopping any timer", cli.ExitCode.USAGE)
        running = [e for e in await work.time_entries(args.id, force=True)
                   if e.timer_running and e.agent_id == me.id]
        if not running:
            cli._err(f"no running timer of yours on ticket {args.id}")
            return cli.ExitCode.NOT_FOUND
        entry = work.stop_timer(args.id, running[0].id)
    final = await cli._wait_for_entry(service, entry, args.timeout)
    result = final.result if isinstance(final.result, dict) else {}
    fields = {"ticket_id": args.id, "time_entry_id": result.get("id"), "time_spent": result.get("time_spent"),
              "timer_running": result.get("timer_running")}
    return cli._report_write(
        final, args, fields,
        sent=f"ticket {args.id}: time entry {fields['time_entry_id']} ({fields['time_spent']}"
             f"{', running' if fields['timer_running'] else ''})",
        failed="not saved",
        queued=f"queued in the outbox ({final.id}); fstui will send it when the server answers")

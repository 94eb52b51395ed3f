"""The `fstui` command: the only place that parses arguments.

    fstui [--profile NAME | --domain D | --url U] [--read-only] [--theme T]   the TUI (demo desk when nothing is set up)
    fstui --demo-reset                                                 start the demo desk afresh, then open as usual
    fstui serve [--host 127.0.0.1] [--port 8000] [account options]  the TUI in a web browser (textual-serve)
    fstui sandbox ...                                                  the local Freshservice-compatible server
    fstui tickets list [--view V | --requester EMAIL|NAME | --updated-since T | --query Q] [--json]
    fstui tickets show ID [--conversations] [--json]
    fstui reply ID --body-file F [--html] [--signature] [--cc EMAIL]... [--bcc EMAIL]...
    fstui note ID --body-file F [--html] [--public] [--notify EMAIL]...
    fstui outbox [list | send | retry ID | discard ID] [--json]        (fstui/cli_outbox.py)
    fstui profiles [list | init | path]

Scripting commands use the same profiles, cache and outbox as the TUI. Output: a plain table when stdout is
a terminal, JSON lines (one object per line) otherwise or with --json. There is no flag for the API key (it
would show in `ps`): use FRESHSERVICE_API_KEY, the keyring or the config file.

Heavy modules (textual, httpx, the service) are imported inside the commands, so `fstui --help` is fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Any, Callable, Sequence, TextIO

from fstui import config as cfg


class ExitCode:
    """Exit codes scripts can rely on (also listed in `fstui --help`)."""

    OK = 0
    ERROR = 1              # anything unexpected
    USAGE = 2              # bad arguments or configuration (the message says how to fix it)
    AUTH = 3               # 401/403: bad API key or not allowed
    NOT_FOUND = 4          # 404: no such ticket
    INVALID = 5            # 400: the server refused the fields (field errors printed)
    RATE_LIMITED = 6       # 429 on a write, or reads kept being limited
    UNREACHABLE = 7        # network down, host unreachable, timeout, 5xx
    QUEUED = 8             # write kept in the outbox; its outcome is not yet known (fstui will resend)
    READ_ONLY = 9          # write refused: read-only profile or --read-only
    INTERRUPTED = 130


EXIT_CODES_HELP = """\
exit codes:
  0  success                       5  the server refused the fields (400)
  1  unexpected error              6  rate limited
  2  usage or configuration error  7  network/host unreachable or server error
  3  authentication/permission     8  write queued, outcome unknown (kept in the outbox)
  4  not found                     9  refused: read-only
A reply or note still waiting (429, unreachable, unknown outcome) ends 8: it stays in the outbox and
fstui delivers it when next run (do not resend it). Output piped into a reader that stops early
(| head) ends quietly with 141, as other shell tools do.
"""

VIEWS = ("recent", "new_and_my_open", "watching", "spam", "deleted")


class CliError(Exception):
    def __init__(self, message: str, code: int = ExitCode.ERROR) -> None:
        super().__init__(message)
        self.code = code


# --------------------------------------------------------------------------- argument parsing


def _account_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """--profile/--domain/--url/--read-only, on the top level and (repeated) on each subcommand."""
    default: Any = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group("account")
    group.add_argument("--profile", metavar="NAME", default=default, help="profile from the config file")
    group.add_argument("--domain", metavar="D", default=default,
                       help="Freshservice account, e.g. acme or acme.freshservice.com (key from FRESHSERVICE_API_KEY)")
    group.add_argument("--url", metavar="U", default=default,
                       help="full account URL (https; http only for localhost)")
    group.add_argument("--read-only", action="store_true", default=argparse.SUPPRESS if suppress else False,
                       help="refuse every write")
    group.add_argument("--workspace", metavar="NAME|ID|all", default=default,
                       help="which workspace's tickets to show (default: every one you see on a "
                            "multi-workspace account)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fstui",
        description="A keyboard-driven terminal help-desk console for Freshservice. "
        "With no account configured it opens the demo desk on an embedded sandbox.",
        epilog=EXIT_CODES_HELP
        + "\nAPI key: FRESHSERVICE_API_KEY, else the keyring, else the config file (mode 0600).\n"
        + f"config file: {_config_path_for_help()}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--demo-reset", action="store_true",
                        help="start the demo desk afresh: drop its saved account (kept between runs), its cache "
                             "and its unsent writes, then go on as usual")
    _account_options(parser, suppress=False)
    parser.add_argument("--theme", metavar="NAME", default=None,
                        help="colour theme: fstui-dark, fstui-light or any Textual theme (config: [ui] theme)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    account = argparse.ArgumentParser(add_help=False)
    _account_options(account, suppress=True)
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("--json", action="store_true", help="JSON lines even on a terminal")

    sub.add_parser("sandbox", help="run the local Freshservice-compatible sandbox server (fstui sandbox --help)",
                   add_help=False)

    tickets = sub.add_parser("tickets", help="list, show or create tickets")
    tsub = tickets.add_subparsers(dest="tickets_command", metavar="ACTION", required=True)
    tl = tsub.add_parser("list", parents=[account, output], help="list tickets of a queue view",
                         epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    which = tl.add_mutually_exclusive_group()
    which.add_argument("--view", choices=VIEWS, default=None, help="queue view (default: recent)")
    which.add_argument("--requester", metavar="EMAIL|NAME",
                       help="tickets raised by this requester (a name is looked up; several matches: exit 2)")
    which.add_argument("--updated-since", metavar="TIME", help="tickets updated since (ISO 8601, UTC if no zone)")
    which.add_argument("--query", metavar="Q", help='server filter query, e.g. "priority:4 AND status:2"')
    tl.add_argument("--order", choices=("asc", "desc"), default="desc", help="sort order (default desc)")
    tl.add_argument("--page", type=_positive_int, default=1, help="page to list (100 per page; 30 with --query)")
    tl.add_argument("--pages", type=_positive_int, default=1, help="how many pages from --page (default 1)")
    tl.add_argument("--timeout", type=_seconds, default=60.0, metavar="S", help="give up after S seconds (exit 7)")

    ts = tsub.add_parser("show", parents=[account, output], help="show one ticket",
                         epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    ts.add_argument("id", type=_positive_int, metavar="ID")
    ts.add_argument("--conversations", action="store_true", help="include the whole conversation thread")
    ts.add_argument("--timeout", type=_seconds, default=60.0, metavar="S", help="give up after S seconds (exit 7)")
    from fstui import cli_create  # noqa: PLC0415 - `tickets create` lives in its own module

    cli_create.add_parser(tsub, [account, output])

    for name, help_text in (("reply", "reply to a ticket (public, emailed to the requester)"),
                            ("note", "add a note to a ticket (private unless --public)")):
        p = sub.add_parser(name, parents=[account, output], help=help_text,
                           epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("id", type=_positive_int, metavar="ID")
        p.add_argument("--body-file", required=True, metavar="F",
                       help="UTF-8 file with the body as plain text (sent as HTML that keeps its lines, "
                       "blank lines and indentation; < and & stay text); - reads stdin")
        p.add_argument("--html", action="store_true", help="the body file is HTML: send it as it is")
        if name == "reply":
            p.add_argument("--cc", action="append", default=[], metavar="EMAIL")
            p.add_argument("--bcc", action="append", default=[], metavar="EMAIL")
            p.add_argument("--signature", action="store_true",
                           help="append your Freshservice signature below a blank line (default: the body only)")
        else:
            p.add_argument("--public", action="store_true", help="a public note (visible to the requester)")
            p.add_argument("--notify", action="append", default=[], metavar="EMAIL",
                           help="email addresses to notify")
        p.add_argument("--no-wait", action="store_true",
                       help="return once the write is safely in the outbox (exit 8) instead of waiting")
        p.add_argument("--timeout", type=_seconds, default=60.0, metavar="S",
                       help="seconds to wait for the server (default 60)")

    ob = sub.add_parser("outbox", parents=[account, output],
                        help="writes waiting, failed or recently sent; send, retry or discard them",
                        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    ob.add_argument("outbox_action", nargs="?", choices=("list", "send", "retry", "discard"), default="list",
                    metavar="ACTION", help="list (default), send, retry ID, discard ID")
    ob.add_argument("id", nargs="?", metavar="ID", help="entry id as listed (or a unique part of it)")
    ob.add_argument("--timeout", type=_seconds, default=60.0, metavar="S",
                    help="send/retry: seconds to wait for the server (default 60)")

    serve = sub.add_parser("serve", parents=[account], help="the TUI in a web browser (textual-serve; loopback by default)",
                           description="Serve fstui to a web browser, for agents without a terminal. Listens on "
                           "127.0.0.1; anything else must sit behind your company's authentication.")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--public-url", metavar="URL", default=None, help="the URL browsers use, behind a proxy")
    serve.add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS, help="colour theme of the app")

    from fstui import cli_time  # noqa: PLC0415 - `time log` and `timer start|stop` live in their own module

    cli_time.add_parsers(sub, [account, output])

    profiles = sub.add_parser("profiles", help="list profiles, write a sample config, print its path")
    profiles.add_argument("action", nargs="?", choices=("list", "init", "path"), default="list")
    return parser


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be 1 or more")
    return number


def _seconds(value: str) -> float:
    """A --timeout: a finite number of seconds above 0 (-1, 0, nan and inf are usage errors)."""
    import math

    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not math.isfinite(number) or number <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be a number of seconds above 0")
    return number


class _VersionAction(argparse.Action):
    """``--version``: the installed version, looked up only when asked (importlib.metadata and the
    distribution lookup cost ~13 ms of every start-up otherwise). Prints what argparse's own version
    action prints."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: Any = argparse.SUPPRESS, help: str = "show program's version number and exit") -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        sys.stdout.write(f"fstui {_version()}\n")
        parser.exit()


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("fstui")
    except Exception:
        return "unknown"


def _config_path_for_help() -> str:
    try:
        from fstui import locations

        return str(locations.config_file())
    except Exception:
        return "~/.config/fstui/config.toml"


# --------------------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    # fstui uses no pydantic plugins: their discovery (an entry-point scan of every installed
    # distribution, ~25 ms of each start-up) is skipped unless the user set
    # PYDANTIC_DISABLE_PLUGINS otherwise.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from fstui import terminal

    # A terminal that is not UTF-8 gets stand-ins for what it cannot show (the TUI's too), not a crash.
    terminal.fit_streams()
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, not at exit, where a closed pipe would print "Exception ignored"
        return code
    except BrokenPipeError:  # `fstui tickets list --json | head -1`: the reader has what it wanted
        return terminal.quiet_broken_pipe()


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `fstui sandbox ...` belongs to the sandbox's own parser (B): hand it everything after the word.
    if argv and argv[0] == "sandbox":
        from fstui.sandbox.cli import main as sandbox_main

        return sandbox_main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    _log_to_stderr()
    try:
        if args.demo_reset:
            _demo_reset()
        if args.command is None:
            return _run_tui(args)
        if args.command == "profiles":
            return _profiles(args)
        if args.command == "serve":
            return _serve(args)
        handler: Callable[[argparse.Namespace], int] = {
            "tickets": _tickets,
            "reply": _write,
            "note": _write,
            "outbox": _outbox,
            "time": _time,
            "timer": _time,
        }[args.command]
        return handler(args)
    except cfg.ConfigError as exc:
        _err(str(exc))
        return ExitCode.USAGE
    except CliError as exc:
        _err(str(exc))
        return exc.code
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED


def _demo_reset() -> None:
    from fstui.service.demo import reset_demo_desk

    removed = reset_demo_desk(cfg.demo_profile())
    what = "its saved account, cache and unsent writes are gone" if removed else "it had nothing saved yet"
    print(f"fstui: the demo desk starts afresh ({what}).", file=sys.stderr)


_TUI_RUNNING = False  # while the TUI owns the terminal, log records are not written over its screen


def _log_to_stderr() -> None:
    """Warnings logged by the layers below reach stderr through the one sanitiser too (Python's
    last-resort handler would print them raw), once per process; the TUI's screen is not written."""
    import logging

    class Sanitised(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if not _TUI_RUNNING:
                try:
                    _err(f"{record.levelname.lower()}: {record.getMessage()}")
                except Exception:  # noqa: BLE001 - logging must never fail a command
                    pass

    root = logging.getLogger("fstui")
    if not any(type(h).__name__ == "Sanitised" for h in root.handlers):
        handler = Sanitised(logging.WARNING)
        root.addHandler(handler)


def _err(message: str) -> None:
    """Every line the CLI writes to stderr: server text in it goes through the one sanitiser."""
    from fstui.sanitize import terminal_text

    print(f"fstui: {terminal_text(message)}", file=sys.stderr)


def _profile_from_args(args: argparse.Namespace) -> cfg.Profile:
    return cfg.resolve_profile(
        profile=getattr(args, "profile", None),
        domain=getattr(args, "domain", None),
        url=getattr(args, "url", None),
        read_only=bool(getattr(args, "read_only", False)),
    )


def _run_tui(args: argparse.Namespace) -> int:
    global _TUI_RUNNING
    profile = _profile_from_args(args)
    from fstui.tui.app import run

    _TUI_RUNNING = True
    try:
        return int(run(profile, workspace=getattr(args, "workspace", None), theme=args.theme) or 0)
    finally:
        _TUI_RUNNING = False  # the terminal is the shell's again


def _serve(args: argparse.Namespace) -> int:
    _profile_from_args(args)  # a wrong profile fails here, not in every browser tab
    forwarded: list[str] = []
    for option in ("profile", "domain", "url", "theme"):
        value = getattr(args, option, None)
        if value:
            forwarded += [f"--{option}", value]
    if getattr(args, "read_only", False):
        forwarded.append("--read-only")
    from fstui.serve import serve

    return serve(forwarded, host=args.host, port=args.port, public_url=args.public_url)


def _profiles(args: argparse.Namespace) -> int:
    if args.action == "path":
        from fstui import locations

        print(locations.config_file())
        return ExitCode.OK
    if args.action == "init":
        path = cfg.write_sample_config()
        print(f"wrote {path} (mode 0600); edit it to add your accounts")
        return ExitCode.OK
    config = cfg.load_config()
    default = config.default_profile or (next(iter(config.profiles)) if len(config.profiles) == 1 else "demo")
    rows = []
    for name in cfg.profile_names(config):
        entry = config.profiles.get(name)
        account = "embedded sandbox" if entry is None else (entry.domain or entry.url or "")
        flags = ("default" if name == default else "") + (" read-only" if entry and entry.read_only else "")
        rows.append({"name": name, "account": account, "email": entry.email if entry else None,
                     "default": name == default, "read_only": bool(entry and entry.read_only),
                     "flags": flags.strip()})
    if sys.stdout.isatty():
        _print_table(rows, [("name", 16, 8), ("account", 40, 12), ("email", 28, 10), ("flags", 0)])
    else:
        for row in rows:
            row.pop("flags")
            _print_json(row)
    return ExitCode.OK


# --------------------------------------------------------------------------- scripting commands


def _tickets(args: argparse.Namespace) -> int:
    if args.tickets_command == "create":
        from fstui import cli_create

        return cli_create.run(args)
    profile = _profile_from_args(args)
    if args.tickets_command == "list":
        return _run_service(profile, lambda service: _tickets_list(service, args), timeout=args.timeout)
    return _run_service(profile, lambda service: _tickets_show(service, args), timeout=args.timeout)


def _outbox(args: argparse.Namespace) -> int:
    from fstui.cli_outbox import main as outbox_main

    return outbox_main(args)


def _write(args: argparse.Namespace) -> int:
    profile = _profile_from_args(args)
    if profile.read_only:
        raise CliError(f"profile {profile.name!r} is read-only: not sending the {args.command}.",
                       ExitCode.READ_ONLY)
    body = _read_body(args.body_file)
    if not args.html:
        from fstui.textconv import text_to_html

        body = text_to_html(body)
    # Writes: the outbox keeps a write through an outage, so don't give up on "offline"; --timeout bounds it.
    from fstui.cli_writes import request_timeout

    return _run_service(profile, lambda service: _send(service, args, body), timeout=args.timeout + 5,
                        fail_offline=False, request_timeout=request_timeout(args.timeout))


def _time(args: argparse.Namespace) -> int:
    from fstui import cli_time

    return cli_time.run(args)


def _read_body(path: str) -> str:
    """The body file, read with a bound (`--body-file /dev/zero` is refused, not a MemoryError)."""
    from fstui.service.outbox_store import MAX_BODY_BYTES

    try:
        if path == "-":  # bytes, so the body is UTF-8 whatever the locale's encoding (as for a file)
            stream = getattr(sys.stdin, "buffer", None)
            data = stream.read(MAX_BODY_BYTES + 1) if stream is not None else \
                sys.stdin.read(MAX_BODY_BYTES + 1).encode("utf-8")
        else:
            with open(path, "rb") as fh:
                data = fh.read(MAX_BODY_BYTES + 1)
        if len(data) > MAX_BODY_BYTES:
            raise CliError(f"{path} is larger than {MAX_BODY_BYTES // 1048576} MiB, the most fstui sends in one "
                           "reply or note (the API reference states no limit; send longer text as an "
                           "attachment): nothing was queued", ExitCode.USAGE)
        body = data.decode("utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}", ExitCode.USAGE) from None
    except UnicodeDecodeError:
        raise CliError(f"{path} is not UTF-8 text", ExitCode.USAGE) from None
    if not body.strip():
        raise CliError(f"{path} is empty: nothing to send", ExitCode.USAGE)
    return body


def _run_service(profile: cfg.Profile, action: Callable[[Any], Any], *, timeout: float = 60.0,
                 fail_offline: bool = True, request_timeout: float | None = None) -> int:
    """Open the DataService, run ``action`` and close it.

    Reads give up when the service reports the server offline (it would otherwise keep retrying, which
    is right for the TUI but not for a script) or after ``timeout`` seconds: exit code 7, with the host
    and the cause (the exception, never the TUI's status text). ``request_timeout``: the HTTP timeout
    (seconds) of this run's requests (None: the client's default).
    """

    import asyncio

    async def runner() -> int:
        from fstui.cli_writes import COMMAND_START
        from fstui.service import DataService, OnlineChanged, ServiceConfig

        COMMAND_START.set(asyncio.get_running_loop().time())  # a write's --timeout counts from here
        config = ServiceConfig(request_timeout=request_timeout) if request_timeout else None
        service = await DataService.open(profile, config=config)
        offline = asyncio.Event()
        reason: list[str] = []

        def watch(event: Any) -> None:
            if isinstance(event, OnlineChanged) and not event.online:
                reason.append(_unreachable(getattr(event, "error", None), service))
                if fail_offline:
                    offline.set()

        unsubscribe = service.subscribe(watch)
        OFFLINE_REASON.set(reason)
        _warn_outbox(service)
        try:
            task = asyncio.ensure_future(action(service))
            waiter = asyncio.ensure_future(offline.wait())
            done, _ = await asyncio.wait({task, waiter}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
            if task in done:
                return int(task.result())
            task.cancel()
            try:
                await task
            except BaseException:
                pass
            if offline.is_set():
                raise CliError(reason[0], ExitCode.UNREACHABLE)
            raise CliError(f"no answer from {_host(service) or 'the server'} within {timeout:g}s",
                           ExitCode.UNREACHABLE)
        finally:
            if callable(unsubscribe):
                unsubscribe()
            await service.close()

    try:
        return asyncio.run(runner())
    except (CliError, cfg.ConfigError, KeyboardInterrupt):
        raise
    except Exception as exc:  # API and transport errors become a message and an exit code
        code, message = _classify(exc)
        if code == ExitCode.ERROR and not _is_known(exc):
            raise
        if code == ExitCode.UNREACHABLE:
            message = _unreachable(exc, profile)
        _err(message)
        return code


#: the reasons the server was found unreachable in the running command (fstui.cli_time asks, to say why
#: it cannot tell who you are)
OFFLINE_REASON: "ContextVar[list[str]]" = ContextVar("fstui_cli_offline", default=[])


def _host(where: Any) -> str:
    """The account's host ('acme.freshservice.com', '127.0.0.1:8799') of a service or a profile; '' unknown."""
    from urllib.parse import urlsplit

    base = getattr(getattr(where, "client", None), "base_url", None)
    if base is None and not getattr(where, "demo", True):
        try:
            from fstui.api.urls import normalize_base_url

            base = normalize_base_url(domain=getattr(where, "domain", None), url=getattr(where, "url", None))
        except Exception:  # noqa: BLE001 - a message must never fail
            base = None
    return urlsplit(str(base)).netloc if base else ""


def _unreachable(exc: BaseException | None, where: Any) -> str:
    """One line for an unreachable server: the cause from the exception (refused, timed out, dropped, 5xx)
    and the host ("Cannot reach Freshservice: cannot connect to 127.0.0.1:8799 (tried 4 times)")."""
    host = _host(where)
    message = _classify(exc)[1] if exc is not None else "Cannot reach Freshservice"
    if host and host not in message:
        message += f" ({host})"
    return message


def _warn_outbox(service: Any) -> None:
    """One line on stderr when earlier writes failed (or a reply was delivered twice): `fstui outbox`."""
    from fstui.cli_outbox import warning_line

    try:
        line = warning_line(service.outbox)
    except Exception:  # noqa: BLE001 - a warning must never stop the command
        return
    if line:
        _err(line)


def _is_known(exc: BaseException) -> bool:
    from fstui.api import errors
    from fstui.service.errors import ReadOnlyError, TooLarge

    return isinstance(exc, (errors.FreshserviceError, ReadOnlyError, TooLarge))


def _classify(exc: BaseException) -> tuple[int, str]:
    """Exit code and one-line message for an error from the api/service layers."""
    from fstui.api import errors
    from fstui.service.errors import ReadOnlyError

    if isinstance(exc, ReadOnlyError):
        return ExitCode.READ_ONLY, str(exc) or "refused: read-only"
    from fstui.service.errors import TooLarge

    if isinstance(exc, TooLarge):
        return ExitCode.USAGE, f"{exc.title}: {exc}; nothing was queued"
    title = getattr(exc, "title", None) or exc.__class__.__name__
    detail = str(exc)
    message = title if not detail or detail == title else f"{title}: {detail}"
    for field_error in getattr(exc, "errors", None) or []:
        message += f"\n  {getattr(field_error, 'field', None) or '-'}: {getattr(field_error, 'message', '')}"
    table: list[tuple[type, int]] = [
        (errors.AuthenticationError, ExitCode.AUTH),
        (errors.AccessDenied, ExitCode.AUTH),
        (errors.NotFound, ExitCode.NOT_FOUND),
        (errors.ValidationError, ExitCode.INVALID),
        (errors.RateLimited, ExitCode.RATE_LIMITED),
        (errors.ServerError, ExitCode.UNREACHABLE),
        (errors.TransportError, ExitCode.UNREACHABLE),
        (errors.ConfigError, ExitCode.USAGE),
        (errors.ApiError, ExitCode.ERROR),
    ]
    for cls, code in table:
        if isinstance(exc, cls):
            return code, message
    return ExitCode.ERROR, message


def _queue_view(args: argparse.Namespace) -> Any:
    from fstui.service import QueueView

    if args.requester:
        return QueueView(kind="requester", email=args.requester, order_type=args.order)
    if args.updated_since:
        return QueueView(kind="updated_since", updated_since=_parse_time(args.updated_since),
                         order_type=args.order)
    if args.query:
        return QueueView(kind="query", query=args.query, order_type=args.order)
    return QueueView(kind=args.view or "recent", order_type=args.order)


def _parse_time(value: str) -> datetime:
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CliError(f"--updated-since {value!r}: use ISO 8601, e.g. 2024-05-01T09:00:00Z",
                       ExitCode.USAGE) from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


async def _fresh(iterator: Any) -> Any:
    """The last (freshest) value of a cached-then-fresh iterator; warns when it is stale."""
    last = None
    async for cached in iterator:
        last = cached
    if last is None:
        raise CliError("no data returned", ExitCode.UNREACHABLE)
    if getattr(last, "stale", False):
        _err(f"warning: server unreachable, showing the cached copy from {last.fetched_at:%Y-%m-%d %H:%M} UTC")
    return last.value


async def _tickets_list(service: Any, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from fstui.cli_workspace import scope_for, workspace_cell

    try:
        scope = await scope_for(service, getattr(args, "workspace", None))
    except ValueError as exc:
        raise CliError(str(exc), ExitCode.USAGE) from None
    if args.requester:  # a name is looked up on the server (fstui/cli_requester.py)
        from fstui.cli_requester import RequesterNotChosen, requester_email

        try:
            args.requester = await requester_email(service, args.requester)
        except RequesterNotChosen as exc:
            raise CliError(str(exc), exc.code) from None
    view = replace(_queue_view(args), workspace_id=scope)
    tickets: list[Any] = []
    listed: set[int] = set()
    page = args.page
    for _ in range(args.pages):
        # Page N is the server's page N (no cached page 1 with new tickets merged on top); a ticket that
        # moved to the next page between two calls (new tickets on top) is printed once.
        queue_page = await _fresh(_once(service.server_queue_page(view, page)))
        for ticket in queue_page.tickets:
            if ticket.id not in listed:
                listed.add(ticket.id)
                tickets.append(ticket)
        if not queue_page.has_next:
            break
        page += 1
    if _as_table(args):
        from fstui import cli_labels

        labels = await cli_labels.field_labels(service)
        rows = [{**_ticket_row(service, t, labels), "workspace": _clean(workspace_cell(service, t))} for t in tickets]
        # (name, most cells, fewest when the terminal is narrow): the subject takes what is left
        columns = [("id", 7), ("status", 20, 8), ("priority", 8, 6), ("updated", 16), ("agent", 16, 8),
                   ("subject", 0)]
        if scope == 0:  # several workspaces listed: say which each ticket is in
            columns.insert(3, ("workspace", 12, 6))
        _print_table(rows, columns)
    else:
        for ticket in tickets:
            _print_json(_dump(ticket))
    return ExitCode.OK


async def _once(awaitable: Any) -> Any:
    """An awaited Cached value as the one-item iterator `_fresh` reads."""
    yield await awaitable


async def _tickets_show(service: Any, args: argparse.Namespace) -> int:
    ticket = await _fresh(service.ticket(args.id))
    conversations = await _fresh(service.conversations(args.id)) if args.conversations else None
    if _as_table(args):
        from fstui.cli_show import write_ticket

        await write_ticket(service, ticket, conversations, sys.stdout)
    else:
        data = _dump(ticket)
        if conversations is not None:
            data["conversations"] = [_dump(c) for c in conversations]
        _print_json(data)
    return ExitCode.OK


async def _send(service: Any, args: argparse.Namespace, body: str) -> int:
    if args.command == "reply" and args.signature:
        from fstui.cli_signature import signed_body

        body = await signed_body(service, body)
    if args.no_wait:
        from fstui.cli_writes import hold

        hold(service)  # nothing is sent by this run: the entry reported is the entry as it stays
    if args.command == "reply":
        entry = service.reply(args.id, body, cc_emails=tuple(args.cc), bcc_emails=tuple(args.bcc))
    else:
        entry = service.note(args.id, body, private=not args.public, notify_emails=tuple(args.notify))
    if args.no_wait:
        _report_entry(entry, args)
        return ExitCode.QUEUED
    final = await _wait_for_entry(service, entry, args.timeout)
    return _report_entry(final, args)


async def _wait_for_entry(service: Any, entry: Any, timeout: float) -> Any:
    """The entry once sent or failed, or as left when ``timeout`` is over and no request is under way
    (fstui/cli_writes.py: an entry left mid-send is outcome unknown)."""
    from fstui.cli_writes import wait_for

    [final] = await wait_for(service.outbox, [entry], timeout)
    return final


def _report_write(entry: Any, args: argparse.Namespace, fields: dict[str, Any], *, sent: str, failed: str,
                  queued: str) -> int:
    """How every write command ends: a line per outcome on a terminal (``sent`` on stdout; ``failed`` with
    the server's message and field errors, or ``queued``, on stderr), else one JSON object: the outbox
    entry's id, kind, state and error fields, then ``fields``. Returns the exit code (_entry_exit_code)."""
    from fstui.cli_writes import may_have_landed, unknown_line

    unknown = may_have_landed(entry)  # its request may have reached the server: never "not sent"
    result = {"outbox_id": entry.id, "kind": entry.kind, "state": entry.state, "error": entry.error,
              "error_kind": entry.error_kind, "error_status": entry.error_status,
              "outcome_unknown": unknown, "field_errors": list(entry.field_errors or []), **fields}
    if _as_table(args):
        if entry.state == "sent":
            print(sent)
        elif entry.state == "failed":
            _err(f"{failed}: {_clean(entry.error or 'unknown error')}")
            for fe in result["field_errors"]:
                _err(f"  {_clean(str(fe.get('field') or '-'))}: {_clean(str(fe.get('message') or ''))}")
            ticket_id = getattr(args, "id", None)
            if entry.error_kind == "not_found" and ticket_id is not None:
                _err(f"  ticket {ticket_id} may be deleted (in trash) or not visible to this key: "
                     f"fstui tickets show {ticket_id} says which")
        elif unknown:
            _err(unknown_line(entry))
        else:
            _err(queued)
    else:
        _print_json(result)
    return _entry_exit_code(entry)


def _report_entry(entry: Any, args: argparse.Namespace) -> int:
    """A reply or note (`fstui reply|note`): see _report_write."""
    fields: dict[str, Any] = {"ticket_id": args.id, "kind": args.command}
    conversation = entry.result
    if isinstance(conversation, dict) and "id" in conversation:
        fields["conversation_id"] = conversation["id"]
    why = f" ({_clean(entry.error)})" if entry.error else ""
    return _report_write(entry, args, fields, sent=f"{args.command} sent to ticket {args.id}",
                         failed=f"{args.command} to ticket {args.id} failed",
                         queued=f"{args.command} to ticket {args.id} is queued in the outbox ({entry.id}){why}; "
                                "fstui will send it when the server answers")


#: OutboxEntry.error_kind (recorded by the outbox from the error's class) -> exit code of a failed write
FAILED_EXIT_CODES = {
    "validation": ExitCode.INVALID,
    "auth": ExitCode.AUTH,
    "access_denied": ExitCode.AUTH,
    "not_found": ExitCode.NOT_FOUND,
    "config": ExitCode.USAGE,
}


def _entry_exit_code(entry: Any) -> int:
    """The exit code of a write from its outbox entry: its state and recorded error kind."""
    if entry.state == "sent":
        return ExitCode.OK
    if entry.state == "failed":
        return FAILED_EXIT_CODES.get(entry.error_kind or "", ExitCode.ERROR)
    # Still in the outbox: fstui delivers it (exactly once) when next run. Always 8, so that a script
    # retrying on 6 or 7 can never post it twice; why it waits is in the JSON (error_kind).
    return ExitCode.QUEUED


# --------------------------------------------------------------------------- output helpers


def _as_table(args: argparse.Namespace) -> bool:
    return not getattr(args, "json", False) and sys.stdout.isatty()


def _dump(model: Any) -> dict[str, Any]:
    if hasattr(model, "model_dump"):
        # what the server sent, times in UTC ("...Z"); a field it did not send (tags of a filter-query row)
        # is absent, never a default ([]) that would read as "none"
        return model.model_dump(mode="json", exclude_unset=True)
    if isinstance(model, dict):
        return model
    return dict(vars(model))


def _print_json(data: Any, out: TextIO | None = None) -> None:
    # ensure_ascii escapes every control character, so hostile API text can't reach the terminal raw.
    (out or sys.stdout).write(json.dumps(data, ensure_ascii=True, default=str, sort_keys=False) + "\n")


def _clean(text: str) -> str:
    """API text made safe for a terminal (C0/C1/DEL/bidi removed) by the one sanitising core."""
    from fstui.sanitize import clean

    return clean(text)


def _html_text(html: str) -> str:
    from fstui.tui.text import html_to_text

    return html_to_text(html)


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")
    return "" if value is None else str(value)


def _conversation_kind(conv: Any) -> str:
    private = getattr(conv, "private", False)
    incoming = getattr(conv, "incoming", False)
    source = getattr(conv, "source", None)
    number = int(getattr(source, "value", source) or 0) if source is not None else 0
    kind = "private note" if private else ("reply" if number == 0 else "public note")
    return f"{kind} (incoming)" if incoming else kind


def _ticket_row(service: Any, ticket: Any, labels: Any = None) -> dict[str, str]:
    from fstui import cli_labels

    def name(lookup: str, value: Any) -> str:
        if value is None:
            return ""
        func = getattr(service, lookup, None)
        found = func(value) if callable(func) else None
        return _clean(found) if found else f"#{value}"

    return {
        "id": str(ticket.id),
        # the account's labels ("Waiting on Customer"); #12 for an id no field names
        "status": (labels or cli_labels.EMPTY).status(getattr(ticket, "status", None)),
        "priority": (labels or cli_labels.EMPTY).priority(getattr(ticket, "priority", None)),
        "updated": _when(getattr(ticket, "updated_at", None)),
        "agent": name("agent_name", getattr(ticket, "responder_id", None)),
        "group": name("group_name", getattr(ticket, "group_id", None)),
        "requester": name("requester_name", getattr(ticket, "requester_id", None)),
        "subject": _clean(getattr(ticket, "subject", "") or "").replace("\n", " "),
    }


def _print_table(rows: list[dict[str, Any]], columns: list[tuple], total: int | None = None) -> None:
    """Columns (name, most cells[, fewest]) fitted to the terminal's width; width 0 takes what is left
    (fstui/cli_table.py)."""
    from fstui.cli_table import print_table

    print_table(rows, columns, sys.stdout, total)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""``fstui tickets create``: a new ticket (or, with ``--parent``, a child ticket) from options, through the
outbox like every write; the same validation as the TUI's form (fstui.service.ticket_form) and the same
exit codes as ``fstui reply`` (0 created, 5 refused fields, 8 still queued, 9 read-only, ...).

Names are the account's labels from ``/ticket_form_fields`` (``--status Pending``, ``--group "Network
Team"``, ``--agent "Demo Agent"``); numbers are taken as ids. ``--workspace NAME|ID`` creates the ticket in
that workspace (``workspace_id`` in the body; without it the API's default, the primary workspace) and
takes the names from that workspace's form (``/ticket_form_fields?workspace_id=N``: its groups, agents
and custom fields, e.g. HR's ``--custom hr_case_type=Leave``); a child ticket (``--parent``) is made in
its parent's workspace. ``--description-file`` is plain text
(converted to HTML paragraphs) or HTML (a file whose first character is ``<``); ``-`` reads stdin.
"""

from __future__ import annotations

import argparse
from typing import Any

from fstui import cli

# fstui.service.ticket_form is imported where used: `fstui --help` must stay fast (no httpx, no textual)


def add_parser(tsub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = tsub.add_parser("create", parents=parents, help="create a ticket (or a child ticket with --parent)",
                        description="Create a ticket. --workspace NAME|ID creates it in that workspace, with that "
                                    "workspace's statuses, groups, agents and custom fields (default: the primary "
                                    "workspace; a child ticket: its parent's).",
                        epilog=cli.EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--requester-id", type=cli._positive_int, metavar="ID", help="the requester's id")
    who.add_argument("--email", metavar="EMAIL", help="the requester's email (a new requester is created)")
    p.add_argument("--subject", required=True)
    p.add_argument("--description-file", required=True, metavar="F",
                   help="plain text, sent keeping its lines, blank lines and indentation; - reads stdin")
    p.add_argument("--html", action="store_true", help="the description file is HTML, sent as it is")
    p.add_argument("--status", metavar="NAME|ID", help="default Open")
    p.add_argument("--priority", metavar="NAME|ID", help="default Low")
    p.add_argument("--type", metavar="NAME", help='e.g. "Incident", "Service Request"')
    p.add_argument("--group", metavar="NAME|ID")
    p.add_argument("--agent", metavar="NAME|ID")
    p.add_argument("--category")
    p.add_argument("--sub-category")
    p.add_argument("--item-category")
    p.add_argument("--custom", action="append", default=[], metavar="NAME=VALUE",
                   help="a custom field (repeatable); those required for agents must be given")
    p.add_argument("--parent", type=cli._positive_int, metavar="ID", help="create it as a child of this ticket")
    p.add_argument("--no-wait", action="store_true",
                   help="return once the write is safely in the outbox (exit 8) instead of waiting")
    p.add_argument("--timeout", type=cli._seconds, default=60.0, metavar="S", help="seconds to wait (default 60)")


def run(args: argparse.Namespace) -> int:
    profile = cli._profile_from_args(args)
    if profile.read_only:
        raise cli.CliError(f"profile {profile.name!r} is read-only: not creating the ticket.", cli.ExitCode.READ_ONLY)
    text = cli._read_body(args.description_file)
    custom: dict[str, str] = {}
    for item in args.custom:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise cli.CliError(f"--custom {item!r}: expected NAME=VALUE", cli.ExitCode.USAGE)
        custom[name.strip()] = value
    from fstui.cli_writes import request_timeout

    return cli._run_service(profile, lambda service: _create(service, args, text, custom),
                            timeout=args.timeout + 5, fail_offline=False,
                            request_timeout=request_timeout(args.timeout))


def _choice(form_fields: list[Any], field: str, given: str | None, option: str, whose: str = "the account's") -> Any:
    """A label (case-insensitive) or an id of a choice field, as the id; CliError when neither."""
    from fstui.service import ticket_form

    if given is None:
        return None
    choices = ticket_form.choices_of(form_fields, field)
    for c in choices:
        if str(c.value or "").lower() == given.strip().lower() or str(c.id) == given.strip():
            return c.id
    labels = ", ".join(cli._clean(str(c.value)) for c in choices[:12])
    raise cli.CliError(f"{option} {given!r}: not one of {whose} choices ({labels})", cli.ExitCode.USAGE)


async def _create(service: Any, args: argparse.Namespace, text: str, custom: dict[str, str]) -> int:
    from fstui.service import ticket_form, workspace_choices
    from fstui.textconv import text_to_html  # the project's one plain text -> HTML conversion

    workspace_id = await _workspace(service, args)
    form_fields = await workspace_choices.form_fields(service, workspace_id)
    name = service.workspace_name(workspace_id) if workspace_id is not None else None
    whose = f"the {cli._clean(name)} workspace's" if name else "the account's"

    def choice(field: str, given: str | None, option: str) -> Any:
        return _choice(form_fields, field, given, option, whose)

    description = text if args.html else text_to_html(text)
    values = {
        "requester_id": args.requester_id, "email": args.email, "subject": args.subject,
        "description": description,
        "status": choice("status", args.status, "--status"),
        "priority": choice("priority", args.priority, "--priority"),
        "type": args.type,
        "group_id": choice("group", args.group, "--group"),
        "responder_id": choice("agent", args.agent, "--agent"),
        "category": args.category, "sub_category": args.sub_category, "item_category": args.item_category,
        "custom_fields": custom, "workspace_id": workspace_id,
    }
    body, errors = ticket_form.validate(form_fields, values)
    if errors:
        for name, message in errors:
            cli._err(f"{cli._clean(name)}: {cli._clean(message)}")
        return cli.ExitCode.USAGE
    if args.no_wait:
        from fstui.cli_writes import hold

        hold(service)  # nothing is sent by this run: the entry reported is the entry as it stays
    entry = service.links.create_child_ticket(args.parent, body) if args.parent else service.create_ticket(body)
    if not args.no_wait:
        entry = await cli._wait_for_entry(service, entry, args.timeout)
    return _report(entry, args)


async def _workspace(service: Any, args: argparse.Namespace) -> int | None:
    """The workspace to create the ticket in: ``--workspace`` (a name or id the agent sees), a child
    ticket's parent's, else None (not sent: the primary workspace). CliError (usage) for ``all``, an
    unknown name, or a --workspace other than the parent's."""
    requested = getattr(args, "workspace", None)
    chosen: int | None = None
    if requested is not None:
        me = None
        try:
            me = await service.me()
        except Exception:  # noqa: BLE001 - who-am-I only narrows the workspaces offered
            me = None
        await service.workspaces.workspaces()
        try:
            chosen = service.workspaces.resolve(requested, me)
        except ValueError as exc:
            raise cli.CliError(f"--workspace: {exc}", cli.ExitCode.USAGE) from None
        if chosen == 0:
            names = ", ".join(w.name or str(w.id) for w in service.workspaces.visible(me))
            raise cli.CliError(f"--workspace all: a ticket is created in one workspace (one of: {cli._clean(names)})",
                               cli.ExitCode.USAGE)
    if not args.parent:
        return chosen
    parent = service.cached_ticket(args.parent)
    if parent is None:
        try:
            parent = await service.read_ticket(args.parent)
        except Exception:  # noqa: BLE001 - offline: the server puts the child where its parent is
            parent = None
    inherited = getattr(parent, "workspace_id", None)
    if chosen is not None and inherited is not None and chosen != inherited:
        where = service.workspace_name(inherited) or f"workspace {inherited}"
        raise cli.CliError(f"--workspace {requested!r}: a child ticket is created in its parent's workspace "
                           f"({cli._clean(where)})", cli.ExitCode.USAGE)
    return inherited if inherited is not None else chosen


def _report(entry: Any, args: argparse.Namespace) -> int:
    ticket = entry.result if isinstance(entry.result, dict) else {}
    return cli._report_write(
        entry, args, {"parent_id": args.parent, "ticket_id": ticket.get("id")},
        sent=f"created ticket {ticket.get('id')}" + (f" (child of {args.parent})" if args.parent else ""),
        failed="ticket not created",
        queued=f"the new ticket is queued in the outbox ({entry.id}); fstui will send it when the server answers")

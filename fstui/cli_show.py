"""`fstui tickets show ID` as a table: the ticket's fields by the account's names, its own workspace's
custom fields by their labels, the description and (``--conversations``) the thread. Every server string
is cleaned by the CLI's sanitiser (``cli._clean``) before it is written."""

from __future__ import annotations

from typing import Any, TextIO

from fstui.textconv import normalise_text

#: the widest field name the label column makes room for (a longer custom field label is cut with …)
LABEL_WIDTH = 20


async def write_ticket(service: Any, ticket: Any, conversations: list[Any] | None, out: TextIO) -> None:
    """Write ``ticket`` (a Ticket model) and its ``conversations`` (None: not asked for) to ``out``."""
    from fstui import cli, cli_labels
    from fstui.tui import org_names

    labels = await cli_labels.field_labels(service, ticket)
    if getattr(ticket, "department_id", None) is not None:
        try:  # the department's name (the list, cached a day like the TUI's)
            await service.lookups.departments()
        except Exception:  # noqa: BLE001 - offline or refused: #id stands in
            pass
    row = cli._ticket_row(service, ticket, labels)
    category = " / ".join(p for p in (ticket.category, ticket.sub_category, ticket.item_category) if p)
    fields = [
        ("status", row["status"]), ("priority", row["priority"]),
        ("urgency", labels.label("urgency", getattr(ticket, "urgency", None))),
        ("impact", labels.label("impact", getattr(ticket, "impact", None))),
        ("source", labels.source(getattr(ticket, "source", None))), ("type", ticket.type or "-"),
        ("category", category or "-"), ("agent", row["agent"] or "unassigned"), ("group", row["group"] or "-"),
        ("requester", row["requester"] or "-"), ("email", cli_labels.requester_email(service, ticket) or "-"),
        ("tags", (", ".join(ticket.tags or []) or "-") if "tags" in ticket.model_fields_set else "(not read)"),
        ("department", org_names.department(service, ticket.department_id) or "-"),
    ]
    if getattr(ticket, "deleted", False):  # a reply or note to it is refused (404) until it is restored
        fields.insert(0, ("deleted", "yes (in trash)"))
    if getattr(ticket, "spam", False):
        fields.insert(0, ("spam", "yes"))
    workspace = service.workspace_name(ticket.workspace_id) if ticket.workspace_id is not None else None
    if workspace and len(service.workspaces.cached()) > 1:  # an account with several: say which
        fields.append(("workspace", workspace))
    fields += [("created", cli._when(getattr(ticket, "created_at", None)) + " UTC"),
               ("updated", row["updated"] + " UTC"),
               ("due", cli._when(getattr(ticket, "due_by", None)) + " UTC" if ticket.due_by else "-"),
               ("first due", cli._when(getattr(ticket, "fr_due_by", None)) + " UTC" if ticket.fr_due_by else "-")]
    fields += labels.custom_fields(getattr(ticket, "custom_fields", None))
    width = min(LABEL_WIDTH, max(len(cli._clean(label)) for label, _ in fields))
    out.write(f"#{ticket.id}  {row['subject']}\n")
    for label, value in fields:
        label = cli._clean(label)
        if len(label) > width:
            label = label[: width - 1] + "\u2026"
        out.write(f"  {label:<{width}} {cli._clean(value)}\n")
    description = cli._clean(cli._html_text(getattr(ticket, "description", None) or
                                            getattr(ticket, "description_text", None) or ""))
    if description.strip():
        out.write("\n" + normalise_text(description) + "\n")
    for conv in conversations or []:
        kind = cli._conversation_kind(conv)
        when = cli._when(getattr(conv, "created_at", None))
        who = cli_labels.author(service, conv)
        out.write(f"\n--- {kind}  {cli._clean(who)}  {when} UTC\n")
        sent_to = cli_labels.recipients(conv)
        if sent_to:
            out.write(f"    {cli._clean(sent_to)}\n")
        out.write(normalise_text(cli._clean(cli._html_text(getattr(conv, "body", None) or getattr(conv, "body_text", "")
                                                   or ""))) + "\n")

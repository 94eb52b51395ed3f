"""Actions on "the current ticket", shared by the queue (row under the cursor) and the ticket screen.

Every change goes through the service's outbox: the handler starts a worker, the worker asks with a
picker, queues the write and posts ``WriteQueued``; the outbox's events then say pending -> sent/failed.
"""

from __future__ import annotations

import inspect
from typing import Any

from textual import work
from textual.content import Content

from fstui.service import workspace_choices
from fstui.service.field_labels import FieldLabels
from fstui.tui import format as fmt  # noqa: F401 - the close confirmation (another branch) names the status with it
from fstui.tui.messages import WriteQueued
from fstui.tui.read_only import refuse_write
from fstui.tui.text import notice, one_line, safe_line


async def resolve(value: Any) -> Any:
    """Service writes may be plain or async; accept both."""
    if inspect.isawaitable(value):
        return await value
    return value


def field_choices(fields: list[Any] | None, name: str) -> list[tuple[Any, str]]:
    """(value, label) pairs of a ticket attribute's choices (the account's, whatever shape the API used;
    the documented ones when the fields do not list it)."""
    return FieldLabels(fields or []).options(name)


def _maybe_int(value: Any) -> Any:
    """A status as a number when it is one (kept for the close confirmation of another branch)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def person(first: Any, last: Any) -> str:
    return " ".join(one_line(part) for part in (first, last) if part)


NOBODY = "(none)"
"""The picker value meaning "no agent" / "no group" (None means the picker was dismissed)."""

CLOSED = 5
"""Freshservice's "Closed" status."""

FIELD_TITLES = {"status": "Status", "priority": "Priority", "responder_id": "Agent", "group_id": "Group", "tags": "Tags"}


async def still_has(service: Any, ticket_id: int, field: str, value: Any, *, app: Any = None) -> bool | None:
    """Whether the ticket has ``value`` in ``field`` on the server now (DataService.server_tickets: one read,
    1 credit); None when it cannot be read. A service without that call (a test double) has only its cached
    copy, which the caller already compared. ``app``: the screens then show the copy read (its row and
    header: fstui.tui.server_copies), marked as changed by another agent when it no longer has ``value``."""
    reader = getattr(service, "server_tickets", None)
    if reader is None:
        return True
    found = (await reader([ticket_id])).get(ticket_id)
    if found is None:
        return None
    current = getattr(found, field, None)
    if current is None and field in ("responder_id", "group_id"):
        current = NOBODY
    has = same_value(current, value)
    if app is not None:
        from fstui.tui.server_copies import take_server_copies

        take_server_copies(app, {ticket_id: found}, [] if has else [ticket_id])
    return has


def same_value(current: Any, wanted: Any) -> bool:
    """Whether a field's value is ``wanted`` (2 and Priority.MEDIUM are the same)."""
    try:
        return int(current) == int(wanted)
    except (TypeError, ValueError):
        return current == wanted


class TicketActionsMixin:
    """Mixed into a Screen that defines ``current_ticket()``."""

    def current_ticket(self) -> Any:  # pragma: no cover - overridden
        return None

    def say_nothing_selected(self) -> None:
        """A key that acts on "the ticket under the cursor" when there is none: say so, do nothing."""
        self.app.toast("No ticket selected (it left the view): move the cursor (j/k) to choose one.",  # type: ignore[attr-defined]
                       severity="warning", timeout=4)

    def selected_ticket(self) -> Any:
        """``current_ticket()``, or None after saying that nothing is selected."""
        ticket = self.current_ticket()
        if ticket is None:
            self.say_nothing_selected()
        return ticket

    # -- compose ---------------------------------------------------------------------------------
    def _open_compose(self, kind: str, *, private: bool = True) -> None:
        from fstui.tui.screens.compose import ComposeScreen

        if refuse_write(self.app):  # type: ignore[attr-defined]
            return
        ticket = self.selected_ticket()
        if ticket is None:
            return
        self.app.push_screen(ComposeScreen(ticket, kind, private=private))  # type: ignore[attr-defined]

    def action_reply(self) -> None:
        self._open_compose("reply")

    def action_note(self) -> None:
        self._open_compose("note", private=True)

    def action_public_note(self) -> None:
        self._open_compose("note", private=False)

    # -- field changes ---------------------------------------------------------------------------
    def action_status(self) -> None:
        self.change_field("status")

    def action_priority(self) -> None:
        self.change_field("priority")

    def action_assign(self) -> None:
        self.change_field("responder_id")

    def action_group(self) -> None:
        self.change_field("group_id")

    def action_tags(self) -> None:
        self.change_field("tags")

    @work(exclusive=True, exit_on_error=False, group="change-field", description="Closing the ticket")
    async def action_close(self) -> None:
        """c: close the current ticket (status 5 "Closed") through the outbox, like a status change.

        It asks first, saying which ticket and what changes, as D (delete) and U (restore) do: closing
        usually emails the requester, so it is not something to undo afterwards (issue 11, section 5)."""
        from fstui.tui.screens.confirm_modal import ConfirmScreen

        if refuse_write(self.app):  # type: ignore[attr-defined]
            return
        ticket = self.selected_ticket()
        if ticket is None:
            return
        if _maybe_int(getattr(ticket, "status", None)) == CLOSED:
            self.app.toast(notice("#{} is already closed", ticket.id), timeout=3)  # type: ignore[attr-defined]
            return
        question = Content(f"Close ticket #{ticket.id}? ") + safe_line(ticket.subject or "(no subject)", max_chars=60)
        labels = fmt.labels_of(self.app.service, ticket)  # type: ignore[attr-defined]
        question += (Content("\n\nStatus: ") + safe_line(labels.status(ticket.status), max_chars=40) + Content(" -> ")
                     + safe_line(labels.status(CLOSED), max_chars=40) + Content("."))
        if not await self.app.push_screen_wait(ConfirmScreen(question, yes="y: close it", no="n: keep it open")):  # type: ignore[attr-defined]
            return
        await self.queue_update(ticket, {"status": CLOSED}, f"Close #{ticket.id}")

    async def _choices(self, field: str, ticket: Any) -> list[tuple[Any, Content]]:
        service = self.app.service  # type: ignore[attr-defined]
        if field in ("status", "priority"):
            try:
                fields = await service.ticket_fields(getattr(ticket, "workspace_id", None))  # its workspace's
            except Exception:
                fields = []
            return [(value, safe_line(label)) for value, label in field_choices(fields, field)]
        workspace = getattr(ticket, "workspace_id", None)  # only its workspace's agents and groups
        if field == "responder_id":
            agents = await workspace_choices.ticket_agents(service, [workspace])
            choices: list[tuple[Any, Content]] = [(NOBODY, Content("(unassigned)"))]
            for agent in sorted(agents, key=lambda a: person(a.first_name, a.last_name).lower()):
                label = safe_line(person(agent.first_name, agent.last_name) or agent.email or f"agent {agent.id}")
                if getattr(agent, "email", None):
                    label = label + Content.styled("  " + one_line(agent.email, 60), "dim")
                choices.append((agent.id, label))
            return choices
        if field == "group_id":
            groups = await workspace_choices.ticket_groups(service, workspace)
            choices = [(NOBODY, Content("(no group)"))]
            for group in sorted(groups, key=lambda g: one_line(g.name).lower()):
                choices.append((group.id, safe_line(group.name or f"group {group.id}")))
            return choices
        return []

    @work(exclusive=True, exit_on_error=False, group="change-field", description="Changing the ticket")
    async def change_field(self, field: str) -> None:
        from fstui.tui.screens.picker import PickerScreen
        from fstui.tui.screens.prompt import PromptScreen

        if refuse_write(self.app):  # type: ignore[attr-defined]
            return
        ticket = self.selected_ticket()
        if ticket is None:
            return
        title = FIELD_TITLES.get(field, field)
        current = getattr(ticket, field, None)
        if field == "tags":
            # PUT replaces the whole set: the editor starts from the tags read from the server (never from
            # an empty placeholder), and what the agent leaves there is the new set
            current = await self._read_tags(ticket)
            if current is None:
                return
            tags = ", ".join(one_line(tag) for tag in current)
            answer = await self.app.push_screen_wait(  # type: ignore[attr-defined]
                PromptScreen(f"Tags for #{ticket.id} (comma separated)", value=tags)
            )
            if answer is None:
                return
            value: Any = list(dict.fromkeys(tag.strip() for tag in answer.split(",") if tag.strip()))
            if value == list(current):
                return
        else:
            choices = await self._choices(field, ticket)
            current_value = int(current) if isinstance(current, int) else current
            if current_value is None and field in ("responder_id", "group_id"):
                current_value = NOBODY
            value = await self.app.push_screen_wait(  # type: ignore[attr-defined]
                PickerScreen(f"{title} of #{ticket.id}", choices, current=current_value,
                             filterable=field in ("responder_id", "group_id") and len(choices) > 8)
            )
            if value is None:
                return
            if value == current_value:  # nothing would change, if the server still has it: asked when not known
                label = next((lbl.plain for val, lbl in choices if val == value), str(value))
                has = await still_has(self.app.service, ticket.id, field, value, app=self.app)  # type: ignore[attr-defined]
                if has is None:
                    self.app.toast(notice("#{} had {} {} when last read; the server could not be asked now, "  # type: ignore[attr-defined]
                                          "so nothing was sent", ticket.id, title.lower(), label),
                                   severity="warning", timeout=6)
                    return
                if has:
                    self.app.toast(notice("#{} already has {} {}: nothing to change", ticket.id, title.lower(),  # type: ignore[attr-defined]
                                          label), timeout=3)
                    return
                # another agent changed it since it was listed: the row/header now show the server's value
                # (taken above); the agent's choice is sent, and said to be a change from that value
                fresh = getattr(self.app.service, "cached_ticket", lambda _id: None)(ticket.id)  # type: ignore[attr-defined]
                had = getattr(fresh, field, None) if fresh is not None else None
                had_label = next((lbl.plain for val, lbl in choices if same_value(val, had)), None) \
                    if had is not None else ("none" if field in ("responder_id", "group_id") else None)
                if had_label:
                    self.app.toast(notice("#{}: the server had {} {} (changed since it was listed)", ticket.id,  # type: ignore[attr-defined]
                                          title.lower(), had_label), timeout=5)
            if value == NOBODY:
                value = None
        await self.queue_update(ticket, {field: value}, f"{title} of #{ticket.id}")

    async def _read_tags(self, ticket: Any) -> list[str] | None:
        """The ticket's tags as last read from the server; asked for (include=tags) when this copy came
        without them. None (and a warning) when they cannot be read: then nothing may be written."""
        if "tags" in getattr(ticket, "model_fields_set", ()):
            return list(ticket.tags or [])
        reader = getattr(self.app.service, "read_ticket", None)  # type: ignore[attr-defined]
        error: Any = "the server did not send them"
        if callable(reader):
            try:
                fresh = await reader(ticket.id)
            except Exception as exc:  # noqa: BLE001 - said to the agent
                fresh, error = None, exc
            if fresh is not None and "tags" in fresh.model_fields_set:
                return list(fresh.tags or [])
        self.app.toast(notice("#{}: could not read the current tags ({}); nothing changed", ticket.id, error),  # type: ignore[attr-defined]
                       severity="warning")
        return None

    async def queue_update(self, ticket: Any, fields: dict[str, Any], label: str) -> None:
        service = self.app.service  # type: ignore[attr-defined]
        entry = await resolve(service.update_ticket(ticket.id, fields))
        self.post_message(WriteQueued(entry, label))  # type: ignore[attr-defined]
        self.app.toast(notice("{}: change queued", label), timeout=3)  # type: ignore[attr-defined]

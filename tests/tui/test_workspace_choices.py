"""Choices follow the ticket's (or the chosen) workspace (QA 2, 6, 11): the g/a pickers and bulk changes
offer its groups and agents, the new-ticket form creates there with its form (a Workspace choice when
every workspace is shown), and F2/F3 in compose offer its canned responses and articles plus the global ones."""

from __future__ import annotations

from textual.widgets import Input, Select, TextArea

from fstui.sandbox.app import create_app
from fstui.tui.screens.bulk import choices_for, workspaces_of
from fstui.tui.screens.compose import ComposeScreen
from fstui.tui.screens.compose_inserts import ArticlePicker, CannedResponsePicker
from fstui.tui.screens.new_ticket import NewTicketScreen
from fstui.tui.screens.picker import PickerScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen
from tests.tui.harness import FROZEN_EPOCH, make_app, quiet_config, wait_for


def _app(**kwargs):
    asgi = create_app(seed=1, tickets=150, clock=lambda: FROZEN_EPOCH)
    app = make_app(asgi, config=quiet_config(), **kwargs)
    app.sandbox_store = asgi.state.sandbox.store
    return app


def _queue_ready(app) -> bool:
    return isinstance(app.screen, TicketQueueScreen) and bool(app.screen.shown_ids)


def _labels(picker) -> set[str]:
    return {label.plain.split("  ")[0] for _value, label in picker.choices}


def _names(store, workspace_id, kind):
    if kind == "groups":
        return {g["name"] for g in store.groups.values() if g.get("workspace_id") == workspace_id}
    return {f"{a['first_name']} {a['last_name']}" for a in store.agents.values()
            if workspace_id in a.get("workspace_ids", [])}


async def _open_first(pilot, app) -> TicketScreen:
    await wait_for(pilot, lambda: _queue_ready(app))
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.ticket is not None)
    return app.screen


async def test_group_and_agent_pickers_of_an_hr_ticket():
    """QA 6: HR #2032 offered every workspace's groups and agents."""
    app = _app(workspace="HR")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_first(pilot, app)
        assert screen.ticket.workspace_id == 3
        store = app.sandbox_store
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        assert _labels(app.screen) == {"(no group)"} | _names(store, 3, "groups")
        assert "Service Desk" not in _labels(app.screen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        offered = _labels(app.screen)
        assert offered == {"(unassigned)"} | _names(store, 3, "agents")
        assert "Hannah Reyes" in offered and "Tom Baker" not in offered


async def test_bulk_agent_choices_follow_the_marked_tickets():
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        store = app.sandbox_store
        tickets = app.screen.tickets
        hr = [i for i in app.screen.shown_ids if tickets[i].workspace_id == 3][:2]
        it = [i for i in app.screen.shown_ids if tickets[i].workspace_id == 2][:1]
        assert workspaces_of(tickets, hr) == {3}
        offered = {label.plain for _v, label in await choices_for(app.service, "agent", workspaces_of(tickets, hr))}
        assert offered == {"(unassigned)"} | _names(store, 3, "agents")
        both = {label.plain for _v, label in await choices_for(app.service, "agent",
                                                               workspaces_of(tickets, hr + it))}
        assert both == {"(unassigned)"} | (_names(store, 3, "agents") & _names(store, 2, "agents"))


async def test_new_ticket_in_the_workspace_shown():
    """QA 2: `+` with HR chosen had no workspace and IT's form."""
    app = _app(workspace="HR")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        await pilot.press("plus")
        await wait_for(pilot, lambda: isinstance(app.screen, NewTicketScreen) and app.screen.form_fields)
        form = app.screen
        assert "New ticket in HR" in str(form.query_one("#form-title").render()) and not form.query("#workspace")
        groups = {str(label) for label, _v in form._options("group_id")}
        assert groups == _names(app.sandbox_store, 3, "groups")
        assert "hr_case_type" in {f.name for f in form.form_fields}
        form.requester = ("email", "new.starter@example.com")
        form.query_one("#subject", Input).value = "Parental leave"
        form.query_one("#description", TextArea).text = "From May."
        form.query_one("#group_id", Select).value = next(v for label, v in form._options("group_id")
                                                          if str(label) == "HR Operations")
        form.query_one("#responder_id", Select).value = next(v for label, v in form._options("responder_id")
                                                              if str(label) == "Hannah Reyes")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any(e.state == "sent" for e in app.service.outbox.entries(include_sent=True)))
        entry = next(e for e in app.service.outbox.entries(include_sent=True) if e.kind == "create_ticket")
        made = app.sandbox_store.tickets[entry.result["id"]]
        assert made["workspace_id"] == 3 and made["subject"] == "Parental leave"


async def test_new_ticket_with_every_workspace_shown_asks_which():
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: _queue_ready(app))
        assert app.screen.view.workspace_id == 0
        await pilot.press("plus")
        await wait_for(pilot, lambda: isinstance(app.screen, NewTicketScreen) and app.screen.form_fields)
        form = app.screen
        choice = form.query_one("#workspace", Select)
        assert choice.value == 2 and [str(label) for label, _v in form.workspace_options] == ["IT", "HR", "Facilities"]
        assert "HR Operations" not in {str(label) for label, _v in form._options("group_id")}
        choice.value = 3
        await wait_for(pilot, lambda: "hr_case_type" in {f.name for f in form.form_fields})
        await pilot.pause()
        assert {str(label) for label, _v in form._options("group_id")} == _names(app.sandbox_store, 3, "groups")
        assert {str(label) for label, _v in form.query_one("#group_id", Select)._options} >= {"HR Operations"}
        assert form.values()["workspace_id"] == 3


async def test_canned_responses_and_articles_of_the_tickets_workspace():
    """QA 11: F2 on HR #2050 listed IT's canned responses."""
    app = _app(workspace="HR")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_first(pilot, app)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        compose = app.screen
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, CannedResponsePicker) and app.screen.shown)
        titles = {r.title for r in app.screen.shown}
        assert titles == {"Leave request received", "Payslip correction", "Office closed on public holidays"}
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is compose)
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticlePicker))
        picker = app.screen
        await pilot.press(*"password", "enter")
        await wait_for(pilot, lambda: picker.found)
        assert [a.title for a in picker.found] == ["Read your payslip"]  # not IT's "Reset your password"

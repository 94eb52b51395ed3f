"""The new-ticket form (+ in the queue) and child tickets (+ on a ticket), against the in-process sandbox;
the form's validation (fstui.service.ticket_form) with a required custom field."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Select, TextArea

from fstui.api.form_fields import FormField
from fstui.service import ticket_form
from fstui.tui.screens.new_ticket import NewTicketScreen
from fstui.tui.screens.queue import TicketQueueScreen
from fstui.tui.screens.ticket import TicketScreen

from fstui.tui.widgets.key_bar import KeyBar

from tests.tui.harness import make_app, make_sandbox, quiet_config, wait_for


def _app(read_only: bool = False):
    asgi = make_sandbox(tickets=60)
    app = make_app(asgi, config=quiet_config(), read_only=read_only)
    app.sandbox_store = asgi.state.sandbox.store
    return app


async def _form(pilot, app, key_screen=TicketQueueScreen) -> NewTicketScreen:
    await pilot.press("plus")
    await wait_for(pilot, lambda: isinstance(app.screen, NewTicketScreen) and app.screen.form_fields)
    return app.screen


async def test_new_ticket_with_requester_search_category_and_footer_key():
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        assert "+ New" in app.screen.query_one(KeyBar).render().plain
        store = app.sandbox_store
        requester = next(r for r in store.requesters.values() if r.get("active", True) and r.get("first_name"))
        form = await _form(pilot, app)
        await pilot.press("ctrl+s")  # empty: refused with what is missing, nothing queued
        errors = str(form.query_one("#form-errors").render())
        assert "requester" in errors and "subject" in errors
        assert not app.service.outbox.entries(include_sent=True)

        form.query_one("#requester", Input).value = requester["first_name"]
        form.query_one("#requester", Input).focus()
        await pilot.press("enter")
        results = form.query_one("#requester-results", OptionList)
        await wait_for(pilot, lambda: results.option_count > 0 and results.has_focus)
        index = next(i for i in range(results.option_count)
                     if results.get_option_at_index(i).id == f"id:{requester['id']}")
        results.highlighted = index
        await pilot.press("enter")
        assert form.requester == ("id", requester["id"])
        form.query_one("#subject", Input).value = "Monitor flickers"
        form.query_one("#description", TextArea).text = "Since Monday.\n\nCable swapped, no change."
        category = ticket_form.category_options(form.form_fields)[0]
        form.query_one("#category", Select).value = category
        await pilot.pause()
        sub = ticket_form.category_options(form.form_fields, category)[0]
        form.query_one("#sub_category", Select).value = sub
        await pilot.pause()
        form.query_one("#priority", Select).value = 3
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen))
        (entry,) = app.service.outbox.entries(include_sent=True)
        assert entry.kind == "create_ticket"
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id).state == "sent")
        new_id = app.service.outbox.get(entry.id).result["id"]
        ticket = store.tickets[new_id]
        assert ticket["subject"] == "Monitor flickers" and ticket["requester_id"] == requester["id"]
        assert (ticket["category"], ticket["sub_category"], ticket["priority"], ticket["status"]) == (category, sub, 3, 2)
        assert ticket["description"] == "<div>Since Monday.</div><div><br></div><div>Cable swapped, no change.</div>"


async def test_child_ticket_from_the_ticket_screen():
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen) and app.screen.ticket is not None)
        parent = app.screen.ticket
        form = await _form(pilot, app)
        assert form.requester == ("id", parent.requester_id)  # starts with the parent's requester
        form.query_one("#subject", Input).value = "Replace the dock too"
        form.query_one("#description", TextArea).text = "Follow-up of the parent."
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketScreen))
        (entry,) = app.service.outbox.entries(include_sent=True)
        assert entry.kind == "create_child_ticket" and entry.ticket_id == parent.id
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id).state == "sent")
        child = app.service.outbox.get(entry.id).result["id"]
        assert app.sandbox_store.tickets[child]["_parent_id"] == parent.id


async def test_read_only_cannot_open_the_form():
    app = _app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        await pilot.press("plus")
        await pilot.pause(0.1)
        assert isinstance(app.screen, TicketQueueScreen)


def _fields():
    return [FormField.model_validate(f) for f in [
        {"name": "status", "field_type": "default_status", "default_field": True,
         "choices": [{"id": 2, "value": "Open"}, {"id": 3, "value": "Pending"}]},
        {"name": "priority", "field_type": "default_priority", "default_field": True,
         "choices": [{"id": 1, "value": "Low"}, {"id": 4, "value": "Urgent"}]},
        {"name": "category", "field_type": "default_category", "default_field": True,
         "choices": [{"id": 1, "value": "Hardware", "nested_options": [
             {"id": 2, "value": "Laptop", "nested_options": [{"id": 3, "value": "Battery"}]}]}]},
        {"name": "affected_users", "field_type": "custom_number", "default_field": False,
         "required_for_agents": True, "label": "Affected users", "position": 5},
        {"name": "go_live", "field_type": "custom_date", "default_field": False, "position": 6},
    ]]


def test_form_validation_required_custom_field_and_nested_category():
    base = {"requester_id": 7, "subject": "S", "description": "<div>D</div>"}
    body, errors = ticket_form.validate(_fields(), base)
    assert errors == [("affected_users", "is required for agents")]
    body, errors = ticket_form.validate(_fields(), {**base, "custom_fields": {"affected_users": "many"}})
    assert errors == [("affected_users", "should be a whole number")]
    body, errors = ticket_form.validate(_fields(), {**base, "category": "Hardware", "sub_category": "Laptop",
                                                    "item_category": "Battery",
                                                    "custom_fields": {"affected_users": "12", "go_live": "2025-13-01"}})
    assert errors == [("go_live", "should be a date like 2025-03-20")]
    body, errors = ticket_form.validate(_fields(), {**base, "category": "Hardware", "sub_category": "Battery",
                                                    "custom_fields": {"affected_users": "12"}})
    assert errors == [("sub_category", "is not under Hardware")]
    body, errors = ticket_form.validate(_fields(), {**base, "email": "x", "requester_id": None, "priority": 9,
                                                    "custom_fields": {"affected_users": "3"}})
    assert ("requester", "x is not an email address") in errors and ("priority", "is not one of the account's choices") in errors
    body, errors = ticket_form.validate(_fields(), {**base, "custom_fields": {"affected_users": "3"}})
    assert not errors
    assert body == {"requester_id": 7, "subject": "S", "description": "<div>D</div>", "status": 2, "priority": 1,
                    "source": 3, "custom_fields": {"affected_users": 3}}


async def test_new_ticket_with_an_attachment(tmp_path):
    from fstui.tui.compose_attachments import AttachPrompt

    shot = tmp_path / "error.png"
    shot.write_bytes(b"\x89PNG fake")
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        form = await _form(pilot, app)
        form._choose(("email", "someone.new@example.com"), form.query_one("#requester-chosen").render())
        form.query_one("#subject", Input).value = "Error dialog"
        form.query_one("#description", TextArea).text = "See the screenshot."
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, AttachPrompt))
        app.screen.query_one(Input).value = str(shot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is form)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen))
        (entry,) = app.service.outbox.entries(include_sent=True)
        await wait_for(pilot, lambda: app.service.outbox.get(entry.id).state == "sent")
        ticket = app.sandbox_store.tickets[app.service.outbox.get(entry.id).result["id"]]
        assert [a["name"] for a in ticket["attachments"]] == ["error.png"]


async def test_esc_on_a_filled_form_asks_before_throwing_it_away():
    """Breaker of issue 12: esc on the new-ticket form lost what was typed without a word."""
    from fstui.tui.screens.confirm_modal import ConfirmScreen

    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen) and app.screen.shown_ids)
        form = await _form(pilot, app)
        await pilot.press("escape")  # nothing typed: closes at once
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen))
        form = await _form(pilot, app)
        form.query_one("#subject", Input).value = "Printer on fire"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")  # the question starts on No: a stray enter keeps the form
        await wait_for(pilot, lambda: app.screen is form)
        assert form.query_one("#subject", Input).value == "Printer on fire"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, TicketQueueScreen))
        assert not app.service.outbox.entries(include_sent=True)

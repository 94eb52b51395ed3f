"""What the service reads and keeps for "the server's names" (issue 11, sections 1-2): labels from the ticket
fields in every choices shape, ticket records that never stand a default for a value nobody read, tags and
the requester embedded where the screens need them, departments and asset types by name."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from fstui.api.errors import NotFound
from fstui.api.models import Ticket
from fstui.service import QueueView
from fstui.service.field_labels import FieldLabels, choice_pairs
from tests.service.conftest import collect

REFERENCE_FIELDS = [  # the reference's /ticket_fields shapes
    {"name": "status", "type": "default_status", "default": True,
     "choices": {"2": ["Open", "Being Processed"], "6": ["Waiting on Customer", "Waiting on Customer"],
                 "12": ["Awaiting Vendor", "Awaiting Vendor"]}},
    {"name": "priority", "type": "default_priority", "default": True, "choices": {"Low": 1, "Urgent": 4}},
    {"name": "source", "type": "default_source", "default": True, "choices": {"Email": 1, "Chat bot": 1001}},
    {"name": "auto_checkbox", "label": "Auto-created", "type": "custom_checkbox", "default": False},
    {"name": "business_impact", "label": "Business impact", "type": "custom_dropdown", "default": False,
     "choices": ["Low", "Medium", "High"]},
    {"name": "custom_text", "label": "Reference", "type": "custom_text", "default": False},
    {"name": "expected_resolution", "label": "Expected resolution", "type": "custom_date", "default": False},
]
FORM_FIELDS = [  # /ticket_form_fields (API-SUPPLEMENT 3.3): list-of-{id, value} choices, field_type
    {"name": "status", "field_type": "default_status", "default_field": True,
     "choices": [{"id": 2, "value": "Open"}, {"id": 12, "value": "Awaiting Vendor"}]},
    {"name": "source", "field_type": "default_source", "default_field": True,
     "choices": [{"id": 3, "value": "Phone"}, {"id": 1001, "value": "Chat bot"}]},
    {"name": "cf_impact", "label": "Business impact", "field_type": "custom_dropdown", "default_field": False,
     "choices": [{"id": 77, "display_id": 1, "value": "Medium"}]},
]


@pytest.mark.parametrize("fields", [REFERENCE_FIELDS, FORM_FIELDS], ids=["ticket_fields", "ticket_form_fields"])
def test_labels_come_from_the_fields_in_either_shape(fields):
    labels = FieldLabels(fields)
    assert labels.status(12) == "Awaiting Vendor"
    assert labels.status("12") == "Awaiting Vendor"
    assert labels.source(1001) == "Chat bot"
    assert labels.status(13) == "#13"  # never a number dressed as a label, never cut
    assert labels.status(None) == "-"
    assert (12, "Awaiting Vendor") in labels.options("status")


def test_documented_labels_stand_in_before_the_fields_are_read():
    labels = FieldLabels()
    assert (labels.status(3), labels.priority(4), labels.source(2)) == ("Pending", "Urgent", "Portal")
    assert labels.status(6) == "#6" and labels.source(1001) == "#1001"


def test_custom_fields_by_label_with_values_as_the_portal_shows_them():
    labels = FieldLabels(REFERENCE_FIELDS)
    shown = dict(labels.custom_fields({"auto_checkbox": True, "business_impact": "Medium", "custom_text": "REF-1",
                                       "expected_resolution": "2025-04-01T00:00:00Z", "empty": None}))
    assert shown == {"Auto-created": "yes", "Business impact": "Medium", "Reference": "REF-1",
                     "Expected resolution": "2025-04-01"}
    assert dict(labels.custom_fields({"auto_checkbox": False})) == {"Auto-created": "no"}
    # a dropdown stored by choice id (ticket_form_fields) shows the choice's label
    assert FieldLabels(FORM_FIELDS).custom_value("cf_impact", 77) == "Medium"


def test_choice_shapes():
    assert choice_pairs({"2": ["Open", "x"]}) == [(2, "Open")]
    assert choice_pairs({"Low": 1}) == [(1, "Low")]
    assert choice_pairs(["Incident"]) == [("Incident", "Incident")]
    assert choice_pairs([{"id": 3, "value": "Phone"}]) == [(3, "Phone")]
    assert choice_pairs([["Low", "low"]]) == [("low", "Low")]


async def test_a_list_row_never_wipes_what_a_view_read(make_service):
    """A view's tags and requester survive a later list row of the same version; a newer version without
    tags makes them unknown (not "none")."""
    service = await make_service()
    records = service.records
    base = {"id": 42, "subject": "x", "requester_id": 7, "updated_at": "2025-03-14T10:00:00Z"}
    records.put_ticket(Ticket.model_validate({**base, "tags": ["printer"],
                                              "requester": {"id": 7, "name": "Pat", "email": "pat@x.example"}}))
    records.put_ticket(Ticket.model_validate(base))  # the same version, listed without includes
    kept = records.ticket_model(records.ticket_json(42)[0])
    assert kept.tags == ["printer"] and kept.requester.email == "pat@x.example"
    records.put_ticket(Ticket.model_validate({**base, "updated_at": "2025-03-14T11:00:00Z"}))
    newer = records.ticket_model(records.ticket_json(42)[0])
    assert "tags" not in newer.model_fields_set  # unknown: the ticket screen reads them again
    assert newer.requester.email == "pat@x.example"  # same requester: the email stays
    records.put_ticket(Ticket.model_validate({**base, "requester_id": 8, "updated_at": "2025-03-14T12:00:00Z"}))
    assert records.ticket_model(records.ticket_json(42)[0]).requester is None


async def test_views_embed_tags_and_requester_and_lists_embed_tags(make_service, sandbox_url):
    service = await make_service()
    page = (await collect(service.queue_page(QueueView(), 1)))[-1].value
    assert all("tags" in t.model_fields_set for t in page.tickets)
    ticket = await service.read_ticket(page.tickets[0].id)
    assert "tags" in ticket.model_fields_set and ticket.requester is not None and ticket.requester.email


async def test_a_server_that_refuses_tags_on_lists_is_asked_without(make_service, monkeypatch):
    from fstui.api import errors as api_errors

    service = await make_service()
    client = service.client
    real = client.list_tickets
    seen = []

    async def picky(**kwargs):
        seen.append(tuple(kwargs.get("include") or ()))
        if "tags" in (kwargs.get("include") or ()):
            raise api_errors.ValidationError(400, "Validation failed",
                                             [api_errors.FieldError("include", "It should be one of ...",
                                                                    "invalid_value")])
        return await real(**kwargs)

    monkeypatch.setattr(client, "list_tickets", picky)
    page = (await collect(service.queue_page(QueueView(), 1)))[-1].value
    assert page.tickets
    await collect(service.queue_page(QueueView(kind="spam"), 1))
    assert seen == [("requester", "tags"), ("requester",), ("requester",)]


async def test_department_and_asset_type_names(make_service):
    """Asset types and departments by name, from the server's lists."""
    service = await make_service()
    types = await service.lookups.asset_types()
    assert {t.name for t in types} >= {"Laptop", "Monitor"}
    assert service.asset_type_name(3) == "Monitor"
    departments = await service.lookups.departments()
    assert any(d.id == 1000000201 and d.name == "Finance" for d in departments)
    assert service.department_name(1000000201) == "Finance"


async def test_a_server_without_departments_gives_ids_asked_once(make_service):
    """An account whose API has no /departments (404): #id on screen, no error, asked once, not per render."""
    service = await make_service()
    asked = []

    async def missing(per_page: int = 100, **_: object):
        asked.append(per_page)
        raise NotFound(404, "no such endpoint")
        yield  # an async generator, as the client's iter_* are

    service.client.iter_departments = missing
    assert await service.lookups.departments() == []
    for _ in range(3):
        assert service.department_name(1000000201) is None
    await asyncio.sleep(0.2)  # a background look-up, had one started
    assert len(asked) == 1


async def test_a_reply_moves_the_tickets_updated_at_from_the_servers_answer(make_service, sandbox_url):
    service = await make_service()
    page = (await collect(service.queue_page(QueueView(), 1)))[-1].value
    tid = page.tickets[-1].id
    before = service.records.ticket_json(tid)[0]["updated_at"]
    entry = service.reply(tid, "On it")
    for _ in range(200):
        current = service.outbox.get(entry.id)
        if current is not None and current.state == "sent":
            break
        await asyncio.sleep(0.02)
    after = service.records.ticket_json(tid)[0]["updated_at"]
    assert after == service.outbox.get(entry.id).result["created_at"] and after != before

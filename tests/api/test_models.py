"""Models: every reference sample parses; tolerant input; strict output helpers."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from fstui.api import models as m
from .conftest import REFERENCE, reference

MANIFEST = json.loads((REFERENCE / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["name"] for e in MANIFEST])
def test_every_reference_sample_parses_into_its_model(entry):
    data = reference(entry["name"])
    model = getattr(m, entry["model"])
    if entry["kind"] == "raw":
        parsed = [model.model_validate(data)]
    elif entry["kind"] == "one":
        parsed = [m.parse_one(model, data, entry["key"])]
    else:
        parsed = m.parse_list(model, data, entry["key"], entry["key"].rstrip("s"))
    assert parsed
    for obj in parsed:
        assert isinstance(obj, model)
        for name, value in obj:
            if isinstance(value, datetime):
                assert value.tzinfo is not None and value.utcoffset().total_seconds() == 0, name


def test_manifest_lists_every_fixture_file():
    files = {p.name for p in REFERENCE.glob("*.json")} - {"manifest.json"}
    assert files == {e["file"] for e in MANIFEST}
    assert len(MANIFEST) == 33


def test_ticket_sample_fields():
    t = m.parse_one(m.Ticket, reference("ticket_view_include_requester"), "ticket")
    assert t.id == 259 and t.status is m.Status.OPEN and t.priority is m.Priority.URGENT
    assert t.source is m.Source.PORTAL and t.source.label == "Portal"
    assert t.requester.email == "fs.req12@gmail.com"
    assert t.due_by == datetime(2017, 9, 6, 12, 32, 14, tzinfo=timezone.utc)
    assert t.custom_fields == {"auto_checkbox": False}
    assert t.responder_id is None and t.group_id is None


def test_offset_timestamps_become_utc():
    t = m.parse_one(m.Ticket, reference("ticket_update"), "ticket")
    assert t.due_by == datetime(2017, 9, 8, 22, 34, 28, tzinfo=timezone.utc)
    assert t.tags == ["hello", "how", "are", "you", "now"]


def test_attachment_key_misspelling_is_accepted():
    t = m.parse_one(m.Ticket, reference("ticket_create_attachment"), "ticket")
    assert t.attachments[0].attachment_url.endswith("attachment.txt")
    assert t.attachments[0].created_at.tzinfo is not None


def test_both_list_shapes():
    wrapped = m.parse_list(m.Ticket, reference("tickets_list"), "tickets")
    plain = m.parse_list(m.Ticket, {"tickets": reference("tickets_list")[0]["tickets"]}, "tickets")
    assert [t.id for t in wrapped] == [t.id for t in plain] == [266, 265]
    groups = m.parse_list(m.Group, reference("groups_list"), "groups", "group")
    assert groups[0].name == "Linux Support" and groups[0].agent_ids == [2, 15]
    assert m.parse_list(m.Group, {"groups": [{"id": 3}]}, "groups", "group")[0].id == 3
    assert m.parse_list(m.Ticket, {"tickets": None}, "tickets") == []


def test_unknown_fields_kept_and_nulls_accepted():
    t = m.Ticket.model_validate({"id": 1, "brand_new": {"x": 1}, "cc_emails": None,
                                 "custom_fields": None, "attachments": None, "tags": None})
    assert t.brand_new == {"x": 1}
    assert t.cc_emails == [] and t.custom_fields == {} and t.attachments == [] and t.tags == []
    assert t.model_dump()["brand_new"] == {"x": 1}


def test_unknown_enum_number_stays_an_int():
    t = m.Ticket.model_validate({"id": 1, "status": 6, "priority": 9, "source": 42})
    assert t.status == 6 and type(t.status) is int
    assert m.label_of(t.status) == "6"
    assert m.label_of(None, "—") == "—"
    c = m.Conversation.model_validate({"id": 1, "source": 2})
    assert c.source is m.ConversationSource.NOTE and c.is_note


@pytest.mark.parametrize("enum_cls, values", [
    (m.Status, {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed"}),
    (m.Priority, {1: "Low", 2: "Medium", 3: "High", 4: "Urgent"}),
    (m.Source, {1: "Email", 2: "Portal", 3: "Phone", 4: "Chat", 5: "Feedback widget",
                6: "Yammer", 7: "AWS Cloudwatch", 8: "Pagerduty", 9: "Walkup", 10: "Slack"}),
    (m.ConversationSource, {0: "Email", 1: "Form", 2: "Note", 3: "Status", 4: "Meta",
                            5: "Feedback", 6: "Forwarded email"}),
    (m.AssetImpact, {1: "Low", 2: "Medium", 3: "High"}),
    (m.UsageType, {1: "Permanent", 2: "Loaner"}),
    (m.ScoreboardLevel, {1: "Beginner", 2: "Intermediate", 3: "Professional", 4: "Expert",
                         5: "Master", 6: "Guru"}),
])
def test_enum_labels(enum_cls, values):
    assert {e.value: e.label for e in enum_cls} == values
    assert f"{enum_cls(min(values))}" == str(min(values))  # still an int in f-strings


def test_enum_json_dump_is_the_number():
    t = m.Ticket.model_validate({"id": 1, "status": 3, "priority": 2})
    dumped = t.model_dump(mode="json")
    assert dumped["status"] == 3 and dumped["priority"] == 2
    assert m.Ticket.model_validate(dumped).status is m.Status.PENDING


@pytest.mark.parametrize("text, expected", [
    ("2016-02-13T23:27:49Z", datetime(2016, 2, 13, 23, 27, 49, tzinfo=timezone.utc)),
    ("2012-12-24T12:56:15+05:30", datetime(2012, 12, 24, 7, 26, 15, tzinfo=timezone.utc)),
    ("2012-12-24T12:56:15+0530", datetime(2012, 12, 24, 7, 26, 15, tzinfo=timezone.utc)),
    ("2012-12-24T12:56:15+05", datetime(2012, 12, 24, 7, 56, 15, tzinfo=timezone.utc)),
    ("2010-03-23T12:00", datetime(2010, 3, 23, 12, 0, tzinfo=timezone.utc)),
    ("2010-03-23T12:00Z", datetime(2010, 3, 23, 12, 0, tzinfo=timezone.utc)),
    ("2015-08-17", datetime(2015, 8, 17, tzinfo=timezone.utc)),
    ("", None),
    (None, None),
])
def test_date_formats_of_the_reference(text, expected):
    assert m.parse_utc(text) == expected


def test_agent_and_requester_models():
    a = m.parse_one(m.Agent, reference("agent_view"), "agent")
    assert a.name == "Rubeus Hagrid" and a.scoreboard_level_id is m.ScoreboardLevel.BEGINNER
    assert a.scopes.ticket == "Global Access" and a.last_login_at.year == 2018
    r = m.parse_one(m.Requester, reference("requester_view"), "requester")
    assert r.name == "Harry Potter" and r.work_phone_number == "62442"
    assert m.Requester.model_validate({"id": 1, "mobile_phone_number": 77762442}).mobile_phone_number == "77762442"


def test_ticket_field_choice_shapes():
    fields = {f.name: f for f in m.parse_list(m.TicketField, reference("ticket_fields_list"),
                                              "ticket_fields")}
    assert fields["ticket_type"].choices == ["Incident", "Service Request"]
    assert fields["priority"].choices["Urgent"] == 4
    assert fields["status"].choices["6"] == ["Waiting on Customer", "Waiting on Customer"]
    nested = m.TicketField.model_validate({"id": 1, "nested_ticket_fields": [
        {"name": "sub_category", "label": "Sub", "level": 2}]})
    assert nested.nested_ticket_fields[0]["level"] == 2


def test_error_body():
    body = m.ErrorBody.model_validate(reference("error_validation"))
    assert body.description == "Validation failed"
    assert body.errors[0].field == "name" and body.errors[0].code == "missing_field"


def test_to_wire_and_check_fields():
    when = datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert m.to_wire({"status": m.Status.RESOLVED, "due_by": when, "tags": ("a",)}) == {
        "status": 4, "due_by": "2020-01-02T03:04:05Z", "tags": ["a"]}
    with pytest.raises(ValueError, match="bogus"):
        m.check_fields({"status": 2, "bogus": 1}, m.TICKET_UPDATE_FIELDS, "update ticket")


def test_upload_repr_hides_content():
    u = m.Upload("a.txt", b"secret-bytes", "text/plain")
    assert "secret-bytes" not in repr(u) and u.size == 12

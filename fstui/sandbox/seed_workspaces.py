"""The current-API part of the seeded account (../shared/API-SUPPLEMENT.md): workspaces, departments,
locations, asset types, SLA policies, business hours, the ticket form fields with custom statuses and
sources, and the HR and Facilities workspaces' groups, agents, tickets and assets.

``extend(data, workspaces=True)`` runs after the reference desk is generated and draws from its own
``random.Random``, so the IT desk (the primary workspace) keeps every id, subject and value it had;
the other workspaces' records get ids after the IT ones.

Choices where the fact sheet is silent (written down here, as DESIGN.md asks):
- Workspace ids: 1 is the global level (never listed by GET /workspaces), 2 is IT (primary),
  3 HR, 4 Facilities. ``state`` is the documented string ``"active"``.
- With ``workspaces=False`` the account has one workspace (IT, primary): GET /workspaces lists it
  alone and no HR/Facilities records exist (an account without Employee Support Mode).
- Departments and locations are account-level: their ``workspace_id`` is 1 (global).
- The demo agent sees every workspace; the read-only agent sees IT and HR.
- HR/Facilities tickets are created between 50 and 2 days before the anchor, so the default desk's
  newest tickets (its first screen) stay the IT ones.
- The IT desk's custom ticket fields are global (form field workspace_id 1: they predate the other
  workspaces), so ``workspace_id=0`` lists keep them; HR has a field of its own (hr_case_type).
- Custom statuses are 6 "Waiting on Customer" and 12 "Awaiting Vendor" (unresolved; they stop no
  SLA in the sandbox); custom sources are choice ids 1001 "Kiosk" and 1002 "WhatsApp".
"""

from __future__ import annotations

import random

DAY = 86400

GLOBAL_WORKSPACE_ID = 1
PRIMARY_WORKSPACE_ID = 2
WORKSPACES = [
    (2, "IT", "IT service desk", "it"),
    (3, "HR", "People operations: onboarding, payroll, benefits", "hr"),
    (4, "Facilities", "Buildings, desks, repairs and access badges", "facilities"),
]

CUSTOM_STATUSES = {6: ("Waiting on Customer", "Awaiting your Reply"), 12: ("Awaiting Vendor", "Being Processed")}
STATUS_LABELS = {2: ("Open", "Being Processed"), 3: ("Pending", "Awaiting your Reply"),
                 4: ("Resolved", "This ticket has been Resolved"), 5: ("Closed", "This ticket has been Closed"),
                 **CUSTOM_STATUSES}
SOURCE_LABELS = {1: "Email", 2: "Portal", 3: "Phone", 4: "Chat", 5: "Feedback widget", 6: "Yammer",
                 7: "AWS Cloudwatch", 8: "Pagerduty", 9: "Walkup", 10: "Slack", 11: "Chatbot", 12: "Workplace",
                 13: "Employee Onboarding", 14: "Alerts", 15: "MS Teams", 18: "Employee Offboarding",
                 1001: "Kiosk", 1002: "WhatsApp"}

LOCATIONS = [
    (11, "London HQ", None, ("1 Finsbury Ave", "London", "England", "United Kingdom", "EC2M 2PF")),
    (12, "Berlin Office", None, ("Friedrichstr. 68", "Berlin", "Berlin", "Germany", "10117")),
    (13, "Chennai Campus", None, ("12 OMR Road", "Chennai", "Tamil Nadu", "India", "600096")),
    (14, "London HQ - Floor 3", 11, ("1 Finsbury Ave", "London", "England", "United Kingdom", "EC2M 2PF")),
]

ASSET_TYPES = [
    (1, "Laptop", None), (2, "Desktop", None), (3, "Monitor", None), (4, "Mobile Phone", None),
    (5, "Server", None), (6, "Software", None), (7, "Printer", None), (8, "Facility Equipment", None),
    (9, "HVAC Unit", 8),
]

OTHER_GROUPS = {
    3: [("HR Operations", "Onboarding, offboarding and employee records"), ("Payroll & Benefits", "Pay, tax, benefits")],
    4: [("Facilities Desk", "Desks, rooms and building access"), ("Maintenance", "Repairs, HVAC, electrics")],
}
OTHER_SUBJECTS = {
    3: ["Payslip for {month} is missing", "Update my bank details", "Parental leave request",
        "Onboarding: {first} {last} starts Monday", "Question about health insurance", "Holiday balance looks wrong",
        "Offboarding checklist for {first} {last}", "Change of address"],
    4: ["Desk {n} chair is broken", "Meeting room {n} too cold", "Badge does not open door {n}",
        "Light out on floor {n}", "Coffee machine leaking (kitchen {n})", "Parking space request",
        "Move request: desk {n} to floor 3", "Water leak near stairwell {n}"],
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
OTHER_AGENTS = {3: [("Hannah", "Reyes"), ("Omar", "Farouk"), ("Lena", "Vogel"), ("Ravi", "Iyer")],
                4: [("Tom", "Baker"), ("Ines", "Duarte"), ("Kofi", "Mensah"), ("Sara", "Lund")]}


def extend(data, *, workspaces: bool = True) -> None:
    """Add the current-API records to ``data`` (a seed.SeedData), deterministically."""
    rng = random.Random(data.seed * 7919 + 12)
    anchor = data.anchor
    t0 = anchor - 400 * DAY
    ws_rows = WORKSPACES if workspaces else WORKSPACES[:1]
    data.workspaces = {
        wid: {"id": wid, "name": name, "description": desc, "primary": wid == PRIMARY_WORKSPACE_ID,
              "restricted": wid == 3, "state": "active", "template_name": template, "type": "workspace",
              "created_at": t0, "updated_at": t0}
        for wid, name, desc, template in ws_rows
    }
    ws_ids = list(data.workspaces)
    for f in data.ticket_fields:  # the reference's /ticket_fields lists the custom choices too
        if f["name"] == "status":
            f["choices"].update({str(k): list(v) for k, v in CUSTOM_STATUSES.items()})
        elif f["name"] == "source":
            f["choices"].update({SOURCE_LABELS[k]: k for k in (1001, 1002)})

    # --- departments (enrich the reference desk's {id, name}) and locations ---------------------
    agent_ids = list(data.agents)
    for d in data.departments:
        d.update(description=f"The {d['name']} department", head_user_id=rng.choice(agent_ids[2:]),
                 prime_user_id=None, domains=[f"{d['name'].split()[0].lower()}.customer.example"],
                 custom_fields={}, workspace_id=GLOBAL_WORKSPACE_ID, created_at=t0, updated_at=t0)
    data.locations = {}
    for lid, name, parent, (line1, city, state, country, zipcode) in LOCATIONS:
        data.locations[lid] = {
            "id": lid, "name": name, "parent_location_id": parent, "primary_contact_id": None,
            "address": {"line1": line1, "line2": None, "city": city, "state": state, "country": country,
                        "zipcode": zipcode},
            "contact_name": None, "email": None, "phone": None, "workspace_id": GLOBAL_WORKSPACE_ID,
            "created_at": t0, "updated_at": t0,
        }
    data.asset_types = {
        tid: {"id": tid, "name": name, "description": f"{name} assets", "parent_asset_type_id": parent,
              "visible": True, "created_at": t0, "updated_at": t0}
        for tid, name, parent in ASSET_TYPES
    }
    data.business_hours = {
        1: _business_hours(1, "Default", True, "Edinburgh", GLOBAL_WORKSPACE_ID, t0),
        2: _business_hours(2, "IT desk hours", False, "Edinburgh", PRIMARY_WORKSPACE_ID, t0),
    }
    data.sla_policies = {1000000029: _sla_policy(1000000029, "Default SLA Policy", True, GLOBAL_WORKSPACE_ID, t0)}
    if workspaces:
        data.business_hours[3] = _business_hours(3, "HR hours", False, "Berlin", 3, t0)
        data.sla_policies[1000000030] = _sla_policy(1000000030, "HR SLA", False, 3, t0)
        data.sla_policies[1000000031] = _sla_policy(1000000031, "Facilities SLA", False, 4, t0)

    # --- the IT desk's records belong to the primary workspace ----------------------------------
    for g in data.groups.values():
        g["workspace_id"] = PRIMARY_WORKSPACE_ID
    for a in data.assets.values():
        a["workspace_id"] = PRIMARY_WORKSPACE_ID
    for t in data.tickets.values():
        t["workspace_id"] = PRIMARY_WORKSPACE_ID
    for i, a in enumerate(data.agents.values()):
        a["workspace_ids"] = [PRIMARY_WORKSPACE_ID]
        a["department_ids"] = [data.departments[-1]["id"]] if i % 3 == 0 else []
    demo_id, readonly_id = agent_ids[0], agent_ids[1]
    data.agents[demo_id]["workspace_ids"] = list(ws_ids)
    data.agents[readonly_id]["workspace_ids"] = [w for w in ws_ids if w in (2, 3)]
    if not workspaces:
        data.form_fields = form_fields(data)
        return

    # --- HR and Facilities: groups, agents, tickets, assets -------------------------------------
    next_group = max(data.groups) + 1
    for wid in (3, 4):
        members = []
        for first, last in OTHER_AGENTS[wid]:
            uid = data.next_user_id
            data.next_user_id += 1
            created = t0 + rng.random() * 30 * DAY
            data.agents[uid] = {
                "id": uid, "first_name": first, "last_name": last, "occasional": False,
                "job_title": f"{data.workspaces[wid]['name']} agent",
                "email": f"{first.lower()}.{last.lower()}@fstui-sandbox.example",
                "work_phone_number": f"{rng.randint(200, 999)}{rng.randint(1000, 9999)}",
                "mobile_phone_number": None, "reporting_manager_id": None,
                "time_zone": rng.choice(["Edinburgh", "Berlin"]), "language": "en",
                "location_id": rng.choice([11, 12]), "scoreboard_level_id": rng.randint(1, 6), "role_ids": [4],
                "signature": f"<div>{first} {last}<br>{data.workspaces[wid]['name']} team</div>",
                "last_login_at": anchor - rng.random() * 5 * DAY, "created_at": created, "updated_at": created,
                "_password": None, "_api_key": None, "workspace_ids": [wid], "department_ids": [],
            }
            members.append(uid)
        for name, desc in OTHER_GROUPS[wid]:
            gid = next_group
            next_group += 1
            group_members = sorted(members if name not in ("Payroll & Benefits", "Maintenance") else members[:2])
            if wid == 3:
                group_members = sorted(set(group_members) | {demo_id})
            data.groups[gid] = {
                "id": gid, "name": name, "description": desc, "business_hours_id": None,
                "escalate_to": group_members[0], "unassigned_for": "1h", "agent_ids": group_members,
                "auto_ticket_assign": False, "created_at": t0, "updated_at": t0, "workspace_id": wid,
            }
    _other_tickets(data, rng, demo_id)
    next_asset = max(data.assets, default=0) + 1
    for k in range(12):
        display_id = next_asset + k
        created = anchor - (30 + rng.random() * 300) * DAY
        data.assets[display_id] = {
            "id": display_id, "display_id": display_id,
            "name": f"{rng.choice(['Carrier', 'Daikin', 'Steelcase'])} unit {display_id:04d}",
            "ci_type_id": 8 if k % 3 else 9, "impact": 1, "author_type": "User", "usage_type": 1,
            "asset_tag": f"FAC-{display_id}", "user_id": None, "department_id": data.departments[6]["id"],
            "agent_id": None, "created_at": created, "updated_at": created, "_trashed": False,
            "_location_id": rng.choice([11, 12, 14]), "_asset_state": "In Use",
            "_type_fields": {"product": "Facility equipment", "vendor": "Carrier", "serial_number": f"FAC{k:06d}",
                             "cost": 1200.0, "warranty_expiry_date": None, "asset_state": "In Use",
                             "location_id": None},
            "workspace_id": 4,
        }
        data.assets[display_id]["_type_fields"]["location_id"] = data.assets[display_id]["_location_id"]
    data.form_fields = form_fields(data)


def _other_tickets(data, rng: random.Random, demo_id: int) -> None:
    from . import seed as seedmod

    anchor = data.anchor
    req_ids = list(data.requesters)
    next_id = max(data.tickets, default=0) + 1
    per_ws = max(10, min(120, len(data.tickets) // 40))
    for wid in (3, 4):
        groups = [gid for gid, g in data.groups.items() if g.get("workspace_id") == wid]
        agents = sorted({a for gid in groups for a in data.groups[gid]["agent_ids"]})
        for k in range(per_ws):
            tid = next_id
            next_id += 1
            created = float(int(anchor - (2 + rng.random() * 48) * DAY))
            status = (2, 6, 3, 12, 2, 4, 5)[k % 7]  # every status, the custom ones too, in every window
            priority = rng.choice([1, 2, 2, 3, 4])
            subject = rng.choice(OTHER_SUBJECTS[wid]).format(
                n=rng.randint(2, 40), month=rng.choice(MONTHS), first=rng.choice(seedmod.FIRST_NAMES),
                last=rng.choice(seedmod.LAST_NAMES))
            responder = rng.choice(agents) if status != 2 or rng.random() < 0.5 else None
            if k % 9 == 0 and status == 2:
                responder = demo_id if wid == 3 else None
            updated = min(anchor, created + rng.random() * 2 * DAY)
            requester = rng.choice(req_ids)
            due = created + 48 * 3600
            data.tickets[tid] = {
                "id": tid, "subject": subject, "requester_id": requester, "responder_id": responder,
                "group_id": rng.choice(groups), "department_id": None, "status": status, "priority": priority,
                "source": rng.choice([1, 2, 2, 3, 1001, 1002]),
                "type": "Service Request" if rng.random() < 0.6 else "Incident",
                "urgency": rng.randint(1, 3), "impact": rng.randint(1, 3), "category": None, "sub_category": None,
                "item_category": None, "cc_emails": [], "fwd_emails": [], "reply_cc_emails": [], "to_emails": None,
                "email_config_id": None, "sla_policy_id": 1000000030 if wid == 3 else 1000000031,
                "fr_escalated": False, "is_escalated": status in (2, 3) and due < anchor, "spam": False,
                "deleted": False, "due_by": due, "fr_due_by": created + 12 * 3600, "created_at": created,
                "updated_at": updated,
                "custom_fields": ({"hr_case_type": rng.choice(["Payroll", "Benefits", "Leave", "Onboarding"])}
                                  if wid == 3 else {}),
                "tags": [], "attachments": None, "description": None, "_seed": rng.getrandbits(32),
                "_nconv": rng.choice([0, 0, 1, 2, 3]),
                "_stats": {"first_responded_at": None, "resolved_at": updated if status in (4, 5) else None,
                           "closed_at": updated if status == 5 else None},
                "_watchers": set(), "_problem_id": None, "_change_id": None, "_asset_ids": [], "_parent_id": None,
                "_child_ids": [], "workspace_id": wid,
            }


def _business_hours(bid: int, name: str, default: bool, tz: str, wid: int, t0: float) -> dict:
    days = ("monday", "tuesday", "wednesday", "thursday", "friday")
    return {"id": bid, "name": name, "description": f"{name} (Mon-Fri 08:00-17:00)", "is_default": default,
            "time_zone": tz,
            "service_desk_hours": {d: {"beginning_of_workday": "08:00", "end_of_workday": "17:00"} for d in days},
            "list_of_holidays": [{"holiday_date": "--01-01", "holiday_name": "New Year's Day"},
                                 {"holiday_date": "--12-25", "holiday_name": "Christmas Day"}],
            "workspace_id": wid, "created_at": t0, "updated_at": t0}


def _sla_policy(pid: int, name: str, default: bool, wid: int, t0: float) -> dict:
    targets = [{"priority": p, "escalation_enabled": True, "respond_within": r * 3600, "resolve_within": s * 3600,
                "business_hours": True} for p, r, s in ((4, 1, 4), (3, 2, 24), (2, 4, 48), (1, 8, 72))]
    return {"id": pid, "workspace_id": wid, "name": name, "position": 1 if default else 2, "is_default": default,
            "active": True, "deleted": False, "description": f"{name}: response and resolution targets",
            "sla_targets": targets, "applicable_to": {},
            "escalation": {"response": {"level": "level_1", "escalation_when": "immediately", "escalation_time": 0,
                                        "agent_ids": [], "group_ids": []}, "resolution": []},
            "created_at": t0, "updated_at": t0}


def form_fields(data) -> list[dict]:
    """GET /ticket_form_fields: the reference desk's fields in the current shape (choices as
    ``[{id, value}]``, nested category choices, sections), plus the custom statuses and sources
    and one HR-only field. Default fields and the IT desk's custom fields are global (workspace_id 1);
    the workspace field itself has workspace_id null."""
    from . import seed as seedmod

    made = data.anchor - 300 * DAY
    base = {f["name"]: f for f in data.ticket_fields}
    out: list[dict] = []
    big = 1000000700

    def choices_for(name: str, field: dict) -> list[dict]:
        if name == "status":
            return [{"id": sid, "value": a, "requester_display_value": c} for sid, (a, c) in STATUS_LABELS.items()]
        if name == "source":
            return [{"id": sid, "value": label} for sid, label in SOURCE_LABELS.items()]
        if name == "ticket_type":
            return [{"id": big + i, "value": v} for i, v in enumerate(field["choices"], 1)]
        if name == "category":
            out_c = []
            for i, (cat, subs) in enumerate(seedmod.CATEGORIES.items(), 1):
                out_c.append({"id": big + 10 * i, "display_id": i, "value": cat, "nested_options": [
                    {"id": big + 10 * i + j, "display_id": 100 * i + j, "value": s, "nested_options": []}
                    for j, s in enumerate(subs, 1)]})
            return out_c
        if name == "business_impact":
            return [{"id": big + 100 + i, "display_id": i, "value": v} for i, v in enumerate(field["choices"], 1)]
        choices = field.get("choices")
        if isinstance(choices, dict):
            return [{"id": v, "value": k} for k, v in choices.items() if isinstance(v, int)]
        return []

    for f in data.ticket_fields:
        name = f["name"]
        entry = {
            "id": f["id"], "workspace_id": GLOBAL_WORKSPACE_ID, "name": name,
            "label": f["label"], "description": f["description"], "field_type": f["type"], "position": f["position"],
            "required_for_closure": f["required_for_closure"], "default_field": f["default"],
            "required_for_agents": f["required_for_agents"], "customers_can_edit": f["customers_can_edit"],
            "label_for_customers": f["label_for_customers"], "required_for_customers": f["required_for_customers"],
            "displayed_to_customers": f["displayed_to_customers"], "belongs_to_section": name == "affected_users",
            "choices": choices_for(name, f), "nested_fields": [], "sections": [],
            "created_at": made, "updated_at": made,
        }
        if name == "category":
            entry["nested_fields"] = [
                {"name": "sub_category", "label": "Sub-Category", "label_in_portal": "Sub-Category", "level": 2,
                 "field_id": f["id"], "created_at": made, "updated_at": made},
                {"name": "item_category", "label": "Item", "label_in_portal": "Item", "level": 3,
                 "field_id": f["id"], "created_at": made, "updated_at": made}]
        if name == "business_impact":
            entry["sections"] = [{"id": 1, "name": "Critical impact", "choice_ids": [big + 104],
                                  "fields": [base["affected_users"]["id"]]}]  # shape assumed (undocumented)
        if name == "requester":
            entry["portal_cc"] = True
            entry["portalcc_to"] = "company"  # sic, as documented
        if name == "expected_resolution":
            entry["date_only"] = True
        out.append(entry)
    pos = len(out) + 1
    out.append({
        "id": seedmod.TICKET_FIELD_ID_BASE + pos, "workspace_id": None, "name": "workspace_id", "label": "Workspace",
        "description": "Workspace", "field_type": "default_workspace", "position": pos, "required_for_closure": False,
        "default_field": True, "required_for_agents": True, "customers_can_edit": False,
        "label_for_customers": "Workspace", "required_for_customers": False, "displayed_to_customers": False,
        "belongs_to_section": False, "choices": [], "nested_fields": [], "sections": [],
        "created_at": made, "updated_at": made})
    if 3 in data.workspaces:
        pos += 1
        out.append({
            "id": seedmod.TICKET_FIELD_ID_BASE + pos, "workspace_id": 3, "name": "hr_case_type",
            "label": "HR case type", "description": "", "field_type": "custom_dropdown", "position": pos,
            "required_for_closure": False, "default_field": False, "required_for_agents": False,
            "customers_can_edit": True, "label_for_customers": "Case type", "required_for_customers": False,
            "displayed_to_customers": True, "belongs_to_section": False,
            "choices": [{"id": big + 200 + i, "display_id": i, "value": v}
                        for i, v in enumerate(["Payroll", "Benefits", "Leave", "Onboarding"], 1)],
            "nested_fields": [], "sections": [], "created_at": made, "updated_at": made})
    return out

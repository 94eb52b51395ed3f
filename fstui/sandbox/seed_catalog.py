"""The service catalog: categories and items (with custom fields and child items), deterministic.

Items have ``display_id`` 1..N (the id clients use in paths) and ``id`` = ITEM_ID_BASE + display_id.
Seeded service-request tickets get one requested item each, derived from the ticket id on demand
(``requested_item_for``), so 50,000 tickets cost nothing at start.
"""

from __future__ import annotations

import uuid

from .seed import DAY, SeedData

ITEM_ID_BASE = 1000000700
CATEGORY_ID_BASE = 1000000650
REQUESTED_ITEM_ID_BASE = 1000400000

CATEGORIES = [
    ("Hardware Provisioning", "Laptops, monitors and peripherals"),
    ("Software Installation", "Licensed applications for your machine"),
    ("Access Management", "Accounts, groups and permissions"),
    ("Employee Onboarding", "Everything a new starter needs"),
]

# (display_id, name, category index, cost, delivery hours, item fields, allow_quantity, child display ids,
#  visibility (1 draft, 2 published), deleted)
ITEMS = [
    (1, "Laptop", 0, "1200.00", 72, "laptop", True, (), 2, False),
    (2, "External Monitor", 0, "250.00", 48, "quantity_only", True, (), 2, False),
    (3, "Docking Station", 0, "180.00", 48, "none", True, (), 2, False),
    (4, "Adobe Acrobat License", 1, "15.00", 8, "software", False, (), 2, False),
    (5, "Visual Studio Code", 1, None, 4, "software", False, (), 2, False),
    (6, "VPN Access", 2, None, 4, "access", False, (), 2, False),
    (7, "Shared Drive Access", 2, None, 8, "access", False, (), 2, False),
    (8, "New Starter Kit", 3, "1630.00", 120, "onboarding", False, (1, 2, 3), 2, False),
    (9, "Ergonomic Chair", 0, "400.00", 240, "none", True, (), 1, False),
    (10, "Fax Machine", 0, "90.00", 72, "none", True, (), 2, True),
]


def _field(item_display_id: int, pos: int, name: str, label: str, ftype: str, required: bool,
           choices: list[str] | None, made: float) -> dict:
    fid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"fstui-sandbox/catalog/{item_display_id}/{name}"))
    options = {"displayed_to_requester": "true", "requester_can_edit": "true", "placeholder": ""}
    if ftype == "custom_date":
        options["date_only"] = "true"
    return {"id": fid, "name": name, "label": label, "description": "", "field_type": ftype,
            "required": required, "position": pos, "deleted": False, "visible_in_portal": True,
            "item_id": ITEM_ID_BASE + item_display_id, "field_options": options,
            "choices": [[c, c] for c in choices] if choices else [], "nested_fields": [],
            "created_at": made, "updated_at": made}


FIELD_SETS = {
    "laptop": [("operating_system", "Operating system", "custom_dropdown", True, ["Windows 11", "macOS", "Ubuntu"]),
               ("needed_by", "Needed by", "custom_date", False, None),
               ("justification", "Business justification", "custom_paragraph", False, None)],
    "software": [("machine_name", "Machine name", "custom_text", True, None)],
    "access": [("system_name", "System", "custom_text", True, None),
               ("access_level", "Access level", "custom_dropdown", True, ["Read", "Write", "Admin"]),
               ("end_date", "Access until", "custom_date", False, None)],
    "onboarding": [("start_date", "Start date", "custom_date", True, None),
                   ("employee_name", "Employee name", "custom_text", True, None),
                   ("remote", "Works remotely", "custom_checkbox", False, None)],
    "quantity_only": [("cable", "Cable", "custom_dropdown", False, ["HDMI", "DisplayPort", "USB-C"])],
    "none": [],
}


def generate(data: SeedData) -> dict:
    made = data.anchor - 200 * DAY
    categories = {}
    for i, (name, desc) in enumerate(CATEGORIES, 1):
        cid = CATEGORY_ID_BASE + i
        categories[cid] = {"id": cid, "name": name, "description": desc, "position": i,
                           "workspace_id": 2, "created_at": made, "updated_at": made}
    items = {}
    for (display_id, name, cat, cost, hours, field_set, allow_qty, children, visibility, deleted) in ITEMS:
        fields = [_field(display_id, pos, *spec, made) for pos, spec in enumerate(FIELD_SETS[field_set], 1)]
        short = f"Request a {name.lower()}" if not name.endswith("Access") else f"Request {name.lower()}"
        items[display_id] = {
            "id": ITEM_ID_BASE + display_id, "display_id": display_id, "name": name,
            "category_id": CATEGORY_ID_BASE + 1 + cat, "product_id": None, "ci_type_id": None,
            "quantity": None, "delivery_time": hours, "deleted": deleted, "icon_name": "service-request",
            "group_visibility": 1, "agent_group_visibility": 1, "item_type": 1, "visibility": visibility,
            "cost_visibility": cost is not None, "delivery_time_visibility": True, "botified": False,
            "allow_attachments": True, "allow_quantity": allow_qty, "is_bundle": bool(children),
            "create_child": bool(children), "configs": None, "workspace_id": 2,
            "created_at": made + display_id * 3600, "updated_at": made + display_id * 3600,
            "description": f"<div>{short}. Delivered within {hours} hours.</div>",
            "short_description": short, "cost": cost, "custom_fields": fields, "child_item_ids": list(children),
        }
    return {"service_categories": categories, "service_items": items}


def requested_item_for(ticket: dict, items: dict[int, dict]) -> dict:
    """The requested item of a seeded service request (the item follows from the ticket id)."""
    published = [d for d, it in sorted(items.items()) if it["visibility"] == 2 and not it["deleted"]]
    item = items[published[ticket["id"] % len(published)]]
    stage = {2: 1, 3: 1, 4: 2, 5: 4}.get(ticket["status"], 1)
    return {"id": REQUESTED_ITEM_ID_BASE + ticket["id"], "created_at": ticket["created_at"],
            "updated_at": ticket["updated_at"], "quantity": 1, "stage": stage, "loaned": False,
            "cost_per_request": float(item["cost"]) if item["cost"] else 0.0, "remarks": None,
            "delivery_time": item["delivery_time"], "is_parent": True, "service_item_id": item["display_id"],
            "service_item_name": item["name"], "custom_fields": {}, "attachments": []}

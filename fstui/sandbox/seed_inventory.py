"""Products, vendors, software (applications with users and installations), purchase orders, contracts,
asset components and requester groups: deterministic, from ``Random(f"{seed}-inventory")``.

Products and vendors follow the vendor names and asset types the seeded assets use, so an asset's
type fields (product, vendor) name records that exist.
"""

from __future__ import annotations

import random

from .seed import CI_TYPES, DAY, VENDORS, SeedData

PRODUCT_ID_BASE = 1000001000
VENDOR_ID_BASE = 1000001100
APPLICATION_ID_BASE = 1000001200
APP_USER_ID_BASE = 1000001300
INSTALLATION_ID_BASE = 1000001600
PO_ID_BASE = 1000001900
PO_ITEM_ID_BASE = 1000002000
CONTRACT_ID_BASE = 1000002100
COMPONENT_ID_BASE = 1000002200
REQUESTER_GROUP_ID_BASE = 1000002300

APPLICATIONS = [
    ("Slack", "saas", "Collaboration", "Slack Technologies"), ("Zoom", "saas", "Collaboration", "Zoom"),
    ("Visual Studio Code", "desktop", "Development", "Microsoft"),
    ("Adobe Acrobat", "desktop", "Productivity", "Adobe"),
    ("Microsoft Office", "desktop", "Productivity", "Microsoft"), ("Tableau", "desktop", "Analytics", "Salesforce"),
    ("Salesforce", "saas", "CRM", "Salesforce"), ("Jira", "saas", "Development", "Atlassian"),
    ("Authenticator", "mobile", "Security", "Microsoft"), ("Bonzi Buddy", "desktop", "Other", "Bonzi Software"),
]
COMPONENT_TYPES = {
    "Processor": ("manufacturer", "model", "cpu_speed"),
    "Memory": ("capacity",),
    "Hard Disk": ("capacity", "model"),
    "Network Adapter": ("model",),
}
REQUESTER_GROUPS = [
    ("All Finance staff", "Everyone in Finance", "rule_based"),
    ("Executives", "Directors and above", "manual"),
    ("Remote workers", "People who work from home", "manual"),
    ("New starters", "Joined in the last 90 days", "rule_based"),
    ("VIP", "Handle with care", "manual"),
]


def generate(data: SeedData) -> dict:
    rng = random.Random(f"{data.seed}-inventory")
    anchor = data.anchor
    made = anchor - 300 * DAY
    agent_ids = list(data.agents)
    requester_ids = list(data.requesters)
    dept_ids = [d["id"] for d in data.departments]

    vendors = {}
    extra_vendors = ["Adobe", "Atlassian", "Salesforce", "Slack Technologies", "Zoom", "Bonzi Software"]
    for i, name in enumerate(VENDORS + extra_vendors, 1):
        vid = VENDOR_ID_BASE + i
        slug = name.lower().replace(" ", "")
        city, country = rng.choice([("Austin", "USA"), ("Dublin", "Ireland"), ("Berlin", "Germany")])
        vendors[vid] = {
            "id": vid, "name": name, "description": f"{name} (supplier)", "primary_contact_id": None,
            "address": {"line1": f"{rng.randint(1, 999)} Market Street", "city": city, "state": None,
                        "country": country, "zipcode": f"{rng.randint(10000, 99999)}"},
            "contact_name": f"{name} account team", "email": f"sales@{slug}.example", "phone": None, "mobile": None,
            "custom_fields": {}, "created_at": made, "updated_at": made,
        }
    vendor_by_name = {v["name"]: vid for vid, v in vendors.items()}

    products = {}
    pid = PRODUCT_ID_BASE
    for type_id, type_name, _prefix in CI_TYPES:
        for vendor in sorted(rng.sample(VENDORS, 3)):
            pid += 1
            status = rng.choice(["In Production", "In Production", "In Pipeline", "Retired"])
            products[pid] = {
                "id": pid, "name": f"{vendor} {type_name}", "asset_type_id": type_id, "manufacturer": vendor,
                "status": status, "mode_of_procurement": rng.choice(["Buy", "Lease", "Both"]),
                "depreciation_type_id": None, "description": f"<div>{vendor} {type_name.lower()} model line</div>",
                "created_at": made, "updated_at": made,
            }

    applications, app_users, installations = {}, {}, {}
    asset_ids = list(data.assets)
    uid_next, inst_next = APP_USER_ID_BASE, INSTALLATION_ID_BASE
    for i, (name, app_type, category, publisher) in enumerate(APPLICATIONS, 1):
        aid = APPLICATION_ID_BASE + i
        users = []
        for user_id in sorted(rng.sample(requester_ids, rng.randint(2, 12))):
            uid_next += 1
            first = anchor - rng.randint(30, 300) * DAY
            users.append({"id": uid_next, "user_id": user_id, "license_id": None, "allocated_date": first,
                          "first_used": first, "last_used": anchor - rng.randint(0, 29) * DAY,
                          "source": "Freshservice Discovery Agent", "created_at": first, "updated_at": first})
        insts = []
        if app_type == "desktop":
            for asset in sorted(rng.sample(asset_ids, rng.randint(1, 8))):
                inst_next += 1
                when = anchor - rng.randint(30, 400) * DAY
                insts.append({"id": inst_next, "installation_machine_id": asset,
                              "installation_path": f"C:\\Program Files\\{name}",
                              "version": f"{rng.randint(1, 30)}.{rng.randint(0, 9)}.{rng.randint(0, 99)}",
                              "user_id": data.assets[asset]["user_id"],
                              "department_id": data.assets[asset]["department_id"],
                              "installation_date": when, "created_at": when, "updated_at": when})
        status = "blacklisted" if name == "Bonzi Buddy" else rng.choice(["managed", "managed", "ignored"])
        applications[aid] = {
            "id": aid, "name": name, "description": f"{name} ({category})", "notes": None,
            "application_type": app_type, "status": status, "category": category,
            "publisher_id": vendor_by_name.get(publisher), "managed_by_id": rng.choice(agent_ids),
            "sources": ["Freshservice Discovery Agent"] if app_type == "desktop" else ["Okta"],
            "user_count": len(users), "installation_count": len(insts),
            "additional_data": {"overview": None, "graph_data": None, "last_sync_date": None},
            "workspace_id": 2, "created_at": made, "updated_at": made,
        }
        app_users[aid] = users
        installations[aid] = insts

    purchase_orders = {}
    item_next = PO_ITEM_ID_BASE
    product_list = list(products.values())
    for i in range(1, 9):
        po_id = PO_ID_BASE + i
        vendor_id = VENDOR_ID_BASE + rng.randint(1, len(VENDORS))
        items = []
        for _ in range(rng.randint(1, 3)):
            item_next += 1
            product = rng.choice(product_list)
            cost, qty = float(rng.randint(5, 150) * 10), rng.randint(1, 10)
            items.append({"id": item_next, "item_type": 1, "item_id": product["id"], "item_name": product["name"],
                          "description": product["name"], "cost": cost, "quantity": qty,
                          "received": qty if i % 3 == 0 else 0, "tax_percentage": 10.0,
                          "total_cost": round(cost * qty * 1.1, 2)})
        created = anchor - (60 - i * 5) * DAY
        address = "1 Infinite Loop, Cupertino, CA"
        purchase_orders[po_id] = {
            "id": po_id, "name": f"Q{1 + i % 4} hardware refresh {i}", "po_number": f"PO-{i:04d}",
            "vendor_id": vendor_id, "vendor_details": vendors[vendor_id]["address"]["line1"],
            "department_id": rng.choice(dept_ids), "created_by": agent_ids[0],
            "expected_delivery_date": created + 30 * DAY, "status": 25 if i % 3 == 0 else 20,
            "shipping_address": address, "billing_address": address, "billing_same_as_shipping": True,
            "currency_code": "USD", "discount_percentage": 0.0, "tax_percentage": 10.0, "shipping_cost": 25.0,
            "total_cost": round(sum(x["total_cost"] for x in items) + 25.0, 2), "workspace_id": 2,
            "custom_fields": {"terms_and_conditions": "Net 30"}, "purchase_items": items,
            "created_at": created, "updated_at": created,
        }

    contracts = {}
    for i in range(1, 7):
        cid = CONTRACT_ID_BASE + i
        contracts[cid] = {"id": cid, "contract_id": f"CNTR-{i}",
                          "contract_type": ["Lease", "Maintenance", "Software License", "Warranty"][i % 4],
                          "contract_name": f"{VENDORS[i % len(VENDORS)]} "
                                           f"{['lease', 'maintenance', 'licences', 'warranty'][i % 4]}",
                          "contract_status": ["Active", "Active", "Expired", "Draft"][i % 4],
                          "asset_ids": sorted(rng.sample(asset_ids, 6))}

    components: dict[int, list[dict]] = {}
    comp_next = COMPONENT_ID_BASE
    for display_id, asset in data.assets.items():
        if asset["ci_type_id"] not in (1, 2, 5):  # laptops, desktops, servers
            continue
        rows = []
        for ctype, data_row in (
            ("Processor", {"manufacturer": rng.choice(["Intel", "AMD", "Apple"]),
                           "model": f"CPU-{rng.randint(100, 999)}",
                           "cpu_speed": f"{rng.choice([2.4, 3.1, 3.6])} GHz"}),
            ("Memory", {"capacity": f"{rng.choice([8, 16, 32, 64])} GB"}),
            ("Hard Disk", {"capacity": f"{rng.choice([256, 512, 1024])} GB", "model": f"SSD-{rng.randint(10, 99)}"}),
        ):
            comp_next += 1
            rows.append({"id": comp_next, "component_type": ctype, "component_data": [data_row],
                         "created_at": asset["created_at"], "updated_at": asset["created_at"]})
        components[display_id] = rows

    requester_groups, members = {}, {}
    for i, (name, desc, gtype) in enumerate(REQUESTER_GROUPS, 1):
        gid = REQUESTER_GROUP_ID_BASE + i
        requester_groups[gid] = {"id": gid, "name": name, "description": desc, "type": gtype, "workspace_id": 2,
                                 "created_at": made, "updated_at": made}
        members[gid] = sorted(rng.sample(requester_ids, rng.randint(3, 40)))

    return {"vendors": vendors, "products": products, "applications": applications, "application_users": app_users,
            "installations": installations, "purchase_orders": purchase_orders, "contracts": contracts,
            "components": components, "requester_groups": requester_groups, "requester_group_members": members}

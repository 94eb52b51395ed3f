"""What the sandbox serves, as data: one row per resource (endpoints, what is seeded).

``fstui sandbox --help`` prints it (``help_text``) and README's sandbox section has it as a table
(``markdown_table``; ``python -m fstui.sandbox.served`` prints it to paste); tests/sandbox/test_served.py
checks that every route the sandbox answers is in a row and that README's table is this one. Blocks are
kept apart to ease merging: the reference's resources, the current API's (the API issue), then the rest
of the API public clients call.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Served:
    resource: str
    endpoints: str  # paths below /api/v2, methods in parentheses where not all of list/view
    seeded: str


#: The reference's API index (seeds/003).
REFERENCE: tuple[Served, ...] = (
    Served("Tickets", "tickets (CRUD, restore, filter), tickets/{id}/reply|notes|conversations, conversations/{id}, "
           "ticket_fields", "--tickets N (default 2000) over 60 days, threads on demand"),
    Served("Assets", "assets (list, filter, view)", "400 assets of 7 types, 5% in the trash"),
    Served("Requesters", "requesters (CRUD), requester_fields (alias contact_fields)",
           "max(500, tickets/25) requesters"),
    Served("Agents", "agents (CRUD)", "60 agents: demo (admin) and read-only agents included"),
    Served("Roles, groups", "roles (list, view), groups (CRUD)", "6 roles, 8 agent groups"),
)

#: The current API beyond the reference (the API issue: workspaces, agents/me, departments, locations, ...).
CURRENT: tuple[Served, ...] = (
    Served("Workspaces", "workspaces (list, view); workspace_id on tickets, tickets/filter, assets, groups, "
           "ticket_form_fields, sla_policies, business_hours (--single-workspace: one primary workspace); "
           "another workspace's records are 403 to a key whose agent lacks it",
           "IT (primary, 2), HR (3), Facilities (4), each with tickets, groups and agents"),
    Served("Who am I, people filters", "agents/me; agents and requesters query=, active=, state=, include_agents "
           "(Manage Agents: admins)",
           "the key's agent (the read-only key's too)"),
    Served("Ticket form fields", "ticket_form_fields (beside ticket_fields)",
           "custom statuses 6, 12 and sources 1001, 1002; nested categories; sections"),
    Served("Departments, locations", "departments (list, view, query=), department_fields, locations (list, view, "
           "query=)", "8 departments, 4 locations (one nested)"),
    Served("Asset types", "asset_types (list, view), asset_types/{id}/fields", "the 7 types of the seeded assets"),
    Served("SLA policies, business hours", "sla_policies, business_hours (list, view)",
           "global, IT, HR (and Facilities SLA)"),
)

#: The rest of the API public clients call (issue 16).
REST: tuple[Served, ...] = (
    Served("Problems", "problems (CRUD, restore; workspace_id, updated_since), problems/{id}/notes|tasks|time_entries",
           "20 problems (every 5th in workspace 3), notes, tasks, time entries"),
    Served("Changes", "changes (CRUD, restore; query|view, workspace_id, order_by), changes/{id}/notes|tasks|"
           "time_entries", "20 changes with planning fields, maintenance windows"),
    Served("Releases", "releases (CRUD, restore; workspace_id, filter_name), releases/{id}/notes|tasks|time_entries",
           "10 releases linked to changes"),
    Served("Ticket tasks, time entries", "tickets/{id}/tasks, tickets/{id}/time_entries (CRUD)",
           "tasks on every 6th ticket (some overdue), time entries on every 4th, one timer running for another agent"),
    Served("Service catalog", "service_catalog/categories, service_catalog/items (list, search, view), "
           "service_catalog/items/{id}/place_request, tickets/{id}/requested_items",
           "4 categories, 10 items (custom fields, a bundle, a draft, a deleted one); one item per seeded request"),
    Served("Asset writes", "assets (create, update, delete), assets/{id}/restore|delete_forever "
           "(--assets-read-only: the reference's read-only assets)", "-"),
    Served("Asset relations", "assets/{id}/requests|contracts|components (components: list, create, update)",
           "contracts on 6x6 assets; CPU, memory, disk on laptops, desktops, servers"),
    Served("Products", "products (CRUD)", "21 products (3 vendors x 7 asset types)"),
    Served("Vendors", "vendors (CRUD)", "14 vendors"),
    Served("Software", "applications (list, view), applications/{id}/users|installations",
           "10 applications with users and installations"),
    Served("Purchase orders", "purchase_orders (list, view; include=custom_fields,purchase_items)",
           "8 purchase orders"),
    Served("Requester groups", "requester_groups (CRUD), requester_groups/{id}/members (list, add, remove)",
           "5 groups (manual and rule-based) with members"),
)

#: Working a ticket as in the portal (issue 14).
WORK: tuple[Served, ...] = (
    Served("Child tickets", "tickets/{id}/create_child_ticket (POST; no nesting, not under spam or deleted)", "-"),
    Served("Ticket activity", "tickets/{id}/activities (start_token), tickets/{id}/promote|demote (PUT), "
           "tickets/{id}/approvals, tickets/{id}/csat_response",
           "a history per ticket; every write received adds to it; CSAT on every 4th closed ticket"),
    Served("Canned responses", "canned_response_folders (list, view), canned_response_folders/{id}/canned_responses, "
           "canned_responses (list, view)", "5 folders, 10 responses: IT's, HR's and global (placeholders; one with an attachment)"),
    Served("Solutions", "solutions/categories, solutions/folders, solutions/articles (list, view, search)",
           "4 categories, 5 folders, 10 articles, IT's and HR's (searchable by VPN, printer, password, leave; one draft)"),
    Served("Attachments", "attachments/{id} (the file's bytes)", "uploaded files and the canned response's"),
)

SERVED: tuple[Served, ...] = REFERENCE + CURRENT + REST + WORK


def help_text() -> str:
    """The rows for ``fstui sandbox --help`` (plain text, one resource per paragraph)."""
    lines = ["resources served (below /api/v2; the sandbox serves more than the app shows, on purpose):"]
    for row in SERVED:
        lines.append(f"  {row.resource}: {row.endpoints}")
        lines.append(f"      seeded: {row.seeded}")
    return "\n".join(lines)


def markdown_table() -> str:
    """The README table (resource | endpoints | seeded)."""
    def row(r: Served) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in (r.resource, r.endpoints, r.seeded)) + " |"

    lines = ["| resource | endpoints (below `/api/v2`) | seeded |", "|---|---|---|"]
    lines += [row(r) for r in REFERENCE]
    if CURRENT:
        lines += ["| **the current API** | | |"]
        lines += [row(r) for r in CURRENT]
    lines += ["| **the rest public clients call** | | |"]
    lines += [row(r) for r in REST]
    lines += ["| **working a ticket (issue 14)** | | |"]
    lines += [row(r) for r in WORK]
    return "\n".join(lines)


if __name__ == "__main__":  # the README table, to paste
    print(markdown_table())

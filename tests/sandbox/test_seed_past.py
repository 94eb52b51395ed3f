"""No seeded record is dated after the sandbox's start (issue 12, QA item 8): a walk over every collection
the sandbox serves (every page, every parent record for sub-collections), black box over ASGI."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from fstui.sandbox import DEMO_API_KEY
from fstui.sandbox.dates import parse_datetime
from fstui.sandbox.routes import ROUTES

from .conftest import T0

START = T0
# Keys that name a moment already past when a record is read (due dates, planned dates, review dates and
# visibility windows may lie ahead and are left out).
PAST_KEYS = re.compile(r"(_at|^executed_at|^start_time|^assigned_on|^unassigned_on|^allocated_date|^first_used|"
                       r"^last_used|^installation_date|_time)$")
FUTURE_OK = {"planned_start_date", "planned_end_date", "due_by", "fr_due_by", "due_date", "visible_from",
             "visible_till", "review_date", "expected_delivery_date", "end_time", "delivery_time"}
# Lists that need a parameter to list anything.
NEEDS = {"/api/v2/tickets": {"updated_since": "2000-01-01T00:00:00Z"},
         "/api/v2/tickets/filter": {"query": '"priority:>0"'},
         "/api/v2/service_catalog/items/search": {"search_term": "a"},
         "/api/v2/solutions/articles/search": {"search_term": "a"},
         "/api/v2/solutions/folders": None, "/api/v2/solutions/articles": None}


def _late(record: Any, where: str, found: list[str]) -> None:
    if isinstance(record, list):
        for item in record:
            _late(item, where, found)
    elif isinstance(record, dict):
        for key, value in record.items():
            if isinstance(value, (dict, list)):
                _late(value, f"{where}.{key}", found)
            elif isinstance(value, str) and key not in FUTURE_OK and PAST_KEYS.search(key):
                try:
                    when = parse_datetime(value)
                except Exception:  # noqa: BLE001 - not a date (e.g. a duration)
                    continue
                if when is not None and when > START:
                    found.append(f"{where} {record.get('id')} {key}={value}")


async def _pages(client, url: str, params: dict) -> list[dict]:
    rows: list[dict] = []
    page = 1
    while True:
        r = await client.get(url, params={**params, "page": page})
        if r.status_code != 200:
            return rows
        if "json" not in r.headers.get("content-type", ""):
            return rows  # a file download
        body = r.json()
        lists = [v for v in body.values() if isinstance(v, list)] if isinstance(body, dict) else [body]
        for items in lists:
            rows += [x for x in items if isinstance(x, dict)]
        if isinstance(body, dict) and len(body) == 1 and not lists:
            rows.append(next(iter(body.values())))
        if "link" not in r.headers or page > 60:
            return rows
        page += 1


async def _list(client, url: str, extra: dict | None = None) -> list[dict]:
    params = dict(NEEDS.get(url) or {}) | (extra or {})
    probe = await client.get(url, params={**params, "workspace_id": 0})
    if probe.status_code == 200:
        params["workspace_id"] = 0
    probe = await client.get(url, params={**params, "per_page": 100})
    if probe.status_code == 200:
        params["per_page"] = 100
    return await _pages(client, url, params)


@pytest.mark.slow  # ~6 s: every ticket's sub-collections (2000 tickets, the density of the default desk)
async def test_no_seeded_timestamp_after_the_start(app, sb, clock):
    """The session's sandbox (2000 tickets, the default desk: the newest are minutes old), its clock at T0."""
    sb.limiter.set_plan("estate", total=10**9)
    found: list[str] = []
    walked: set[str] = set()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test",
                                 auth=(DEMO_API_KEY, "X")) as client:
        templates = [t for t, methods in ROUTES if "GET" in methods]
        tops = {t: await _list(client, t) for t in templates if "{" not in t and NEEDS.get(t, {}) is not None}
        for t, rows in tops.items():
            _late(rows, t, found)
            walked.add(t)
        # What the default lists leave out: deleted and spam tickets, trashed assets, deactivated people.
        for url, params in (("/api/v2/tickets", {"filter": "deleted"}), ("/api/v2/tickets", {"filter": "spam"}),
                            ("/api/v2/assets", {"trashed": "true"}), ("/api/v2/agents", {"active": "false"}),
                            ("/api/v2/requesters", {"active": "false"})):
            hidden = await _list(client, url, params)
            assert hidden or "active" in params, (url, params)
            _late(hidden, f"{url}?{params}", found)
        # Solutions: folders by category, articles by folder.
        folders = []
        for c in tops.get("/api/v2/solutions/categories", []):
            folders += await _list(client, "/api/v2/solutions/folders", {"category_id": c["id"]})
        for f in folders:
            _late(await _list(client, "/api/v2/solutions/articles", {"folder_id": f["id"]}), "articles", found)
        _late(folders, "folders", found)
        # Every record's view and sub-collections: /x/{id} and /x/{id}/y (one placeholder).
        for t in templates:
            if t.count("{") != 1:
                continue
            parent, _, _rest = t.partition("/{")
            rows = tops.get(parent)
            if not rows:
                continue
            for row in rows:
                key = row.get("display_id") if parent.endswith("/assets") else row.get("id")
                url = re.sub(r"\{\w+\}", str(key), t)
                _late(await _pages(client, url, {}), t, found)
            walked.add(t)
    assert clock.now == START
    assert {"/api/v2/tickets/{id}/time_entries", "/api/v2/tickets/{id}/tasks", "/api/v2/tickets/{id}/activities",
            "/api/v2/tickets/{id}/conversations", "/api/v2/problems", "/api/v2/changes", "/api/v2/releases",
            "/api/v2/assets", "/api/v2/tickets/{id}/approvals", "/api/v2/tickets/{id}/csat_response",
            "/api/v2/applications/{id}/users", "/api/v2/purchase_orders", "/api/v2/canned_responses",
            "/api/v2/service_catalog/items", "/api/v2/agents", "/api/v2/requesters"} <= walked
    assert len(tops["/api/v2/tickets"]) >= 2000
    assert found == [], "\n".join(found)


async def test_recent_tickets_work_lies_between_the_ticket_and_now(client):
    """QA's instances: ticket 1997's time entry (09:19 when it was 08:43) and the tasks of a ticket created
    under three hours before the start."""
    async def created(tid):
        return parse_datetime((await client.get(f"/api/v2/tickets/{tid}")).json()["ticket"]["created_at"])

    entry = (await client.get("/api/v2/tickets/1997/time_entries")).json()["time_entries"][0]
    assert await created(1997) <= parse_datetime(entry["executed_at"]) <= T0
    assert entry["created_at"] == entry["executed_at"] == entry["start_time"]
    tasks = (await client.get("/api/v2/tickets/1993/tasks")).json()["tasks"]
    assert T0 - await created(1993) < 3 * 3600 and len(tasks) == 2
    times = [parse_datetime(t["created_at"]) for t in tasks]
    assert await created(1993) < times[0] < times[1] <= T0

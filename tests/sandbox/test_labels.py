"""The sandbox names choice values with the account's labels (QA item 10): a custom status or source in a
ticket's activities and in an asset's requests reads as the form fields name it, never "status 12"."""

from __future__ import annotations


async def _labels(client, name):
    fields = (await client.get("/api/v2/ticket_form_fields")).json()["ticket_fields"]
    return {c["id"]: c["value"] for f in fields if f["name"] == name for c in f["choices"]}


async def _open_ticket(client):
    rows = (await client.get("/api/v2/tickets", params={"per_page": 100})).json()["tickets"]
    return next(t for t in rows if t["status"] == 2 and t["source"] == 1)


async def test_activity_names_a_custom_status_and_source_by_the_accounts_labels(client):
    statuses, sources = await _labels(client, "status"), await _labels(client, "source")
    assert statuses[12] == "Awaiting Vendor" and statuses[6] == "Waiting on Customer"
    assert sources[1001] == "Vendor Portal"
    ticket = await _open_ticket(client)
    url = f"/api/v2/tickets/{ticket['id']}"
    assert (await client.put(url, json={"status": 12, "source": 1001, "urgency": 3})).status_code == 200
    latest = (await client.get(f"{url}/activities")).json()["activities"][0]
    assert latest["content"] == "updated the ticket"
    assert latest["sub_contents"] == ["set Status as Awaiting Vendor", "set Source as Vendor Portal",
                                      "set Urgency as High"]
    assert (await client.put(url, json={"status": 6})).status_code == 200
    latest = (await client.get(f"{url}/activities")).json()["activities"][0]
    assert latest["sub_contents"] == ["set Status as Waiting on Customer"]


async def test_asset_requests_name_a_custom_status(client, sb):
    ticket = next(t for t in sb.store.tickets.values() if t.get("_asset_ids") and not t["deleted"]
                  and t.get("workspace_id") == 2)
    display_id = ticket["_asset_ids"][0]
    assert (await client.put(f"/api/v2/tickets/{ticket['id']}", json={"status": 12})).status_code == 200
    rows = (await client.get(f"/api/v2/assets/{display_id}/requests")).json()["requests"]
    assert next(r for r in rows if r["id"] == ticket["id"])["request_status"] == "Awaiting Vendor"


async def test_every_source_and_status_the_form_offers_is_accepted(client):
    """Validation reads the same choices as the labels: a custom source only /ticket_form_fields lists
    (Kiosk, 1002) is a valid source, an id it does not list is not."""
    ticket = await _open_ticket(client)
    url = f"/api/v2/tickets/{ticket['id']}"
    for source in await _labels(client, "source"):
        assert (await client.put(url, json={"source": source})).status_code == 200, source
    assert (await client.put(url, json={"source": 1003})).status_code == 400
    for status in (6, 12, 2):
        assert (await client.put(url, json={"status": status})).status_code == 200, status
    assert (await client.put(url, json={"status": 7})).status_code == 400


async def test_custom_fields_are_the_tickets_workspaces(client):
    """A ticket's custom fields and their dropdown choices are the form's of its workspace: HR's own
    hr_case_type is taken on an HR ticket (create and update), refused on an IT one."""
    body = {"email": "new.person@customer.example", "subject": "Leave request", "description": "x",
            "priority": 1, "status": 2, "workspace_id": 3,
            "custom_fields": {"hr_case_type": "Leave", "business_impact": "Low"}}
    r = await client.post("/api/v2/tickets", json=body)
    assert r.status_code == 201, r.text
    hr = r.json()["ticket"]
    assert hr["custom_fields"]["hr_case_type"] == "Leave" and hr["custom_fields"]["business_impact"] == "Low"
    r = await client.put(f"/api/v2/tickets/{hr['id']}", json={"custom_fields": {"hr_case_type": "Payroll"}})
    assert r.status_code == 200 and r.json()["ticket"]["custom_fields"]["hr_case_type"] == "Payroll"
    r = await client.put(f"/api/v2/tickets/{hr['id']}", json={"custom_fields": {"hr_case_type": "Low"}})
    assert r.status_code == 400 and "Payroll,Benefits,Leave,Onboarding" in r.json()["errors"][0]["message"]
    it = await _open_ticket(client)
    r = await client.put(f"/api/v2/tickets/{it['id']}", json={"custom_fields": {"hr_case_type": "Leave"}})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "invalid_field"

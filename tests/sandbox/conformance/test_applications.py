"""Software: /applications with users and installations (API-SUPPLEMENT §8.3), black-box."""

from __future__ import annotations

from .helpers import every


async def test_applications_users_installations(client):
    apps = await every(client, "/api/v2/applications", "applications")
    assert apps and {"id", "name", "application_type", "status", "publisher_id", "user_count",
                     "installation_count", "workspace_id"} <= set(apps[0])
    assert {a["application_type"] for a in apps} <= {"desktop", "saas", "mobile"}
    assert {a["status"] for a in apps} <= {"managed", "ignored", "blacklisted"}
    assert await every(client, "/api/v2/applications", "applications", workspace_id=0)
    vendors = {v["id"] for v in await every(client, "/api/v2/vendors", "vendors")}
    assert {a["publisher_id"] for a in apps if a["publisher_id"]} <= vendors
    app = next(a for a in apps if a["installation_count"])
    assert (await client.get(f"/api/v2/applications/{app['id']}")).json()["application"] == app
    users = await every(client, f"/api/v2/applications/{app['id']}/users", "application_users")
    assert len(users) == app["user_count"] and {"user_id", "license_id", "first_used", "last_used"} <= set(users[0])
    one = (await client.get(f"/api/v2/applications/{app['id']}/users/{users[0]['id']}")).json()
    assert one["application_user"] == users[0]
    installs = await every(client, f"/api/v2/applications/{app['id']}/installations", "installations")
    assert len(installs) == app["installation_count"]
    machine = installs[0]["installation_machine_id"]
    assert (await client.get(f"/api/v2/assets/{machine}")).status_code == 200  # an asset's display id
    assert (await client.get("/api/v2/applications/1")).status_code == 404
    assert (await client.get(f"/api/v2/applications/{app['id']}/users/1")).status_code == 404

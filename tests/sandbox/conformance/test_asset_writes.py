"""Asset writes of current accounts (API-SUPPLEMENT §8.7) and the reference's read-only assets, black-box."""

from __future__ import annotations

import httpx
import pytest

from fstui.sandbox import DEMO_API_KEY
from fstui.sandbox.app import create_app

from .helpers import errors, every


async def test_create_update_trash_restore_forever(client):
    r = await client.post("/api/v2/assets", json={
        "name": "Loaner laptop 7", "asset_type_id": 1, "impact": "high", "usage_type": "loaner",
        "asset_tag": "LOAN-7", "type_fields": {"serial_number_1": "SN-LOAN-7", "asset_state_1": "In Use"}})
    assert r.status_code in (200, 201), r.text
    asset = r.json()["asset"]
    assert asset["name"] == "Loaner laptop 7" and asset["asset_tag"] == "LOAN-7" and asset["author_type"] == "User"
    url = f"/api/v2/assets/{asset['display_id']}"
    viewed = (await client.get(url, params={"include": "type_fields"})).json()["asset"]
    assert "SN-LOAN-7" in viewed["type_fields"].values() and "In Use" in viewed["type_fields"].values()
    found = await client.get("/api/v2/assets", params={"query": "\"name:'Loaner laptop 7'\""})
    assert [a["display_id"] for a in found.json()["assets"]] == [asset["display_id"]]
    r = await client.put(url, json={"name": "Loaner laptop 7b"})
    assert r.status_code == 200 and r.json()["asset"]["name"] == "Loaner laptop 7b"
    assert r.json()["asset"]["asset_tag"] == "LOAN-7"  # an update changes only what it sends
    assert (await client.delete(url)).status_code == 204
    trashed = await every(client, "/api/v2/assets", "assets", trashed="true")
    assert asset["display_id"] in {a["display_id"] for a in trashed}
    assert asset["display_id"] not in {a["display_id"] for a in await every(client, "/api/v2/assets", "assets")}
    assert (await client.put(url, json={"name": "x"})).status_code == 404
    assert (await client.put(url + "/restore")).status_code == 204
    assert asset["display_id"] in {a["display_id"] for a in await every(client, "/api/v2/assets", "assets")}
    assert (await client.put(url + "/restore")).status_code == 404
    assert (await client.put(url + "/delete_forever")).status_code == 204
    assert (await client.get(url)).status_code == 404


async def test_reference_field_name_and_values_accepted(client):
    r = await client.post("/api/v2/assets", json={"name": "Old style", "ci_type_id": 2, "impact": 2, "usage_type": 1})
    assert r.status_code in (200, 201)
    viewed = await client.get(f"/api/v2/assets/{r.json()['asset']['display_id']}")
    assert viewed.json()["asset"]["name"] == "Old style"


async def test_validation(client):
    r = await client.post("/api/v2/assets", json={"asset_tag": "X"})
    assert set(errors(r)) == {("name", "missing_field"), ("asset_type_id", "missing_field")}
    r = await client.post("/api/v2/assets", json={"name": "x", "asset_type_id": 999, "impact": "huge",
                                                  "serial": "1", "user_id": 5})
    assert set(errors(r)) == {("asset_type_id", "invalid_value"), ("impact", "invalid_value"),
                              ("serial", "invalid_field"), ("user_id", "invalid_value")}
    r = await client.post("/api/v2/assets", json={"name": "x", "asset_type_id": 1,
                                                  "type_fields": {"colour_1": "red", "asset_state_1": "Lost"}})
    assert set(errors(r)) == {("type_fields.colour_1", "invalid_field"), ("type_fields.asset_state_1", "invalid_value")}
    first = (await client.get("/api/v2/assets", params={"per_page": 1})).json()["assets"][0]
    r = await client.put(f"/api/v2/assets/{first['display_id']}", json={"workspace_id": 3})
    assert r.status_code == 400  # a workspace changes only by a move
    assert (await client.put("/api/v2/assets/999999", json={"name": "x"})).status_code == 404


@pytest.fixture(scope="module")
def read_only_app():
    app = create_app(seed=1, tickets=50)
    app.state.sandbox.assets_read_only = True  # what fstui sandbox --assets-read-only sets
    return app


async def test_read_only_assets_as_the_reference_has_them(read_only_app):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=read_only_app), base_url="http://sandbox.test",
                                 auth=(DEMO_API_KEY, "X")) as c:
        assets = (await c.get("/api/v2/assets")).json()["assets"]
        assert assets
        url = f"/api/v2/assets/{assets[0]['display_id']}"
        assert (await c.get(url)).status_code == 200
        for method, path in (("POST", "/api/v2/assets"), ("PUT", url), ("DELETE", url)):
            r = await c.request(method, path, json={"name": "x", "asset_type_id": 1} if method != "DELETE" else None)
            assert r.status_code == 405 and r.headers["allow"] == "GET", (method, path)
        assert (await c.put(url + "/restore")).status_code == 404
        assert (await c.put(url + "/delete_forever")).status_code == 404
        assert (await c.get(url)).status_code == 200

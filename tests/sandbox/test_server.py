"""Over a real loopback socket: the session sandbox, dropped connections, timeouts after apply, the CLI."""

from __future__ import annotations

import httpx
import pytest

from fstui.sandbox import DEMO_AGENT_EMAIL, DEMO_AGENT_PASSWORD, DEMO_API_KEY
from fstui.sandbox import cli
from fstui.sandbox.server import SandboxServer


def test_fixture_server_serves_and_resets(sandbox, sandbox_url):
    assert sandbox_url.startswith("http://127.0.0.1:")
    assert sandbox.api_key == DEMO_API_KEY and sandbox.agent_email == DEMO_AGENT_EMAIL
    assert sandbox.agent_password == DEMO_AGENT_PASSWORD
    with httpx.Client(base_url=sandbox_url, auth=(DEMO_API_KEY, "X")) as c:
        r = c.get("/api/v2/agents", params={"email": DEMO_AGENT_EMAIL})
        assert r.status_code == 200 and r.json()["agents"][0]["email"] == DEMO_AGENT_EMAIL
        r = c.get("/api/v2/tickets")
        assert r.headers["x-ratelimit-remaining"] == "4998"
        assert "link" in r.headers and r.headers["link"].startswith(f"<{sandbox_url}/api/v2/tickets?page=2")
        created = c.post("/api/v2/tickets", json={"email": "a@b.co", "description": "d"})
        assert created.headers["location"] == f"{sandbox_url}/api/v2/tickets/{created.json()['ticket']['id']}"
        stats = httpx.get(f"{sandbox_url}/_sandbox/stats").json()
        assert stats["requests"] == 3 and stats["credits"] == 3


def test_password_auth_over_socket(sandbox_url):
    r = httpx.get(f"{sandbox_url}/api/v2/tickets/1", auth=(DEMO_AGENT_EMAIL, DEMO_AGENT_PASSWORD))
    assert r.status_code == 200


def test_dropped_connection_is_seen_by_httpx(sandbox_url):
    httpx.post(f"{sandbox_url}/_sandbox/faults", json={"drop": 1.0}).raise_for_status()
    with httpx.Client(base_url=sandbox_url, auth=(DEMO_API_KEY, "X")) as c:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            c.put("/api/v2/tickets/1", json={"priority": 4})
    httpx.post(f"{sandbox_url}/_sandbox/faults", json={}).raise_for_status()
    with httpx.Client(base_url=sandbox_url, auth=(DEMO_API_KEY, "X")) as c:
        assert c.get("/api/v2/tickets/1").status_code == 200  # the server lives on
    assert httpx.get(f"{sandbox_url}/_sandbox/stats").json()["faults"] == {
        "rate_429": 0, "rate_500": 0, "drop": 0, "slow": 0, "timeout_after_apply": 0}


def test_timeout_after_apply_over_socket(sandbox_url):
    httpx.post(f"{sandbox_url}/_sandbox/faults",
               json={"timeout_after_apply": 1.0, "timeout_seconds": 0.5}).raise_for_status()
    with httpx.Client(base_url=sandbox_url, auth=(DEMO_API_KEY, "X"), timeout=0.1) as c:
        with pytest.raises(httpx.ReadTimeout):
            c.post("/api/v2/tickets/1/notes", json={"body": "did this land?"})
    httpx.post(f"{sandbox_url}/_sandbox/faults", json={}).raise_for_status()
    with httpx.Client(base_url=sandbox_url, auth=(DEMO_API_KEY, "X")) as c:
        bodies = [x["body"] for x in c.get("/api/v2/tickets/1/conversations", params={"per_page": 100})
                  .json()["conversations"]]
    assert "did this land?" in bodies  # applied although the client never heard back


def test_server_start_stop_context_manager():
    with SandboxServer(tickets=20, plan="starter", api_key="k2") as server:
        r = httpx.get(f"{server.url}/api/v2/tickets/1", auth=("k2", "X"))
        assert r.status_code == 200 and r.headers["x-ratelimit-total"] == "100"
        url = server.url
    assert server.url is None
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/api/v2/tickets/1", timeout=1)


def test_cli_prints_url_key_and_agent(monkeypatch, capsys):
    served = {}

    def fake_serve(self):
        served.update(host=self.host, port=self.port, plan=self.sandbox.limiter.plan.name,
                      faults=self.sandbox.faults.config.rate_500, n=sum(t["workspace_id"] == 2 for t in self.sandbox.store.tickets.values()))

    monkeypatch.setattr(SandboxServer, "serve_forever", fake_serve)
    assert cli.main(["--port", "8799", "--tickets", "30", "--plan", "Growth", "--faults", "rate_500=0.1"]) == 0
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8799" in out and DEMO_API_KEY in out
    assert DEMO_AGENT_EMAIL in out and DEMO_AGENT_PASSWORD in out
    assert served == {"host": "127.0.0.1", "port": 8799, "plan": "growth", "faults": 0.1, "n": 30}
    assert cli.main(["--faults", "bogus=1"]) == 2
    cli.main(["--api-key", "custom", "--port", "8799", "--tickets", "5"])
    assert "custom" in capsys.readouterr().out

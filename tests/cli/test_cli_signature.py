"""`fstui reply --signature` (issue 12, "Mine"): a script's reply is exactly its body unless it asks for the
agent's Freshservice signature, which is then appended below a blank line through the one conversion."""

from __future__ import annotations

import httpx
import pytest

from fstui.cli import ExitCode
from fstui.sandbox import DEMO_API_KEY
from fstui.textconv import text_to_html

from tests.cli.test_cli import run

SIGNATURE_HTML = "<p>Ana Lopez<br>Service Desk &amp; <b>IT</b></p>"
SIGNATURE_TEXT = "Ana Lopez\nService Desk & IT"


@pytest.fixture
def account(sandbox_url, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    return ["--url", sandbox_url]


def _api(sandbox_url: str) -> httpx.Client:
    return httpx.Client(base_url=f"{sandbox_url}/api/v2", auth=(DEMO_API_KEY, "X"), timeout=10)


def _set_my_signature(sandbox_url: str, html: str) -> None:
    with _api(sandbox_url) as api:
        me = api.get("/agents/me").json()["agent"]
        api.put(f"/agents/{me['id']}", json={"signature": html}).raise_for_status()


def _bodies(sandbox_url: str, ticket_id: str) -> list[str]:
    with _api(sandbox_url) as api:
        return [c.get("body") or "" for c in api.get(f"/tickets/{ticket_id}/conversations").json()["conversations"]]


def _ticket(capsys, account) -> str:
    _, listed, _ = run(capsys, "tickets", "list", *account)
    return str(listed[0]["id"])


def test_reply_sends_only_its_body_unless_signature_is_asked(capsys, account, sandbox_url, tmp_path):
    _set_my_signature(sandbox_url, SIGNATURE_HTML)
    ticket_id = _ticket(capsys, account)
    body = tmp_path / "body.txt"
    body.write_text("Plain reply.\n")
    code, lines, _ = run(capsys, "reply", ticket_id, "--body-file", str(body), *account)
    assert code == ExitCode.OK and lines[0]["state"] == "sent"
    assert text_to_html("Plain reply.") in _bodies(sandbox_url, ticket_id)  # no signature by default

    body.write_text("Signed reply.\n\n")
    code, lines, _ = run(capsys, "reply", ticket_id, "--body-file", str(body), "--signature", *account)
    assert code == ExitCode.OK and lines[0]["state"] == "sent"
    signed = text_to_html("Signed reply.\n\n" + SIGNATURE_TEXT)
    assert signed == "<div>Signed reply.</div><div><br></div><div>Ana Lopez</div><div>Service Desk &amp; IT</div>"
    assert _bodies(sandbox_url, ticket_id).count(signed) == 1

    html = tmp_path / "body.html"
    html.write_text("<p>HTML reply</p>")
    code, _, _ = run(capsys, "reply", ticket_id, "--body-file", str(html), "--html", "--signature", *account)
    assert code == ExitCode.OK
    assert "<p>HTML reply</p><div><br></div>" + text_to_html(SIGNATURE_TEXT) in _bodies(sandbox_url, ticket_id)


def test_signature_without_one_on_the_server_or_without_knowing_who(capsys, account, sandbox_url, tmp_path,
                                                                    monkeypatch):
    _set_my_signature(sandbox_url, "")
    ticket_id = _ticket(capsys, account)
    body = tmp_path / "body.txt"
    body.write_text("No signature here.")
    code, _, err = run(capsys, "reply", ticket_id, "--body-file", str(body), "--signature", *account)
    assert code == ExitCode.OK and "has no signature" in err
    assert text_to_html("No signature here.") in _bodies(sandbox_url, ticket_id)

    from fstui.service.data import DataService

    async def nobody(self):
        return None

    monkeypatch.setattr(DataService, "me", nobody)  # the server does not say who the key belongs to
    body.write_text("Never sent.")
    code, _, err = run(capsys, "reply", ticket_id, "--body-file", str(body), "--signature", *account)
    assert code == ExitCode.USAGE and "cannot tell which agent you are" in err
    assert not any("Never sent" in b for b in _bodies(sandbox_url, ticket_id))


def test_notes_take_no_signature_flag(capsys, account):
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "note", "1", "--body-file", "-", "--signature", *account)
    assert exit_.value.code == ExitCode.USAGE

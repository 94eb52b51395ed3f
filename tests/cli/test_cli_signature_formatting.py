"""`fstui reply --signature` with a signature whose formatting plain text cannot keep: sent as plain text (a
script cannot be asked), with a line on stderr saying what went plain; a plain signature says nothing."""

from __future__ import annotations

from fstui.cli import ExitCode
from fstui.textconv import text_to_html

from tests.cli.test_cli import run
from tests.cli.test_cli_signature import _bodies, _set_my_signature, _ticket, account  # noqa: F401 - fixture


def test_a_formatted_signature_is_sent_plain_and_said(capsys, account, sandbox_url, tmp_path):  # noqa: F811
    _set_my_signature(sandbox_url, '<p><b>Ana Lopez</b><br><a href="https://it.example/desk">Service Desk</a></p>'
                                   '<p><img src="https://cdn.example/logo.png" alt="logo"></p>')
    ticket_id = _ticket(capsys, account)
    body = tmp_path / "body.txt"
    body.write_text("Signed reply.\n")
    code, _, err = run(capsys, "reply", ticket_id, "--body-file", str(body), "--signature", *account)
    assert code == ExitCode.OK
    assert "your signature has bold text, a link and an image that fstui sends as plain text" in err
    assert text_to_html("Signed reply.\n\nAna Lopez\nService Desk <https://it.example/desk>\n\n"
                        "[image: logo] <https://cdn.example/logo.png>") in _bodies(sandbox_url, ticket_id)


def test_a_plain_signature_says_nothing(capsys, account, sandbox_url, tmp_path):  # noqa: F811
    _set_my_signature(sandbox_url, "<div>Ana Lopez</div><div>Service Desk</div>")
    ticket_id = _ticket(capsys, account)
    body = tmp_path / "body.txt"
    body.write_text("Signed reply.\n")
    code, _, err = run(capsys, "reply", ticket_id, "--body-file", str(body), "--signature", *account)
    assert code == ExitCode.OK and "plain text" not in err

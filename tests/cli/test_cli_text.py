"""The CLI's bodies: plain text by default (kept line for line), --html as is (issue 11, section 3)."""

from __future__ import annotations

import io
import json

import pytest

from fstui import cli
from fstui.cli import ExitCode
from fstui.sandbox import DEMO_API_KEY
from fstui.textconv import text_to_html
from fstui.tui.text import html_to_text

TICKET = "1990"


@pytest.fixture
def account(sandbox_url, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    return ["--url", sandbox_url]


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="latin-1"))


def _conversations(capsys, account) -> list[dict]:
    capsys.readouterr()
    assert cli.main(["tickets", "show", TICKET, "--conversations", "--json", *account]) == ExitCode.OK
    return json.loads(capsys.readouterr().out)["conversations"]


def test_note_from_stdin_is_plain_text_kept_line_for_line(capsys, account, monkeypatch):
    text = "Hi Pat,\n\nLine two\n  indented three\nfour & 5 < 6 <b>not bold</b> — Ünïcode\n"
    _stdin(monkeypatch, text)  # a latin-1 stdin: the body is read as UTF-8 bytes all the same
    assert cli.main(["note", TICKET, "--body-file", "-", *account]) == ExitCode.OK
    body = _conversations(capsys, account)[-1]["body"]
    assert body == text_to_html(text) and "<b>" not in body
    assert html_to_text(body) == text.rstrip("\n")  # what fstui shows is what was typed
    monkeypatch.setattr(cli, "_as_table", lambda args: True)  # as on a terminal
    capsys.readouterr()
    assert cli.main(["tickets", "show", TICKET, "--conversations", *account]) == ExitCode.OK
    assert text.rstrip("\n") + "\n" in capsys.readouterr().out


def test_html_flag_sends_the_file_as_it_is(capsys, account, tmp_path):
    page = tmp_path / "reply.html"
    page.write_text("<p>Hello <b>from</b> a script</p>", encoding="utf-8")
    assert cli.main(["reply", TICKET, "--body-file", str(page), "--html", *account]) == ExitCode.OK
    body = _conversations(capsys, account)[-1]["body"]
    assert "<b>from</b>" in body and html_to_text(body) == "Hello from a script"


def test_help_says_plain_text_and_html_flag(capsys):
    with pytest.raises(SystemExit):
        cli.main(["note", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "as plain text" in out and "--html" in out and "HTML or plain text" not in out

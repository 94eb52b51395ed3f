"""QA §8: every CLI table fits the terminal's width (80x24 the target): the subject (the last free-text
column) gets the room, the other columns are cut with `…`, no row is wider than the terminal."""

from __future__ import annotations

import io
import sys

import pytest
from rich.cells import cell_len

from fstui import cli
from fstui.cli import ExitCode
from fstui.cli_table import print_table
from fstui.sandbox import DEMO_API_KEY


@pytest.fixture
def account(sandbox_url, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    return ["--url", sandbox_url]


def table(capsys, columns: int, monkeypatch, *argv: str) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert cli.main(list(argv)) == ExitCode.OK
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("columns", [80, 100])
def test_tickets_list_fits_the_terminal_and_the_subject_gets_the_room(capsys, account, monkeypatch, columns):
    lines = table(capsys, columns, monkeypatch, "tickets", "list", *account)
    assert "WORKS" in lines[0] and len(lines) == 101  # every workspace listed: the widest table (heading cut at 80)
    assert max(cell_len(line) for line in lines) <= columns
    subject = lines[0].index("SUBJECT")
    assert columns - subject >= 20  # the subject has at least 20 cells (10 before, at 80 columns)
    assert any(line.endswith("…") for line in lines[1:])  # a subject cut to its cells ends with …


def test_outbox_fits_80_columns_with_ids_retry_and_discard_take(capsys, account, monkeypatch, tmp_path):
    body = tmp_path / "b.txt"
    body.write_text("a note")
    assert cli.main(["note", "2000", "--body-file", str(body), *account]) == ExitCode.OK
    entry_id = capsys.readouterr().out.split('"outbox_id": "')[1].split('"')[0]
    lines = table(capsys, 80, monkeypatch, "outbox", *account)
    assert max(cell_len(line) for line in lines) <= 80
    [row] = [line for line in lines if line.startswith(entry_id.rsplit("-", 1)[1] + " ")]
    assert "#2000" in row and "sent (conversation " in row


def test_profiles_fit_80_columns(capsys, monkeypatch, sandbox_url):
    from fstui import locations

    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[profiles.a-rather-long-profile-name]\nurl = "{sandbox_url}/{"x" * 60}"\n'
                    f'email = "{"someone" * 6}@example.com"\nread_only = true\n')
    path.chmod(0o600)
    lines = table(capsys, 80, monkeypatch, "profiles")
    assert max(cell_len(line) for line in lines) <= 80
    row = next(line for line in lines if line.startswith("a-rather"))
    assert "…" in row and row.rstrip().endswith("read-only")  # the long cells cut, the flags whole


def test_a_row_is_never_wider_than_the_terminal():
    out = io.StringIO()
    rows = [{"id": "12345", "status": "Waiting on Customer", "when": "2026-11-30 11:40", "subject": "Printer " * 9}]
    print_table(rows, [("id", 7), ("status", 20, 8), ("when", 16), ("subject", 0)], out, total=30)
    lines = out.getvalue().splitlines()
    assert all(cell_len(line) <= 30 for line in lines) and lines[1].endswith("…")

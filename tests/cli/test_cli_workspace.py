"""``--workspace NAME|ID|all`` on the command line (the shared multi-workspace sandbox)."""

from __future__ import annotations

import json
import sys

import pytest

from fstui import cli
from fstui.cli import ExitCode
from fstui.sandbox import DEMO_API_KEY
from tests.cli.shown import shown_fields


@pytest.fixture
def account(sandbox_url, monkeypatch):
    monkeypatch.setenv("FRESHSERVICE_API_KEY", DEMO_API_KEY)
    return ["--url", sandbox_url]


def listed(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = cli.main(["tickets", "list", *argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def test_workspace_by_name_id_and_all(capsys, account):
    code, hr, _ = listed(capsys, "--workspace", "HR", *account)
    assert code == ExitCode.OK and hr and {t["workspace_id"] for t in hr} == {3}
    code, by_id, _ = listed(capsys, "--workspace", "4", *account)
    assert by_id and {t["workspace_id"] for t in by_id} == {4}
    code, every, _ = listed(capsys, "--workspace", "all", "--pages", "30", *account)
    assert {t["workspace_id"] for t in every} == {2, 3, 4}
    code, default, _ = listed(capsys, "--pages", "30", *account)  # the queue's default: all the agent sees
    assert [t["id"] for t in default] == [t["id"] for t in every]


def test_unknown_workspace_is_a_usage_error_naming_the_choices(capsys, account):
    code, lines, err = listed(capsys, "--workspace", "Payroll", *account)
    assert code == ExitCode.USAGE and not lines
    assert "Payroll" in err and "IT, HR, Facilities" in err


def test_table_has_a_workspace_column_when_several_are_listed(capsys, account, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("COLUMNS", "120")  # the table fits the terminal: a narrow one cuts the headings too
    assert cli.main(["tickets", "list", *account]) == ExitCode.OK
    header = capsys.readouterr().out.splitlines()[0]
    assert "WORKSPACE" in header
    assert cli.main(["tickets", "list", "--workspace", "IT", *account]) == ExitCode.OK
    assert "WORKSPACE" not in capsys.readouterr().out.splitlines()[0]


def test_the_tui_gets_the_workspace(monkeypatch, account):
    seen = {}
    monkeypatch.setattr("fstui.tui.app.run", lambda profile, workspace=None, **_: seen.update(workspace=workspace) or 0)
    assert cli.main(["--workspace", "HR", *account]) == 0
    assert seen == {"workspace": "HR"}


def test_a_ticket_of_another_workspace_shows_its_own_fields_by_label(capsys, account, monkeypatch):
    """HR's own field (``hr_case_type``) is named by HR's form fields: "HR case type", never the API name."""
    code, hr, _ = listed(capsys, "--workspace", "HR", *account)
    ticket = next(t for t in hr if (t.get("custom_fields") or {}).get("hr_case_type"))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert cli.main(["tickets", "show", str(ticket["id"]), *account]) == ExitCode.OK
    shown = capsys.readouterr().out
    lines = shown_fields(shown)
    assert lines["HR case type"] == ticket["custom_fields"]["hr_case_type"], shown
    assert lines["workspace"] == "HR" and lines["type"] and lines["category"], shown
    assert lines["urgency"] in ("Low", "Medium", "High") and lines["impact"] in ("Low", "Medium", "High")
    assert lines["created"].endswith(" UTC") and lines["due"] and lines["agent"] and lines["department"]
    assert "hr_case_type" not in shown
    assert lines["group"].startswith("HR "), shown  # HR's own group, by its name (not #id)

"""Saved views in the config file, [ui]/[keys] settings, and the client-side queue orders."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from fstui.service.sla_order import is_overdue, order_ids, sla_key
from fstui.settings import load_ui_settings
from fstui.views import DEFAULT_VIEWS, SavedView, ViewError, expand_query, load_views, save_view

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
H = 3600


def _t(tid, status=2, fr=None, due=None, priority=1, **extra):
    at = lambda hours: None if hours is None else datetime.fromtimestamp(NOW.timestamp() + hours * H, UTC)
    return SimpleNamespace(id=tid, status=status, fr_due_by=at(fr), due_by=at(due), priority=priority,
                           is_escalated=extra.get("esc", False), fr_escalated=extra.get("fr_esc", False),
                           updated_at=extra.get("updated"), created_at=extra.get("created"))


def test_sla_order_breached_then_first_response_then_resolution():
    tickets = {
        1: _t(1, status=4, due=-5),          # resolved: no clock, last
        2: _t(2, fr=3, due=10),              # first response in 3h
        3: _t(3, status=3, fr=1, due=8),     # pending: only resolution counts (8h)
        4: _t(4, fr=-2, due=6),              # first response breached 2h ago
        5: _t(5, fr=5, due=4),               # fr after due: resolution in 4h
        6: _t(6, due=-1),                    # resolution breached 1h ago
        7: _t(7, fr=1, due=9),               # first response in 1h
        8: _t(8, fr=20, due=30, esc=True),   # the server says it breached
    }
    order = order_ids(list(tickets), tickets, "sla", NOW.timestamp())
    assert order[:3] == [4, 6, 8]  # breached: longest overdue first, then flagged
    assert order[3:5] == [7, 2]  # first response pending, nearest first
    assert order[5:7] == [5, 3]  # resolution pending, nearest first
    assert order[7] == 1


def test_sla_order_is_stable_as_rows_arrive():
    tickets = {i: _t(i, fr=2, due=5) for i in range(1, 6)}  # equal deadlines: newest id first, always
    first = order_ids([1, 2, 3], tickets, "sla", NOW.timestamp())
    later = order_ids([1, 2, 3, 4, 5], tickets, "sla", NOW.timestamp())
    assert [i for i in later if i in first] == first
    assert sla_key(tickets[5], NOW.timestamp()) < sla_key(tickets[1], NOW.timestamp())


def test_other_orders():
    tickets = {1: _t(1, priority=1), 2: _t(2, priority=4), 3: _t(3, priority=4)}
    assert order_ids([1, 2, 3], tickets, "priority", 0) == [3, 2, 1]
    assert order_ids([3, 1, 2], tickets, "server", 0) == [3, 1, 2]
    assert is_overdue(_t(1, due=-1), NOW.timestamp()) and not is_overdue(_t(1, status=5, due=-1), NOW.timestamp())


def test_defaults_for_a_new_profile(isolated_dirs):
    views = load_views("acme")  # the account's statuses not known yet: Open and Pending, named so
    assert [v.name for v in views.views] == ["My open", "Unassigned in my groups", "Urgent and high", "Overdue",
                                             "Pending"]
    assert views.views[0].sort == "sla"
    assert views.views[0].query == "agent_id:{me} AND (status:2 OR status:3)"
    assert views.views[4].query == "status:3"


SEEDED_STATUSES = [(2, "Open"), (3, "Pending"), (4, "Resolved"), (5, "Closed"), (6, "Waiting on Customer"),
                   (12, "Awaiting Vendor")]


def test_defaults_take_the_accounts_custom_statuses(isolated_dirs):
    """QA 5: every status but Resolved/Closed is open work (6 and 12 too); the waiting view is the account's
    "Waiting on Customer" status, named by its label, never Pending under that name."""
    views = {v.name: v for v in load_views("acme", statuses=SEEDED_STATUSES).views}
    assert list(views) == ["My open", "Unassigned in my groups", "Urgent and high", "Overdue", "Waiting on Customer"]
    unresolved = "(status:2 OR status:3 OR status:6 OR status:12)"
    assert views["My open"].query == f"agent_id:{{me}} AND {unresolved}"
    assert views["Urgent and high"].query == f"(priority:4 OR priority:3) AND {unresolved}"
    assert views["Unassigned in my groups"].query == f"agent_id:null AND {{my_groups}} AND {unresolved}"
    assert views["Overdue"].query.endswith(unresolved)
    assert views["Waiting on Customer"].query == "status:6"
    # an account without such a status: Pending, by the account's name for it
    waiting = load_views("acme", statuses=[(2, "Open"), (3, "On hold"), (4, "Resolved"), (5, "Closed")]).views[4]
    assert (waiting.name, waiting.query) == ("On hold", "status:3")


def test_views_in_the_file_are_kept_as_written(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[[views]]\nname = "Waiting on customer"\nquery = "status:3"\n')
    views = load_views("acme", path, statuses=SEEDED_STATUSES).views
    assert [(v.name, v.query) for v in views] == [("Waiting on customer", "status:3")]


CONFIG = """\
# my desk
default_profile = "acme"

[profiles.acme]
domain = "acme"  # the account

# views for acme
[[profiles.acme.views]]
name = "Mine"
query = "agent_id:{me} AND status:2"   # keep me
sort = "sla"
columns = ["status", "subject", "due"]

[[profiles.acme.views]]
name = "Broken"
sort = "sideways"
query = "x:1"

[[views]]
name = "Everyone"
view = "watching"
"""


def test_views_from_config_profile_first(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    views = load_views("acme", path)
    assert [v.name for v in views.views] == ["Mine"]
    assert views.views[0].columns == ("id", "status", "subject", "due")
    broken = [n for n, line in enumerate(CONFIG.splitlines(), 1) if line == "[[profiles.acme.views]]"][1]
    assert views.problems[0].startswith(f"{path}:{broken}: profiles.acme.views #2 ('Broken'): sort must be one of")
    other = load_views("demo", path)
    assert [(v.name, v.view) for v in other.views] == [("Everyone", "watching")]


def test_save_view_keeps_comments_and_replaces_by_name(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    path.chmod(0o600)
    save_view(SavedView("Urgent", query="priority:4", sort="priority"), "acme", path)
    save_view(SavedView("Mine", query="agent_id:{me}", sort="updated"), "acme", path)
    text = path.read_text()
    assert "# my desk" in text and "# keep me" not in text.split("Mine")[0] and "# views for acme" in text
    assert "# the account" in text
    assert path.stat().st_mode & 0o777 == 0o600
    views = load_views("acme", path).views
    assert [(v.name, v.sort) for v in views] == [("Mine", "updated"), ("Urgent", "priority")]


def test_save_view_into_a_new_file_writes_the_defaults_first(tmp_path):
    path = tmp_path / "config.toml"
    save_view(SavedView("Spam", view="spam"), "demo", path)
    names = [v.name for v in load_views("demo", path).views]
    assert names == [v.name for v in DEFAULT_VIEWS] + ["Spam"]
    assert path.stat().st_mode & 0o777 == 0o600


def test_expand_query():
    assert expand_query("agent_id:{me} AND {my_groups} AND due_by:<'{today}'", me=7, group_ids=[1, 2], today=NOW) == \
        "agent_id:7 AND (group_id:1 OR group_id:2) AND due_by:<'2025-03-14'"
    with pytest.raises(ViewError):
        expand_query("{my_groups}", me=7, group_ids=[], today=NOW)


def test_ui_settings_and_key_lines(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[ui]\ntheme = "nord"\nrefresh_interval = "soon"\n\n[keys]\n# mine\n"queue.refresh" = "ctrl+r"\n'
                    'queue.open = 5\n')
    settings = load_ui_settings(path)
    assert settings.theme == "nord" and settings.refresh_interval == 60.0
    assert settings.keys == {"queue.refresh": "ctrl+r"}
    assert settings.where("queue.refresh") == f"{path}:7"
    assert f"{path}:3: ui.refresh_interval must be a number of seconds" in settings.problems  # file and line
    assert any(f"{path}:8" in p and "keys.queue" in p for p in settings.problems)


def test_the_sample_config_documents_ui_keys_and_views(tmp_path):
    import re

    from fstui.config import sample_config

    text = "\n".join(line[2:] if re.match(r'^# (\[|"?[a-z_.]+"? = )', line) else line
                     for line in sample_config().splitlines())
    path = tmp_path / "config.toml"
    path.write_text(text)
    settings = load_ui_settings(path)
    assert settings.problems == [] and settings.theme == "fstui-light" and settings.keys == {"queue.refresh": "ctrl+r"}
    views = load_views("acme", path)
    assert views.problems == [] and [(v.name, v.sort) for v in views.views] == [("My open", "sla")]


@pytest.mark.parametrize("written, on", [("true", True), ("false", False), ('"on"', True), ('"OFF"', False),
                                         ('"never"', True), ("0", True)])
def test_ui_signature_setting(tmp_path, written, on):
    """[ui] signature (reply signatures, issue 12): true/false or "on"/"off"; anything else is said with the
    file and stays on."""
    path = tmp_path / "config.toml"
    path.write_text(f"[ui]\nsignature = {written}\n")
    settings = load_ui_settings(path)
    assert settings.signature is on
    bad = written in ('"never"', "0")
    assert bool(settings.problems) is bad
    if bad:
        assert settings.problems == [f'{path}:2: ui.signature must be true or false ("on" or "off"); replies keep your '
                                     "signature"]


def test_my_groups_on_the_current_api_and_an_older_account():
    """{my_groups} (the "Unassigned in my groups" view): the current API's agent has member_of and no
    group_ids (API-SUPPLEMENT §2.2); an older account's has group_ids."""
    from fstui.api.models import Agent
    from fstui.views import my_group_ids

    current = Agent.model_validate({"id": 7, "member_of": [3, 4], "observer_of": [9]})
    older = Agent.model_validate({"id": 7, "group_ids": [4, 5]})
    assert my_group_ids(current) == [3, 4] and my_group_ids(older) == [4, 5] and my_group_ids(None) == []
    assert expand_query("group_id:null AND {my_groups}", me=7, group_ids=my_group_ids(current), today=NOW) == \
        "group_id:null AND (group_id:3 OR group_id:4)"


async def test_a_bad_ui_setting_is_said_with_its_file_and_line(tmp_path):
    """Every [ui] problem names the file and the line, as the [keys] problems do: the theme (said when the app
    applies it), a setting of the wrong type, and a bad signature value."""
    from textual.app import App

    from fstui.tui.preferences import apply_preferences

    path = tmp_path / "config.toml"
    path.write_text('# mine\n[ui]\nbell = "loud"\n\ntheme = "no-such-theme"\nsignature = "sometimes"\n')
    settings = load_ui_settings(path)
    assert [p.split(": ui.")[0] for p in settings.problems] == [f"{path}:3", f"{path}:6"]
    assert settings.where_ui("theme") == f"{path}:5" and settings.where_ui("preview") == str(path)

    class Bare(App):
        ui = settings

        def toast(self, message, **_):
            self.said.append(str(message))

    app = Bare()
    app.said = []
    async with app.run_test():
        problems = apply_preferences(app, None)
    assert any(p.startswith(f"{path}:5: ui.theme: no theme named 'no-such-theme'") for p in problems)
    assert [s[:80] for s in app.said] == [p[:80] for p in problems]  # each shown (a long one cut with …)


def test_an_unknown_ui_or_attachments_setting_is_said_with_its_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[ui]\nthem = "nord"\n\n[attachments]\ndownload_directory = "/tmp"\n')
    settings = load_ui_settings(path)
    assert settings.problems == [f'{path}:2: ui.them is not a [ui] setting (did you mean "theme"?)',
                                 f'{path}:5: attachments.download_directory is not an [attachments] setting '
                                 '(did you mean "download_dir"?)']


@pytest.mark.parametrize("written, said", [("notfy = true", 'notfy is not a view setting (did you mean "notify"?)'),
                                           ('sortt = "sla"', 'sortt is not a view setting (did you mean "sort"?)'),
                                           ('colums = ["status"]', 'colums is not a view setting (did you mean "columns"?)')])
def test_a_misspelt_view_setting_is_said_with_its_line(tmp_path, written, said):
    """brk §1: `notfy = true` left the bell off without a word. The view is said to be broken, with the line of
    its [[views]] table and the setting it is close to (the other views still work)."""
    path = tmp_path / "config.toml"
    path.write_text(f'[[views]]\nname = "Urgent"\nquery = "priority:4"\n{written}\n\n'
                    '[[views]]\nname = "Mine"\nquery = "agent_id:{{me}}"\n')
    views = load_views("acme", path)
    assert views.problems == [f"{path}:1: views #1 ('Urgent'): {said}"]
    assert [v.name for v in views.views] == ["Mine"]

"""Saved queue views: named views in the config file, the defaults for a new profile, and saving one.

In the config file (TOML, ``fstui profiles path``), per profile or for every profile::

    [[profiles.acme.views]]          # this profile's views (or [[views]]: every profile, the demo desk too)
    name = "My open"
    query = "agent_id:{me} AND (status:2 OR status:3)"   # a filter query (/api/v2/tickets/filter) ...
    # view = "new_and_my_open"       # ... or a built-in list: recent, new_and_my_open, watching, spam, deleted
    sort = "sla"                     # sla | priority | updated | created | server (as the server lists them)
    columns = ["id", "status", "priority", "subject", "requester", "due"]   # optional; default: all that fit
    notify = true                    # optional: bell / desktop notification for new tickets here ([ui])
    only = "overdue"                 # optional: keep only rows whose resolution target has passed

A query may use ``{me}`` (the signed-in agent's id), ``{my_groups}`` (``(group_id:1 OR group_id:2 ...)``
of the agent's groups) and ``{today}`` (``YYYY-MM-DD``, UTC). A profile's own list wins over ``[[views]]``;
with neither, the defaults (``default_views``: My open, Unassigned in my groups, Urgent and high, Overdue,
and the account's waiting status, built from the account's statuses when known). Saving a view
(``save_view``) rewrites the file through tomlkit, so its comments and layout stay.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from fstui import locations
from fstui.service.sla_order import SORTS
from fstui.settings import read_config_document, write_config_text

BUILT_IN = ("recent", "new_and_my_open", "watching", "spam", "deleted")
COLUMN_KEYS = ("id", "status", "priority", "subject", "requester", "agent", "group", "due", "updated")
ONLY = ("overdue",)


@dataclass(frozen=True)
class SavedView:
    """One named view: a built-in list (``view``) or a filter query, an order and the columns shown."""

    name: str
    view: str = "query"  # a built-in kind (BUILT_IN) or "query"
    query: str | None = None
    sort: str = "server"  # a key of fstui.service.sla_order.SORTS
    columns: tuple[str, ...] | None = None  # None: every column that fits
    notify: bool = False
    only: str | None = None  # "overdue": rows whose resolution target has passed (checked on our side)


RESOLVED_OR_CLOSED = (4, 5)
WAITING_ON_CUSTOMER = "waiting on customer"


def unresolved_query(statuses: list[tuple[int, str]] | None) -> str:
    """``(status:2 OR status:3 OR status:6 ...)``: every status of the account but Resolved (4) and Closed (5).

    Our choice where the reference is silent (API-SUPPLEMENT §3.1: custom statuses are extra ``status``
    choices, and clients treat every id but 4 and 5 as unresolved; the fields do not say which custom
    status counts as resolved): a custom status such as *Waiting on Customer* (6) or *Awaiting Vendor* (12)
    is open work (the SLA column shows it ``paused``, like Pending), so an agent's open views list it.
    ``statuses``: the account's (id, label) status choices; None (not read yet): Open and Pending."""
    ids = [i for i, _label in statuses or () if isinstance(i, int) and i not in RESOLVED_OR_CLOSED]
    if not ids:
        ids = [2, 3]
    return "(" + " OR ".join(f"status:{i}" for i in ids) + ")"


def waiting_view(statuses: list[tuple[int, str]] | None) -> SavedView:
    """The "waiting on the requester" view, named after what it lists: the account's status labelled
    *Waiting on Customer* (any case) when it has one (the seeded desk's 6), else Pending (3), named by the
    account's label of it (Freshservice's own status for waiting on the requester)."""
    for status_id, label in statuses or ():
        if isinstance(status_id, int) and " ".join(str(label).split()).lower() == WAITING_ON_CUSTOMER:
            return SavedView(" ".join(str(label).split()), query=f"status:{status_id}", sort="updated")
    pending = next((" ".join(str(label).split()) for i, label in statuses or () if i == 3), "") or "Pending"
    return SavedView(pending, query="status:3", sort="updated")


def default_views(statuses: list[tuple[int, str]] | None = None) -> list[SavedView]:
    """The views of a profile whose config file has none, for an account with these ``statuses`` ((id,
    label) of its status field; None: not read yet, the documented Open/Pending stand in)."""
    open_ = unresolved_query(statuses)
    return [
        SavedView("My open", query=f"agent_id:{{me}} AND {open_}", sort="sla"),
        SavedView("Unassigned in my groups", query=f"agent_id:null AND {{my_groups}} AND {open_}", sort="sla"),
        SavedView("Urgent and high", query=f"(priority:4 OR priority:3) AND {open_}", sort="sla"),
        SavedView("Overdue", query=f"due_by:<'{{today}}' AND {open_}", sort="sla", only="overdue"),
        waiting_view(statuses),
    ]


#: the defaults before the account's statuses are known (Open and Pending; the waiting view is Pending)
DEFAULT_VIEWS: tuple[SavedView, ...] = tuple(default_views(None))


class ViewError(ValueError):
    """A view the config describes wrongly, or a query placeholder that cannot be filled."""


@dataclass
class ViewsConfig:
    views: list[SavedView] = field(default_factory=list)
    #: "profiles.NAME.views", "views" or "" (the defaults: nothing in the file)
    source: str = ""
    problems: list[str] = field(default_factory=list)


def _read(path: Path) -> tuple[dict[str, Any], str]:
    """The file's tables and its text ("" and {} when missing or broken)."""
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text), text
    except FileNotFoundError:
        return {}, ""
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}, ""  # config.load_config reports a broken file; here it only means "no views"


#: what a ``[[views]]`` table may hold
VIEW_SETTINGS = ("name", "query", "view", "sort", "columns", "notify", "only")


def parse_view(table: Any, where: str) -> SavedView:
    """A SavedView from one ``[[...views]]`` table; ViewError says what is wrong and where."""
    if not isinstance(table, dict):
        raise ViewError(f"{where} must be a table")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ViewError(f"{where} needs a name")
    where = f"{where} ({name!r})"
    unknown = [key for key in table if key not in VIEW_SETTINGS]
    if unknown:  # a typo must not leave a setting silently off (notify: the bell for new tickets)
        from fstui.toml_lines import did_you_mean

        raise ViewError(f"{where}: {unknown[0]} is not a view setting{did_you_mean(unknown[0], VIEW_SETTINGS)}")
    query, kind = table.get("query"), table.get("view")
    if (query is None) == (kind is None):
        raise ViewError(f"{where}: give either query or view")
    if kind is not None and kind not in BUILT_IN:
        raise ViewError(f"{where}: view must be one of {', '.join(BUILT_IN)}")
    if query is not None and (not isinstance(query, str) or not query.strip()):
        raise ViewError(f"{where}: query must be a filter query string")
    sort = table.get("sort", "server")
    if sort not in SORTS:
        raise ViewError(f"{where}: sort must be one of {', '.join(SORTS)}")
    columns = table.get("columns")
    if columns is not None:
        if not isinstance(columns, list) or not columns or any(c not in COLUMN_KEYS for c in columns):
            raise ViewError(f"{where}: columns must be a list of {', '.join(COLUMN_KEYS)}")
        if "id" not in columns:
            columns = ["id", *columns]  # the id carries the marks (new, changed, selected)
    only = table.get("only")
    if only is not None and only not in ONLY:
        raise ViewError(f"{where}: only must be one of {', '.join(ONLY)}")
    return SavedView(name=name.strip(), view=kind or "query", query=query.strip() if query else None,
                     sort=sort, columns=tuple(columns) if columns else None,
                     notify=bool(table.get("notify", False)), only=only)


def load_views(profile_name: str | None, path: Path | None = None,
               statuses: list[tuple[int, str]] | None = None) -> ViewsConfig:
    """The views of ``profile_name``: its own list, else ``[[views]]``, else ``default_views(statuses)``
    (``statuses``: the account's (id, label) status choices, when known). Broken entries are skipped and
    described in ``problems`` (the app shows them; the rest still work). Views in the file are used as
    written."""
    path = path or locations.config_file()
    data, text = _read(path)
    profile = (data.get("profiles") or {}).get(profile_name or "") if isinstance(data.get("profiles"), dict) else None
    source, tables = "", None
    if isinstance(profile, dict) and "views" in profile:
        source, tables = f"profiles.{profile_name}.views", profile["views"]
    elif "views" in data:
        source, tables = "views", data["views"]
    if tables is None:
        return ViewsConfig(default_views(statuses), "")
    result = ViewsConfig([], source)
    if not isinstance(tables, list):
        result.problems.append(f"{path}: {source} must be a list of tables ([[{source}]])")
        return result
    from fstui.toml_lines import array_lines

    lines = array_lines(text, source)
    for index, table in enumerate(tables, 1):
        at = f"{path}:{lines[index - 1]}" if len(lines) == len(tables) else str(path)  # else inline tables
        try:
            result.views.append(parse_view(table, f"{at}: {source} #{index}"))
        except ViewError as exc:
            result.problems.append(str(exc))
    return result


def my_group_ids(me: Any) -> list[int]:
    """The groups ``{my_groups}`` stands for: the agent's ``member_of`` (the current API, API-SUPPLEMENT §2.2,
    which no longer sends ``group_ids``) and ``group_ids`` (older accounts), in that order, once each."""
    ids: list[int] = []
    for name in ("member_of", "group_ids"):
        for group_id in getattr(me, name, None) or ():
            if isinstance(group_id, int) and group_id not in ids:
                ids.append(group_id)
    return ids


def expand_query(query: str, *, me: int | None, group_ids: list[int] | None, today: datetime) -> str:
    """The query with {me}, {my_groups} and {today} filled in; ViewError when one cannot be."""
    if "{me}" in query:
        if me is None:
            raise ViewError("this view needs your agent id ({me}); the account did not say who you are")
        query = query.replace("{me}", str(int(me)))
    if "{my_groups}" in query:
        if not group_ids:
            raise ViewError("this view needs your groups ({my_groups}); you are in no group")
        query = query.replace("{my_groups}", "(" + " OR ".join(f"group_id:{int(g)}" for g in group_ids) + ")")
    return query.replace("{today}", today.strftime("%Y-%m-%d"))


def view_table(view: SavedView) -> dict[str, Any]:
    """What ``save_view`` writes for ``view`` (defaults left out)."""
    table: dict[str, Any] = {"name": view.name}
    if view.view == "query":
        table["query"] = view.query or ""
    else:
        table["view"] = view.view
    if view.sort != "server":
        table["sort"] = view.sort
    if view.columns:
        table["columns"] = list(view.columns)
    if view.notify:
        table["notify"] = True
    if view.only:
        table["only"] = view.only
    return table


def save_view(view: SavedView, profile_name: str | None, path: Path | None = None,
              shown: list[SavedView] | None = None) -> tuple[Path, str]:
    """Add ``view`` (or replace the one of the same name) in the config file, keeping its comments.

    Written where the profile's views come from: ``[[profiles.NAME.views]]`` when that profile is in
    the file, else ``[[views]]``. When neither list exists yet, the views shown until now (``shown``,
    else the defaults) are written first, so saving one view does not make the others disappear.
    Returns (path, the list's dotted name). OSError/ViewError when the file cannot be written."""
    import tomlkit

    path = path or locations.config_file()
    try:
        doc = read_config_document(path)
    except ValueError as exc:
        raise ViewError(str(exc)) from None
    profiles = doc.get("profiles")
    if profile_name and isinstance(profiles, dict) and profile_name in profiles:
        owner, source = profiles[profile_name], f"profiles.{profile_name}.views"
    else:
        owner, source = doc, "views"
    if "views" not in owner:
        current = shown if shown is not None else load_views(profile_name, path).views
        aot = tomlkit.aot()
        for existing in current:
            aot.append(tomlkit.item(view_table(existing)))
        owner.append("views", aot)
    aot = owner["views"]
    new = tomlkit.item(view_table(view))
    for index, table in enumerate(aot):
        if table.get("name") == view.name:
            aot[index] = new
            break
    else:
        aot.append(new)
    write_config_text(path, tomlkit.dumps(doc))
    return path, source

"""The queue's saved views: the tab strip (names with counts), `[`/`]` to move between them, the `v` menu
and palette entries, and `S` to save the current view into the config file (fstui/views.py does the file).

The number keys 1-5 already switch sections (tickets, assets, agents...), so the first nine views are on
a tab strip instead, `[` and `]` stepping through it.

Every way of opening a saved view (tabs, `[`/`]`, the `v` menu, the palette's "View: …") ends in the
queue's ``set_view``, which shows it in the session's workspaces (tui/workspace_scope.scoped); the title
is the view's name and order, whatever event redraws it.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.content import Content
from textual.widgets import Static

from fstui.service.sla_order import SORTS
from fstui.tui.text import notice, one_line
from fstui.views import BUILT_IN, SavedView, ViewError, default_views, expand_query, my_group_ids, save_view

TABS = 9


def _queue_view(**kwargs: Any) -> Any:
    from fstui.service import QueueView

    return QueueView(**kwargs)


def count_label(count: tuple[int, bool] | None) -> str:
    """(12, False) -> "12"; (100, True) -> "100+" (more pages not loaded); None -> "" (not known yet)."""
    if count is None:
        return ""
    number, more = count
    return f"{number}+" if more else str(number)


def account_statuses(service: Any) -> list[tuple[int, str]] | None:
    """The account's (status id, label) choices from its cached ticket fields (no request), for the
    default views; None while they were never read (or there is no service yet)."""
    if service is None:
        return None
    from fstui.tui.format import labels_of

    labels = labels_of(service)
    if not getattr(labels, "known", False) or not labels.choices.get("status"):
        return None
    return [(key, label) for key, label in labels.options("status") if isinstance(key, int)]


def refresh_defaults(app: Any) -> dict[str, SavedView]:
    """The default views again from the account's statuses, once known (a profile with views in its config
    file keeps them as written). Returns {old name: new view} of the views that changed, by position."""
    if getattr(app, "saved_views_source", "") or getattr(app, "service", None) is None:
        return {}
    old = list(getattr(app, "saved_views", []) or [])
    new = default_views(account_statuses(app.service))  # the file had no views (saved_views_source "")
    if new == old:
        return {}
    app.saved_views = new
    changed = {before.name: after for before, after in zip(old, new) if before != after}
    counts = getattr(app, "view_counts", {})
    for name in changed:
        counts.pop(name, None)  # counted with the old query
    return changed


class ViewTabs(Static):
    """One line: the first nine saved views, each with its count of tickets once known; the open one
    in reverse and bracketed (not told apart by colour alone)."""

    DEFAULT_CSS = """
    ViewTabs { height: 1; width: 1fr; background: $panel; color: $text-muted;
               text-wrap: nowrap; text-overflow: ellipsis; }
    """

    _shown: tuple[list[SavedView], str | None, dict[str, tuple[int, bool]]] | None = None

    def show(self, views: list[SavedView], current: str | None, counts: dict[str, tuple[int, bool]]) -> None:
        self._shown = (views, current, counts)
        parts: list[Content] = []
        at = None
        for view in views[:TABS]:
            count = count_label(counts.get(view.name))
            label = one_line(view.name, 30) + (f" ({count})" if count else "")
            if view.name == current:
                at = len(parts)
                parts.append(Content.styled(f"[{label}]", "bold reverse $text"))
            else:
                parts.append(Content(f" {label} "))
        if not parts:
            parts.append(Content(" no saved views (S saves this one)"))
        self.update(Content(" ").join(_from_open_tab(parts, at, self.size.width)))

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)


def _from_open_tab(parts: list[Content], at: int | None, width: int) -> list[Content]:
    """The tabs from the first one that lets the open tab (``at``) show whole in ``width`` cells, the ones
    left out before it said by ``…`` (the line's end is cut with … as before)."""
    if at is None or width <= 0:
        return parts
    first = 0
    while first < at and sum(p.cell_length + 1 for p in parts[first : at + 1]) + (2 if first else 0) > width:
        first += 1
    return [Content("…"), *parts[first:]] if first else parts


class SavedViewsMixin:
    """Mixed into TicketQueueScreen: ``saved`` is the saved view shown (None: a built-in one chosen by
    `v`), ``sort`` its order (fstui.service.sla_order) and ``view_columns`` its columns."""

    saved: SavedView | None = None
    sort: str = "server"
    view_columns: tuple[str, ...] | None = None

    # -- what the app holds -----------------------------------------------------------------------
    def saved_views(self) -> list[SavedView]:
        return list(getattr(self.app, "saved_views", []) or [])  # type: ignore[attr-defined]

    def view_counts(self) -> dict[str, tuple[int, bool]]:
        return getattr(self.app, "view_counts", {})  # type: ignore[attr-defined]

    def show_tabs(self) -> None:
        try:
            tabs = self.query_one(ViewTabs)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - not composed yet
            return
        tabs.show(self.saved_views(), self.saved.name if self.saved else None, self.view_counts())

    def note_count(self, number: int, more: bool) -> None:
        """The open saved view holds ``number`` tickets (``more``: at least)."""
        if self.saved is None:
            return
        counts = self.view_counts()
        if counts.get(self.saved.name) != (number, more):
            counts[self.saved.name] = (number, more)
            self.show_tabs()

    def saved_title(self) -> str | None:
        if self.saved is None:
            return None
        return f"{one_line(self.saved.name, 60)} ({SORTS.get(self.sort, self.sort)})"

    def action_cycle_sort(self) -> None:
        """z: the next order (as listed, SLA first, priority, updated, created) for the loaded rows; the
        cursor stays on its ticket."""
        names = list(SORTS)
        self.sort = names[(names.index(self.sort) + 1) % len(names)] if self.sort in names else "sla"
        self.update_title()
        self._rebuild_rows()  # type: ignore[attr-defined]

    def update_title(self) -> None:
        title = self.saved_title()
        if title is None:
            title = self.view_title()  # type: ignore[attr-defined]
            if self.sort != "server":
                title += f", {SORTS.get(self.sort, self.sort)}"
        self.query_one("#queue-title", Static).update(Content(title))  # type: ignore[attr-defined]

    # -- opening one ------------------------------------------------------------------------------
    def queue_view_for(self, saved: SavedView) -> Any:
        """The service QueueView of ``saved``; ViewError when its query cannot be filled in."""
        order = getattr(getattr(self, "view", None), "order_type", "desc")
        if saved.view != "query":
            return _queue_view(kind=saved.view, order_type=order)
        me = getattr(self.app, "me", None)  # type: ignore[attr-defined]
        query = expand_query(saved.query or "", me=getattr(self.app, "my_id", None),  # type: ignore[attr-defined]
                             group_ids=my_group_ids(me), today=self.app.now())  # type: ignore[attr-defined]
        return _queue_view(kind="query", query=query, order_type=order)

    def names_arrived(self) -> bool:
        """The account's names arrived (labels, agents, groups): the title again, and the default views
        built from the account's statuses. True when the open one changed with them and was re-opened."""
        self.update_title()
        changed = refresh_defaults(self.app)  # type: ignore[attr-defined]
        if changed and self.saved is not None and self.saved.name in changed:
            # the same view, its query refreshed: the agent's sort, order, filter and ticket stay
            self.open_saved_view(changed[self.saved.name], reopen=True)
            return True
        if changed:
            self.show_tabs()
        return False

    def open_saved_view(self, saved: SavedView, *, reopen: bool = False) -> None:
        """Show ``saved`` (a new list: its own sort, the first row); ``reopen``: it is the view shown, read
        again (another workspace, its definition refreshed): the set_view of the same name says what stays."""
        try:
            view = self.queue_view_for(saved)
        except ViewError as exc:
            self.app.toast(notice("{}: {}", saved.name, str(exc)), severity="warning")  # type: ignore[attr-defined]
            return
        self.set_view(view, saved=saved, reopen=reopen)  # type: ignore[attr-defined]

    def action_next_view(self, step: int = 1) -> None:
        views = self.saved_views()[:TABS]
        if not views:
            return
        names = [v.name for v in views]
        index = names.index(self.saved.name) if self.saved and self.saved.name in names else (-1 if step > 0 else 0)
        self.open_saved_view(views[(index + step) % len(views)])

    def action_previous_view(self) -> None:
        self.action_next_view(-1)

    # -- saving the current one -----------------------------------------------------------------
    @work(exclusive=True, exit_on_error=False, group="save-view", description="Saving the view")
    async def action_save_view(self) -> None:
        from fstui.tui.screens.prompt import PromptScreen

        view = self.view  # type: ignore[attr-defined]
        if self.saved is not None and self.saved.view == "query":
            query: str | None = self.saved.query  # as written, {me} and all
        else:
            query = view.query if view.kind == "query" else None
        if view.kind != "query" and view.kind not in BUILT_IN:
            self.app.toast("Only a server filter query or a built-in list can be saved as a view "  # type: ignore[attr-defined]
                           "(v: Server filter query...).", severity="warning")
            return
        name = await self.app.push_screen_wait(  # type: ignore[attr-defined]
            PromptScreen("Save this view as:", value=self.saved.name if self.saved else "",
                         hint=f"order: {SORTS.get(self.sort, self.sort)}; kept in the config file")
        )
        if not name or not name.strip():
            return
        saved = SavedView(name=name.strip(), view="query" if query else view.kind, query=query, sort=self.sort,
                          columns=self.view_columns, notify=bool(self.saved and self.saved.notify),
                          only=self.saved.only if self.saved else None)
        profile = getattr(getattr(self.app, "profile", None), "name", None)  # type: ignore[attr-defined]
        if getattr(self, "filter_text", ""):  # the / text filter runs on the loaded rows, not the server
            self.app.toast("The / text filter is not part of a saved view (a filter query with : is).",  # type: ignore[attr-defined]
                           severity="warning")
        try:
            path, where = save_view(saved, profile, shown=self.saved_views())
        except (OSError, ViewError) as exc:
            self.app.toast(notice("Could not save the view: {}", str(exc)), severity="error")  # type: ignore[attr-defined]
            return
        reload = getattr(self.app, "reload_saved_views", None)  # type: ignore[attr-defined]
        if callable(reload):
            reload()
        self.saved = saved
        self.show_tabs()
        self.app.toast(notice("Saved view {} in {} ([[{}]])", saved.name, str(path), where))  # type: ignore[attr-defined]

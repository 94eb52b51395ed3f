"""Which workspaces the ticket queue shows (API-SUPPLEMENT §1), for the app, the queue, the palette and
the status bar.

- An account without workspaces (or an agent who sees one) looks as before: no workspace column, no
  status-bar mention, no ``workspace_id`` sent.
- A multi-workspace account shows every workspace the agent can see by default: the queue has a
  Workspace column and the status bar says "All workspaces"; the switcher (palette "Workspace: …",
  or the queue's ``v`` → "Workspace…") narrows to one or goes back to all. ``--workspace NAME|ID|all``
  chooses at start.
- Every view the queue shows (the plain queue, a saved view by tab, ``[``/``]``, the ``v`` menu or the
  palette, a person's tickets) is scoped in one place, :func:`scoped` (``TicketQueueScreen.set_view``
  calls it), so the rows and the tab counts are always of the workspaces the status bar names.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.content import Content

from fstui.tui.text import notice, safe_line

ALL = 0


async def prepare(app: Any, service: Any, me: Any) -> int | None:
    """The scope to start with: ``app.requested_workspace`` (the CLI's) if given, else the account's
    default; told to the service (sync and groups follow it). A look-up failure keeps the primary."""
    workspaces = getattr(service, "workspaces", None)
    if workspaces is None:
        return None
    try:
        scope = await workspaces.prepare(me)
    except Exception:  # noqa: BLE001 - the desk works on the primary workspace without the list
        scope = None
    requested = getattr(app, "requested_workspace", None)
    if requested:
        try:
            if not workspaces.cached():
                await workspaces.workspaces()
            scope = workspaces.resolve(str(requested), me)
        except ValueError as exc:
            app.toast(notice("{}", str(exc)), title="Workspace", severity="warning", timeout=10)
        except Exception:  # noqa: BLE001
            pass
    service.set_workspace_scope(scope)
    return scope


def label(app: Any) -> str:
    service = getattr(app, "service", None)
    workspaces = getattr(service, "workspaces", None)
    if workspaces is None:
        return ""
    return workspaces.label(getattr(app, "workspace_scope", None), getattr(app, "me", None))


def several(app: Any) -> bool:
    """Whether the account has more than one workspace the agent can see (a switcher is offered)."""
    service = getattr(app, "service", None)
    workspaces = getattr(service, "workspaces", None)
    return workspaces is not None and len(workspaces.visible(getattr(app, "me", None))) > 1


def choices(app: Any) -> list[tuple[int, Content]]:
    """(scope, label) for the switcher: every workspace first, then each one the agent sees."""
    service = getattr(app, "service", None)
    visible = service.workspaces.visible(getattr(app, "me", None)) if service is not None else []
    out = [(ALL, Content("All workspaces"))]
    out += [(w.id, safe_line(w.name or f"Workspace {w.id}")) for w in visible]
    return out


def scoped(app: Any, view: Any) -> Any:
    """``view`` (a service QueueView) in the session's scope: its ``workspace_id`` is the one the status bar
    names (0: all the agent sees; N: that one; None on an account without workspaces: none is sent)."""
    scope = getattr(app, "workspace_scope", None)
    if view is None or getattr(view, "workspace_id", None) == scope:
        return view
    return replace(view, workspace_id=scope)


def set_scope(app: Any, scope: int | None) -> None:
    """Show ``scope`` from now on: the service's reads, the status bar, the queue's view — the view stays
    open, re-read in the new scope (a saved view's tab and title, the sort and order the agent chose, the /
    filter; the cursor on its ticket when the new rows hold it, else the first row: the queue's set_view
    with ``reopen``); the tab counts of the old scope go. Every switch (the ``v`` menu's Workspace…, the
    palette's "Workspace: …") ends here."""
    from fstui.tui.messages import StatusChanged

    app.workspace_scope = scope
    service = getattr(app, "service", None)
    if service is not None:
        service.set_workspace_scope(scope)
    info = getattr(app, "status_info", None)
    if info is not None:
        info.workspace = label(app)
        app.post_message(StatusChanged())
    counts = getattr(app, "view_counts", None)
    if isinstance(counts, dict):
        counts.clear()  # counted in the old scope
    screen = _queue_screen(app)
    saved = getattr(screen, "saved", None)
    open_saved = getattr(app, "open_saved_view", None)
    if saved is not None and callable(open_saved):
        open_saved(saved, reopen=True)
        if getattr(getattr(screen, "view", None), "workspace_id", scope) == scope:
            return  # (it could not be filled in, e.g. {me} unknown: its list as it is, in the new scope)
    open_queue = getattr(app, "open_queue", None)
    view = getattr(screen, "view", None)
    if callable(open_queue):
        from fstui.service import QueueView

        open_queue(view if view is not None else QueueView(), saved=saved, reopen=True)


def _queue_screen(app: Any) -> Any:
    from fstui.tui.screens.queue import TicketQueueScreen

    for stack in getattr(app, "_screen_stacks", {}).values():
        for screen in stack:
            if isinstance(screen, TicketQueueScreen):
                return screen
    return None


async def choose(app: Any) -> None:
    """The switcher (run in a worker): pick all or one workspace."""
    from fstui.tui.screens.picker import PickerScreen

    if not several(app):
        app.toast("This account has one workspace.", title="Workspace")
        return
    current = getattr(app, "workspace_scope", None)
    picked = await app.push_screen_wait(PickerScreen("Show the tickets of", choices(app), current=current))
    if picked is not None and picked != current:
        set_scope(app, picked)

"""Agent, group and requester names for rendering: kept in memory, persisted in the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fstui.service.store import Store

KINDS = ("agents", "groups", "requesters", "departments", "locations", "workspaces")


class NameCache:
    """id -> name per kind; never calls the API."""

    def __init__(self, store: "Store") -> None:
        self.store = store
        self.names: dict[str, dict[int, str]] = {kind: {} for kind in KINDS}
        for kind in KINDS:
            rec = store.get_record(f"names:{kind}")
            if rec is not None and isinstance(rec[0], dict):
                self.names[kind] = {int(k): str(v) for k, v in rec[0].items() if str(k).isdigit()}

    def get(self, kind: str, ident: int) -> str | None:
        return self.names[kind].get(ident)

    def remember(self, kind: str, ident: Any, name: Any) -> None:
        if not isinstance(ident, int) or not name:
            return
        names = self.names.setdefault(kind, {})
        if names.get(ident) != name:
            names[ident] = str(name)
            self._save(kind)

    def replace(self, kind: str, names: dict[int, str]) -> None:
        """The whole list was fetched: these are all the names of this kind."""
        if names != self.names.get(kind):
            self.names[kind] = names
            self._save(kind)

    def _save(self, kind: str) -> None:
        self.store.set_record(f"names:{kind}", {str(k): v for k, v in self.names[kind].items()})

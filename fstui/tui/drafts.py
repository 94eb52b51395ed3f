"""Unsent drafts on disk, so a reply survives a crash or a restart (data_dir()/drafts/<profile>/)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from fstui.locations import data_dir


def _safe_name(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", value)[:80] or "default"


class DraftStore:
    def __init__(self, profile_name: str = "default", root: Path | None = None) -> None:
        self.directory = (root or data_dir() / "drafts") / _safe_name(profile_name)
        #: made private on save: drafts/ and the data directory name the profiles
        self._private = ([] if root is not None else [data_dir()]) + [self.directory.parent, self.directory]

    def _path(self, key: str) -> Path:
        return self.directory / f"{_safe_name(key)}.json"

    def load(self, key: str) -> dict[str, Any] | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def save(self, key: str, draft: dict[str, Any]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        for private in self._private:
            try:
                os.chmod(private, 0o700)
            except OSError:
                pass
        path = self._path(key)
        temporary = path.with_suffix(".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(draft, handle)
        os.replace(temporary, path)

    def discard(self, key: str) -> None:
        try:
            self._path(key).unlink()
        except OSError:
            pass

    def keys(self) -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(path.stem for path in self.directory.glob("*.json"))


DRAFT_KEYS = {"reply": "r", "note": "n", "public-note": "N", "edit_note": "e"}
DRAFT_WORDS = {"reply": "reply", "note": "private note", "public-note": "public note", "edit_note": "note edit"}


def describe_drafts(keys: list[str]) -> list[tuple[int, str, str]]:
    """(ticket id, what, key that reopens it) for draft keys like "2000-reply" / "2000-edit_note-55"."""
    out = []
    for key in keys:
        ticket, _, kind = key.partition("-")
        kind = kind.split("-")[0] if kind.startswith("edit_note") else kind
        if ticket.isdigit() and kind in DRAFT_WORDS:
            out.append((int(ticket), DRAFT_WORDS[kind], DRAFT_KEYS[kind]))
    return out


def drafts_notice(keys: list[str]) -> str | None:
    """The start-up reminder of drafts kept from an earlier session (ours: ids and fixed words)."""
    drafts = describe_drafts(keys)
    if not drafts:
        return None
    shown = ", ".join(f"#{ticket} {what} ({letter})" for ticket, what, letter in drafts[:5])
    more = f" and {len(drafts) - 5} more" if len(drafts) > 5 else ""
    return (f"Unsent drafts from last time: {shown}{more}. Open the ticket (ctrl+p, its number) and press the key "
            "shown to continue writing.")

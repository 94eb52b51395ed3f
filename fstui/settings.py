"""The look and feel part of the config file: ``[ui]`` and ``[keys]`` (profiles are fstui.config's).

    [ui]
    theme = "fstui-light"          # any Textual theme (textual-dark, nord, ...) or fstui-dark / fstui-light
    preview = true                 # the preview pane beside the queue at 120 columns and wider
    refresh_interval = 60          # seconds between live refreshes of the open view; 0 = off
    bell = false                   # ring the terminal bell for new tickets in views with notify = true
    desktop_notifications = false  # ... and a desktop notification: true / "osc9" (OSC 9) or "osc777"
    signature = true               # a reply starts with your Freshservice signature below it; false / "off": not

    [keys]                         # binding id = keys (comma-separated); ids: `?` help shows them
    "queue.refresh" = "ctrl+r"
    "queue.preview" = "P"

Problems (a wrong type, an unknown binding id) never stop the app: they are collected with the file
and line in ``problems`` and shown at start-up.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fstui import locations
from fstui.toml_lines import did_you_mean, table_lines
from fstui.toml_lines import where as where_in


@dataclass
class UiSettings:
    theme: str | None = None
    preview: bool = True
    refresh_interval: float = 60.0
    bell: bool = False
    desktop_notifications: bool | str = False  # True / "osc9" or "osc777"
    #: a new reply starts with the agent's Freshservice signature (GET /agents/me ``signature``) below it
    signature: bool = True
    #: binding id -> keys, as written
    keys: dict[str, str] = field(default_factory=dict)
    #: binding id -> its line in the file (1-based), for messages
    key_lines: dict[str, int] = field(default_factory=dict)
    #: [ui] setting -> its line in the file (1-based), for messages
    ui_lines: dict[str, int] = field(default_factory=dict)
    path: Path | None = None
    problems: list[str] = field(default_factory=list)

    def where(self, binding_id: str) -> str:
        """'config.toml:12' for a [keys] entry."""
        return where_in(self.path, self.key_lines, binding_id)

    def where_ui(self, name: str) -> str:
        """'config.toml:3' for a [ui] setting (the file alone when it is not written there)."""
        return where_in(self.path, self.ui_lines, name)


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """queue.refresh = "x" unquoted is a nested table in TOML: both spellings give "queue.refresh"."""
    items: list[tuple[str, Any]] = []
    for name, value in table.items():
        if isinstance(value, dict):
            items.extend(_flatten(value, f"{prefix}{name}."))
        else:
            items.append((f"{prefix}{name}", value))
    return items


#: the [attachments] table's settings (service/downloads.py)
ATTACHMENT_SETTINGS = ("download_dir", "open_with")


def load_ui_settings(path: Path | None = None) -> UiSettings:
    path = path or locations.config_file()
    settings = UiSettings(path=path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return settings
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return settings  # fstui.config reports a broken file
    ui = data.get("ui", {})
    if not isinstance(ui, dict):
        settings.problems.append(f"{path}: [ui] must be a table")
        ui = {}
    checks: dict[str, tuple[type | tuple[type, ...], str]] = {
        "theme": (str, "a theme name"),
        "preview": (bool, "true or false"),
        "refresh_interval": ((int, float), "a number of seconds"),
        "bell": (bool, "true or false"),
        "desktop_notifications": ((bool, str), 'true, false, "osc9" or "osc777"'),
        "signature": ((bool, str), 'true or false ("on" or "off"); replies keep your signature'),
    }
    settings.ui_lines = table_lines(text, "ui")
    at = settings.where_ui
    for name in ui:
        if name not in checks:  # a typo must not pass for a setting that took effect
            settings.problems.append(f"{at(name)}: ui.{name} is not a [ui] setting{did_you_mean(name, checks)}")
    attachments = data.get("attachments")
    if isinstance(attachments, dict):  # read by service/downloads.py; its problems are said here, at start-up
        lines = table_lines(text, "attachments")
        for name in attachments:
            if name not in ATTACHMENT_SETTINGS:
                settings.problems.append(f"{where_in(path, lines, name)}: attachments.{name} is not an [attachments] "
                                         f"setting{did_you_mean(name, ATTACHMENT_SETTINGS)}")
    for name, (kind, what) in checks.items():
        if name not in ui:
            continue
        value: Any = ui[name]
        allowed = kind if isinstance(kind, tuple) else (kind,)
        if not isinstance(value, allowed) or (bool not in allowed and isinstance(value, bool)):
            settings.problems.append(f"{at(name)}: ui.{name} must be {what}")
            continue
        if name == "desktop_notifications" and isinstance(value, str) and value not in ("osc9", "osc777"):
            settings.problems.append(f"{at(name)}: ui.{name} must be {what}")
            continue
        if name == "signature" and isinstance(value, str):
            if value.strip().lower() not in ("on", "off"):
                settings.problems.append(f"{at(name)}: ui.{name} must be {what}")
                continue
            value = value.strip().lower() == "on"
        setattr(settings, name, float(value) if name == "refresh_interval" else value)
    if settings.refresh_interval < 0:
        settings.problems.append(f"{at('refresh_interval')}: ui.refresh_interval must be 0 (off) or more seconds")
        settings.refresh_interval = 60.0
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        settings.problems.append(f"{path}: [keys] must be a table of binding id = \"keys\"")
        keys = {}
    lines = table_lines(text, "keys")
    for binding_id, value in _flatten(keys):
        if not isinstance(value, str) or not value.strip():
            line = lines.get(binding_id)
            settings.problems.append(f"{path}:{line or '?'}: keys.{binding_id} must be a string of keys")
            continue
        settings.keys[binding_id] = value.strip()
        if binding_id in lines:
            settings.key_lines[binding_id] = lines[binding_id]
    return settings


def write_config_text(path: Path, text: str) -> None:
    """Atomically, keeping the file's mode (0600 when it holds a key); a new file is 0600."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o600
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def read_config_document(path: Path) -> Any:
    """The config file as a tomlkit document (comments and layout kept; an empty one when the file does
    not exist yet). ValueError when it is not valid TOML: the caller changes nothing."""
    import tomlkit

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    try:
        return tomlkit.parse(text)
    except Exception as exc:  # noqa: BLE001 - tomlkit's parse errors share no public base
        raise ValueError(f"{path} is not valid TOML ({exc}); not changing it") from None


def save_ui_setting(name: str, value: Any, path: Path | None = None) -> Path:
    """Set ``[ui] name = value`` in the config file, keeping its comments and layout (tomlkit).
    OSError when it cannot be written; ValueError when the file is not valid TOML."""
    import tomlkit

    path = path or locations.config_file()
    doc = read_config_document(path)
    if "ui" not in doc:
        doc.append("ui", tomlkit.table())
    doc["ui"][name] = value
    write_config_text(path, tomlkit.dumps(doc))
    return path

"""Saving attachments to the agent's download folder (issue 14).

Where: ``FSTUI_DOWNLOAD_DIR``, else ``download_dir`` in the config file's ``[attachments]`` table, else the
platform's downloads folder (platformdirs). Files are never opened on the host unless ``open_with`` is set
in that table (a command; the saved file's path is added as its last argument, no shell): over SSH the
host is the wrong machine.

    [attachments]
    download_dir = "~/Downloads/fstui"
    open_with = "xdg-open"

A name from the server is made safe (no directories, no control characters, no leading dot) and never
overwrites an existing file ("report (1).pdf").
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import platformdirs

from fstui import locations


def _settings() -> dict[str, Any]:
    try:
        data = tomllib.loads(locations.config_file().read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}
    table = data.get("attachments")
    return table if isinstance(table, dict) else {}


def download_dir() -> Path:
    env = os.environ.get("FSTUI_DOWNLOAD_DIR")
    if env:
        return Path(env).expanduser()
    configured = _settings().get("download_dir")
    if isinstance(configured, str) and configured.strip():
        return Path(configured).expanduser()
    return Path(platformdirs.user_downloads_dir())


def open_with() -> list[str] | None:
    value = _settings().get("open_with")
    if isinstance(value, str) and value.strip():
        return shlex.split(value)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def safe_filename(name: str | None, fallback: str) -> str:
    base = re.sub(r"[\x00-\x1f\x7f/\\:]", "_", (name or "").strip()).lstrip(".").strip()
    return base[:200] or fallback


def unique_path(directory: Path, name: str) -> Path:
    path = directory / name
    stem, suffix = path.stem, path.suffix
    n = 1
    while path.exists():
        path = directory / f"{stem} ({n}){suffix}"
        n += 1
    return path


async def save_attachments(core: Any, attachments: list[Any], directory: Path | None = None) -> list[Path]:
    """Download each attachment (``GET /attachments/{id}``) into ``directory``; the saved paths."""
    directory = directory or download_dir()
    directory.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    for att in attachments:
        download = await core.api(core.client.download_attachment, att.id)
        name = safe_filename(getattr(att, "name", None) or download.filename, f"attachment-{att.id}")
        path = unique_path(directory, name)
        with open(path, "xb") as fh:
            fh.write(download.content)
        saved.append(path)
    return saved


def open_saved(paths: list[Path]) -> None:
    """Run the configured ``open_with`` command for each file (nothing when it is not configured)."""
    command = open_with()
    if not command:
        return
    for path in paths:
        subprocess.Popen([*command, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)

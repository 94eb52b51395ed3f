"""Where a setting is written in a TOML file, for messages that name the file and the line (tomllib keeps no
positions)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def _header(line: str) -> str:
    """'[profiles."acme"]  # x' -> 'profiles.acme'."""
    inner = line.split("#", 1)[0].strip().strip("[]")
    return ".".join(part.strip().strip('"').strip("'") for part in inner.split("."))


def table_lines(text: str, table: str) -> dict[str, int]:
    """name -> line number (1-based) of its entry in ``[table]`` (e.g. "ui", "keys", "profiles.acme")."""
    lines: dict[str, int] = {}
    in_table = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("["):
            in_table = _header(line) == table
            continue
        if in_table and "=" in line and not line.startswith("#"):
            name = line.split("=", 1)[0].strip().strip('"').strip("'")
            lines.setdefault(name, number)
    return lines


def where(path: Path | None, lines: dict[str, int], name: str) -> str:
    """'config.toml:12' when ``name`` is written in the table, else the file alone."""
    line = lines.get(name)
    return f"{path}:{line}" if line else str(path)


def array_lines(text: str, table: str) -> list[int]:
    """The line numbers (1-based) of each ``[[table]]`` header, in order (e.g. "views", "profiles.acme.views")."""
    return [number for number, raw in enumerate(text.splitlines(), 1)
            if raw.strip().startswith("[[") and _header(raw.strip().replace("[[", "[").replace("]]", "]")) == table]


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """' (did you mean "read_only"?)' for a name close to a known one (a typo), else ""."""
    import difflib

    close = difflib.get_close_matches(name.lower(), list(known), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def top_level_line(text: str, name: str) -> int | None:
    """The line (1-based) where a top-level ``name`` is written: ``name = ...`` before any table, or the
    first ``[name]`` / ``[name.x]`` / ``[[name]]`` header."""
    in_top = True
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("["):
            in_top = False
            header = _header(line.replace("[[", "[").replace("]]", "]"))
            if header == name or header.startswith(name + "."):
                return number
        elif in_top and "=" in line and not line.startswith("#"):
            if line.split("=", 1)[0].strip().strip('"').strip("'") == name:
                return number
    return None

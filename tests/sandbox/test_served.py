"""`fstui sandbox --help` and README list every resource the sandbox serves (fstui/sandbox/served.py)."""

from __future__ import annotations

import re
from pathlib import Path

from fstui.sandbox import routes
from fstui.sandbox.cli import build_parser
from fstui.sandbox.served import SERVED, markdown_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_route_is_in_a_row():
    listed = " ".join(row.endpoints for row in SERVED)
    words = set(re.findall(r"[a-z_]+", listed))
    for template, _methods in routes.ROUTES:
        for segment in template.removeprefix("/api/v2/").split("/"):
            if not segment.startswith("{"):
                assert segment in words, f"{template}: {segment!r} is in no row of served.py"


def test_help_lists_every_resource():
    text = build_parser().format_help()
    for row in SERVED:
        assert row.resource in text and row.seeded in text
    assert "more than the app shows" in text


def test_readme_has_the_table():
    assert markdown_table() in README.read_text(encoding="utf-8")

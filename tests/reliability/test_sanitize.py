"""The one sanitising core (fstui/sanitize.py), used by the TUI (fstui/tui/text.py) and every CLI line."""

from __future__ import annotations

from fstui import sanitize
from fstui.tui import text


def test_every_bidi_mark_and_control_is_removed():
    hostile = ("a\u200fb\u200ec\u061cd\u202ae\u202bf\u202cg\u202dh\u202ei\u2066j\u2067k\u2068l\u2069m"
               "\x1b]0;t\x07\x1b]52;c;x\x07\x1b[2J\x9b31m\x7f\x85n\r\no\tp")
    cleaned = sanitize.clean(hostile)
    assert cleaned == "abcdefghijklm]0;t]52;c;x[2J31mn\no\tp"


def test_the_tui_and_the_cli_share_it():
    assert text.clean is sanitize.clean
    assert text.one_line("x\u200fy") == "xy"

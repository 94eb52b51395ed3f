"""The one sanitising module, against a hostile corpus."""

from __future__ import annotations

import time

import pytest
from rich.console import Console
from textual.content import Content

from fstui.tui import text as T

ESC = "\x1b"
CORPUS = [
    "[bold]bold[/bold]",
    "[link=https://evil.example]click me[/link]",
    "[@click=app.quit]quit[/]",
    "\x1b]52;c;cm0gLXJmIH4=\x07 clipboard",
    "\x1b]0;pwned title\x07",
    "\x1b[2J\x1b[31mred",
    "\x9b31m C1 CSI",
    "\x90 DCS \x9c ST \x9d OSC",
    "bidi \u202eevil\u202c \u2066iso\u2069 \u202a\u202b\u202d",
    "nul\x00 bell\x07 bs\x08 del\x7f vt\x0b ff\x0c",
]


@pytest.mark.parametrize("value", CORPUS)
def test_clean_removes_every_dangerous_code_point(value):
    cleaned = T.clean(value)
    assert ESC not in cleaned
    assert not any(0x80 <= ord(c) <= 0x9F for c in cleaned)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in cleaned)
    assert not any(ord(c) < 0x20 and c not in "\n\t" for c in cleaned)
    assert "\x7f" not in cleaned


def test_newlines_and_tabs_survive_and_cr_becomes_newline():
    assert T.clean("a\r\nb\rc\td\ne") == "a\nb\nc\td\ne"
    assert T.clean(None) == ""
    assert T.one_line("  a\n\n b\t c ") == "a b c"


@pytest.mark.parametrize("value", ["[bold]x[/bold]", "[@click=app.quit]Q[/]", "[link=https://e.x]L[/link]"])
def test_markup_is_literal(value):
    content = T.safe(value)
    assert isinstance(content, Content)
    assert content.plain == value
    assert not content.spans  # nothing styled, no link, no action
    text = T.safe_text(value)
    assert text.plain == value and not text.spans
    rendered = _render(content)
    assert value in rendered


def _render(renderable) -> str:
    console = Console(width=200, color_system=None, force_terminal=False, record=True)
    console.print(renderable)
    return console.export_text()


def test_notice_is_plain():
    assert T.notice("#{}: {}", 5, "[bold]x\x1b[2J") == "#5: [bold]x[2J"
    assert T.notice("No requester matches {}", "[b]zz\\") == "No requester matches [b]zz\\"  # shown as typed


async def test_a_search_that_finds_nobody_says_it_as_typed():
    """QA of issue 12: ``[b]zz\\`` came back as ``[b]zz\\\\`` (markup escaping shown, not undone)."""
    from textual.app import App

    class One(App):
        pass

    app = One()
    async with app.run_test() as pilot:
        app.notify(T.notice("No requester matches {}", "[b]zz\\"), markup=False)
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert [str(m) for m in shown] == ["No requester matches [b]zz\\"]


def test_html_readable_paragraphs_lists_quotes_links():
    html = (
        "<div>Hello <b>world</b></div><p>See <a href='https://kb.example/a'>the guide</a> or "
        "<a href='mailto:help@example.com'>mail us</a>.</p><ul><li>one</li><li>two<ol><li>n1</li></ol></li></ul>"
        "<blockquote>quoted</blockquote><p>end</p>"
    )
    assert T.html_to_text(html) == (
        "Hello world\n\nSee the guide <https://kb.example/a> or mail us <help@example.com>.\n\n"
        "- one\n- two\n  1. n1\n\n> quoted\n\nend"
    )


@pytest.mark.parametrize("scheme", ["javascript:alert(1)", "data:text/html,<script>x</script>", "file:///etc/passwd",
                                    "vbscript:x"])
def test_only_http_https_mailto_links_survive(scheme):
    out = T.html_to_text(f"<p><a href='{scheme}'>label</a></p>")
    assert out == "label"


def test_scripts_styles_and_entities():
    out = T.html_to_text("<script>alert(1)</script><style>p{}</style><p>a &lt;b&gt; &#27;[2J &#x9b;31m &#x202e;x</p>")
    # HTML maps &#x9b; to U+203A (windows-1252), which is printable; what matters is no C1 and no ESC.
    assert out in ("a <b> [2J 31m x", "a <b> [2J \u203a31m x")
    assert not any(0x80 <= ord(c) <= 0x9F for c in out) and ESC not in out


def test_five_megabyte_body_is_bounded():
    body = "<p>hello <b>world</b></p>" * 220_000  # ~5.5 MB
    started = time.perf_counter()
    out = T.html_to_text(body)
    assert time.perf_counter() - started < 3
    assert len(out) <= T.MAX_TEXT_CHARS + 100
    assert out.endswith("more characters not shown]")


def test_deeply_nested_html_is_bounded():
    body = "<div>" * 100_000 + "deep" + "</div>" * 100_000
    started = time.perf_counter()
    out = T.html_to_text(body)
    assert time.perf_counter() - started < 3
    assert ESC not in out
    nested_lists = "<ul><li>" * 5000 + "x"
    assert T.html_to_text(nested_lists).strip().endswith("- x")
    quotes = "<blockquote>" * 5000 + "q"
    assert max(len(line) for line in T.html_to_text(quotes).splitlines()) < 40


def test_body_text_falls_back_to_plain():
    assert T.body_text(None, "plain \x1b[31m") == "plain [31m"
    assert T.body_text("<p>x</p>", "ignored") == "x"

"""The ONE place where text that came from the API becomes something a widget shows.

Every string from Freshservice is hostile until it has been through here:

* control characters are removed: C0 except ``\\n`` and ``\\t``, DEL, C1 (0x80-0x9f) and the bidi
  formatting characters (embeddings, overrides, isolates and the marks U+200E/U+200F/U+061C;
  the core is fstui/sanitize.py, shared with the CLI), so no ESC, CSI (0x9b), OSC 52
  (clipboard) or OSC 0 (window title) sequence from the data reaches the terminal, and no text can
  reorder itself on screen to hide what it says;
* the result is wrapped as :class:`textual.content.Content` (or :class:`rich.text.Text` for widgets that
  want Rich renderables), never parsed as markup, so ``[bold]``, ``[link=...]`` and ``[@click=app.quit]``
  are shown literally and never act;
* HTML bodies go through nh3 (ammonia) with an allow-list of tags and only http/https/mailto links, then
  become readable text (:func:`fstui.textconv.render_text`, the inverse of the text -> HTML we send):
  paragraphs, blank lines, indentation, lists, quotes, and links shown as ``text <url>``. Links are shown,
  never opened: over SSH the host that would open them is the wrong machine.

The work is bounded: a body is cut at :data:`MAX_HTML_CHARS` / :data:`MAX_TEXT_CHARS` before any parsing
(with a note saying so), and tags nested deeper than :data:`MAX_DEPTH` are dropped before nh3 sees them
(html5ever is quadratic in nesting depth: 100 000 nested divs take half a minute).
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from rich.text import Text
from textual.content import Content

from fstui.sanitize import clean

__all__ = [
    "MAX_DEPTH",
    "MAX_HTML_CHARS",
    "MAX_TEXT_CHARS",
    "ELLIPSIS",
    "body_text",
    "cell_text",
    "clean",
    "html_to_text",
    "one_line",
    "safe",
    "safe_line",
    "safe_text",
    "notice",
    "sanitize_html",
]

MAX_HTML_CHARS = 512 * 1024
"""HTML beyond this many characters is not parsed (a note says how much was left out)."""
MAX_TEXT_CHARS = 200_000
"""Readable text beyond this many characters is not shown."""
MAX_DEPTH = 64
"""Tags nested deeper than this are dropped before sanitising (their text is kept)."""

# --- control characters -------------------------------------------------------------------------
# The removal itself is the one sanitising core shared with the CLI (fstui/sanitize.py).

_WHITESPACE_RUN = re.compile(r"\s+")


ELLIPSIS = "\u2026"
"""What every cut ends with: one cell, so a cut text still fits where it was cut for."""


def one_line(value: object, max_chars: int | None = None) -> str:
    """Clean ``value`` and fold it onto one line (for table cells, titles, toasts); a cut ends with ``…``."""
    text = _WHITESPACE_RUN.sub(" ", clean(value)).strip()
    if max_chars is not None and len(text) > max_chars:
        text = text[: max(0, max_chars - 1)] + ELLIPSIS
    return text


# Emoji presentation selectors (U+FE0E/FE0F), skin-tone modifiers, zero-width joiners, the keycap mark and
# tag characters build sequences whose width terminals disagree on (tmux draws ❤️ in one cell, Rich counts
# two; 👍🏽 is two cells or four): in a table cell they are dropped, so each emoji stands alone at a width
# everyone agrees on and the columns stay aligned. The ticket itself shows the full text.
_WIDTH_AMBIGUOUS = re.compile("[\ufe0e\ufe0f\u200d\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")


def cell_text(value: object, max_cells: int | None = None) -> str:
    """API text for a table cell: one line, emoji sequences normalised (see above), cut to ``max_cells``
    terminal cells with ``…``."""
    text = _WIDTH_AMBIGUOUS.sub("", one_line(value))
    if max_cells is not None:
        from rich.cells import cell_len, set_cell_size

        if cell_len(text) > max_cells:
            text = set_cell_size(text, max(0, max_cells - 1)).rstrip() + ELLIPSIS
    return text


def safe(value: object, style: str = "") -> Content:
    """API text as Content: cleaned, never parsed as markup."""
    return Content.styled(clean(value), style, strip_control_codes=False)


def safe_line(value: object, style: str = "", max_chars: int | None = 500) -> Content:
    """API text folded onto one line, as Content (titles, labels, option lists)."""
    return Content.styled(one_line(value, max_chars), style, strip_control_codes=False)


def safe_text(value: object, style: str = "", *, single_line: bool = True, max_chars: int | None = 500) -> Text:
    """API text as a Rich Text (for DataTable cells and other Rich renderables). Never markup.

    ``single_line`` (a cell): :func:`cell_text`, at most ``max_chars`` cells, and cut with ``…`` wherever
    the table crops it to its column's width."""
    if not single_line:
        return Text(clean(value), style=style, end="")
    return Text(cell_text(value, max_chars), style=style, no_wrap=True, overflow="ellipsis", end="")


def notice(template: str, *values: object) -> str:
    """A plain one-line notification text with API values inserted, cleaned and shortened.

    Use it with ``notify(..., markup=False)`` (``FstuiApp.toast`` does): ``template`` is ours.
    """
    return template.format(*(one_line(value, 200) for value in values))


# --- HTML ---------------------------------------------------------------------------------------

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt",
    "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"alt", "src"}}
URL_SCHEMES = {"http", "https", "mailto"}

_VOID_TAGS = frozenset({"br", "hr", "img", "wbr", "col", "area", "input", "meta", "link", "base", "source"})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")


def _flatten_deep_nesting(html: str, max_depth: int = MAX_DEPTH) -> str:
    """Drop tags nested deeper than ``max_depth`` (keeping their text); cheap, one regex pass."""
    depth = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal depth
        closing, name, rest = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID_TAGS or rest.endswith("/"):
            return match.group(0) if depth < max_depth else ""
        if closing:
            depth = max(0, depth - 1)
            return match.group(0) if depth < max_depth else ""
        depth += 1
        return match.group(0) if depth <= max_depth else ""

    return _TAG.sub(replace, html)


def sanitize_html(html: str) -> str:
    """Sanitise an HTML fragment with the allow-list (http/https/mailto links only)."""
    return nh3.clean(
        _flatten_deep_nesting(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _cut(text: str, limit: int) -> tuple[str, int]:
    if len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit


def _cut_note(left_out: int) -> str:
    return f"\n\n[... {left_out:,} more characters not shown]"


@lru_cache(maxsize=1024)
def html_to_text(html: str | None) -> str:
    """Readable, cleaned plain text from an untrusted HTML body (bounded work, cached)."""
    if not html:
        return ""
    from fstui.textconv import render_text  # on first use: the queue's first frame has no HTML

    html, left_out = _cut(html, MAX_HTML_CHARS)
    text, more = _cut(clean(render_text(sanitize_html(html))), MAX_TEXT_CHARS)
    if left_out or more:
        text += _cut_note(left_out + more)
    return text


def body_text(html: str | None, plain: str | None = None) -> str:
    """The readable body of a ticket or conversation: from its HTML, else its plain-text copy."""
    if html:
        text = html_to_text(html)
        if text or not plain:
            return text
    text, left_out = _cut(clean(plain), MAX_TEXT_CHARS)
    return text + _cut_note(left_out) if left_out else text

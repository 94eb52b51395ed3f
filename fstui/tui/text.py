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
  become readable text: paragraphs, lists, quotes, and links shown as ``text <url>``. Links are shown,
  never opened: over SSH the host that would open them is the wrong machine.

The work is bounded: a body is cut at :data:`MAX_HTML_CHARS` / :data:`MAX_TEXT_CHARS` before any parsing
(with a note saying so), and tags nested deeper than :data:`MAX_DEPTH` are dropped before nh3 sees them
(html5ever is quadratic in nesting depth: 100 000 nested divs take half a minute).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

import nh3
from rich.text import Text
from textual.content import Content

from fstui.sanitize import clean

__all__ = [
    "MAX_DEPTH",
    "MAX_HTML_CHARS",
    "MAX_TEXT_CHARS",
    "body_text",
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
MAX_INDENT_LEVELS = 8
"""Lists and quotes indent at most this many levels, however deep the HTML nests them."""

# --- control characters -------------------------------------------------------------------------
# The removal itself is the one sanitising core shared with the CLI (fstui/sanitize.py).

_WHITESPACE_RUN = re.compile(r"\s+")


def one_line(value: object, max_chars: int | None = None) -> str:
    """Clean ``value`` and fold it onto one line (for table cells, titles, toasts)."""
    text = _WHITESPACE_RUN.sub(" ", clean(value)).strip()
    if max_chars is not None and len(text) > max_chars:
        text = text[: max(0, max_chars - 3)] + "..."
    return text


def safe(value: object, style: str = "") -> Content:
    """API text as Content: cleaned, never parsed as markup."""
    return Content.styled(clean(value), style, strip_control_codes=False)


def safe_line(value: object, style: str = "", max_chars: int | None = 500) -> Content:
    """API text folded onto one line, as Content (titles, labels, option lists)."""
    return Content.styled(one_line(value, max_chars), style, strip_control_codes=False)


def safe_text(value: object, style: str = "", *, single_line: bool = True, max_chars: int | None = 500) -> Text:
    """API text as a Rich Text (for DataTable cells and other Rich renderables). Never markup."""
    plain = one_line(value, max_chars) if single_line else clean(value)
    return Text(plain, style=style, no_wrap=single_line, end="")


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


_BLOCK_TAGS = frozenset(
    {"p", "div", "table", "tr", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "ul", "ol",
     "blockquote", "hr"}
)  # fmt: skip


class _TextRenderer(HTMLParser):
    """Turns sanitised HTML into readable plain text (iterative, so nesting cannot overflow a stack)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.lists: list[list[int] | None] = []  # per open list: [counter] for <ol>, None for <ul>
        self.quote_depth = 0
        self.pre_depth = 0
        self.links: list[tuple[str, int]] = []  # (href, index in current where the link text starts)
        self.pending_break = 0  # blank lines wanted before the next text

    # -- line handling
    def _prefix(self) -> str:
        quote = "> " * min(self.quote_depth, MAX_INDENT_LEVELS)
        indent = "  " * min(len(self.lists), MAX_INDENT_LEVELS)
        return quote + (indent[2:] if self.lists else "")

    def _flush(self) -> None:
        text = "".join(self.current)
        self.current = []
        if self.pre_depth:
            for line in text.split("\n"):
                self.lines.append(self._prefix() + line)
            return
        text = text.strip()
        if text:
            self.lines.append(self._prefix() + text)

    def _block(self, blank: bool = True) -> None:
        self._flush()
        if blank and self.lines and self.lines[-1].strip(" >") != "":
            self.lines.append("> " * min(self.quote_depth, MAX_INDENT_LEVELS))

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "br":
            self._flush()
        elif tag in ("ul", "ol"):
            self._block(blank=not self.lists)
            self.lists.append([0] if tag == "ol" else None)
        elif tag == "li":
            self._flush()
            marker = "- "
            if self.lists and self.lists[-1] is not None:
                counter = self.lists[-1]
                counter[0] += 1
                marker = f"{counter[0]}. "
            self.current.append(marker)
        elif tag == "blockquote":
            self._block()
            self.quote_depth += 1
        elif tag == "pre":
            self._block()
            self.pre_depth += 1
        elif tag == "a":
            self.links.append((attributes.get("href") or "", len(self.current)))
        elif tag == "img":
            alt = attributes.get("alt") or ""
            src = attributes.get("src") or ""
            label = f"[image: {alt}]" if alt else "[image]"
            self.current.append(f"{label} <{src}>" if src.startswith(("http://", "https://")) else label)
        elif tag == "hr":
            self._block(blank=False)
            self.lines.append(self._prefix() + "-" * 20)
        elif tag in ("td", "th"):
            if self.current and "".join(self.current).strip():
                self.current.append(" | ")
        elif tag in _BLOCK_TAGS:
            self._block(blank=tag not in ("tr", "div", "dt", "dd"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self._block()
        elif tag == "li":
            self._flush()
        elif tag == "blockquote":
            self._flush()
            while self.lines and self.quote_depth and not self.lines[-1].strip(" >"):
                self.lines.pop()
            self.quote_depth = max(0, self.quote_depth - 1)
            self._block()
        elif tag == "pre":
            self._flush()
            self.pre_depth = max(0, self.pre_depth - 1)
            self._block()
        elif tag == "a":
            if not self.links:
                return
            href, start = self.links.pop()
            label = "".join(self.current[start:]).strip()
            if href:
                shown = href[7:] if href.startswith("mailto:") else href
                if not label:
                    self.current.append(shown)
                elif label not in (href, shown):
                    self.current.append(f" <{shown}>")
        elif tag in _BLOCK_TAGS:
            self._block(blank=tag not in ("tr", "div", "dt", "dd"))

    def handle_data(self, data: str) -> None:
        if self.pre_depth:
            self.current.append(data)
        else:
            self.current.append(_WHITESPACE_RUN.sub(" ", data))

    def result(self) -> str:
        self._flush()
        while self.lines and not self.lines[-1].strip(" >"):
            self.lines.pop()
        while self.lines and not self.lines[0].strip(" >"):
            self.lines.pop(0)
        return "\n".join(line.rstrip() for line in self.lines)


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
    html, left_out = _cut(html, MAX_HTML_CHARS)
    renderer = _TextRenderer()
    renderer.feed(sanitize_html(html))
    renderer.close()
    text, more = _cut(clean(renderer.result()), MAX_TEXT_CHARS)
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


def safe_notify(template: str, *values: object) -> str:
    """A notification string for ``notify(...)`` with markup on: API values cleaned and markup-escaped.

    Prefer :func:`notice` with ``markup=False``; this exists for callers that want markup in ``template``.
    """
    from rich.markup import escape

    return template.format(*(escape(one_line(value, 200)) for value in values))

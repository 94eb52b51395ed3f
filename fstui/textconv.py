"""The ONE conversion between plain text and HTML bodies (replies, notes, ticket descriptions).

Used by the CLI (``--body-file``), the compose screen and the ``ctrl+e`` editor round trip; the display side
(:func:`render_text`) is reached only through :func:`fstui.tui.text.html_to_text`, which sanitises the HTML
with nh3 first: this module never sees untrusted HTML on its own and imports nothing but the standard library,
so every layer (cli, service, tui) may use it.

The promise, held by ``tests/test_textconv.py`` over a corpus of real-looking replies::

    render_text(text_to_html(text)) == normalise_text(text)

where :func:`normalise_text` only drops what HTML cannot carry: trailing whitespace on a line, blank lines
before the first and after the last line, ``\\r`` (``\\r\\n`` is a line break) and tabs (expanded to
:data:`TAB_WIDTH` columns). Everything else survives: paragraphs, every blank line, line breaks, leading
indentation and runs of spaces, ``> `` quoted lines, ``&`` and ``<b>`` typed as text (escaped, never markup).

The HTML is one ``<div>`` per line and ``<div><br></div>`` per blank line, the shape Freshservice's own
editor and the common mail clients write, so the message looks the same in the portal and in the
requester's mail. Spaces that HTML would collapse (leading ones, the second of a run) are ``&nbsp;``.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

__all__ = ["TAB_WIDTH", "MAX_INDENT_LEVELS", "normalise_text", "render_text", "text_to_html"]

TAB_WIDTH = 4
"""A tab in plain text becomes spaces up to the next multiple of this many columns (HTML has no tab)."""
MAX_INDENT_LEVELS = 8
"""Lists and quotes indent at most this many levels, however deep the HTML nests them."""

NBSP = "\u00a0"
# HTML's own whitespace (what a browser collapses); not \u00a0, which is how an author keeps a space.
_HTML_SPACE_RUN = re.compile(r"[ \t\n\r\f]+")
_HTML_SPACE = " \t\n\r\f"
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029]")


def normalise_text(text: str) -> str:
    """``text`` as it will read after :func:`text_to_html` and back (see the module docstring)."""
    lines = [line.expandtabs(TAB_WIDTH).rstrip() for line in _NEWLINES.sub("\n", text or "").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def _keep_spaces(line: str) -> str:
    """An escaped line whose leading spaces and runs of spaces survive HTML's whitespace collapsing."""
    out = []
    previous = "\n"  # the start of a line counts as a space: leading spaces are all kept
    for char in line:
        out.append(NBSP if char == " " and previous in (" ", NBSP, "\n") else char)
        previous = out[-1]
    return escape("".join(out), quote=False).replace(NBSP, "&nbsp;")


def text_to_html(text: str) -> str:
    """Plain text -> the HTML body we send (Freshservice ``body``/``description``).

    Escaped (``<b>`` typed as text stays text), one ``<div>`` per line, ``<div><br></div>`` per blank line,
    leading and repeated spaces as ``&nbsp;``. Empty or blank text gives ``""``.
    """
    text = normalise_text(text)
    if not text:
        return ""
    return "".join(f"<div>{_keep_spaces(line)}</div>" if line else "<div><br></div>" for line in text.split("\n"))


_BLOCK_TAGS = frozenset(
    {"p", "div", "table", "tr", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "ul", "ol",
     "blockquote", "hr"}
)  # fmt: skip
_TIGHT_BLOCKS = frozenset({"tr", "div", "dt", "dd"})  # blocks without a blank line around them


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
        self.margin_at = -1  # len(lines) just after the blank line a paragraph's end added

    # -- line handling
    def _prefix(self) -> str:
        quote = "> " * min(self.quote_depth, MAX_INDENT_LEVELS)
        indent = "  " * min(len(self.lists), MAX_INDENT_LEVELS)
        return quote + (indent[2:] if self.lists else "")

    def _flush(self, *, keep_empty: bool = False) -> None:
        """End the current line. ``keep_empty``: a ``<br>`` ends a line even when it is empty."""
        text = "".join(self.current)
        self.current = []
        if self.pre_depth:
            for line in text.split("\n"):
                self.lines.append(self._prefix() + line.replace(NBSP, " "))
            return
        # Only HTML whitespace is insignificant at the ends; &nbsp; is the author's indentation.
        # A line of &nbsp; only (``<div>&nbsp;</div>``) is a blank line its author meant.
        text = text.strip(_HTML_SPACE)
        if not text and keep_empty and self.margin_at == len(self.lines):
            self.margin_at = -1  # an empty line right after a paragraph's gap is that gap, not another
        elif text or keep_empty:
            self.lines.append((self._prefix() + text.replace(NBSP, " ")).rstrip())

    def _block(self, blank: bool = True) -> None:
        self._flush()
        if blank and self.lines and self.lines[-1].strip(" >") != "":
            self.lines.append("> " * min(self.quote_depth, MAX_INDENT_LEVELS))
            self.margin_at = len(self.lines)

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "br":
            self._flush(keep_empty=True)
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
            self._block(blank=tag not in _TIGHT_BLOCKS)

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
            self._block(blank=tag not in _TIGHT_BLOCKS)

    def handle_data(self, data: str) -> None:
        self.current.append(data if self.pre_depth else _HTML_SPACE_RUN.sub(" ", data))

    def result(self) -> str:
        self._flush()
        while self.lines and not self.lines[-1].strip(" >"):
            self.lines.pop()
        while self.lines and not self.lines[0].strip(" >"):
            self.lines.pop(0)
        return "\n".join(line.rstrip() for line in self.lines)


def render_text(sanitised_html: str) -> str:
    """Readable plain text from HTML that has ALREADY been sanitised (paragraphs, lists, quotes, links).

    Do not call this on a server's HTML directly: :func:`fstui.tui.text.html_to_text` sanitises, bounds the
    work and removes control characters, then calls this.
    """
    renderer = _TextRenderer()
    renderer.feed(sanitised_html)
    renderer.close()
    return renderer.result()

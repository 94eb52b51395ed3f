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

The way back is only as rich as text: :func:`formatting_lost` says what a server body would lose if edited as
its text and sent again (links, bold, images, lists...), so an editor can ask first (fstui/tui/plain_edit.py).
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from html.parser import HTMLParser

__all__ = ["TAB_WIDTH", "MAX_INDENT_LEVELS", "describe", "formatting_lost", "normalise_text", "render_text",
           "text_to_html"]

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


# --- what the round trip cannot keep ------------------------------------------------------------------------
# Editing server HTML here means: render_text(body) in a text box, then text_to_html(the box) back to the
# server. That writes only line divs, so anything else in the body is lost. The decision below is that round
# trip's: text in an element other than a line container (what text_to_html writes, <div>/<br>, and its
# equivalents <p>/<span> and the document's own wrappers) is formatting the text cannot carry, as is an image,
# a link whose text is not its address, a style someone can see, and any text of the body the text form
# does not show. The names are only how the question words it.

_LINE_CONTAINERS = frozenset({"html", "body", "div", "p", "span", "br", "wbr", "a"})
"""Elements whose only effect is lines (text_to_html writes <div> and <br>); <a> is judged by its text."""
_INVISIBLE = frozenset({"head", "title", "script", "style", "template", "noscript"})
_VOID = frozenset({"br", "wbr", "img", "hr", "input", "meta", "link", "col", "area", "base", "source", "embed",
                   "param", "track"})
_NAMES = {
    "img": "an image", "b": "bold text", "strong": "bold text", "i": "italic text", "em": "italic text",
    "cite": "italic text", "u": "underlined text", "ins": "underlined text", "s": "struck-through text",
    "strike": "struck-through text", "del": "struck-through text", "ul": "a list", "ol": "a list",
    "li": "a list", "dl": "a list", "table": "a table", "h1": "a heading", "h2": "a heading",
    "h3": "a heading", "h4": "a heading", "h5": "a heading", "h6": "a heading", "pre": "a code block",
    "code": "code", "kbd": "code", "samp": "code", "tt": "code", "blockquote": "a quote", "q": "a quote",
    "hr": "a dividing line", "sub": "subscript", "sup": "superscript", "mark": "highlighted text",
    "small": "small text", "big": "large text", "center": "centred text",
}  # fmt: skip
_TABLE_PARTS = frozenset({"tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup"})
# a colour that is the page's own (black text, no or white background) is no colour anyone sees as formatting
_PLAIN_COLOURS = frozenset({"", "inherit", "initial", "unset", "currentcolor", "black", "#000", "#000000",
                            "rgb(0,0,0)"})
_PLAIN_BACKGROUNDS = frozenset({"", "inherit", "initial", "unset", "none", "transparent", "white", "#fff", "#ffffff",
                                "rgb(255,255,255)", "rgba(0,0,0,0)"})
LINK = "a link"
TEXT_NOT_SHOWN = "text fstui does not show"


def _style_names(tag: str, attributes: dict[str, str | None]) -> list[str]:
    """What a visible style says: colours, weight, slant, lines, alignment; and a size or font set on an
    inline element (the portal's editor puts its default font and size on a wrapping <div> on every note:
    losing that changes nothing anyone sees, so a block's font and size are not counted)."""
    names = []
    declarations = {}
    for part in (attributes.get("style") or "").split(";"):
        name, _, value = part.partition(":")
        declarations[name.strip().lower()] = value.strip().lower()
    inline = tag not in ("div", "p", "body", "html")
    if tag == "font":
        declarations.setdefault("color", attributes.get("color") or "")
        declarations.setdefault("font-size", attributes.get("size") or "")
        declarations.setdefault("font-family", attributes.get("face") or "")
    if (declarations.get("color", "").replace(" ", "") not in _PLAIN_COLOURS
            or any(declarations.get(key, "").replace(" ", "") not in _PLAIN_BACKGROUNDS
                   for key in ("background", "background-color"))):
        names.append("coloured text")
    weight = declarations.get("font-weight", "")
    if weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600):
        names.append("bold text")
    if declarations.get("font-style", "") in ("italic", "oblique"):
        names.append("italic text")
    decoration = declarations.get("text-decoration", "") + " " + declarations.get("text-decoration-line", "")
    if "underline" in decoration:
        names.append("underlined text")
    if "line-through" in decoration:
        names.append("struck-through text")
    if declarations.get("text-align", "") in ("center", "right", "justify"):
        names.append("aligned text")
    if inline and (declarations.get("font-size") or declarations.get("font-family")):
        names.append("text in another size or font")
    return names


class _FormattingAudit(HTMLParser):
    """One linear pass over a body: the formatting its text sits in, and its visible text (no whitespace)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, None] = {}  # names, in the order the body uses them
        self.stack: list[tuple[str, list[str]]] = []  # open elements and the names they would lose
        self.open_count: dict[str, int] = {}  # per tag: how many are open (an end tag's match, in O(1))
        self.waiting: list[list[str]] = []  # names of open elements no visible text has reached yet
        self.links: list[list[str]] = []  # per open <a>: [href, label so far, "img" if it holds one]
        self.invisible = 0
        self.text: list[str] = []

    def _use(self, names: list[str]) -> None:
        for name in names:
            self.found.setdefault(name, None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value for key, value in attrs}
        if tag in _INVISIBLE:
            self.invisible += 1
        if self.invisible:
            return
        names = _style_names(tag, attributes)
        if tag not in _LINE_CONTAINERS and tag != "font":
            names.insert(0, _NAMES.get(tag, "a table" if tag in _TABLE_PARTS else "other formatting"))
        if tag in ("img", "hr"):
            self._use(names)
            for link in self.links:
                link[2] = "img"
            return
        if tag in _VOID:
            return
        if tag == "a":
            self.links.append([attributes.get("href") or "", "", ""])
        self.stack.append((tag, names))
        self.open_count[tag] = self.open_count.get(tag, 0) + 1
        if names:
            self.waiting.append(names)

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self.invisible = max(0, self.invisible - 1)
            return
        if self.invisible or not self.open_count.get(tag):  # a stray end tag closes nothing
            return
        while self.stack:  # each element is pushed and popped once: linear however deep the nesting
            open_tag, names = self.stack.pop()
            self.open_count[open_tag] -= 1
            if names and self.waiting and self.waiting[-1] is names:
                self.waiting.pop()
            if open_tag == "a" and self.links:
                href, label, image = self.links.pop()
                label = label.strip(_HTML_SPACE + NBSP)
                shown = href[7:] if href.startswith("mailto:") else href
                if href and (image or label not in ("", href, shown)):
                    self._use([LINK])
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if self.invisible:
            return
        if self.links:
            self.links[-1][1] += data
        visible = "".join(data.split()).replace(NBSP, "")
        if visible:
            self.text.append(visible)
            for names in self.waiting:  # each element's names are used once: the pass stays linear
                self._use(names)
            self.waiting.clear()


def _is_subsequence(needle: str, haystack: str) -> bool:
    letters = iter(haystack)
    return all(char in letters for char in needle)


def formatting_lost(html: str, text: str) -> list[str]:
    """What editing ``html`` as ``text`` (its :func:`render_text`, as the box shows it) and saving
    ``text_to_html(text)`` would lose, in words for a question ("a link", "bold text", "an image", "a list",
    ...), in the order the body uses them; ``[]`` when the round trip keeps everything (a note fstui wrote,
    plain lines and paragraphs, the portal's font wrapper, a link whose text is its address).

    ``html`` is the server's body as it is (styles are only there); the pass is linear and reads no more
    than it is given (the caller bounds it). Text of the body missing from ``text`` (cut, or in an element
    the sanitiser drops) is :data:`TEXT_NOT_SHOWN`."""
    audit = _FormattingAudit()
    audit.feed(html or "")
    audit.close()
    names = list(audit.found)
    if not _is_subsequence(_letters("".join(audit.text)), _letters(text)):
        names.append(TEXT_NOT_SHOWN)
    return names


def _letters(text: str) -> str:
    """``text`` without whitespace and the control/format characters the display removes."""
    return "".join(char for char in text if not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf"))


def describe(names: list[str]) -> str:
    """``["a link", "bold text", "an image"]`` -> ``"a link, bold text and an image"``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]

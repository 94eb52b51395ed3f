"""HTML bodies to the plain ``*_text`` twin the API sends beside them (description_text, body_text)."""

from __future__ import annotations

import html
import re

_TAG_RE = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
_BLOCK_RE = re.compile(r"<\s*(br|/div|/p|/li|/tr|/h\d|/blockquote)\b[^>]*>", re.I)


def html_to_text(body: str | None) -> str:
    """Tags removed, entities decoded, blank lines dropped; "" for None."""
    if not body:
        return ""
    text = _BLOCK_RE.sub("\n", body)
    text = _TAG_RE.sub("", text)
    text = html.unescape(text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()

"""The one sanitising core for text that reaches a terminal (pure strings, no textual, no I/O).

Every byte of server text that a terminal will show goes through :func:`clean` first: the TUI's
fstui/tui/text.py builds its widgets' Content on it, and the CLI runs every line it writes (tables,
errors, warnings) through :func:`terminal_text`. Removed:

* C0 controls except ``\\n`` and ``\\t`` (ESC, BEL: no OSC 0 window title, no OSC 52 clipboard write,
  no ``ESC [ 2 J``), DEL, and the C1 controls 0x80-0x9f (0x9b is a one-byte CSI);
* every bidirectional formatting character: the embeddings/overrides U+202A-202E, the isolates
  U+2066-2069, and the marks U+200E (LRM), U+200F (RLM) and U+061C (ALM), so no text can reorder itself
  on screen to hide what it says.

``\\r\\n``, lone ``\\r`` and U+2028/U+2029 become ``\\n``.
"""

from __future__ import annotations

import re

__all__ = ["BIDI_CHARACTERS", "clean", "terminal_text"]

#: the bidirectional formatting characters removed (marks, embeddings, overrides, isolates)
BIDI_CHARACTERS = frozenset((0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)))

_REMOVE: dict[int, None] = {cp: None for cp in range(0x00, 0x20) if cp not in (0x09, 0x0A)}
_REMOVE[0x7F] = None
_REMOVE.update({cp: None for cp in range(0x80, 0xA0)})
_REMOVE.update({cp: None for cp in BIDI_CHARACTERS})
_REMOVE_TABLE = str.maketrans(_REMOVE)
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029]")


def clean(value: object) -> str:
    """``value`` as a string with every dangerous control character removed (None -> "").

    Newlines and tabs are kept; ``\\r\\n`` and ``\\r`` become ``\\n``.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = _NEWLINES.sub("\n", text)
    return text.translate(_REMOVE_TABLE)


def terminal_text(value: object) -> str:
    """What the CLI writes to a terminal (stdout tables, stderr errors and warnings): :func:`clean`,
    and a character the output's encoding cannot show is the caller's business (errors="replace")."""
    return clean(value)

"""The terminal and the shell as they are: a pipe that closes early, a terminal that is not UTF-8.

* :func:`fit_streams` makes stdout and stderr replace what their encoding cannot show (an ISO-8859-1 or
  ASCII terminal) instead of raising UnicodeEncodeError (stdout) or printing ``\\u2500`` escapes (stderr,
  where Textual draws the TUI: Python's stderr default is ``backslashreplace``). A replacement keeps the
  character's width in cells, so the TUI's layout holds: box drawing becomes ``-`` ``|`` ``+``, blocks
  become spaces or ``#``, arrows ``<`` ``>`` ``^`` ``v``, ``…`` ``~``, any other character ``?`` (``??`` for
  a wide one) and zero-width ones nothing. A UTF-8 stream is left as it is.
* :func:`quiet_broken_pipe` is what a command does when the reader of its output went away
  (``fstui tickets list --json | head -1``): no traceback, nothing more written, exit status 141
  (128 + SIGPIPE, what a shell reports for ``yes | head -1``).

No Textual here: the CLI uses it before it decides whether to start the TUI.
"""

from __future__ import annotations

import codecs
import os
import sys
import unicodedata
from typing import TextIO

__all__ = ["BROKEN_PIPE_EXIT", "ERRORS", "fit_streams", "quiet_broken_pipe", "replacement"]

ERRORS = "fstui-terminal"
"""The codec error handler :func:`fit_streams` installs (registered on import)."""
BROKEN_PIPE_EXIT = 141

_HORIZONTAL = set("─━┄┅┈┉╌╍═╴╶╸╺╼╾")
_VERTICAL = set("│┃┆┇┊┋╎╏║╵╷╹╻╽╿")
_ARROWS = {"▶": ">", "▷": ">", "►": ">", "→": ">", "▸": ">", "❯": ">", "◀": "<", "◁": "<", "◄": "<",
           "←": "<", "◂": "<", "▲": "^", "△": "^", "↑": "^", "▴": "^", "▼": "v", "▽": "v", "↓": "v", "▾": "v",
           "…": "~", "•": "*", "●": "*", "○": "o", "◆": "*", "◇": "o", "✓": "v", "✔": "v", "✗": "x",
           "✘": "x", "×": "x", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " ",
           "█": "#", "■": "#", "□": " ", "▔": " ", "▁": " "}


def _cells(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    if 0xFE00 <= ord(char) <= 0xFE0F or 0x1F3FB <= ord(char) <= 0x1F3FF:
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def replacement(char: str) -> str:
    """The ASCII stand-in for ``char`` on a terminal that cannot show it (same width in cells)."""
    if char in _ARROWS:
        return _ARROWS[char]
    code = ord(char)
    if 0x2500 <= code <= 0x257F:  # box drawing
        return "-" if char in _HORIZONTAL else "|" if char in _VERTICAL else "+"
    if 0x2580 <= code <= 0x259F:  # block elements (scrollbar thumbs, half blocks): their colour is gone too
        return " "
    return "?" * _cells(char)


def _handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(replacement(char) for char in error.object[error.start:error.end]), error.end


codecs.register_error(ERRORS, _handler)


def _is_utf(stream: TextIO) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


def fit_streams(*streams: TextIO | None) -> None:
    """Make each stream (default: stdout, stderr and their originals) replace what it cannot encode."""
    for stream in streams or (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        if stream is None or _is_utf(stream) or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(errors=ERRORS)
        except (ValueError, OSError):  # a closed or detached stream
            continue


def quiet_broken_pipe() -> int:
    """After a BrokenPipeError on stdout: point stdout at /dev/null so that the interpreter's final flush
    does not print "Exception ignored ... BrokenPipeError" either; returns the exit status to use."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
    return BROKEN_PIPE_EXIT

"""The CLI's tables (``tickets list``, ``outbox``, ``profiles``) laid out to the terminal's width.

A column is ``(name, width)`` or ``(name, width, least)``: ``width`` is the most cells it takes (it takes
fewer when no cell and not its heading needs them), ``least`` the fewest it is cut down to when the row
does not fit (default: ``width``, never cut). One column of width 0 (the subject, the last free-text
column) takes what is left. When the row is too wide the widest cuttable column is cut a cell at a time
until the free column has ``FREE_LEAST`` cells (or nothing more can be cut); a row is never wider than the
terminal. Cut text ends with ``…``; cells are the TUI's (``fstui.tui.text.cell_text``: one line, emoji
normalised).
"""

from __future__ import annotations

import shutil
from typing import Any, Sequence, TextIO

GAP = 2
#: the free column is given at least this many cells (a third of the terminal, at least 20) before the
#: other columns stop being cut
FREE_LEAST = 20


def terminal_width() -> int:
    """The terminal's columns (COLUMNS, else the terminal's size, else 100)."""
    return shutil.get_terminal_size((100, 24)).columns


def layout(rows: Sequence[dict[str, Any]], columns: Sequence[tuple], total: int) -> list[int]:
    """The cell width of each column so that a row fits ``total`` cells (see the module doc)."""
    from rich.cells import cell_len

    from fstui.tui.text import cell_text

    def natural(name: str, most: int) -> int:
        longest = max([len(name)] + [cell_len(cell_text(_value(row, name))) for row in rows])
        return min(most, longest) if most else longest

    widths = [natural(c[0], c[1]) for c in columns]
    least = [min(widths[i], c[2] if len(c) > 2 else (c[1] or widths[i])) for i, c in enumerate(columns)]
    free = next((i for i, c in enumerate(columns) if not c[1]), None)
    room = total - GAP * (len(columns) - 1)
    want = min(widths[free], max(FREE_LEAST, total // 3)) if free is not None else 0
    fixed = [i for i in range(len(widths)) if i != free]
    while sum(widths[i] for i in fixed) + want > room:  # the widest cuttable column loses a cell
        cuttable = [i for i in fixed if widths[i] > least[i]]
        if not cuttable:
            break
        widths[max(cuttable, key=lambda i: widths[i])] -= 1
    if free is not None:
        others = sum(widths[i] for i in fixed)
        widths[free] = max(1, min(widths[free], room - others)) if widths[free] else 0
    return widths


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple], out: TextIO,
                total: int | None = None) -> None:
    """Write the heading and one line per row to ``out``, each at most ``total`` (default: the terminal's
    width) cells."""
    from rich.cells import cell_len, set_cell_size

    from fstui.tui.text import ELLIPSIS, cell_text

    total = terminal_width() if total is None else total
    widths = layout(rows, columns, total)

    def line(cells: list[str]) -> str:
        padded = [c + " " * max(0, w - cell_len(c)) for c, w in zip(cells, widths)]
        text = (" " * GAP).join(padded).rstrip()
        if cell_len(text) > total:  # columns that could not be cut enough: never wider than the terminal
            text = set_cell_size(text, max(0, total - 1)).rstrip() + ELLIPSIS
        return text

    out.write(line([cell_text(c[0].upper(), w) for c, w in zip(columns, widths)]) + "\n")
    for row in rows:
        out.write(line([cell_text(_value(row, c[0]), w) for c, w in zip(columns, widths)]) + "\n")


def _value(row: dict[str, Any], name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value)

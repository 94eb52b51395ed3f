"""The queue's Status column takes the room its labels need when the screen has it (QA of issue 11: at 120
columns ``Waiting…``/``Awaitin…`` were cut while the screen had room).

At 80 columns nothing changes (Status 8, cut with …). From ``WIDE`` columns Status grows to the longest
status label of the account (at most ``MAX_STATUS``), taken from the Subject while it keeps
``SUBJECT_KEEP`` columns; when several workspaces are shown (a Workspace column) the Group column waits for
``GROUP_WITH_WORKSPACES`` columns, so at 120 the status is read whole rather than a group cut short.
"""

from __future__ import annotations

from typing import Any

WIDE = 110
MAX_STATUS = 19  # "Waiting on Customer"
SUBJECT_KEEP = 16  # the queue's MIN_SUBJECT: the subject is never narrower than before
GROUP_WITH_WORKSPACES = 130
BASE_STATUS = 8


def longest_status(labels: Any) -> int:
    """The longest status label the account has (built-in and custom), at most MAX_STATUS."""
    from fstui.service.field_labels import BUILTIN

    names = list((getattr(labels, "choices", {}) or {}).get("status", {}).values())
    names += list(BUILTIN.get("status", {}).values())
    longest = max((len(str(n)) for n in names), default=BASE_STATUS)
    return max(BASE_STATUS, min(MAX_STATUS, longest))


def drop_group(columns: list[tuple[str, str, int, int]], width: int, several: bool) -> list[tuple[str, str, int, int]]:
    """Without the Group column below GROUP_WITH_WORKSPACES when the Workspace column is shown."""
    if several and WIDE <= width < GROUP_WITH_WORKSPACES:
        return [c for c in columns if c[0] != "group"]
    return columns


def widen_status(columns: list[tuple[str, str, int, int]], width: int, labels: Any) -> list[tuple[str, str, int, int]]:
    """``columns`` (subject already sized) with Status grown into the Subject's spare room."""
    if width < WIDE:
        return columns
    sizes = {key: size for key, _label, size, _minimum in columns}
    if "status" not in sizes or "subject" not in sizes:
        return columns
    extra = min(longest_status(labels) - sizes["status"], sizes["subject"] - SUBJECT_KEEP)
    if extra <= 0:
        return columns
    grown = {"status": sizes["status"] + extra, "subject": sizes["subject"] - extra}
    return [(key, label, grown.get(key, size), minimum) for key, label, size, minimum in columns]


def with_workspace(columns: list[tuple[str, str, int, int]], workspace: tuple[str, str, int, int],
                   order: list[str]) -> list[tuple[str, str, int, int]]:
    """A saved view's own column set with the Workspace column added where the queue's ``order`` has it
    (before the first chosen column that comes after it): a view cannot name it (it is shown whenever
    several workspaces are), and without it the rows of every workspace look alike."""
    if any(c[0] == "workspace" for c in columns):
        return columns
    after = order[order.index("workspace") + 1:] if "workspace" in order else []
    at = next((i for i, c in enumerate(columns) if c[0] in after), len(columns))
    return [*columns[:at], workspace, *columns[at:]]

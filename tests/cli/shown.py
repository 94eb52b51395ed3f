"""Reading `fstui tickets show`'s table back: {field label: value} (the labels are padded to one column)."""

from __future__ import annotations


def shown_fields(out: str) -> dict[str, str]:
    lines = out.splitlines()
    status = next(line for line in lines if line.startswith("  status "))
    column = len(status) - len(status[len("  status"):].lstrip())  # where every value starts
    fields = {}
    for line in lines[1:]:
        if not line.startswith("  ") or len(line) <= column:
            if not line.strip():
                break  # the description follows a blank line
            continue
        fields[line[2:column].strip()] = line[column:].strip()
    return fields

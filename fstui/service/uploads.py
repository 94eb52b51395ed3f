"""Files an agent attaches to a reply, note or new ticket (issue 14): the outbox entry records their
paths (so a draft or a queued write survives a restart without copying the files); they are read when
the write is sent. A file that is gone by then fails the write with a message naming it (never sent
silently without it); the total is checked against the documented limit (fstui.api.models
MAX_ATTACHMENTS_BYTES) before anything is sent."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path

from fstui.api import errors as api_errors
from fstui.api.models import MAX_ATTACHMENTS_BYTES, Upload


def sizes(paths: Iterable[str]) -> tuple[list[tuple[str, int | None]], int]:
    """[(path, size or None when missing)], total bytes of the files present."""
    out: list[tuple[str, int | None]] = []
    total = 0
    for p in paths:
        try:
            size = Path(p).stat().st_size if Path(p).is_file() else None
        except OSError:
            size = None
        out.append((p, size))
        total += size or 0
    return out, total


def problems(paths: Iterable[str]) -> list[str]:
    """What stops these files from being sent: missing ones, and a total above the limit."""
    listed, total = sizes(paths)
    out = [f"attachment not found: {p}" for p, size in listed if size is None]
    if total > MAX_ATTACHMENTS_BYTES:
        out.append(f"attachments total {total / 1048576:.1f} MB; the limit is {MAX_ATTACHMENTS_BYTES // 1048576} MB")
    return out


def uploads_from_paths(paths: Iterable[str] | None) -> list[Upload]:
    """Read the files for sending; ConfigError names a missing one, AttachmentsTooLarge the total."""
    paths = list(paths or ())
    if not paths:
        return []
    issues = problems(paths)
    if issues:
        cls = api_errors.AttachmentsTooLarge if "limit" in issues[-1] and len(issues) == 1 else api_errors.ConfigError
        raise cls("; ".join(issues))
    uploads = []
    for p in paths:
        path = Path(p)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        uploads.append(Upload(path.name, path.read_bytes(), kind))
    return uploads

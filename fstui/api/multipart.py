"""Attachments: the 40 MB check and the multipart form a write with files is sent as."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fstui.api import errors as E
from fstui.api.models import MAX_ATTACHMENTS_BYTES, Upload, to_wire


def form_fields(payload: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A JSON-ish payload as multipart form fields (Rails conventions: ``a[]``, ``h[k]``)."""
    out: list[tuple[str, str]] = []

    def scalar(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if value is None:
            return ""
        return str(value)

    for key, value in payload.items():
        value = to_wire(value)
        if isinstance(value, list):
            for item in value:
                out.append((f"{key}[]", scalar(item)))
        elif isinstance(value, dict):
            for sub, item in value.items():
                out.append((f"{key}[{sub}]", scalar(item)))
        elif value is not None:
            out.append((key, scalar(value)))
    return out


def dict_multi(form: list[tuple[str, str]] | None) -> dict[str, Any] | None:
    """httpx ``data=`` wants a dict; repeated keys (``a[]``) become lists."""
    if form is None:
        return None
    out: dict[str, Any] = {}
    for key, value in form:
        if key in out:
            if not isinstance(out[key], list):
                out[key] = [out[key]]
            out[key].append(value)
        else:
            out[key] = [value] if key.endswith("[]") else value
    return out


def file_parts(uploads: Sequence[Upload]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("attachments[]", (u.filename, u.content, u.content_type)) for u in uploads]


def check_uploads(attachments: Sequence[Upload]) -> list[Upload]:
    uploads = list(attachments or ())
    for upload in uploads:
        if not isinstance(upload, Upload):
            raise TypeError(f"attachments must be Upload objects, not {type(upload).__name__}")
    total = sum(u.size for u in uploads)
    if total > MAX_ATTACHMENTS_BYTES:
        raise E.AttachmentsTooLarge(
            f"attachments total {total / 1048576:.1f} MB; the limit is "
            f"{MAX_ATTACHMENTS_BYTES // 1048576} MB"
        )
    return uploads

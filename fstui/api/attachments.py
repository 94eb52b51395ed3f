"""Attachment downloads (API-SUPPLEMENT §3.4): ``GET /api/v2/attachments/{id}`` answers the file of a
ticket's, conversation's, article's... attachment. Whether the real service answers inline or redirects
is not established; a redirect to the same https origin is followed (reads follow up to MAX_REDIRECTS),
one to another host is refused (credentials would go there): RedirectRefused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from fstui.api.transport import Transport


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str | None
    filename: str | None  # from Content-Disposition, when the server names it


_FILENAME = re.compile(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', re.I)


class AttachmentsApi(Transport):
    async def download_attachment(self, id: int) -> Download:
        """The bytes of attachment ``id`` (held in memory: attachments are at most 40 MB per ticket)."""
        path = f"/attachments/{int(id)}"
        response = await self._send("GET", path, read=True)
        try:
            await response.aread()
            if response.status_code >= 400 or response.status_code < 200:
                raise self._error(response, "GET", urlsplit(str(response.url)).path)
            disposition = response.headers.get("content-disposition") or ""
            m = _FILENAME.search(disposition)
            return Download(response.content, response.headers.get("content-type"), m.group(1) if m else None)
        finally:
            await response.aclose()

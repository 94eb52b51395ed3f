"""Canned responses (API-SUPPLEMENT §4; the documented reads): folders, a folder's responses, the
responses list (``workspace_id``; 1 = global only) and one response with its attachments.
The single-object wrapper is spelled ``canned_response`` (OAS) or ``canned_responses`` (docs), and the
folder's ``canned_response_folder`` or ``canned response_folder`` (docs, with a space): all accepted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from fstui.api.models import AttachmentList, FSModel, UTCDateTime, unwrap_one
from fstui.api.paging import Page, check_paging
from fstui.api.params import page_params
from fstui.api.transport import Transport
from fstui.api.workspaces import WorkspaceParam, with_workspace


class CannedResponseFolder(FSModel):
    id: int
    name: str | None = None
    type: str | None = None  # "Personal" | "Custom" | "General"
    responses_count: int | None = None
    workspace_id: int | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class CannedResponse(FSModel):
    id: int
    title: str | None = None
    folder_id: int | None = None
    content: str | None = None  # plain text, read-only
    content_html: str | None = None
    workspace_id: int | None = None
    attachments: AttachmentList = []
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


def _one(data: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if isinstance(data, dict) and isinstance(data.get(key), dict):
            return data[key]
    return unwrap_one(data, keys[0])


class CannedResponsesApi(Transport):
    async def list_canned_response_folders(self, *, workspace_id: WorkspaceParam = None, page: int = 1,
                                           per_page: int = 30) -> Page[CannedResponseFolder]:
        check_paging(page, per_page)
        params = with_workspace(page_params(page, per_page), workspace_id)
        return await self._get_page(CannedResponseFolder, "/canned_response_folders", "canned_response_folders",
                                    page, params, "canned_response_folder")

    def iter_canned_response_folders(self, *, workspace_id: WorkspaceParam = None,
                                     per_page: int = 100) -> AsyncIterator[CannedResponseFolder]:
        check_paging(1, per_page)
        params = with_workspace(page_params(1, per_page), workspace_id)
        return self._iterate(CannedResponseFolder, "/canned_response_folders", "canned_response_folders", params,
                             "canned_response_folder")

    async def get_canned_response_folder(self, id: int) -> CannedResponseFolder:
        data, _ = await self._call("GET", f"/canned_response_folders/{int(id)}")
        return self._parse(lambda: CannedResponseFolder.model_validate(
            _one(data, ("canned_response_folder", "canned response_folder"))), "GET", "/canned_response_folders")

    async def list_folder_canned_responses(self, folder_id: int, page: int = 1,
                                           per_page: int = 30) -> Page[CannedResponse]:
        check_paging(page, per_page)
        return await self._get_page(CannedResponse, f"/canned_response_folders/{int(folder_id)}/canned_responses",
                                    "canned_responses", page, page_params(page, per_page), "canned_response")

    async def list_canned_responses(self, *, workspace_id: WorkspaceParam = None, page: int = 1,
                                    per_page: int = 30) -> Page[CannedResponse]:
        """GET /canned_responses (workspace_id 1 = global only)."""
        check_paging(page, per_page)
        params = with_workspace(page_params(page, per_page), workspace_id)
        return await self._get_page(CannedResponse, "/canned_responses", "canned_responses", page, params,
                                    "canned_response")

    def iter_canned_responses(self, *, workspace_id: WorkspaceParam = None,
                              per_page: int = 100) -> AsyncIterator[CannedResponse]:
        check_paging(1, per_page)
        params = with_workspace(page_params(1, per_page), workspace_id)
        return self._iterate(CannedResponse, "/canned_responses", "canned_responses", params, "canned_response")

    async def get_canned_response(self, id: int) -> CannedResponse:
        data, _ = await self._call("GET", f"/canned_responses/{int(id)}")
        return self._parse(lambda: CannedResponse.model_validate(
            _one(data, ("canned_response", "canned_responses"))), "GET", "/canned_responses")

"""Asset types (API-SUPPLEMENT §6): ``GET /asset_types``, ``GET /asset_types/{id}`` (the current name of
the reference's CI types: an asset's ``asset_type_id`` is the reference's ``ci_type_id``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fstui.api.models import FSModel, UTCDateTime
from fstui.api.paging import Page, check_paging
from fstui.api.params import page_params
from fstui.api.transport import Transport


class AssetType(FSModel):
    id: int
    name: str | None = None
    description: str | None = None
    parent_asset_type_id: int | None = None
    visible: bool | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class AssetTypesApi(Transport):
    """GET /asset_types, /asset_types/{id}."""

    # --- asset types (§6) -----------------------------------------------------------------------
    async def list_asset_types(self, page: int = 1, per_page: int = 30) -> Page[AssetType]:
        check_paging(page, per_page)
        return await self._get_page(AssetType, "/asset_types", "asset_types", page, page_params(page, per_page),
                                    "asset_type")

    def iter_asset_types(self, per_page: int = 100) -> AsyncIterator[AssetType]:
        check_paging(1, per_page)
        return self._iterate(AssetType, "/asset_types", "asset_types", page_params(1, per_page), "asset_type")

    async def get_asset_type(self, id: int) -> AssetType:
        return await self._get_one(AssetType, f"/asset_types/{int(id)}", "asset_type")

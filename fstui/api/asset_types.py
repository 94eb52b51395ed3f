"""Asset types (API-SUPPLEMENT: ``GET /asset_types``, ``GET /asset_types/[id]``): the names behind an asset's
``ci_type_id`` (the reference) / ``asset_type_id`` (the current API).

``{"asset_types": [{id, name, description, parent_asset_type_id, visible, created_at, updated_at}]}``, paged.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from fstui.api.models import FSModel, UTCDateTime
from fstui.api.paging import Page, check_paging
from fstui.api.params import page_params


class AssetType(FSModel):
    id: int
    name: str | None = None
    description: str | None = None
    parent_asset_type_id: int | None = None
    visible: bool | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class AssetTypesMixin:
    """Mixed into FreshserviceClient (uses its ``_get_page``/``_iterate``/``_get_one``)."""

    async def list_asset_types(self, page: int = 1, per_page: int = 30) -> Page[AssetType]:
        """GET /asset_types (one page)."""
        check_paging(page, per_page)
        return await self._get_page(AssetType, "/asset_types", "asset_types", page,  # type: ignore[attr-defined]
                                    page_params(page, per_page), "asset_type")

    def iter_asset_types(self, per_page: int = 100) -> AsyncIterator[AssetType]:
        """Every asset type, page after page."""
        check_paging(1, per_page)
        return self._iterate(AssetType, "/asset_types", "asset_types",  # type: ignore[attr-defined]
                             page_params(1, per_page), "asset_type")

    async def get_asset_type(self, id: int) -> AssetType:
        """GET /asset_types/[id]."""
        return await self._get_one(AssetType, f"/asset_types/{int(id)}", "asset_type")  # type: ignore[attr-defined]

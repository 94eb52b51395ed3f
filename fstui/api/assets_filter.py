"""The current asset look-ups (API-SUPPLEMENT §6 "Assets (delta)"), beside the reference's
``GET /assets?query="…"`` (:meth:`FreshserviceClient.filter_assets`, deprecated on real accounts):

- ``GET /assets?filter="…"``: fields workspace_id, asset_type_id (the current ``ci_type_id``),
  department_id, location_id, asset_state, user_id, agent_id, name, asset_tag, created_at,
  updated_at, serial_number, ...; 30 per page, page <= 40.
- ``GET /assets?search="name:'x'"``: identifiers only (name, asset_tag, serial_number, mac/ip, uuid,
  item_id, imei); 30 per page, page <= 40.
"""

from __future__ import annotations

from fstui.api.models import Asset
from fstui.api.paging import Page, check_filter_page, filter_next
from fstui.api.params import MAX_ASSET_FILTER_PAGE, quoted_query, type_fields
from fstui.api.transport import Transport
from fstui.api.workspaces import WorkspaceParam, with_workspace


class AssetsFilterApi(Transport):
    async def filter_assets_by(self, filter: str, page: int = 1, *, include_type_fields: bool = False,
                               workspace_id: WorkspaceParam = None) -> Page[Asset]:
        """GET /assets?filter="..." (the current filter; ``workspace_id`` may also be in the filter)."""
        return await self._asset_lookup("filter", filter, page, include_type_fields, workspace_id)

    async def search_assets(self, search: str, page: int = 1, *, include_type_fields: bool = False,
                            workspace_id: WorkspaceParam = None) -> Page[Asset]:
        """GET /assets?search="name:'x'" (identifier look-up)."""
        return await self._asset_lookup("search", search, page, include_type_fields, workspace_id)

    async def _asset_lookup(self, param: str, text: str, page: int, include_type_fields: bool,
                            workspace_id: WorkspaceParam) -> Page[Asset]:
        check_filter_page(page, MAX_ASSET_FILTER_PAGE, "asset")
        params = with_workspace({"include": type_fields(include_type_fields), param: quoted_query(text),
                                 "page": page}, workspace_id)
        result = await self._get_page(Asset, "/assets", "assets", page, params, "asset")
        return filter_next(result, MAX_ASSET_FILTER_PAGE)

"""Locations (API-SUPPLEMENT §6): ``GET /locations[?query="name:'London'"]``, ``GET /locations/{id}``.
Paged like every list (page, per_page <= 100, Link)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fstui.api.departments import query_params
from fstui.api.models import FSModel, UTCDateTime
from fstui.api.paging import Page, check_paging
from fstui.api.transport import Transport


class Address(FSModel):
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    zipcode: str | None = None


class Location(FSModel):
    id: int
    name: str | None = None
    parent_location_id: int | None = None
    primary_contact_id: int | None = None
    address: Address | None = None
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None
    workspace_id: int | None = None
    created_at: UTCDateTime = None
    updated_at: UTCDateTime = None


class LocationsApi(Transport):
    """GET /locations, /locations/{id}."""

    # --- locations (§6) -------------------------------------------------------------------------
    async def list_locations(self, *, query: str | None = None, page: int = 1,
                             per_page: int = 30) -> Page[Location]:
        """GET /locations[?query="name:'London'"]."""
        check_paging(page, per_page)
        return await self._get_page(Location, "/locations", "locations", page,
                                    query_params(query, page, per_page), "location")

    def iter_locations(self, *, query: str | None = None, per_page: int = 100) -> AsyncIterator[Location]:
        check_paging(1, per_page)
        return self._iterate(Location, "/locations", "locations", query_params(query, 1, per_page), "location")

    async def get_location(self, id: int) -> Location:
        return await self._get_one(Location, f"/locations/{int(id)}", "location")

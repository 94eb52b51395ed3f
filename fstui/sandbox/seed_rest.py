"""The seeded records of the rest of the API public clients call (issue 16), in one dict.

Each part has a generator of its own, so adding it leaves the seeded tickets, people and assets of
``seed.generate`` unchanged. Generated once per ``SeedData`` (``Store`` asks on its first reset).
"""

from __future__ import annotations

from . import seed_asset_types, seed_catalog, seed_inventory, seed_itsm, seed_kb, seed_work
from .seed import SeedData


def generate(data: SeedData) -> dict:
    rest = {"asset_types": seed_asset_types.generate(data.anchor)}
    rest.update(seed_itsm.generate(data))
    seed_work.generate(data, rest)  # tickets' tasks and time entries (issue 14)
    rest.update(seed_kb.generate(data.anchor))  # canned responses, solutions (issue 14)
    rest.update(seed_catalog.generate(data))
    rest.update(seed_inventory.generate(data))
    return rest

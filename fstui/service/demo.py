"""Start the demo desk afresh (``fstui --demo-reset``): its saved account, disk cache and outbox go.

The demo desk is one account kept between runs (fstui.sandbox.persist): its sandbox state in the data
directory, its cache in the cache directory, its outbox beside the state. Starting it afresh drops all
three together — a fresh account under an old cache showed yesterday's values as if they were the
server's. Drafts (text the user typed) are kept: they are offered again and can still be sent.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from fstui import locations
from fstui.service.factory import demo_slug, demo_state_path

if TYPE_CHECKING:
    from fstui.config import Profile


def reset_demo_desk(profile: "Profile") -> list[Path]:
    """Delete the demo desk's saved account, cache and outbox; returns the paths that were removed.

    Run it while no fstui has the demo desk open (a running demo keeps its account in memory and writes
    it back on its next change)."""
    slug = demo_slug(profile)
    state = Path(demo_state_path(profile))
    removed: list[Path] = []
    for path in (state, state.with_name(state.name + ".bad")):
        if path.exists():
            path.unlink()
            removed.append(path)
    for directory in (locations.cache_dir() / slug, locations.data_dir() / slug / "outbox"):
        if directory.exists():
            shutil.rmtree(directory)
            removed.append(directory)
    return removed

"""Every path fstui uses on disk, in one place.

Each can be overridden by an environment variable, which is how the tests keep
the developer's own config, cache and drafts out of reach.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "fstui"


def _dir(env: str, default: str) -> Path:
    value = os.environ.get(env)
    return Path(value) if value else Path(default)


def config_dir() -> Path:
    """Where config.toml lives (FSTUI_CONFIG_DIR overrides)."""
    return _dir("FSTUI_CONFIG_DIR", platformdirs.user_config_dir(APP_NAME))


def config_file() -> Path:
    return config_dir() / "config.toml"


def cache_dir() -> Path:
    """Root of the per-profile disk caches (FSTUI_CACHE_DIR overrides)."""
    return _dir("FSTUI_CACHE_DIR", platformdirs.user_cache_dir(APP_NAME))


def data_dir() -> Path:
    """Root of durable data: outbox and drafts (FSTUI_DATA_DIR overrides)."""
    return _dir("FSTUI_DATA_DIR", platformdirs.user_data_dir(APP_NAME))


def styles_dir() -> Path:
    """The .tcss files: inside the installed package, or the repo's top-level styles/."""
    packaged = Path(__file__).parent / "styles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "styles"

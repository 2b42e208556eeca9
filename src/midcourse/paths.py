"""Where midcourse keeps things on this machine: the one place that reads the directory overrides
(`MIDCOURSE_DATA_DIR`, `MIDCOURSE_CONFIG_DIR`, `MIDCOURSE_CACHE`). Every environment variable
midcourse reads, these included, is in the one table of docs/user-guide.md ("Environment variables").
"""

from __future__ import annotations

import os
from pathlib import Path


def _dir(variable: str, kind: str) -> Path:
    override = os.environ.get(variable)
    if override:
        return Path(override)
    import platformdirs

    found: str = getattr(platformdirs, f"user_{kind}_dir")("midcourse", appauthor=False)
    return Path(found)


def data_dir() -> Path:
    """The user's data directory (MIDCOURSE_DATA_DIR overrides)."""
    return _dir("MIDCOURSE_DATA_DIR", "data")


def config_dir() -> Path:
    """The user's config directory (MIDCOURSE_CONFIG_DIR overrides)."""
    return _dir("MIDCOURSE_CONFIG_DIR", "config")


def cache_dir() -> Path:
    """The user's cache directory (MIDCOURSE_CACHE overrides)."""
    return _dir("MIDCOURSE_CACHE", "cache")

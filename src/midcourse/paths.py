"""Where midcourse keeps things on this machine: the one place that reads the directory overrides.

| variable | what it moves | default (Linux) |
|---|---|---|
| `MIDCOURSE_DATA_DIR` | the SQLite database | `~/.local/share/midcourse/` |
| `MIDCOURSE_CONFIG_DIR` | `settings.toml` | `~/.config/midcourse/` |
| `MIDCOURSE_CACHE` | the cache of sentence embeddings | `~/.cache/midcourse/` |

(`MIDCOURSE_DB`, `MIDCOURSE_PASSPHRASE` and `MIDCOURSE_PORT` are options of the command line.)
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

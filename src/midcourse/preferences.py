"""Everyday preferences of each client that are not part of the record: which questionnaires the
session form offers, and the weekly session slots the reminders use. One small JSON file in the
config directory (MIDCOURSE_CONFIG_DIR moves it), by client key."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Preferences:
    """What the client chose on the welcome and settings pages."""

    instruments: list[str] = field(default_factory=list)
    weekly: list[str] = field(default_factory=list)


def default_path() -> Path:
    from midcourse.paths import config_dir

    return config_dir() / "preferences.json"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load(client: str, path: Path | None = None) -> Preferences:
    """A client's preferences (defaults where the file or the client is missing or unreadable)."""
    entry = _read(path or default_path()).get(client)
    if not isinstance(entry, dict):
        return Preferences()
    return Preferences(**{k: [str(v) for v in entry.get(k, []) if isinstance(v, (str, int))]
                          for k in ("instruments", "weekly") if isinstance(entry.get(k, []), list)})


def save(client: str, preferences: Preferences, path: Path | None = None) -> None:
    """Write a client's preferences, keeping the other clients'; the file is replaced whole."""
    file = path or default_path()
    data = _read(file)
    data[client] = asdict(preferences)
    file.parent.mkdir(parents=True, exist_ok=True)
    candidate = file.with_suffix(".json.new")
    candidate.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    candidate.replace(file)


def forget(client: str, path: Path | None = None) -> None:
    """Remove a client's preferences (when their record is deleted)."""
    file = path or default_path()
    data = _read(file)
    if data.pop(client, None) is not None:
        file.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

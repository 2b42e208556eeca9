"""What the routes share (the store, the record shown, the settings file, the text reader), given to
each route through `Depends`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from midcourse import settings as settings_module
from midcourse.assess import Assessment, assess
from midcourse.record import Record
from midcourse.store import DEFAULT_CLIENT, Store
from midcourse.text import TextReader


class WebState:
    """One app's store, the client it shows, its settings file and its text reader."""

    def __init__(self, store: Store, client: str | None, settings_path: Path | None, reader: TextReader):
        self.store = store
        self.client = client
        self.settings_path = settings_path
        self.reader = reader

    def key(self) -> str | None:
        keys = self.store.clients()
        if self.client in keys:
            return self.client
        if len(keys) == 1:
            return keys[0]
        return "demo" if "demo" in keys else (keys[0] if keys else None)

    def record(self) -> tuple[str | None, Record]:
        key = self.key()
        return key, (self.store.load(key) if key else Record())

    def settings(self) -> settings_module.Settings:
        try:
            return settings_module.load(self.settings_path)
        except settings_module.SettingsError:
            return settings_module.Settings()

    def settings_file(self) -> Path:
        return self.settings_path or settings_module.default_path()

    def assessment(self, record: Record, as_of: str | None = None) -> Assessment:
        date = None
        if as_of:
            try:
                date = dt.date.fromisoformat(as_of[:10])
            except ValueError:
                raise HTTPException(400, f"as_of: '{as_of}' is not an ISO 8601 date") from None
        return assess(record, date, self.settings(), self.reader)

    def defense_profile(self, record: Record) -> dict[str, Any]:
        """The profile alone: no need to read every text, as a whole assessment would."""
        from midcourse.analysis.defenses import profile
        from midcourse.analysis.window import window

        return profile(record, window(record, None, self.settings()))

    def update(self, change: Any) -> Record:
        key = self.key()
        if key is None:
            self.store.create_client(DEFAULT_CLIENT)
            key = DEFAULT_CLIENT
        return self.store.update(key, change)

    def forget_cached_words(self) -> None:
        """Drop the reader's in-memory embeddings (after a record is deleted)."""
        memory = getattr(getattr(self.reader, "embedder", None), "memory", None)
        if isinstance(memory, dict):
            memory.clear()


def get_state(request: Request) -> WebState:
    """The app's shared state (set by create_app)."""
    state: WebState = request.app.state.midcourse
    return state


State = Annotated[WebState, Depends(get_state)]

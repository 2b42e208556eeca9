"""What the routes share (the store, the record shown, the settings file, the text reader, the undo
list), given to each route through `Depends`."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from midcourse import preferences as preferences_module
from midcourse import settings as settings_module
from midcourse.assess import Assessment, assess
from midcourse.record import Record
from midcourse.store import Store
from midcourse.text import TextReader

# The client key of the example record (`midcourse demo` stores it under this key): the web app shows
# it read-only, so that recording never writes into its invented history.
EXAMPLE = "demo"
UNDO_KEPT = 50
# "As of" dates a page accepts: far wider than any course of therapy, and far from the calendar's ends.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2200, 12, 31)


class ReadOnly(HTTPException):
    """A write to the example record, or to a record the page was not showing."""

    def __init__(self, detail: str):
        super().__init__(409, detail)


@dataclass
class Current:
    """The record a page shows: its client key (None before the first run), and whether it is the example."""

    key: str | None
    record: Record
    example: bool = False


@dataclass(frozen=True)
class Deleted:
    """An item removed from a record, kept in memory so that it can be put back."""

    client: str
    kind: str
    item: Any
    label: str


class WebState:
    """One app's store, the client it shows, its settings file, its text reader and its undo list."""

    def __init__(self, store: Store, client: str | None, settings_path: Path | None, reader: TextReader,
                 preferences_path: Path | None = None):
        self.store = store
        self.selected = client
        self.settings_path = settings_path
        self.preferences_path = preferences_path
        self.reader = reader
        self.deleted: OrderedDict[str, Deleted] = OrderedDict()
        self.notices: OrderedDict[str, str] = OrderedDict()
        self._example: Record | None = None

    # which record -----------------------------------------------------------------------------------
    def own_clients(self) -> list[str]:
        """The stored records of real people (every client but the example)."""
        return [k for k in self.store.clients() if k != EXAMPLE]

    def current(self) -> Current:
        """The record shown: the one chosen, else the first of the client's own; the example when chosen."""
        keys = self.store.clients()
        if self.selected == EXAMPLE:
            return Current(EXAMPLE, self.example_record(), example=True)
        own = [k for k in keys if k != EXAMPLE]
        key = self.selected if self.selected in own else (own[0] if own else None)
        return Current(key, self.store.load(key) if key else Record())

    def example_record(self) -> Record:
        if EXAMPLE in self.store.clients():
            return self.store.load(EXAMPLE)
        if self._example is None:
            from midcourse.demo import demo_record

            self._example = demo_record()
        return self._example

    def choose(self, key: str) -> None:
        if key != EXAMPLE and key not in self.store.clients():
            raise HTTPException(404, f"No record '{key}'")
        self.selected = key

    # settings and preferences -----------------------------------------------------------------------
    def settings(self) -> settings_module.Settings:
        try:
            return settings_module.load(self.settings_path)
        except settings_module.SettingsError:
            return settings_module.Settings()

    def settings_file(self) -> Path:
        return self.settings_path or settings_module.default_path()

    def save_settings(self, changes: dict[str, str]) -> settings_module.Settings:
        """Save some settings, keeping the others as they are (raises SettingsError naming the setting)."""
        current = self.settings()
        values = {name: _typed_text(getattr(current, name)) for name, *_ in settings_module.documented()}
        values.update(changes)
        return settings_module.save(self.settings_file(), values)

    def preferences(self, key: str | None) -> preferences_module.Preferences:
        return preferences_module.load(key, self.preferences_path) if key else preferences_module.Preferences()

    def save_preferences(self, key: str, preferences: preferences_module.Preferences) -> None:
        preferences_module.save(key, preferences, self.preferences_path)

    # assessments ------------------------------------------------------------------------------------
    def assessment(self, record: Record, as_of: str | None = None) -> Assessment:
        return assess(record, parse_as_of(as_of), self.settings(), self.reader)

    def states_over_time(self, record: Record, as_of: dt.date) -> list[tuple[dt.date, str]]:
        """The state as of each session date up to `as_of` (midcourse.history), for the chart's band."""
        from midcourse.history import history

        out = []
        for point in history(record, self.settings(), self.reader):
            if point.as_of > as_of:
                break
            out.append((point.as_of, point.assessment.state))
        return out

    def defense_profile(self, record: Record) -> dict[str, Any]:
        """The profile alone: no need to read every text, as a whole assessment would."""
        from midcourse.analysis.defenses import profile
        from midcourse.analysis.window import window

        return profile(record, window(record, None, self.settings()))

    # writes -----------------------------------------------------------------------------------------
    def writable(self, sent: str | None = None) -> str:
        """The client key a form may write into: the record shown, never the example, and the record
        the form was made for (`sent`) when it says."""
        current = self.current()
        if current.example:
            raise ReadOnly("This is the example: an invented course of therapy that cannot be changed. "
                           "Start your own record to record sessions.")
        if current.key is None:
            raise ReadOnly("There is no record yet: start your own record first.")
        if sent and sent != current.key:
            raise ReadOnly(f"This form was for the record '{sent}', but '{current.key}' is shown now. "
                           "Reload the page and try again.")
        return current.key

    def update(self, key: str, change: Callable[[Record], None]) -> Record:
        return self.store.update(key, change)

    def keep_deleted(self, deleted: Deleted) -> str:
        """Remember a deleted item for undo; returns the token that puts it back."""
        token = secrets.token_urlsafe(12)
        self.deleted[token] = deleted
        while len(self.deleted) > UNDO_KEPT:
            self.deleted.popitem(last=False)
        return token

    def notice(self, text: str) -> str:
        """Keep what a write did, to say it on the next page; returns the token that shows it."""
        token = secrets.token_urlsafe(9)
        self.notices[token] = text
        while len(self.notices) > UNDO_KEPT:
            self.notices.popitem(last=False)
        return token

    def forget_cached_words(self) -> None:
        """Drop every text the reader holds in memory, and all worked out from one (after a record is deleted)."""
        self.reader.forget()


def parse_as_of(as_of: str | None) -> dt.date | None:
    """An 'as of' date from a query (None: the record's last date); 400 naming the value otherwise."""
    if not as_of:
        return None
    try:
        date = dt.date.fromisoformat(as_of[:10])
    except ValueError:
        raise HTTPException(400, f"as_of: '{as_of[:40]}' is not a date (write it as 2026-09-14)") from None
    if not EARLIEST <= date <= LATEST:
        raise HTTPException(400, f"as_of: {date.isoformat()} is outside {EARLIEST.year} to {LATEST.year}")
    return date


def _typed_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def get_state(request: Request) -> WebState:
    """The app's shared state (set by create_app)."""
    state: WebState = request.app.state.midcourse
    return state


def get_current(request: Request) -> Current:
    """The record the page shows."""
    return get_state(request).current()


State = Annotated[WebState, Depends(get_state)]
Shown = Annotated[Current, Depends(get_current)]

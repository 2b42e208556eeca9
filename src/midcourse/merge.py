"""Merging an incoming record into a stored one: what an import adds, changes, skips and removes.

Sessions go through the one upsert (`entries.save_session`), so an import follows the rules of every
other write: a session is matched by its date-time; the fields the file gives replace those fields,
the fields it leaves out keep what was stored (nothing is lost because a file holds less), and every
field that changes is named in the summary. A new session on a day that has a stored session is
refused unless the caller says it is meant. Journal entries, defense notes and safety answers are
matched by their content (they have no identity of their own).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from midcourse.entries import Change, SameDayError, contents, define_instrument, differences, save_session
from midcourse.record import Record, When, day, format_when
from midcourse.validation import Problem, RecordError
from midcourse.wording import count, when_words


@dataclass
class ImportSummary:
    """What an import did: counts by kind of entry, each change to something that was stored, and
    the client whose record received it."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    client: str | None = None

    def count(self, outcome: str, kind: str, n: int = 1) -> None:
        bucket: dict[str, int] = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + n

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or any(c.changed for c in self.changes))

    def describe(self) -> str:
        """One line such as 'added 3 sessions, 1 journal entry; updated 1 session; skipped 2 sessions'."""
        parts = []
        for outcome in ("added", "updated", "removed", "skipped"):
            bucket: dict[str, int] = getattr(self, outcome)
            if bucket:
                items = ", ".join(count(n, kind) for kind, n in bucket.items())
                parts.append(f"{outcome} {items}")
        return "; ".join(parts) if parts else "nothing to import"


def merge(existing: Record, incoming: Record, *, today: dt.date | None = None, another_on_same_day: bool = False,
          removed_fields: Mapping[str, Mapping[str, Any]] | None = None) -> tuple[Record, ImportSummary]:
    """Merge incoming into a copy of existing. With `today`, nothing but a planned session may lie
    after it. `removed_fields` names, per session date-time, fields to remove (a vault note that no
    longer has a property), as None values in the form `save_session` takes."""
    merged = copy.deepcopy(existing)
    summary = ImportSummary()
    _merge_client(merged, incoming, summary)

    for key, definition in incoming.instruments.items():
        change = define_instrument(merged, key, definition, near_names=True)
        summary.count({"added": "added", "changed": "updated"}.get(change.verb, "skipped"), "instrument")
        if change.verb == "changed":
            summary.changes.append(change)

    stored_days: dict[dt.date, list[str]] = {}
    for s in existing.sessions:
        stored_days.setdefault(day(s.date), []).append(s.key)
    conflicts: list[tuple[When, list[str]]] = [
        (s.date, stored_days[day(s.date)]) for s in incoming.sessions
        if existing.session_at(s.key) is None and day(s.date) in stored_days]
    if conflicts and not another_on_same_day:
        raise SameDayError(conflicts)

    problems: list[Problem] = []
    for session in incoming.sessions:
        given: dict[str, Any] = session.to_dict()
        for name, value in (removed_fields or {}).get(session.key, {}).items():
            if isinstance(value, Mapping):
                given[name] = {**dict(value), **given.get(name, {})}
            elif name not in given:
                given[name] = value
        try:
            # Sessions of the file itself may share a day: only the stored ones were asked about.
            change = save_session(merged, given, today=today, another_on_same_day=True)
        except RecordError as exc:
            problems += [Problem((), f"the session of {session.key}: {p}") for p in exc.found]
            continue
        summary.count({"added": "added", "changed": "updated"}.get(change.verb, "skipped"), "session")
        if change.verb == "changed":
            summary.changes.append(change)
    if problems:
        raise RecordError(problems)

    # Journal entries and defense notes have no identity of their own: an incoming one matches
    # an existing one with the same date and text (or defense), each existing one at most once,
    # so that repeated identical entries in one file survive a round trip.
    _merge_entries(merged.journal, incoming.journal, ("text",), ("tags",), "journal entry", summary)
    _merge_entries(merged.defenses, incoming.defenses, ("defense",), ("note",), "defense note", summary)
    _merge_entries(merged.safety_answers, incoming.safety_answers, ("text", "answer"), ("text_date",),
                   "safety answer", summary)
    if today is not None:
        future = [f"the {kind} of {format_when(item.date)} is after today ({today.isoformat()})"
                  for kind, items in (("journal entry", incoming.journal), ("defense note", incoming.defenses),
                                      ("safety answer", incoming.safety_answers))
                  for item in items if day(item.date) > today]
        if future:
            raise RecordError(future)
    merged.sort()
    return merged, summary


def _merge_client(merged: Record, incoming: Record, summary: ImportSummary) -> None:
    old = merged.client.to_dict()
    if incoming.client.name is not None:
        merged.client.name = incoming.client.name
    if incoming.client.therapy_started is not None:
        merged.client.therapy_started = incoming.client.therapy_started
    if old and old != merged.client.to_dict():
        summary.changes.append(Change("changed", "the client", differences(old, merged.client.to_dict())))


def _merge_entries(existing: list[Any], incoming: list[Any], identity: tuple[str, ...], payload: tuple[str, ...],
                   kind: str, summary: ImportSummary) -> None:
    def key_of(item: Any) -> tuple[Any, ...]:
        return (format_when(item.date), *(getattr(item, name) for name in identity))

    unmatched = list(range(len(existing)))
    for item in incoming:
        key = key_of(item)
        index = next((i for i in unmatched if key_of(existing[i]) == key), None)
        if index is None:
            existing.append(copy.deepcopy(item))
            summary.count("added", kind)
            continue
        unmatched.remove(index)
        if all(getattr(existing[index], name) == getattr(item, name) for name in payload):
            summary.count("skipped", kind)
        else:
            old = existing[index].to_dict()
            for name in payload:
                setattr(existing[index], name, copy.deepcopy(getattr(item, name)))
            summary.count("updated", kind)
            summary.changes.append(Change("changed", f"the {kind} of {when_words(item.date)}",
                                          differences(old, existing[index].to_dict())))


def remove_entries(record: Record, before: Record, after: Record) -> dict[str, int]:
    """Remove from record, in place, what `before` had and `after` no longer has (a vault's
    deleted notes); returns the counts by kind."""
    return {kind: n for kind, n in _count_kinds(removed_entries(record, before, after)).items()}


def removed_entries(record: Record, before: Record, after: Record) -> list[tuple[str, Change]]:
    """Remove from record, in place, what `before` had and `after` no longer has; returns each
    removal with its kind ('session', 'journal entry', 'defense note')."""
    from midcourse.entries import session_name

    out: list[tuple[str, Change]] = []
    gone_sessions = {s.key for s in before.sessions} - {s.key for s in after.sessions}
    for s in [s for s in record.sessions if s.key in gone_sessions]:
        record.sessions.remove(s)
        out.append(("session", Change("removed", session_name(s), contents(s.to_dict()))))

    def gone(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[tuple[str, str]]:
        remaining = list(new)
        lost = []
        for item in old:
            if item in remaining:
                remaining.remove(item)
            else:
                lost.append(item)
        return lost

    for kind, attr, field_name in (("journal entry", "journal", "text"), ("defense note", "defenses", "defense")):
        old = [(format_when(x.date), getattr(x, field_name)) for x in getattr(before, attr)]
        new = [(format_when(x.date), getattr(x, field_name)) for x in getattr(after, attr)]
        items = getattr(record, attr)
        for key in gone(old, new):
            match = next((i for i, x in enumerate(items) if (format_when(x.date), getattr(x, field_name)) == key),
                         None)
            if match is not None:
                item = items.pop(match)
                out.append((kind, Change("removed", f"the {kind} of {when_words(item.date)}",
                                         contents(item.to_dict()))))
    return out


def _count_kinds(removals: list[tuple[str, Change]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind, _ in removals:
        counts[kind] = counts.get(kind, 0) + 1
    return counts

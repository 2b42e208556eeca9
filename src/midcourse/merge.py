"""Merging an incoming record into a stored one: what import adds, updates and skips."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from midcourse.record import Record, format_when
from midcourse.wording import count


@dataclass
class ImportSummary:
    """Counts of what an import did, by kind of entry."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str, kind: str, n: int = 1) -> None:
        bucket: dict[str, int] = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + n

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def describe(self) -> str:
        """One line such as 'added 3 sessions, 1 journal entry; updated 1 session; skipped 2'."""
        parts = []
        for outcome in ("added", "updated", "removed", "skipped"):
            bucket: dict[str, int] = getattr(self, outcome)
            if bucket:
                items = ", ".join(count(n, kind) for kind, n in bucket.items())
                parts.append(f"{outcome} {items}")
        return "; ".join(parts) if parts else "nothing to import"


def merge(existing: Record, incoming: Record) -> tuple[Record, ImportSummary]:
    """Merge incoming into a copy of existing; sessions match by date-time."""
    merged = copy.deepcopy(existing)
    summary = ImportSummary()

    if incoming.client.name is not None:
        merged.client.name = incoming.client.name
    if incoming.client.therapy_started is not None:
        merged.client.therapy_started = incoming.client.therapy_started

    for key, definition in incoming.instruments.items():
        old = merged.instruments.get(key)
        if old == definition:
            summary.count("skipped", "instrument")
        else:
            summary.count("added" if old is None else "updated", "instrument")
            merged.instruments[key] = dict(definition)

    by_key = {s.key: i for i, s in enumerate(merged.sessions)}
    for session in incoming.sessions:
        index = by_key.get(session.key)
        if index is None:
            merged.sessions.append(copy.deepcopy(session))
            summary.count("added", "session")
        elif merged.sessions[index].to_dict() == session.to_dict():
            summary.count("skipped", "session")
        else:
            merged.sessions[index] = copy.deepcopy(session)
            summary.count("updated", "session")

    # Journal entries and defense notes have no identity of their own: an incoming one matches
    # an existing one with the same date and text (or defense), each existing one at most once,
    # so that repeated identical entries in one file survive a round trip.
    _merge_entries(merged.journal, incoming.journal, ("text",), ("tags",), "journal entry", summary)
    _merge_entries(merged.defenses, incoming.defenses, ("defense",), ("note",), "defense note", summary)
    _merge_entries(merged.safety_answers, incoming.safety_answers, ("text", "answer"), ("text_date",),
                   "safety answer", summary)

    merged.sort()
    return merged, summary


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
            for name in payload:
                setattr(existing[index], name, copy.deepcopy(getattr(item, name)))
            summary.count("updated", kind)


def remove_entries(record: Record, before: Record, after: Record) -> dict[str, int]:
    """Remove from record, in place, what `before` had and `after` no longer has (a vault's
    deleted notes); returns the counts by kind."""
    removed: dict[str, int] = {}
    gone_sessions = {s.key for s in before.sessions} - {s.key for s in after.sessions}
    kept = [s for s in record.sessions if s.key not in gone_sessions]
    if len(kept) != len(record.sessions):
        removed["session"] = len(record.sessions) - len(kept)
    record.sessions = kept

    def gone(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[tuple[str, str]]:
        remaining = list(new)
        out = []
        for item in old:
            if item in remaining:
                remaining.remove(item)
            else:
                out.append(item)
        return out

    for kind, attr, field_name in (("journal entry", "journal", "text"), ("defense note", "defenses", "defense")):
        old = [(format_when(x.date), getattr(x, field_name)) for x in getattr(before, attr)]
        new = [(format_when(x.date), getattr(x, field_name)) for x in getattr(after, attr)]
        items = getattr(record, attr)
        for key in gone(old, new):
            match = next((i for i, x in enumerate(items) if (format_when(x.date), getattr(x, field_name)) == key),
                         None)
            if match is not None:
                items.pop(match)
                removed[kind] = removed.get(kind, 0) + 1
    return removed

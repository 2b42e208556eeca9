"""Importing a vault into the store, incrementally: only changed notes are read again, what was
deleted in the vault is removed (a note, or a property of a session note), and entries added by
other means stay. Sessions go through the one upsert (see merge.py). All of it, or nothing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from midcourse.merge import ImportSummary, merge, removed_entries
from midcourse.record import Record, day, format_when, parse_when
from midcourse.store import Store, StoredNote, Transaction
from midcourse.vault import NoteResult, NoteState, VaultRead, read_config, read_vault, skeleton


def note_states(stored: dict[str, StoredNote]) -> dict[str, NoteState]:
    """The vault module's view of what the store kept."""
    return {path: NoteState(n.mtime_ns, n.size, n.sha256, NoteResult.from_dict(n.result))
            for path, n in stored.items()}


def stored_notes(states: dict[str, NoteState]) -> dict[str, StoredNote]:
    """What the store keeps of each note."""
    return {path: StoredNote(s.mtime_ns, s.size, s.sha256, s.result.to_dict()) for path, s in states.items()}


def import_vault(store: Store, root: str | os.PathLike[str], key: str | None = None, *,
                 today: dt.date | None = None, another_on_same_day: bool = False
                 ) -> tuple[ImportSummary, VaultRead]:
    """Import a vault into a client's record: `key`, else the client its midcourse.yaml names, else
    the only one (Store.client_for_import). With `today`, a session note dated after it that is not
    `planned` is left out with a warning, and read again next time."""
    config, _ = read_config(Path(root))
    chosen = store.client_for_import(config.client, key)

    # The vault is read inside the write lock, against the note states of that moment, so that two
    # imports at once cannot each remove what the other one just added.
    def work(txn: Transaction) -> tuple[ImportSummary, VaultRead]:
        exists = txn.exists(chosen)
        previous = note_states(txn.notes(chosen))
        read = read_vault(Path(root), previous)
        unchanged = set(previous) == set(read.notes) and all(
            previous[p].sha256 == read.notes[p].sha256 for p in previous)
        if unchanged and exists:
            if any(previous[p].mtime_ns != read.notes[p].mtime_ns for p in previous):
                txn.replace_notes(chosen, stored_notes(read.notes))
            return ImportSummary(client=chosen), read
        notes = _leave_out_future(read, today)
        stored = txn.read(chosen) if exists else Record()
        removals = removed_entries(stored, skeleton(previous), read.record)
        merged, summary = merge(stored, read.record, another_on_same_day=another_on_same_day,
                                removed_fields=_removed_properties(previous, notes))
        for kind, change in removals:
            summary.count("removed", kind)
            summary.changes.append(change)
        txn.write(chosen, merged)
        txn.replace_notes(chosen, stored_notes(notes))
        summary.client = chosen
        return summary, read

    return store.transact(work)


def _leave_out_future(read: VaultRead, today: dt.date | None) -> dict[str, NoteState]:
    """Take future held sessions out of the read record (with a warning each); the note states to
    keep, without the notes that held them, so that they are read again once the day has come."""
    if today is None:
        return dict(read.notes)
    future = {s.key for s in read.record.sessions if day(s.date) > today and not s.planned}
    if not future:
        return dict(read.notes)
    read.record.sessions = [s for s in read.record.sessions if s.key not in future]
    notes = {}
    for path, state in read.notes.items():
        dates = {format_when(parse_when(str(s["date"]))) for s in state.result.sessions}
        if dates & future:
            for key in sorted(dates & future):
                read.warnings.append(f"{path}: session {key} is after today ({today.isoformat()}); left out "
                                     "(write status: planned for an appointment ahead)")
        else:
            notes[path] = state
    return notes


def _removed_properties(previous: dict[str, NoteState], notes: dict[str, NoteState]
                        ) -> dict[str, dict[str, Any]]:
    """Per session date-time, the fields its note gave last time and no longer gives (as None, the
    upsert's way of saying 'remove'): a rating deleted in Obsidian is deleted in the record too."""
    before = {format_when(parse_when(str(s["date"]))): s for state in previous.values() for s in state.result.sessions}
    after = {format_when(parse_when(str(s["date"]))): s for state in notes.values() for s in state.result.sessions}
    removed: dict[str, dict[str, Any]] = {}
    for key, old in before.items():
        new = after.get(key)
        if new is None:
            continue
        fields: dict[str, Any] = {}
        for name, value in old.items():
            if name not in new:
                fields[name] = None
            elif isinstance(value, dict) and isinstance(new[name], dict):
                gone = {k: None for k in value if k not in new[name]}
                if gone:
                    fields[name] = gone
        if fields:
            removed[key] = fields
    return removed

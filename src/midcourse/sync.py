"""Importing a vault into the store, incrementally: only changed notes are read again, what was
deleted in the vault is removed, and entries added by other means stay. All of it, or nothing."""

from __future__ import annotations

import os
from pathlib import Path

from midcourse.merge import ImportSummary, merge, remove_entries
from midcourse.record import Record
from midcourse.store import DEFAULT_CLIENT, Store, StoredNote, Transaction
from midcourse.vault import NoteResult, NoteState, VaultRead, read_vault, skeleton


def note_states(stored: dict[str, StoredNote]) -> dict[str, NoteState]:
    """The vault module's view of what the store kept."""
    return {path: NoteState(n.mtime_ns, n.size, n.sha256, NoteResult.from_dict(n.result))
            for path, n in stored.items()}


def stored_notes(states: dict[str, NoteState]) -> dict[str, StoredNote]:
    """What the store keeps of each note."""
    return {path: StoredNote(s.mtime_ns, s.size, s.sha256, s.result.to_dict()) for path, s in states.items()}


def import_vault(store: Store, root: str | os.PathLike[str], key: str | None = None
                 ) -> tuple[ImportSummary, VaultRead]:
    """Import a vault into a client's record (the only client, else DEFAULT_CLIENT, when not named)."""
    if key is None:
        keys = store.clients()
        key = keys[0] if len(keys) == 1 else DEFAULT_CLIENT
    chosen = key

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
            return ImportSummary(), read
        stored = txn.read(chosen) if exists else Record()
        removed = remove_entries(stored, skeleton(previous), read.record)
        merged, summary = merge(stored, read.record)
        for kind, n in removed.items():
            summary.count("removed", kind, n)
        txn.write(chosen, merged)
        txn.replace_notes(chosen, stored_notes(read.notes))
        return summary, read

    return store.transact(work)

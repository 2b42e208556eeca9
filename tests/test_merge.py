import datetime as dt

from midcourse.merge import merge, remove_entries
from midcourse.record import DefenseObservation, JournalEntry, Record, Session

D = dt.date(2026, 3, 2)


def test_merge_adds_updates_and_skips_by_identity():
    existing = Record(sessions=[Session(D, "attended", note="a")],
                      journal=[JournalEntry(D, "same", ["x"])],
                      defenses=[DefenseObservation(D, "humour", "old")])
    incoming = Record(sessions=[Session(D, "attended", note="b"), Session(dt.date(2026, 3, 9), "no_show")],
                      journal=[JournalEntry(D, "same", ["y"]), JournalEntry(D, "same", ["y"])],
                      defenses=[DefenseObservation(D, "humour", "new")])
    merged, summary = merge(existing, incoming)
    assert summary.added == {"session": 1, "journal entry": 1}
    assert summary.updated == {"session": 1, "journal entry": 1, "defense note": 1}
    assert [s.note for s in merged.sessions] == ["b", ""]
    assert [j.tags for j in merged.journal] == [["y"], ["y"]]
    assert existing.sessions[0].note == "a"  # the stored record is not changed in place


def test_remove_entries_removes_only_what_the_source_no_longer_has():
    record = Record(sessions=[Session(D, "attended"), Session(dt.date(2026, 3, 9), "attended")],
                    journal=[JournalEntry(D, "from the vault"), JournalEntry(D, "added by hand")])
    before = Record(sessions=[Session(D, "attended"), Session(dt.date(2026, 3, 9), "attended")],
                    journal=[JournalEntry(D, "from the vault")])
    after = Record(sessions=[Session(D, "attended")])
    removed = remove_entries(record, before, after)
    assert removed == {"session": 1, "journal entry": 1}
    assert [j.text for j in record.journal] == ["added by hand"]


def test_summary_describes_in_words():
    _, summary = merge(Record(), Record(journal=[JournalEntry(D, "a"), JournalEntry(D, "b")]))
    assert summary.describe() == "added 2 journal entries"
    assert merge(Record(), Record())[1].describe() == "nothing to import"

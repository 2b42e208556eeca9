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


def test_an_import_keeps_what_the_file_leaves_out_and_names_each_change():
    from midcourse.record import CheckIn

    existing = Record(sessions=[Session(D, "attended", minutes_late=5, checkin=CheckIn(bond=6, goals=7),
                                        measures={"PHQ-9": 14})])
    incoming = Record(sessions=[Session(D, "attended", minutes_late=10, measures={"GAD-7": 9})])
    merged, summary = merge(existing, incoming)
    assert merged.sessions[0].to_dict() == {"date": "2026-03-02", "status": "attended", "minutes_late": 10,
                                            "checkin": {"bond": 6, "goals": 7},
                                            "measures": {"GAD-7": 9, "PHQ-9": 14}}
    assert [str(c) for c in summary.changes] == [
        "the session of Mon 2 Mar 2026: changed minutes late 5 → 10; added GAD-7 9"]


def test_an_import_asks_before_a_second_session_on_a_stored_day():
    import pytest

    from midcourse.entries import SameDayError

    existing = Record(sessions=[Session(dt.datetime(2026, 3, 2, 17, 0), "attended")])
    incoming = Record(sessions=[Session(D, "attended"), Session(dt.date(2026, 3, 9), "attended")])
    with pytest.raises(SameDayError) as info:
        merge(existing, incoming)
    assert [d for d, _ in info.value.conflicts] == [D]
    _, summary = merge(existing, incoming, another_on_same_day=True)
    assert summary.added == {"session": 2}


def test_an_import_refuses_dates_after_today_but_planned_sessions():
    import pytest

    from midcourse.validation import RecordError

    incoming = Record(sessions=[Session(dt.date(2099, 1, 5), "attended"), Session(dt.date(2099, 1, 12), "planned")],
                      journal=[JournalEntry(dt.date(2099, 1, 6), "ahead")])
    with pytest.raises(RecordError) as info:
        merge(Record(), incoming, today=dt.date(2026, 11, 26))
    assert info.value.problems == [
        "the session of 2099-01-05: date: 2099-01-05 is after today (2026-11-26): only a planned session can lie "
        "in the future"]
    merged, _ = merge(Record(), Record(sessions=incoming.sessions[1:]), today=dt.date(2026, 11, 26))
    assert merged.sessions[0].planned


def test_removed_fields_remove_what_a_source_no_longer_gives():
    from midcourse.record import CheckIn

    existing = Record(sessions=[Session(D, "attended", checkin=CheckIn(bond=6, goals=7), note="x")])
    incoming = Record(sessions=[Session(D, "attended", checkin=CheckIn(bond=6))])
    merged, summary = merge(existing, incoming, removed_fields={"2026-03-02": {"checkin": {"goals": None},
                                                                               "note": None}})
    assert merged.sessions[0].to_dict() == {"date": "2026-03-02", "status": "attended", "checkin": {"bond": 6}}
    assert [str(c) for c in summary.changes] == [
        "the session of Mon 2 Mar 2026: removed goals 7; removed note 'x'"]

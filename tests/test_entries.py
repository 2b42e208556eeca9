"""The one upsert and the edits and removals of every item, on real records, with their words."""

import datetime as dt

import pytest

from midcourse import entries
from midcourse.entries import Change, EntryNotFound, SameDayError
from midcourse.record import Record
from midcourse.validation import RecordError

TODAY = dt.date(2026, 11, 26)
S = "2026-01-05T17:00"


@pytest.fixture
def record():
    """A record with one attended session that has a partial check-in, a PHQ-9 score and a note."""
    r = Record()
    entries.save_session(r, {"date": S, "minutes_late": 12, "checkin": {"bond": 6, "goals": 7},
                             "measures": {"PHQ-9": 14}, "note": "First session."})
    return r


def test_a_new_session_is_added_attended_with_only_what_was_given():
    r = Record()
    change = entries.save_session(r, {"date": S})
    assert str(change) == "added the session of Mon 5 Jan 2026, 17:00: attended"
    assert r.to_dict()["sessions"] == [{"date": S, "status": "attended"}]


def test_fields_given_replace_and_fields_not_given_keep(record):
    change = entries.save_session(record, {"date": S, "checkin": {"bond": 8, "insight": 7}, "minutes_late": 5})
    assert str(change) == ("the session of Mon 5 Jan 2026, 17:00: changed minutes late 12 → 5; changed bond 6 → 8; "
                           "added insight 7")
    assert record.sessions[0].to_dict() == {
        "date": S, "status": "attended", "minutes_late": 5, "checkin": {"bond": 8, "goals": 7, "insight": 7},
        "measures": {"PHQ-9": 14}, "note": "First session."}


def test_none_removes_a_field(record):
    change = entries.save_session(record, {"date": S, "note": None, "checkin": {"goals": None}})
    assert change.details == ("removed goals 7", "removed note 'First session.'")
    assert record.sessions[0].checkin.goals is None and record.sessions[0].note == ""


def test_the_same_fields_again_change_nothing(record):
    assert str(entries.save_session(record, {"date": S, "minutes_late": 12})) == (
        "the session of Mon 5 Jan 2026, 17:00: nothing changed")


def test_items_set_the_total_and_a_new_total_replaces_items_that_no_longer_add_up(record):
    change = entries.save_session(record, {"date": S, "items": {"PHQ-9": [1, 2, 1, 0, 1, 2, 0, 1, 3]}})
    assert change.details == ("changed PHQ-9 14 → 11", "added PHQ-9 items 1 2 1 0 1 2 0 1 3")
    change = entries.save_session(record, {"date": S, "measures": {"PHQ-9": 12}})
    assert change.details == ("changed PHQ-9 11 → 12", "removed PHQ-9 items 1 2 1 0 1 2 0 1 3")


def test_a_second_session_on_the_same_day_is_asked_first(record):
    with pytest.raises(SameDayError) as info:
        entries.save_session(record, {"date": "2026-01-05"})
    assert info.value.problems == [
        "date: Mon 5 Jan 2026 already has a session (2026-01-05T17:00), and 2026-01-05 would be a second one "
        "that day; to change that session, give its date-time; to add a second session, say that it is "
        "another on the same day"]
    assert len(record.sessions) == 1
    entries.save_session(record, {"date": "2026-01-05T19:00"}, another_on_same_day=True)
    assert [s.key for s in record.sessions] == [S, "2026-01-05T19:00"]


def test_only_a_planned_session_may_lie_after_today():
    r = Record()
    with pytest.raises(RecordError) as info:
        entries.save_session(r, {"date": "2099-01-05T17:00"}, today=TODAY)
    assert info.value.problems == [
        "date: 2099-01-05T17:00 is after today (2026-11-26): only a planned session can lie in the future"]
    assert str(entries.save_session(r, {"date": "2099-01-05T17:00", "status": "planned"}, today=TODAY)) == (
        "added the session of Mon 5 Jan 2099, 17:00: planned")


def test_a_write_that_does_not_validate_changes_nothing(record):
    before = record.to_dict()
    with pytest.raises(RecordError) as info:
        entries.save_session(record, {"date": S, "status": "no_show"})
    assert info.value.problems == ["minutes_late: lateness applies only to attended sessions",
                                   "checkin: a check-in belongs to an attended session"]
    with pytest.raises(RecordError):
        entries.save_session(record, {"date": S, "checkin": {"bond": 11}})
    assert record.to_dict() == before


def test_find_session_by_date_time_or_by_its_day(record):
    assert entries.find_session(record, "2026-01-05").key == S
    with pytest.raises(EntryNotFound, match="no session at 2026-01-05T18:00; Mon 5 Jan 2026 has 2026-01-05T17:00"):
        entries.find_session(record, "2026-01-05T18:00")


def test_move_remove_checkin_measure_and_session(record):
    assert str(entries.remove_measure(record, S, "phq9")) == "the session of Mon 5 Jan 2026, 17:00: removed PHQ-9 14"
    assert str(entries.remove_checkin(record, S)) == (
        "the session of Mon 5 Jan 2026, 17:00: removed the check-in: bond 6, goals 7")
    assert str(entries.move_session(record, S, "2026-01-06T17:00")) == (
        "the session of Mon 5 Jan 2026, 17:00: moved to Tue 6 Jan 2026, 17:00")
    assert str(entries.remove_session(record, "2026-01-06")) == (
        "removed the session of Tue 6 Jan 2026, 17:00: attended, minutes late 12, note 'First session.'")
    assert record.sessions == []


def test_journal_entries_are_added_edited_and_removed_by_position():
    r = Record()
    assert str(entries.save_journal_entry(r, {"date": "2026-01-07", "text": "Felt lighter.", "tags": ["mood"]},
                                          today=TODAY)) == (
        "added the journal entry of Wed 7 Jan 2026 ('Felt lighter.'): tags mood")
    assert str(entries.save_journal_entry(r, {"text": "Felt heavier."}, 0)) == (
        "the journal entry of Wed 7 Jan 2026 ('Felt lighter.'): changed text 'Felt lighter.' → 'Felt heavier.'")
    with pytest.raises(RecordError, match="text: empty"):
        entries.save_journal_entry(r, {"date": "2026-01-08", "text": " "})
    with pytest.raises(RecordError, match=r"date: 2099-01-01 is after today \(2026-11-26\)"):
        entries.save_journal_entry(r, {"date": "2099-01-01", "text": "x"}, today=TODAY)
    with pytest.raises(EntryNotFound, match="no journal entry number 2 \\(there is 1 journal entry\\)"):
        entries.remove_journal_entry(r, 1)
    assert str(entries.remove_journal_entry(r, 0)) == (
        "removed the journal entry of Wed 7 Jan 2026 ('Felt heavier.'): tags mood")


def test_defense_notes_and_safety_answers_are_added_edited_and_removed():
    r = Record()
    assert str(entries.save_defense(r, {"date": "2026-01-07", "defense": "Humour", "note": "joked"})) == (
        "added the defense note of Wed 7 Jan 2026 (humour): note 'joked'")
    assert str(entries.save_defense(r, {"note": None}, 0)) == (
        "the defense note of Wed 7 Jan 2026 (humour): removed note 'joked'")
    assert str(entries.remove_defense(r, 0)) == "removed the defense note of Wed 7 Jan 2026 (humour)"
    change = entries.save_safety_answer(r, {"date": "2026-01-08T09:10", "answer": "safe",
                                            "text": "I wish I could disappear.", "text_date": "2026-01-07"})
    assert str(change) == ("added the safety answer of Thu 8 Jan 2026, 09:10: answer safe, text 'I wish I could "
                           "disappear.', date of the text 2026-01-07")
    assert str(entries.save_safety_answer(r, {"answer": "not_safe"}, 0)) == (
        "the safety answer of Thu 8 Jan 2026, 09:10: changed answer safe → not safe")
    assert entries.remove_safety_answer(r, 0).verb == "removed" and r.safety_answers == []


def test_instruments_are_defined_changed_and_removed():
    r = Record()
    bdi = {"min": 0, "max": 63, "worse": "higher", "cutoff": 14, "reliable_change": 7}
    assert str(entries.define_instrument(r, "BDI", bdi)) == (
        "added the instrument BDI: min 0, max 63, worse higher, cutoff 14, reliable change 7")
    assert str(entries.define_instrument(r, "BDI", bdi | {"cutoff": 13})) == "the instrument BDI: changed cutoff 14 → 13"
    with pytest.raises(RecordError, match="'phq9' is too close to PHQ-9, which is built in"):
        entries.define_instrument(r, "phq9", bdi)
    entries.save_session(r, {"date": S, "measures": {"BDI": 20}})
    with pytest.raises(RecordError, match="BDI has scores at 1 session"):
        entries.remove_instrument(r, "bdi")
    entries.remove_measure(r, S, "BDI")
    assert entries.remove_instrument(r, "bdi") == Change(
        "removed", "the instrument BDI", ("min 0", "max 63", "worse higher", "cutoff 13", "reliable change 7"))
    with pytest.raises(EntryNotFound, match="PHQ-9 is built in"):
        entries.remove_instrument(r, "PHQ-9")

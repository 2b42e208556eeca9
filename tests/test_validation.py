import datetime as dt
import json

import pytest
from hypothesis import given

from midcourse.validation import (
    Problem,
    RecordError,
    load_record,
    parse_defense,
    parse_instrument,
    parse_journal_entry,
    parse_record,
    parse_safety_answer,
    parse_session,
)
from tests.strategies import json_documents, mutated_records


def doc(**fields):
    return {"format": "midcourse/1", **fields}


def problems(data):
    with pytest.raises(RecordError) as info:
        parse_record(data)
    return info.value.problems


def test_a_minimal_record_is_valid():
    record = parse_record(doc(sessions=[{"date": "2026-01-05", "status": "attended"}]))
    assert len(record.sessions) == 1


def test_scale_above_maximum_names_the_field():
    sessions = [{"date": f"2026-01-0{i + 1}", "status": "attended"} for i in range(4)]
    sessions[3]["checkin"] = {"bond": 11}
    assert problems(doc(sessions=sessions)) == [
        "sessions[3].checkin.bond: 11 is above the scale's maximum 10"]


def test_unknown_instrument():
    data = doc(sessions=[{"date": "2026-01-05", "status": "attended", "measures": {"BDI": 20}}])
    assert problems(data) == [
        "sessions[0].measures.BDI: unknown instrument 'BDI' (not built in and not defined in \"instruments\")"]


def test_instrument_defined_in_the_record_is_known_and_range_checked():
    data = doc(instruments={"BDI": {"min": 0, "max": 63, "worse": "higher", "reliable_change": 7}},
               sessions=[{"date": "2026-01-05", "status": "attended", "measures": {"BDI": 64}}])
    assert problems(data) == ["sessions[0].measures.BDI: 64 is above the instrument's maximum 63"]


def test_unknown_status():
    assert problems(doc(sessions=[{"date": "2026-01-05", "status": "late"}])) == [
        'sessions[0].status: "late" is not one of attended, no_show, cancelled_by_client, '
        "cancelled_by_therapist, planned"]


def test_date_that_does_not_parse():
    assert problems(doc(sessions=[{"date": "2026-13-05", "status": "attended"}])) == [
        "sessions[0].date: '2026-13-05' is not an ISO 8601 date or date-time"]
    assert problems(doc(journal=[{"date": "last tuesday", "text": "x"}])) == [
        "journal[0].date: 'last tuesday' is not an ISO 8601 date or date-time"]


def test_every_problem_is_reported_at_once():
    data = doc(sessions=[{"date": "2026-01-05", "status": "attended", "checkin": {"after": "meh"}},
                         {"status": "no_show"}], unknown=1)
    assert problems(data) == [
        "unknown: unknown field",
        'sessions[0].checkin.after: "meh" is not one of good, calm, neutral, drained, anxious, '
        "irritated, upset",
        "sessions[1].date: missing (every session needs its scheduled date)",
    ]


def test_format_is_required():
    assert problems({"sessions": []}) == ['format: expected "midcourse/1", got null']


def test_duplicate_session_dates_are_rejected():
    data = doc(sessions=[{"date": "2026-01-05T17:00", "status": "attended"},
                         {"date": "2026-01-05T17:00", "status": "no_show"}])
    assert problems(data) == ["sessions[1].date: 2026-01-05T17:00 appears twice (also sessions[0])"]


def test_checkin_on_a_missed_session_is_rejected():
    data = doc(sessions=[{"date": "2026-01-05", "status": "no_show", "checkin": {"bond": 5}}])
    assert problems(data) == ["sessions[0].checkin: a check-in belongs to an attended session"]


def test_lateness_on_a_cancelled_session_is_rejected():
    data = doc(sessions=[{"date": "2026-01-05", "status": "cancelled_by_client", "minutes_late": 10}])
    assert problems(data) == ["sessions[0].minutes_late: lateness applies only to attended sessions"]


def test_unknown_defense_and_instrument_definition_errors():
    data = doc(defenses=[{"date": "2026-01-05", "defense": "sulking"}],
               instruments={"X": {"min": 5, "max": 1, "worse": "up", "reliability": 0.9}})
    assert problems(data) == [
        "instruments.X.max: 1 is not above min 5",
        'instruments.X.worse: "up" is not one of higher, lower',
        "instruments.X: reliability and sd go together: give both, or reliable_change",
        "defenses[0].defense: 'sulking' is not in the DMRS catalogue (see `midcourse defenses`)",
    ]


def test_defense_names_are_matched_loosely():
    record = parse_record(doc(defenses=[{"date": "2026-01-05", "defense": "Passive_Aggression"}]))
    assert record.defenses[0].defense == "passive aggression"


def test_load_record_names_the_file_and_the_json_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "midcourse/1",\n "sessions": [}')
    with pytest.raises(RecordError) as info:
        load_record(path)
    assert str(info.value) == f"{path}: line 2, column 15: invalid JSON (Expecting value)"


def test_load_record_reads_a_valid_file(tmp_path):
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(doc(sessions=[{"date": "2026-01-05", "status": "attended"}])))
    assert load_record(path).sessions[0].status == "attended"


@pytest.mark.parametrize(("path", "printed", "expected"), [
    (("sessions", 3, "checkin", "bond"), "sessions[3].checkin.bond", ("sessions", 3, "bond", False)),
    (("sessions", 0, "checkin", "note"), "sessions[0].checkin.note", ("sessions", 0, "checkin_note", False)),
    (("sessions", 2, "measures", "PHQ-9"), "sessions[2].measures.PHQ-9", ("sessions", 2, "PHQ-9", True)),
    (("sessions", 2, "items", "GAD-7", 3), "sessions[2].items.GAD-7[3]", ("sessions", 2, "GAD-7 items", False)),
    (("journal", 1, "date"), "journal[1].date", ("journal", 1, "date", False)),
    (("journal", 1, "tags", 0), "journal[1].tags[0]", ("journal", 1, "tags[0]", False)),
    (("instruments", "X", "max"), "instruments.X.max", ("instruments", None, "X.max", False)),
    (("format",), "format", ("format", None, "format", False)),
    (("checkin", "bond"), "checkin.bond", ("", None, "bond", False)),
    (("measures", "BDI"), "measures.BDI", ("", None, "BDI", True)),
])
def test_a_problem_is_data_with_a_path_and_a_flat_field(path, printed, expected):
    problem = Problem(path, "wrong")
    w = problem.located()
    assert (w.section, w.index, w.field, w.measure) == expected
    assert str(problem) == f"{printed}: wrong"


def test_problems_carry_their_paths():
    with pytest.raises(RecordError) as info:
        parse_record(doc(sessions=[{"date": "2026-01-05", "status": "attended", "checkin": {"bond": 11}}]))
    assert info.value.found == [Problem(("sessions", 0, "checkin", "bond"), "11 is above the scale's maximum 10")]


def test_one_session_is_parsed_on_its_own_with_paths_within_it():
    session = parse_session({"date": "2026-01-05T17:00", "status": "attended", "checkin": {"bond": 8},
                             "measures": {"BDI": 20}},
                            instruments={"BDI": {"min": 0, "max": 63, "worse": "higher"}})
    assert session.measures == {"BDI": 20} and session.checkin is not None and session.checkin.bond == 8
    with pytest.raises(RecordError) as info:
        parse_session({"date": "2026-01-05", "status": "attended", "checkin": {"bond": 11}, "measures": {"phq9": 3}})
    assert info.value.problems == [
        "checkin.bond: 11 is above the scale's maximum 10",
        "measures.phq9: unknown instrument 'phq9' (not built in and not defined in \"instruments\"; did you "
        "mean PHQ-9?)"]
    with pytest.raises(RecordError) as info:
        parse_session({"date": "2099-01-05", "status": "attended"}, today=dt.date(2026, 11, 26))
    assert info.value.problems == [
        "date: 2099-01-05 is after today (2026-11-26): only a planned session can lie in the future"]
    assert parse_session({"date": "2099-01-05", "status": "planned"}, today=dt.date(2026, 11, 26)).planned


def test_journal_defense_answer_and_instrument_are_parsed_on_their_own():
    assert parse_journal_entry({"date": "2026-01-05", "text": "x", "tags": ["a"]}).tags == ["a"]
    assert parse_defense({"date": "2026-01-05", "defense": "Humour"}).defense == "humour"
    assert parse_safety_answer({"date": "2026-01-05T09:00", "answer": "safe"}).safe
    assert parse_instrument({"min": 0, "max": 63, "worse": "higher"}) == {"min": 0, "max": 63, "worse": "higher"}
    with pytest.raises(RecordError) as info:
        parse_journal_entry({"text": "x", "tags": "a"})
    assert info.value.problems == ["date: missing", 'tags: expected a list of text, got "a"']
    with pytest.raises(RecordError) as info:
        parse_defense({"date": "2026-01-05", "defense": "sulking"})
    assert info.value.problems == ["defense: 'sulking' is not in the DMRS catalogue (see `midcourse defenses`)"]
    with pytest.raises(RecordError) as info:
        parse_instrument({"min": 0, "max": 63})
    assert info.value.problems == ["worse: missing (required for an instrument)"]


def test_null_is_not_an_absent_field():
    assert problems(doc(sessions=[{"date": "2026-01-05", "status": "attended", "note": None, "checkin": None}],
                        journal=None)) == [
        "sessions[0].checkin: expected an object, got null",
        "sessions[0].note: expected text, got null",
        "journal: expected a list, got null"]


def test_dates_follow_the_schema():
    assert problems(doc(sessions=[{"date": "2026-01-05T17", "status": "attended"}],
                        client={"therapy_started": "2026-01-05T17:00"})) == [
        "client.therapy_started: expected a date (YYYY-MM-DD), got \"2026-01-05T17:00\"",
        "sessions[0].date: '2026-01-05T17' is not an ISO 8601 date or date-time"]


def test_only_a_planned_session_may_lie_after_today():
    data = doc(sessions=[{"date": "2026-12-01T17:00", "status": "attended"},
                         {"date": "2026-12-08T17:00", "status": "planned"}])
    assert len(parse_record(data).sessions) == 2  # a file is read without a clock
    with pytest.raises(RecordError) as info:
        parse_record(data, today=dt.date(2026, 11, 26))
    assert info.value.problems == [
        "sessions[0].date: 2026-12-01T17:00 is after today (2026-11-26): only a planned session can lie in "
        "the future"]


def test_a_planned_session_has_no_check_in_or_scores():
    assert problems(doc(sessions=[{"date": "2026-12-01T17:00", "status": "planned", "checkin": {"bond": 5},
                                   "measures": {"PHQ-9": 10}}])) == [
        "sessions[0].checkin: a check-in belongs to an attended session",
        "sessions[0].measures: a planned session has no scores yet"]


@pytest.mark.parametrize("value", [-1, 4, 1.5, "1", True])
def test_the_safety_rating_is_a_whole_number_from_0_to_3(value):
    data = doc(sessions=[{"date": "2026-01-05", "status": "attended", "checkin": {"safety": value}}])
    assert problems(data) == [
        f"sessions[0].checkin.safety: expected a whole number from 0 to 3 (0 not at all, 1 some days, 2 more "
        f"than half the days, 3 nearly every day), got {json.dumps(value)}"]


def test_item_scores_give_the_total_and_must_agree_with_it():
    items = [1, 2, 1, 0, 1, 2, 0, 1, 3]
    record = parse_record(doc(sessions=[{"date": "2026-01-05", "status": "attended", "items": {"PHQ-9": items}}]))
    assert record.sessions[0].measures == {"PHQ-9": 11}
    assert record.sessions[0].items == {"PHQ-9": items}
    assert problems(doc(sessions=[{"date": "2026-01-05", "status": "attended", "measures": {"PHQ-9": 12},
                                   "items": {"PHQ-9": items}}])) == [
        "sessions[0].items.PHQ-9: the items add up to 11, but the total score is 12"]
    assert problems(doc(sessions=[{"date": "2026-01-05", "status": "attended",
                                   "items": {"PHQ-9": [1, 2], "ORS": [1]}}])) == [
        "sessions[0].items.PHQ-9: expected a list of 9 item scores, got [1, 2]",
        "sessions[0].items.ORS: 'ORS' cannot be entered item by item (these can: PHQ-9, GAD-7)"]
    assert problems(doc(sessions=[{"date": "2026-01-05", "status": "attended",
                                   "items": {"GAD-7": [0, 0, 0, 4, 0, 0, 0]}}])) == [
        "sessions[0].items.GAD-7[3]: item 4: expected a whole number from 0 to 3, got 4"]


def test_safety_answers_are_checked():
    record = parse_record(doc(safety_answers=[{"date": "2026-03-04T09:12", "answer": "safe",
                                               "text": "I wish I could disappear.", "text_date": "2026-03-03"}]))
    assert record.safety_answers[0].safe and record.safety_answers[0].text_date == dt.date(2026, 3, 3)
    assert problems(doc(safety_answers=[{"date": "2026-03-04", "answer": "fine"}])) == [
        "safety_answers[0].answer: \"fine\" is not one of safe, not_safe"]


# Bounded, typed input (issue 16): every broken input below once ended in a traceback.

@pytest.mark.parametrize(("text", "expected"), [
    ('{"format": "midcourse/1", "sessions": [{"date": "2026-01-05", "status": "attended", "measures": '
     '{"PHQ-9": ' + "9" * 400 + '}}]}', "sessions[0].measures.PHQ-9: inf is not a finite number"),
    ('{"format": "midcourse/1", "sessions": [{"date": "2026-01-05", "status": "attended", "measures": '
     '{"PHQ-9": ' + "9" * 5000 + '}}]}', "sessions[0].measures.PHQ-9: inf is not a finite number"),
    ('{"format": "midcourse/1", "sessions": [{"date": "2026-01-05", "status": "attended", "minutes_late": '
     + "9" * 30 + '}]}', "sessions[0].minutes_late: 1e+30 is out of range (at most 1,000,000,000 in size)"),
    ("[" * 50_000 + "]" * 50_000, "line 1, column 65: nested deeper than 64 levels"),
    ('{"format": "midcourse/1",\n "journal": [{"date": "2026-01-05", "text": "broken \\ud83d emoji"}]}',
     "line 2, column 53: \\ud83d is half of a character (a lone surrogate), not text"),
])
def test_hostile_json_is_a_record_error_naming_the_place(tmp_path, text, expected):
    path = tmp_path / "hostile.json"
    path.write_text(text)
    with pytest.raises(RecordError) as info:
        load_record(path)
    assert info.value.problems == [expected]
    assert str(info.value) == f"{path}: {expected}"


def test_a_surrogate_that_did_not_come_from_a_file_is_refused_by_field():
    assert problems(doc(journal=[{"date": "2026-01-05", "text": "half \udc80"}])) == [
        "journal[0].text: contains \\udc80, half of a character (a lone surrogate), not text"]


def test_a_python_integer_too_large_for_a_float_is_out_of_range():
    data = doc(sessions=[{"date": "2026-01-05", "status": "attended", "checkin": {"bond": 10**400}}])
    assert problems(data) == [
        "sessions[0].checkin.bond: a number of 401 digits is out of range (at most 1,000,000,000 in size)"]


@pytest.mark.parametrize("date", ["0001-01-01", "0001-01-01T00:00", "9999-12-31"])
def test_dates_outside_the_years_any_course_can_have_are_refused(date):
    assert problems(doc(sessions=[{"date": date, "status": "attended"}])) == [
        f"sessions[0].date: the year {date[:4]} is outside 1900-2999"]
    assert problems(doc(client={"therapy_started": date[:10]})) == [
        f"client.therapy_started: the year {date[:4]} is outside 1900-2999"]


@pytest.mark.parametrize(("fields", "expected"), [
    ({"reliability": 1, "sd": 5}, "instruments.X.reliability: 1: a reliability lies between 0 and 1, both excluded"),
    ({"reliability": 0, "sd": 5}, "instruments.X.reliability: 0: a reliability lies between 0 and 1, both excluded"),
    ({"reliability": 0.8, "sd": 0}, "instruments.X.sd: 0 is not an SD (it must be above 0)"),
    ({"reliable_change": 0}, "instruments.X.reliable_change: 0 is not a reliable-change threshold (it must be "
                             "above 0)"),
])
def test_instruments_that_would_divide_by_zero_are_refused(fields, expected):
    data = doc(instruments={"X": {"min": 0, "max": 50, "worse": "higher", **fields}})
    assert problems(data) == [expected]


def test_lengths_are_the_same_on_every_database():
    data = doc(client={"name": "N" * 201}, instruments={"I" * 101: {"min": 0, "max": 5, "worse": "higher"}},
               journal=[{"date": "2026-01-05", "text": "x" * 200_001, "tags": ["t"] * 201}])
    assert problems(data) == [
        "client.name: 201 characters is longer than the limit of 200",
        "instruments." + "I" * 37 + "...: an id of at most 100 characters (no NUL, no half characters) is "
        "expected",
        "journal[0].text: 200,001 characters is longer than the limit of 200,000",
        "journal[0].tags: 201 tags is more than the limit of 200",
    ]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A folder for the fuzz tests' files (module-scoped: Hypothesis runs many examples per test)."""
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.fuzz
@given(text=json_documents())
def test_fuzz_json_records_load_or_fail_with_a_record_error(scratch, text):
    """Any JSON file: a Record that survives its own export, or a RecordError naming the problem."""
    path = scratch / "record.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        record = load_record(path)
    except RecordError as exc:
        assert exc.problems and all(p for p in exc.problems)
        str(exc).encode("utf-8")  # printable: no half characters in any message
        return
    assert parse_record(json.loads(json.dumps(record.to_dict()))).to_dict() == record.to_dict()


@pytest.mark.fuzz
@given(doc=mutated_records())
def test_fuzz_parse_record_accepts_or_names_every_problem(doc):
    try:
        record = parse_record(doc)
    except RecordError as exc:
        assert exc.problems
        str(exc).encode("utf-8")
        return
    assert parse_record(record.to_dict()).to_dict() == record.to_dict()

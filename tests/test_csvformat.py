import pytest

from midcourse.csvformat import FIXED_COLUMNS, load_csv, parse_csv, to_csv
from midcourse.demo import demo_record
from midcourse.validation import RecordError, parse_record

HEADER = ",".join(FIXED_COLUMNS) + ",PHQ-9"


def test_demo_sessions_survive_csv():
    record = demo_record()
    again = parse_csv(to_csv(record))
    assert [s.to_dict() for s in again.sessions] == [s.to_dict() for s in record.sessions]


def test_csv_header_and_a_row():
    text = to_csv(demo_record()).splitlines()
    assert text[0] == HEADER
    assert text[8] == "2026-07-20T17:00,cancelled_by_client,,3,work deadline,,,,,,,,,,,"


def test_only_date_and_status_are_required():
    record = parse_csv("date,status,bond,goals,tasks\n2026-01-05,attended,8,7,7\n2026-01-12,no_show,,,\n")
    assert record.sessions[0].checkin.alliance_index() == pytest.approx(22 / 3)
    assert record.sessions[1].checkin is None


def test_errors_name_the_line_and_column(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("date,status,bond,after,PHQ-9,XYZ\n"
                    "2026-01-05,attended,8,good,10,\n"
                    "2026-01-12,attended,eleven,good,30,\n"
                    "2026-01-19,went,11,fine,,3\n")
    with pytest.raises(RecordError) as info:
        load_csv(path)
    assert info.value.problems == [
        "line 3, column bond: 'eleven' is not a number",
        "line 3, column PHQ-9: 30 is above the instrument's maximum 27",
        "line 4, column status: \"went\" is not one of attended, no_show, cancelled_by_client, "
        "cancelled_by_therapist, planned",
        "line 4, column bond: 11 is above the scale's maximum 10",
        "line 4, column after: \"fine\" is not one of good, calm, neutral, drained, anxious, irritated, upset",
        "line 4, column XYZ: unknown instrument 'XYZ' (not built in and not defined in \"instruments\")",
    ]
    assert str(info.value).startswith(f"{path}: line 3, column bond")


def test_instruments_of_the_stored_record_are_known():
    text = "date,status,MY-SCALE\n2026-01-05,attended,33\n"
    record = parse_csv(text, {"MY-SCALE": {"min": 0, "max": 50, "worse": "higher"}})
    assert record.sessions[0].measures == {"MY-SCALE": 33}


def test_header_needs_date_and_status():
    with pytest.raises(RecordError, match="line 1: the header needs at least the columns date and status"):
        parse_csv("when,what\n")


def test_safety_and_item_scores_round_trip_through_csv():
    record = parse_record({"format": "midcourse/1", "sessions": [
        {"date": "2026-01-05T17:00", "status": "attended", "checkin": {"bond": 7, "safety": 1},
         "items": {"PHQ-9": [1, 2, 1, 0, 1, 2, 0, 1, 1]}}]})
    text = to_csv(record)
    assert text.splitlines()[0].endswith(",PHQ-9,PHQ-9 items")
    again = parse_csv(text)
    assert again.to_dict() == record.to_dict()
    assert again.sessions[0].measures == {"PHQ-9": 9}


def test_item_scores_that_do_not_add_up_name_the_line_and_column():
    with pytest.raises(RecordError) as info:
        parse_csv("date,status,PHQ-9,PHQ-9 items\n2026-01-05,attended,12,1 2 1 0 1 2 0 1 1\n")
    assert info.value.problems == ["line 2, column PHQ-9 items: the items add up to 9, but the total score is 12"]

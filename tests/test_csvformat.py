import pytest
from hypothesis import given

from midcourse.csvformat import FIXED_COLUMNS, load_csv, parse_csv, to_csv
from midcourse.demo import demo_record
from midcourse.validation import RecordError, parse_record
from tests.strategies import csv_documents

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


# European spreadsheets, long notes, and what the csv module chokes on.

@pytest.mark.parametrize("sep", [";", "\t"])
def test_semicolon_and_tab_separated_csv_is_detected_with_decimal_commas(sep):
    text = sep.join(["date", " status", "bond", "PHQ-9"]) + "\r\n" + sep.join(["2026-01-05", "attended", "7,5", "12"])
    record = parse_csv(text + "\r\n")
    assert record.sessions[0].to_dict() == {"date": "2026-01-05", "status": "attended", "checkin": {"bond": 7.5},
                                            "measures": {"PHQ-9": 12}}


def test_a_header_that_fits_two_separators_is_refused_with_a_clear_message():
    with pytest.raises(RecordError) as info:
        parse_csv("a,date,status,b;date;status;c\n")
    assert info.value.problems == ["line 1: the header reads the same separated by commas or by semicolons; "
                                   "use one separator only"]


def test_a_header_without_date_and_status_says_which_separators_were_tried():
    with pytest.raises(RecordError) as info:
        parse_csv("when|what\n")
    assert info.value.problems == ["line 1: the header needs at least the columns date and status (separated by "
                                   "commas, semicolons or tabs)"]


def test_a_bare_carriage_return_in_a_note_is_quoted_on_export_and_reads_back(tmp_path):
    record = parse_record({"format": "midcourse/1", "sessions": [
        {"date": "2026-01-05", "status": "attended", "note": "line one\rline two\r\nthree ", "reason": " "}]})
    path = tmp_path / "s.csv"
    path.write_text(to_csv(record), newline="")
    assert load_csv(path).to_dict() == record.to_dict()


def test_a_cell_over_128_kib_imports_and_one_over_the_limit_names_its_line():
    note = "x" * 150_000
    assert parse_csv(f"date,status,note\n2026-01-05,attended,{note}\n").sessions[0].note == note
    with pytest.raises(RecordError) as info:
        parse_csv("date,status,note\n2026-01-05,attended,ok\n2026-01-12,attended," + "x" * 900_000 + "\n")
    assert info.value.problems == ["line 3: a cell longer than 800,000 characters"]


@pytest.mark.fuzz
@given(text=csv_documents())
def test_fuzz_csv_parses_or_fails_with_a_record_error_and_round_trips(text):
    try:
        record = parse_csv(text)
    except RecordError as exc:
        assert exc.problems
        str(exc).encode("utf-8")
        return
    assert parse_csv(to_csv(record)).to_dict() == record.to_dict()


@pytest.mark.parametrize(("text", "problem"), [
    ("\r0", "line 1: the header needs at least the columns date and status (separated by commas, semicolons or "
            "tabs)"),
    ("date,status,\ud800\n2026-01-05,attended,1\n", "line 1: \\ud800 is half of a character (a lone surrogate), "
                                                    "not text"),
])
def test_csv_inputs_the_fuzz_test_found_are_record_errors(text, problem):
    with pytest.raises(RecordError) as info:
        parse_csv(text)
    assert info.value.problems == [problem]

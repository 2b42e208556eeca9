"""The web app's form parser (midcourse.web.forms), fuzzed as the session route uses it: every posted
form is field errors, or a session document the one upsert accepts or refuses with a RecordError."""

import datetime as dt

import pytest
from hypothesis import given

from midcourse import entries
from midcourse.demo import demo_record
from midcourse.validation import RecordError
from midcourse.web.forms import field_errors, session_document
from tests.strategies import session_forms

TODAY = dt.date(2026, 12, 31)


@pytest.mark.fuzz
@given(form=session_forms())
def test_fuzz_any_posted_session_form_is_errors_by_field_or_a_session(form):
    doc, errors = session_document(form, TODAY)
    for name, message in errors.items():
        assert isinstance(name, str) and message
        message.encode("utf-8")  # shown on the page: no half characters
    if errors:
        return
    record = demo_record()
    try:
        entries.parse_date(doc["date"])
        entries.save_session(record, doc, today=TODAY, another_on_same_day=True)
    except RecordError as exc:
        for message in field_errors(exc).values():
            message.encode("utf-8")


def test_a_half_character_in_a_number_field_is_an_error_that_can_be_shown():
    _, errors = session_document({"date": "2026-03-02T17:00", "minutes_late": "\ud800"}, TODAY)
    assert errors == {"minutes_late": "'\\ud800' is not a number"}


def test_a_date_that_is_not_one_is_the_date_field_s_error():
    _, errors = session_document({"date": "next tuesday", "status": "attended"}, TODAY)
    assert errors == {"date": "'next tuesday' is not a date and time (e.g. 2026-03-02 17:00)"}

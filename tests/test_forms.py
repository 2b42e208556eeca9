"""The web app's form parser (midcourse.web.forms), fuzzed: every posted form is a session or field errors."""

import pytest
from hypothesis import given

from midcourse.demo import demo_record
from midcourse.validation import parse_record
from midcourse.web.forms import session_from_form
from tests.strategies import session_forms

RECORD = demo_record()


@pytest.mark.fuzz
@given(form=session_forms())
def test_fuzz_any_posted_session_form_is_a_session_or_errors_by_field(form):
    session, errors = session_from_form(form, RECORD)
    assert (session is None) == bool(errors)
    for name, message in errors.items():
        assert isinstance(name, str) and message
        message.encode("utf-8")
    if session is not None:
        parse_record({"format": "midcourse/1", "sessions": [session.to_dict()]})


def test_a_half_character_in_a_number_field_is_an_error_that_can_be_shown():
    session, errors = session_from_form({"date": "2026-03-02T17:00", "minutes_late": "\ud800"}, RECORD)
    assert session is None and errors == {"minutes_late": "'\\ud800' is not a number"}

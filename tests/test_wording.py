import datetime as dt

import pytest

from midcourse.wording import count, number, plural_of, when_words


@pytest.mark.parametrize(("value", "places", "expected"), [
    (12, None, "12"), (12.0, None, "12"), (12.5, None, "12.5"), (0.1 + 0.2, None, "0.3"),
    (-0.0, None, "0"), (1e-5, None, "0.00001"), (1234567.0, None, "1234567"),
    (4.333, 1, "4.3"), (8.0, 1, "8"), (4.65699, 3, "4.657"), (-0.04, 1, "0"), (2.75, 1, "2.8"),
])
def test_number_writes_a_number_as_people_do(value, places, expected):
    assert number(value, places) == expected


@pytest.mark.parametrize(("noun", "expected"), [
    ("session", "sessions"), ("journal entry", "journal entries"), ("day", "days"), ("box", "boxes"),
    ("defense note", "defense notes"), ("safety answer", "safety answers"), ("check-in", "check-ins"),
])
def test_plural_of_follows_the_regular_rules(noun, expected):
    assert plural_of(noun) == expected


def test_count_says_one_or_many():
    assert count(1, "journal entry") == "1 journal entry"
    assert count(0, "journal entry") == "0 journal entries"
    assert count(3, "person", "people") == "3 people"


def test_when_words_reads_the_same_in_every_locale():
    assert when_words(dt.date(2026, 1, 5)) == "Mon 5 Jan 2026"
    assert when_words(dt.datetime(2026, 3, 2, 17, 0)) == "Mon 2 Mar 2026, 17:00"
    assert when_words(dt.datetime(2026, 11, 29, 9, 5)) == "Sun 29 Nov 2026, 09:05"

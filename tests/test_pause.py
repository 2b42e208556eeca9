"""A course that has paused: no session attended or planned for `pause_weeks` weeks."""

import datetime as dt

import pytest

from midcourse.assess import assess
from midcourse.settings import Settings
from tests.builders import START, missed, record, steady, week

LAST = (START + dt.timedelta(weeks=5)).date()  # the sixth and last session


def stopped(**extra):
    return record(steady(6), **extra)


@pytest.mark.parametrize(("days", "state"), [(27, "on_track"), (28, "paused"), (42, "paused")])
def test_paused_from_four_weeks_without_a_session(days, state):
    assert assess(stopped(), LAST + dt.timedelta(days=days)).state == state


def test_the_paused_starter_names_the_weeks():
    result = assess(stopped(), LAST + dt.timedelta(weeks=6))
    assert result.flags == ["paused"]
    assert result.conversation_starter == (
        f"There's something I'd like to talk about. It's been six weeks since our last session, on "
        f"{LAST.day} {LAST:%B}. I'd like to decide with you whether to pick up again or to close this on purpose.")
    assert "next session" not in result.next_step


def test_a_planned_session_ahead_is_not_a_pause():
    rec = record(steady(6) + [{"date": week(12), "status": "planned"}])
    assert assess(rec, LAST + dt.timedelta(weeks=6)).state == "on_track"


def test_missed_sessions_are_on_the_books_not_a_pause():
    rec = record(steady(6) + [missed(6), missed(7, "cancelled_by_client"), missed(8), missed(9)])
    assert assess(rec, LAST + dt.timedelta(weeks=4)).state != "paused"
    assert assess(rec, LAST + dt.timedelta(weeks=8)).state == "paused"


def test_pause_weeks_is_a_setting():
    assert assess(stopped(), LAST + dt.timedelta(weeks=6), settings=Settings(pause_weeks=8)).state == "on_track"


def test_no_pause_without_an_attended_session():
    assert assess(record([missed(0)]), START.date() + dt.timedelta(weeks=10)).state == "insufficient_data"

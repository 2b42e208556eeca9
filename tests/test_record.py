import datetime as dt

from midcourse.record import CheckIn, Record, Session, format_when, moment, parse_when


def test_parse_when_keeps_dates_and_date_times_apart():
    assert parse_when("2026-01-05") == dt.date(2026, 1, 5)
    assert parse_when("2026-01-05T17:00") == dt.datetime(2026, 1, 5, 17, 0)
    assert parse_when("2026-01-05 17:00:30") == dt.datetime(2026, 1, 5, 17, 0, 30)


def test_format_when_is_canonical():
    assert format_when(dt.date(2026, 1, 5)) == "2026-01-05"
    assert format_when(dt.datetime(2026, 1, 5, 17, 0)) == "2026-01-05T17:00"
    assert format_when(dt.datetime(2026, 1, 5, 17, 0, 30)) == "2026-01-05T17:00:30"


def test_moment_orders_dates_before_later_times_of_the_same_day():
    assert moment(dt.date(2026, 1, 5)) < moment(dt.datetime(2026, 1, 5, 9, 0))


def test_alliance_index_is_the_mean_of_bond_goals_tasks():
    assert CheckIn(bond=9, goals=6, tasks=6).alliance_index() == 7
    assert CheckIn(bond=9, goals=6).alliance_index() is None


def test_record_sorts_sessions_by_date():
    record = Record(sessions=[Session(dt.date(2026, 2, 1), "attended"),
                              Session(dt.date(2026, 1, 1), "no_show")])
    assert [s.key for s in record.sessions] == ["2026-01-01", "2026-02-01"]


def test_to_dict_leaves_out_unset_fields_and_writes_integral_scores_as_integers():
    session = Session(dt.datetime(2026, 1, 5, 17), "attended", minutes_late=0.0,
                      checkin=CheckIn(bond=8.0, after="good"), measures={"PHQ-9": 12.0})
    assert session.to_dict() == {"date": "2026-01-05T17:00", "status": "attended", "minutes_late": 0,
                                 "checkin": {"bond": 8, "after": "good"}, "measures": {"PHQ-9": 12}}


def test_record_uses_its_own_instrument_definition_before_a_built_in_one():
    record = Record(instruments={"PHQ-9": {"min": 0, "max": 27, "worse": "higher", "reliable_change": 5}})
    assert record.instrument("PHQ-9").rc_threshold() == 5
    assert record.instrument("GAD-7").rc_threshold() == 4
    assert record.instrument("NOPE") is None

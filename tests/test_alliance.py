"""Ruptures beyond the client's own noise, their repair, a single lower week, and a fit concern."""

import pytest

from midcourse.analysis.alliance import ruptures, series
from midcourse.assess import assess
from midcourse.settings import Settings
from tests.builders import attended, record, steady, week


def course(values, **kw):
    """Weekly sessions with these alliance indices (None: no check-in that week)."""
    sessions = []
    for i, v in enumerate(values):
        s = attended(i, alliance=v if v is not None else 8)
        if v is None:
            del s["checkin"]
        sessions.append(s)
    return assess(record(sessions), **kw)


def test_a_drop_confirmed_by_the_next_checkin_is_a_rupture():
    result = course([8, 8, 8, 6, 6])  # 2 below, and the next one still 2 below
    assert result.state == "rupture"
    assert result.finding("rupture").data | {} == {
        "date": week(3), "value": 6.0, "before": 8.0, "drop": 2.0, "confirmed_by": "next check-in",
        "own_sd": None, "repaired": None}


def test_a_single_dip_is_an_observation_not_a_rupture():
    dip = course([8, 8, 8, 6])
    assert dip.state == "on_track" and dip.flags == []
    assert dip.finding("alliance_dip").flag is False
    assert "lower this week" in dip.finding("alliance_dip").summary
    back = course([8, 8, 8, 8, 6, 6.3])  # the next one is only 1.7 below: noise
    assert back.flags == [] and back.finding("alliance_dip") is None
    held = course([8, 8, 8, 8, 6, 6.25])  # 1.75 below: confirmed
    assert held.flags == ["rupture"]


def test_a_missing_checkin_waits_for_the_next_one():
    assert course([8, 8, 8, 6, None, 6]).state == "rupture"


def test_a_drop_large_against_the_clients_own_variation_needs_no_confirmation():
    steady_ratings = [8, 8.3, 7.7, 8, 8.3, 7.7]  # own SD 0.27, floored at 0.5: 4.5 SDs = 2.25
    assert course([*steady_ratings, 5.8]).flags == []  # 2.2 below the last three (8.0)
    result = course([*steady_ratings, 5.7])
    assert result.state == "rupture"
    assert result.finding("rupture").data["confirmed_by"] == "own variation"
    noisy = [8, 9.5, 6.5, 8, 9.5, 6.5]  # own SD 1.3: 4.5 SDs = 5.9
    assert course([*noisy, 5.5]).flags == []


@pytest.mark.parametrize(("later", "repaired"), [(7.5, True), (7.4, False)])
def test_repair_margin(later, repaired):
    # mean before 8: repaired within 0.5 of it, so from 7.5
    result = course([8, 8, 8, 6, 6, later])
    assert ("rupture" in result.flags) is not repaired
    assert (result.finding("repaired_rupture") is not None) is repaired


def test_repair_margin_is_a_setting():
    assert "rupture" not in course([8, 8, 8, 6, 6, 7.4], settings=Settings(repair_margin=0.6)).flags


def test_an_unrepaired_rupture_does_not_expire_with_the_window():
    result = course([8, 8, 8, 5.5, 5.5, 6, 6, 6, 6, 6, 6, 6])
    assert result.state == "rupture" and result.finding("rupture").data["date"] == week(3)


def test_a_rupture_in_an_alliance_that_never_formed_is_the_fit_concern():
    result = course([5, 5, 5, 2.5, 2.5, 3, 3])
    assert result.state == "fit_concern" and "rupture" not in result.flags


def test_ruptures_are_measured_afresh_after_a_repair():
    points = series(record(steady(3) + [attended(3, alliance=5.5), attended(4, alliance=5.5),
                                        attended(5, alliance=8), attended(6, alliance=8),
                                        attended(7, alliance=5.8), attended(8, alliance=5.8)]).sessions)
    found, dip = ruptures(points, Settings())
    assert [(r.point.session.key, r.repaired_by is not None) for r in found] == [(week(3), True), (week(7), False)]
    assert dip is None

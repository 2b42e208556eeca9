"""The state table: every state's precedence over the next, in one table-driven test."""

import pytest

from midcourse.settings import Settings
from midcourse.states import BY_NAME, FLAG_ORDER, NAMES, STATES, Situation, choose

WALL = {"attendance", "surface"}

# (flags of the findings, attended sessions, the state that must win)
CASES = [
    ({"crisis", "deterioration", "paused", "fit_concern"}, 8, "crisis"),
    ({"deterioration", "paused", "fit_concern"}, 8, "deteriorating"),
    ({"relapse", "fit_concern"}, 8, "deteriorating"),
    ({"sudden_loss"}, 8, "deteriorating"),  # a sudden loss alone makes deteriorating
    ({"sudden_loss", "fit_concern", "rupture"}, 8, "deteriorating"),
    ({"paused", "fit_concern", "rupture"}, 8, "paused"),
    ({"fit_concern", "rupture", *WALL}, 8, "fit_concern"),
    ({"rupture", *WALL, "not_on_track"}, 8, "rupture"),
    ({*WALL, "not_on_track", "sudden_gain"}, 8, "wall"),
    ({*WALL, "sudden_gain", "reliable_improvement"}, 8, "wall"),  # breakthrough does not hide a wall
    ({*WALL, "reliable_improvement"}, 3, "breakthrough"),  # no wall before 4 attended sessions
    ({"attendance", "not_on_track", "sudden_gain"}, 8, "not_on_track"),
    ({"attendance", "sudden_gain"}, 8, "breakthrough"),
    ({"reliable_improvement"}, 8, "breakthrough"),
    ({"attendance"}, 3, "early"),
    ({"quitting"}, 1, "early"),
    (set(), 4, "on_track"),
    ({"stale"}, 12, "on_track"),
    (set(), 0, "insufficient_data"),
]


@pytest.mark.parametrize(("flags", "attended", "expected"), CASES)
def test_the_first_state_that_holds_wins(flags, attended, expected):
    assert choose(Situation(frozenset(flags), attended, Settings())).name == expected


def test_every_state_is_reached_by_the_table_test():
    assert {expected for _, _, expected in CASES} == set(NAMES)


def test_the_order_of_the_table():
    assert NAMES == ("crisis", "deteriorating", "paused", "fit_concern", "rupture", "wall", "not_on_track",
                     "breakthrough", "early", "on_track", "insufficient_data")


def test_every_state_has_its_words_and_only_the_calm_ones_are_not_alerts():
    for state in STATES:
        assert state.headline and state.next_step and state.closing, state.name
        assert "keep going" not in (state.next_step + state.closing).lower() or not state.alert, state.name
    assert [s.name for s in STATES if not s.alert] == ["breakthrough", "early", "on_track", "insufficient_data"]
    assert "keep going" not in BY_NAME["crisis"].next_step.lower()


def test_wall_settings_are_read_from_the_situation():
    s = Settings(wall_min_families=3, min_attended=6)
    assert choose(Situation(frozenset(WALL), 8, s)).name == "on_track"
    assert choose(Situation(frozenset({*WALL, "stale"}), 6, s)).name == "wall"
    assert choose(Situation(frozenset({*WALL, "stale"}), 5, s)).name == "early"


def test_flag_order_keeps_the_existing_names_and_adds_the_new_ones():
    old = ["crisis", "deterioration", "sudden_loss", "fit_concern", "rupture", "attendance", "quitting", "surface",
           "stale", "irritation", "sudden_gain", "reliable_improvement"]
    assert [f for f in FLAG_ORDER if f in old] == old
    assert {"relapse", "paused", "not_on_track"} <= set(FLAG_ORDER)

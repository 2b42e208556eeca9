"""Outcomes against a stable baseline: confirmed deterioration, relapse, improvement that holds, the
expected course (not on track), and the issue's examples."""

import pytest

from midcourse.analysis import expected
from midcourse.assess import assess
from midcourse.settings import Settings
from tests.builders import attended, record


def scored(values, instrument="PHQ-9", **kw):
    """A record of weekly attended sessions with one score each (None: no score that week)."""
    sessions = [attended(i, measures={instrument: v} if v is not None else None) for i, v in enumerate(values)]
    return assess(record(sessions), **kw)


def test_the_baseline_is_the_mean_of_the_first_two_scores():
    m = scored([4, 10, 11, 10, 11, 10]).measures[0]
    assert (m["first"], m["baseline"], m["baseline_scores"]) == (4, 7, 2)
    assert m["category"] == "unchanged"  # one low first score no longer decides


def test_one_noisy_first_score_does_not_make_deteriorating():
    assert scored([4, 10, 11, 10, 11, 10]).state == "on_track"


# Starting below the cutoff (9), so that the expected course does not apply.
@pytest.mark.parametrize(("values", "deteriorated"), [
    ([9, 9, 18, 15], True),    # 9 and 6 worse: the one before by 1.5 thresholds, the latest by one
    ([9, 9, 17, 15], False),   # the one before only 8 worse (needs 9)
    ([9, 9, 18, 14], False),   # the latest only 5 worse
    ([9, 9, 21], True),        # one score 2 thresholds (12) worse
    ([9, 9, 20], False),       # 11 worse, unconfirmed
])
def test_deterioration_is_confirmed_around_its_thresholds(values, deteriorated):
    result = scored(values)
    assert ("deterioration" in result.flags) is deteriorated


def test_deterioration_thresholds_follow_the_settings():
    assert "deterioration" in scored([9, 9, 16, 15], settings=Settings(deterioration_confirm_share=1.0)).flags
    assert "deterioration" not in scored([9, 9, 21], settings=Settings(deterioration_single_factor=2.5)).flags


def test_off_the_expected_course_confirms_a_reliably_worse_score():
    result = scored([10, 10, 12, 14, 16, 16])  # 6 worse twice: unconfirmed alone, but off the expected course
    assert result.flags == ["deterioration", "not_on_track"] and result.state == "deteriorating"


def test_worse_than_the_best_level_reached_not_only_the_start():
    result = scored([14, 14, 13, 9, 9, 17, 17])  # the level 9 (mean of two) is the reference
    f = result.finding("deterioration")
    assert f is not None and (f.data["from"], f.data["from_start"]) == (9, False)


def test_gad7_changes_must_exceed_its_retest_noise():
    # GAD-7's published threshold is 4 points; one score to another needs 6 to be beyond retest noise.
    assert expected.noise_floor("GAD-7") == 6 and expected.noise_floor("PHQ-9") == 6
    assert "deterioration" not in scored([5, 5, 11, 10], "GAD-7").flags
    assert "deterioration" in scored([5, 5, 14, 11], "GAD-7").flags
    assert "deterioration" not in scored([5, 5, 13, 11], "GAD-7").flags  # the one before needs 9


def test_a_relapse_after_reliable_improvement():
    result = scored([15, 18, 11, 4, 14, 15])
    assert result.state == "deteriorating"
    assert "relapse" in result.flags and "reliable_improvement" not in result.flags
    relapse = result.finding("relapse")
    assert (relapse.data["best"], relapse.data["latest"]) == (4, 15)
    assert "doing better" not in result.conversation_starter
    assert "My PHQ-9 had come down to 4" in result.conversation_starter


def test_a_relapse_from_six_back_to_sixteen():
    result = scored([16, 15, 9, 6, 6, 16, 16])
    assert result.measures[0]["category"] == "unchanged"  # first and latest alone would say nothing
    assert result.state == "deteriorating" and "relapse" in result.flags
    assert result.finding("relapse").data["best"] == 6


def test_no_relapse_while_the_improvement_holds():
    assert "relapse" not in scored([18, 18, 12, 4, 9, 10]).flags  # 10 is still reliably better than 18


def test_reliable_improvement_counts_only_while_the_latest_score_holds_it():
    held = scored([18, 17, 16, 15, 14, 13, 12, 11])
    assert held.flags == ["reliable_improvement"] and held.state == "breakthrough"
    lost = scored([18, 17, 16, 15, 14, 11, 12, 13])
    assert "reliable_improvement" not in lost.flags


def test_the_expected_course_from_the_published_curve():
    assert expected.remaining_share(0) == 1
    assert expected.remaining_share(3) == pytest.approx((12.90 - 4.35 + 0.63) / 12.90)
    assert expected.remaining_share(30) == expected.remaining_share(expected.LOWEST)
    assert expected.expected_score(16, 6) == pytest.approx(16 * (12.90 - 8.70 + 2.52) / 12.90)


def test_not_on_track_when_scores_stay_above_the_expected_course():
    result = scored([16] * 8)
    assert result.state == "not_on_track" and result.flags == ["not_on_track"]
    f = result.finding("not_on_track")
    assert f.data["sessions"] == 7 and f.data["band"] == 7.5
    assert f.data["expected"] == pytest.approx(expected.expected_score(16, 7), abs=0.01)
    assert "My PHQ-9 is 16 after seven sessions" in result.conversation_starter


def test_not_on_track_needs_the_score_before_it_off_track_too():
    # 16 * share(6) + 7.5 = 15.8: the sixth score (16) is off track, the fifth (15 after 5) is not.
    assert "not_on_track" not in scored([16, 16, 16, 16, 16, 15, 16]).flags
    assert "not_on_track" in scored([16, 16, 16, 16, 16, 16, 16, 16]).flags


def test_no_expected_course_below_the_clinical_cutoff():
    assert "not_on_track" not in scored([9] * 10).flags


def test_no_reliable_improvement_after_many_sessions_is_an_observation():
    result = scored([14] * 13 + [13])
    f = result.finding("no_reliable_improvement")
    assert f is not None and f.flag is False and f.data["sessions"] == 13
    assert scored([14] * 12).finding("no_reliable_improvement") is None


def test_a_sudden_loss_that_no_longer_holds_is_not_flagged():
    holds = scored([10, 10, 10, 10, 10, 18, 18, 18], "GAD-7")
    assert holds.state == "deteriorating" and "sudden_loss" in holds.flags
    gone = scored([10, 10, 10, 10, 10, 18, 18, 11, 10], "GAD-7")
    assert "sudden_loss" not in gone.flags

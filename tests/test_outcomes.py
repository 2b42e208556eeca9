"""Reliable change and clinical significance against the clinicalsignificance reference values."""

import pytest

from midcourse.analysis.outcomes import (
    ReliableChangeRule,
    assess_people,
    cutoff_c,
    reliable_change_index,
)
from midcourse.instruments import BUILT_IN, reliable_change_threshold, standard_error_of_difference


def test_cutoff_c_reference():
    assert cutoff_c(40, 7.5, 60, 7.5) == 50


def test_standard_error_of_difference_reference():
    assert standard_error_of_difference(5, 0.80) == pytest.approx(3.1623, abs=1e-4)


@pytest.mark.parametrize(("change", "rci"), [(-8, -2.530), (-4, -1.265), (0, 0), (4, 1.265), (8, 2.530)])
def test_reliable_change_index_reference(change, rci):
    assert round(reliable_change_index(50, 50 + change, 5, 0.80), 3) == rci


def test_threshold_in_points():
    assert reliable_change_threshold(5, 0.80) == pytest.approx(1.96 * 3.16228, abs=1e-4)


def test_categories_with_a_cutoff():
    rule = ReliableChangeRule("higher", threshold=6, cutoff=10)
    assert rule.category(18, 8) == "recovered"
    assert rule.category(20, 13) == "improved"
    assert rule.category(18, 13) == "unchanged"
    assert rule.category(8, 15) == "harmed"
    assert rule.category(12, 20) == "deteriorated"


def test_categories_when_lower_is_worse():
    rule = ReliableChangeRule("lower", threshold=5, cutoff=25)
    assert rule.category(18, 27) == "recovered"
    assert rule.category(10, 16) == "improved"
    assert rule.category(28, 20) == "harmed"


def test_reliability_rule_uses_rci_above_1_96():
    rule = ReliableChangeRule("higher", sd=5, reliability=0.8)
    assert rule.category(50, 44) == "unchanged"  # RC -1.90
    assert rule.category(50, 43) == "improved"   # RC -2.21


def test_summary_counts_and_missing():
    rule = ReliableChangeRule("higher", threshold=6)
    people, summary = assess_people([("a", 20, 10), ("b", 20, 19), ("c", None, 3)], rule)
    assert summary == {"improved": 1, "unchanged": 1, "deteriorated": 0, "missing": 1}
    assert people[2].category is None


def test_built_in_instruments_carry_their_facts():
    phq = BUILT_IN["PHQ-9"]
    assert (phq.max, phq.cutoff, phq.rc_threshold(), phq.is_clinical(10), phq.is_clinical(9)) == (
        27, 10, 6, True, False)
    ors = BUILT_IN["ORS"]
    assert (ors.worse, ors.is_clinical(24), ors.is_clinical(25)) == ("lower", True, False)

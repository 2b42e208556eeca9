"""Golden tests against the R package suddengains' own test expectations (SCIENCE.md)."""

import csv
import math
import statistics
from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from midcourse.analysis.gains import GainOptions, cutoff_from_reliability, find
from midcourse.analysis.tdist import central_probability, critical_value

BDI = [f"bdi_s{i}" for i in range(1, 13)]
NAN = math.nan


@pytest.fixture
def sgdata(shared_data):
    """The sgdata example set: ids and BDI sessions 1-12 (NaN for missing), plus intake scores."""
    with (shared_data / "suddengains" / "sgdata.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    ids = [int(float(r["id"])) for r in rows]
    matrix = np.array([[float(r[c]) if r[c] else NAN for c in BDI] for r in rows])
    intake = [float(r["bdi_s0"]) for r in rows if r["bdi_s0"]]
    return ids, matrix, intake


def test_sgdata_has_24_gains_in_15_people_at_the_reference_sessions(sgdata):
    ids, matrix, _ = sgdata
    gains = find(matrix, GainOptions(cutoff=7))
    by_person = defaultdict(list)
    for g in gains:
        by_person[ids[g.row]].append(g.pregain + 1)  # 1-based pre-gain session
    assert len(gains) == 24
    assert len(by_person) == 15
    assert sum(1 for v in by_person.values() if len(v) > 1) == 8
    assert dict(by_person) == {1: [3, 7], 3: [8], 4: [3], 5: [3, 8], 9: [3], 10: [2, 4], 12: [3], 13: [3, 8],
                               14: [2], 18: [3], 39: [3], 40: [2, 5, 8], 41: [6, 9], 42: [5, 8], 43: [5, 7]}


def test_sgdata_magnitudes_and_reversals(sgdata):
    _, matrix, _ = sgdata
    gains = find(matrix, GainOptions(cutoff=7))
    magnitudes = [g.magnitude for g in gains]
    assert round(statistics.mean(magnitudes), 2) == 11.00
    assert round(statistics.stdev(magnitudes), 2) == 3.43
    assert sum(g.reversal for g in gains) == 4


def test_cutoff_from_reliability(sgdata):
    _, _, intake = sgdata
    assert statistics.stdev(intake) == pytest.approx(6.396073, abs=1e-6)
    assert cutoff_from_reliability(intake, 0.931) == pytest.approx(4.65703, abs=1e-5)


@pytest.mark.parametrize(("row", "expected"), [
    ((35, 37, 23, 23, 24, 21), [1]),
    ((35, 37, 34, 24, 24, 21), [2]),
    ((35, 37, 34, 34, 24, 21), [3]),
    ((35, 37, 34, 37, 37, 37), []),
    ((28, 19, 23, 12, 13, NAN), []),
    ((28, 19, 23, 11, 12, NAN), [2]),
])
def test_single_rows(row, expected):
    """Expected: 0-based pre-gain index (the 1st checked interval is 2->3, pre-gain index 1)."""
    assert [g.pregain for g in find([list(row)], GainOptions(cutoff=7))] == expected


def test_missing_pregain_or_postgain_value_means_no_gain():
    assert find([[30, 30, 30, NAN, 10, 10, 10]], GainOptions(cutoff=7)) == []
    assert find([[30, 30, 30, 30, NAN, 10, 10]], GainOptions(cutoff=7)) == []


def test_criterion_3_needs_two_values_on_each_side():
    # Pre window of the 3->4 interval holds one value only (x1, x2 missing): criterion 3 is missing.
    row = [NAN, NAN, 30, 10, 10, 10]
    assert find([row], GainOptions(cutoff=7)) == []
    assert [g.pregain for g in find([row], GainOptions(cutoff=7, crit3=False))] == [2]


def test_adjusted_and_fixed_critical_values():
    assert critical_value(0.05, 4) == pytest.approx(2.776445, abs=1e-6)
    assert critical_value(0.05, 3) == pytest.approx(3.182446, abs=1e-6)
    assert critical_value(0.05, 2) == pytest.approx(4.302653, abs=1e-6)
    assert central_probability(critical_value(0.01, 7), 7) == pytest.approx(0.99, abs=1e-10)
    # One missing value after the gain: df 3 (3.182) would reject, a fixed 2.776 accepts.
    row = [20, 20, 20, 6, 14, NAN]
    assert find([row], GainOptions(cutoff=7)) == []
    fixed = find([row], GainOptions(cutoff=7, adjust=False, critical_value=2.776))
    assert [(g.pregain, g.critical_value) for g in fixed] == [(2, 2.776)]


def test_percentage_criterion():
    row = [40, 40, 40, 32, 32, 32]  # drop 8: >= 7 points but 20% < 25%
    assert find([row], GainOptions(cutoff=7)) == []
    assert len(find([row], GainOptions(cutoff=7, pct=0.2))) == 1


def test_reversal_looks_from_two_sessions_after_the_gain():
    # Gain 30 -> 10 (magnitude 20): reversal threshold 20. Session right after post-gain does not count.
    assert find([[30, 30, 30, 10, 21, 10, 10]], GainOptions(cutoff=7))[0].reversal is False
    assert find([[30, 30, 30, 10, 10, 21, 10]], GainOptions(cutoff=7))[0].reversal is True


def test_sudden_losses_mirror_gains():
    row = [10, 10, 10, 25, 25, 25]
    losses = find([row], GainOptions(cutoff=7, losses=True))
    assert [(g.pregain, g.magnitude, g.kind) for g in losses] == [(2, -15, "loss")]
    assert find([row], GainOptions(cutoff=7)) == []


def test_loss_percentage_rule_package_and_mirrored():
    row = [40, 40, 40, 48, 48, 48]  # increase 8: 20% of 40
    assert len(find([row], GainOptions(cutoff=7, losses=True))) == 1  # the package's rule: always met
    assert find([row], GainOptions(cutoff=7, losses=True, loss_pct_rule="mirrored")) == []


def test_loss_reversal():
    loss = find([[10, 10, 10, 30, 30, 19]], GainOptions(cutoff=7, losses=True))[0]
    assert loss.reversal is True  # 19 < 30 + (-20)/2


def reference_interval(row, pre, options):
    """A plain, one-interval transcription of the package's rules, to check the vectorised code."""
    post = pre + 1
    x = row
    if math.isnan(x[pre]) or math.isnan(x[post]):
        return False
    diff = x[pre] - x[post]
    if options.losses:
        if not diff <= -options.cutoff:
            return False
        if options.pct is not None and not diff <= options.pct * x[pre]:
            return False
    else:
        if not diff >= options.cutoff:
            return False
        if options.pct is not None and not diff >= options.pct * x[pre]:
            return False
    if not options.crit3:
        return True
    before = [v for v in x[max(0, post - 3):post] if not math.isnan(v)]
    after = [v for v in x[post:post + 3] if not math.isnan(v)]
    if len(before) < 2 or len(after) < 2:
        return False
    t = critical_value(0.05, len(before) + len(after) - 2)
    pooled = math.sqrt(((len(before) - 1) * statistics.variance(before)
                        + (len(after) - 1) * statistics.variance(after)) / (len(before) + len(after) - 2))
    gap = statistics.mean(after) - statistics.mean(before) if options.losses else \
        statistics.mean(before) - statistics.mean(after)
    return gap > t * pooled


scores = st.one_of(st.integers(0, 40).map(float), st.just(NAN))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(scores, min_size=4, max_size=10), min_size=1, max_size=5).filter(
    lambda rs: len({len(r) for r in rs}) == 1), losses=st.booleans(), crit3=st.booleans())
def test_vectorised_gains_match_a_plain_transcription_of_the_rules(rows, losses, crit3):
    options = GainOptions(cutoff=7, losses=losses, crit3=crit3)
    found = {(g.row, g.pregain) for g in find(rows, options)}
    expected = {(r, pre) for r, row in enumerate(rows) for pre in range(1, len(row) - 2)
                if reference_interval(row, pre, options)}
    assert found == expected

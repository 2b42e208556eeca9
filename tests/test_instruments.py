import pytest

from midcourse.instruments import BUILT_IN, from_definition
from midcourse.record import Record


@pytest.mark.parametrize("fields", [{"reliability": 1, "sd": 5}, {"reliability": 0.8, "sd": 0},
                                    {"reliability": -3, "sd": 5}, {"reliable_change": 0}])
def test_a_stored_definition_that_would_divide_by_zero_has_no_threshold(fields):
    """Records stored before validation refused these must still be assessed."""
    instrument = from_definition("X", {"min": 0, "max": 27, "worse": "higher", **fields})
    assert instrument.rc_threshold() is None
    assert (instrument.reliability, instrument.sd) == (None, None)


def test_an_unusable_stored_definition_falls_back_to_the_built_in_one():
    record = Record(instruments={"PHQ-9": {"min": 5, "max": 5, "worse": "higher"}, "Y": {"min": 0}})
    assert record.instrument("PHQ-9") == BUILT_IN["PHQ-9"]
    assert record.instrument("Y") is None

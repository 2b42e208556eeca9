from itertools import pairwise

import pytest

from midcourse.demo import demo_record
from midcourse.history import history
from midcourse.text.embeddings import available
from midcourse.text.reader import default_reader


def test_demo_has_twenty_weekly_sessions_with_a_wall_in_the_middle():
    record = demo_record()
    assert len(record.sessions) == 20
    statuses = [s.status for s in record.sessions]
    assert statuses.count("cancelled_by_client") == 1
    assert statuses.count("cancelled_by_therapist") == 1
    late = [s.key for s in record.sessions if (s.minutes_late or 0) >= 10]
    assert late == ["2026-07-13T17:00", "2026-07-27T17:00", "2026-08-17T17:00"]
    assert any(s.checkin and s.checkin.quit >= 5 for s in record.sessions)
    assert len(record.journal) == 8 and len(record.defenses) == 3


def test_demo_has_a_large_drop_in_phq9_after_the_wall():
    scores = [s.measures["PHQ-9"] for s in demo_record().sessions if "PHQ-9" in s.measures]
    drops = [a - b for a, b in pairwise(scores)]
    assert max(drops) == 7
    assert drops.index(7) == 13  # the 14th to the 15th score: sessions 16 and 17


@pytest.mark.skipif(not available(), reason="the ONNX model or onnxruntime is not installed")
def test_demo_reads_wall_then_breakthrough_with_the_shipped_reader():
    """The demo's story as a user sees it: no wall sign read into the notes of the breakthrough."""
    states = [(p.as_of.isoformat(), p.assessment.state) for p in history(demo_record(), reader=default_reader())]
    assert ("2026-07-13", "wall") in states
    after = [state for date, state in states if date >= "2026-09-21"]
    assert after == ["breakthrough"] * len(after) and len(after) == 4

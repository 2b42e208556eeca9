import datetime as dt
import xml.etree.ElementTree as ET

from midcourse.assess import assess
from midcourse.chart import timeline_svg
from midcourse.demo import demo_record
from midcourse.record import Record
from midcourse.text.reader import LexicalReader

NS = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)


def titles(root, css):
    return [el.find(f"{NS}title").text for el in root.iter() if css in (el.get("class") or "").split()
            and el.find(f"{NS}title") is not None]


def test_the_demo_chart_marks_alliance_scores_cutoff_attendance_rupture_and_gain():
    record = demo_record()
    root = parse(timeline_svg(record, assess(record, reader=LexicalReader())))
    points = titles(root, "point")
    assert len([t for t in points if "alliance" in t]) == 18
    assert "2026-08-17T17:00: alliance 4.3 (check-in)" in points
    assert "2026-09-21T17:00: PHQ-9 7" in points
    assert titles(root, "cutoff") == ["clinical cutoff 10"]
    assert titles(root, "gain") == ["sudden gain: 14 to 7 (2026-09-14T17:00 to 2026-09-21T17:00)"]
    assert titles(root, "rupture") == ["2026-08-17T17:00: rupture (repaired)"]
    events = titles(root, "event")
    assert "2026-07-20T17:00: cancelled by me" in events
    assert "2026-07-27T17:00: late (15 min)" in events
    assert "2026-08-03T17:00: cancelled by therapist" in events


def test_as_of_limits_the_chart_and_styles_can_be_left_to_the_page():
    record = demo_record()
    svg = timeline_svg(record, assess(record, dt.date(2026, 6, 15), reader=LexicalReader()), inline_style=False)
    assert "<style>" not in svg
    assert len([t for t in titles(parse(svg), "point") if "alliance" in t]) == 3


def test_an_empty_record_says_so():
    assert "No sessions yet." in timeline_svg(Record(), assess(Record(), reader=LexicalReader()))

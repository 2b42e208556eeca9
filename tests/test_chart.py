import datetime as dt
import re
import xml.etree.ElementTree as ET

from midcourse.assess import assess
from midcourse.chart import MARKS, NARROW, date_ticks, integer_ticks, timeline_svg
from midcourse.demo import demo_record
from midcourse.record import Record, Session
from midcourse.text.reader import LexicalReader

NS = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)


def titles(root, css):
    return [el.find(f"{NS}title").text for el in root.iter() if css in (el.get("class") or "").split()
            and el.find(f"{NS}title") is not None]


def demo_svg(width=860):
    record = demo_record()
    return timeline_svg(record, assess(record, reader=LexicalReader()), width=width)


def test_the_demo_chart_marks_alliance_scores_cutoff_attendance_rupture_and_gain():
    root = parse(demo_svg())
    points = titles(root, "point")
    assert len([t for t in points if "alliance" in t]) == 18
    assert "2026-08-17T17:00: alliance 4.3 (check-in)" in points
    assert "2026-09-21T17:00: PHQ-9 7" in points
    assert titles(root, "cutoff") == ["clinical cutoff 10"]
    assert titles(root, "clinical") == ["clinical range: 10 and above"]
    assert titles(root, "gain") == ["sudden gain: 14 to 7 (2026-09-14T17:00 to 2026-09-21T17:00)"]
    assert titles(root, "repaired-rupture") == ["2026-08-17T17:00: rupture (repaired)"]
    events = titles(root, "event")
    assert "2026-07-20T17:00: cancelled by me" in events
    assert "2026-07-27T17:00: late (15 min)" in events
    assert "2026-08-03T17:00: cancelled by therapist" in events


def test_the_clinical_range_is_labelled_and_ticks_are_whole_numbers():
    svg = demo_svg()
    assert "clinical range (≥ 10)" in svg
    ticks = [el.text for el in parse(svg).iter(f"{NS}text") if el.get("text-anchor") == "end"
             and (el.get("class") or "") == "tick"]
    assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), ticks
    assert integer_ticks(0, 27) == [0, 10, 20] and integer_ticks(0, 10) == [0, 5, 10]


def test_the_date_axis_labels_months_and_fits_a_narrow_screen():
    start, end = dt.datetime(2026, 5, 30), dt.datetime(2026, 10, 15)
    assert [label for _, label in date_ticks(start, end, 800)] == ["Jun 2026", "Jul", "Aug", "Sep", "Oct"]
    assert len(date_ticks(start, end, NARROW - 50)) <= 5
    short = date_ticks(dt.datetime(2026, 3, 2), dt.datetime(2026, 3, 20), 800)
    assert [label for _, label in short] == ["2 Mar", "9 Mar", "16 Mar"]
    assert ">Aug</text>" in demo_svg()


def test_the_legend_draws_each_mark_as_the_chart_does_in_distinct_colours():
    root = parse(demo_svg())
    legend = [el for el in root.iter() if "legend-mark" in (el.get("class") or "")]
    labels = [el.text for el in root.iter(f"{NS}text")]
    for kind in ("late", "cancelled_by_client", "cancelled_by_therapist", "repaired_rupture", "sudden_gain"):
        assert MARKS[kind].label in labels, kind
    for el in legend:
        assert el.get("fill") or el.get("stroke")
    colours = {MARKS[k].color for k in ("late", "no_show", "cancelled_by_client", "cancelled_by_therapist")}
    assert len(colours) == 4
    assert MARKS["rupture"].shape != MARKS["repaired_rupture"].shape


def test_close_sessions_do_not_overlap_in_the_attendance_strip():
    sessions = [Session(dt.datetime(2026, 3, 2, 17), "no_show"), Session(dt.datetime(2026, 3, 3, 17), "cancelled_by_client"),
                *[Session(dt.datetime(2026, 3, 9) + dt.timedelta(days=7 * i), "attended") for i in range(20)]]
    record = Record(sessions=sessions)
    root = parse(timeline_svg(record, assess(record, reader=LexicalReader()), width=NARROW))
    marks = [el for el in root.iter() if "event" in (el.get("class") or "").split()]
    assert len(marks) == 2
    ys = {m.get("d", "") + (m.get("y") or "") for m in marks}
    assert len(ys) == 2
    centres = [float(m.get("y")) + 5.5 if m.get("y") else float(re.findall(r"[\d.]+", m.get("d"))[1]) + 5.5
               for m in marks]
    assert abs(centres[0] - centres[1]) >= 12  # one lane below the other


def test_as_of_limits_the_chart_and_styles_can_be_left_to_the_page():
    record = demo_record()
    svg = timeline_svg(record, assess(record, dt.date(2026, 6, 15), reader=LexicalReader()), inline_style=False)
    assert "<style>" not in svg
    assert len([t for t in titles(parse(svg), "point") if "alliance" in t]) == 3


def test_an_empty_record_says_so():
    assert "No sessions yet." in timeline_svg(Record(), assess(Record(), reader=LexicalReader()))


def test_the_state_over_time_is_a_band_of_stretches():
    record = demo_record()
    a = assess(record, reader=LexicalReader())
    states = [(dt.date(2026, 6, 1), "early"), (dt.date(2026, 6, 29), "on_track"), (dt.date(2026, 7, 27), "wall"),
              (dt.date(2026, 8, 10), "wall"), (dt.date(2026, 9, 21), "breakthrough"), (dt.date(2030, 1, 1), "crisis")]
    root = parse(timeline_svg(record, a, states=states))
    band = [el for el in root.iter() if "state" in (el.get("class") or "").split()]
    assert [el.find(f"{NS}title").text for el in band] == [
        "2026-06-01: early days", "2026-06-29: on track", "2026-07-27: wall", "2026-08-10: wall",
        "2026-09-21: breakthrough"]  # a state after the as-of date is not drawn
    xs = [float(el.get("x")) for el in band]
    assert xs == sorted(xs) and all(float(el.get("width")) > 0 for el in band)
    labels = [el.text for el in root.iter(f"{NS}text") if el.get("class") == "state-label"]
    assert labels.count("wall") == 1  # one label per stretch of the same state
    assert "Where things stood" in timeline_svg(record, a, states=states)
    assert "Where things stood" not in timeline_svg(record, a)


def test_each_state_has_a_colour_of_its_own_and_a_key():
    from midcourse.chart import STATE_COLORS

    assert len(set(STATE_COLORS.values())) == len(STATE_COLORS)
    record = demo_record()
    svg = timeline_svg(record, assess(record, reader=LexicalReader()),
                       states=[(dt.date(2026, 6, 1), "early"), (dt.date(2026, 7, 6), "wall")])
    keys = [el for el in parse(svg).iter() if el.get("class") == "state-key"]
    assert [k.get("fill") for k in keys] == [STATE_COLORS["early"], STATE_COLORS["wall"]]

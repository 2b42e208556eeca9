"""Hypothesis strategies for valid midcourse/1 records in canonical form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from midcourse.defenses import CATALOGUE
from midcourse.record import AFTER_FEELINGS, SCALES, STATUSES, moment, parse_when

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=40)
nonempty_text = text.filter(bool)
scale = st.one_of(st.integers(0, 10), st.floats(0, 10, allow_nan=False).map(lambda x: round(x, 3)))
days = st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31))
moments = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0))
when = st.one_of(days.map(dt.date.isoformat), moments.map(lambda d: d.isoformat(timespec="minutes")))


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


@st.composite
def checkins(draw: st.DrawFn) -> dict[str, Any]:
    fields = {name: draw(st.none() | scale) for name in SCALES}
    fields["after"] = draw(st.none() | st.sampled_from(AFTER_FEELINGS))
    fields["safety"] = draw(st.none() | st.integers(0, 3))
    fields["note"] = draw(text)
    return _clean(fields)


@st.composite
def sessions(draw: st.DrawFn, date: str) -> dict[str, Any]:
    status = draw(st.sampled_from(STATUSES))
    attended = status == "attended"
    s: dict[str, Any] = {"date": date, "status": status}
    s["minutes_late"] = draw(st.none() | st.integers(0, 90)) if attended else draw(st.none() | st.just(0))
    s["notice_hours"] = draw(st.none() | st.integers(0, 200))
    s["reason"] = draw(text)
    if attended:
        s["checkin"] = draw(st.none() | checkins())
    if status != "planned":
        s["measures"] = draw(st.dictionaries(st.sampled_from(["PHQ-9", "GAD-7", "ORS", "MY-SCALE"]),
                                             st.integers(0, 21), max_size=3))
        if draw(st.booleans()):  # PHQ-9 entered item by item: the total is the items' sum
            items = draw(st.lists(st.integers(0, 3), min_size=9, max_size=9))
            s["items"] = {"PHQ-9": items}
            s["measures"] = s["measures"] | {"PHQ-9": sum(items)}
    s["note"] = draw(text)
    return _clean(s)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    dates = draw(st.lists(when, unique=True, max_size=8))
    doc: dict[str, Any] = {"format": "midcourse/1"}
    client = _clean({"name": draw(st.none() | nonempty_text),
                     "therapy_started": draw(st.none() | days.map(dt.date.isoformat))})
    if client:
        doc["client"] = client
    doc["instruments"] = {"MY-SCALE": {"min": 0, "max": 50, "worse": draw(st.sampled_from(["higher", "lower"])),
                                       "cutoff": 20, "reliable_change": 6}}
    doc["sessions"] = [draw(sessions(d)) for d in dates]
    doc["journal"] = [{"date": draw(when), "text": draw(text)}
                      | _clean({"tags": draw(st.lists(nonempty_text, max_size=3))})
                      for _ in range(draw(st.integers(0, 4)))]
    doc["defenses"] = [_clean({"date": draw(when), "defense": draw(st.sampled_from(sorted(CATALOGUE))),
                               "note": draw(text)}) for _ in range(draw(st.integers(0, 3)))]
    doc["safety_answers"] = [_clean({"date": draw(when), "answer": draw(st.sampled_from(["safe", "not_safe"])),
                                     "text": draw(text),
                                     "text_date": draw(st.none() | days.map(dt.date.isoformat))})
                             for _ in range(draw(st.integers(0, 2)))]
    for name in ("sessions", "journal", "defenses", "safety_answers"):  # canonical order: by date, stable
        doc[name].sort(key=lambda item: moment(parse_when(item["date"])))
    return _clean(doc) | {"sessions": doc["sessions"]}

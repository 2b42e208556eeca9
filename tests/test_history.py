"""The assessment as of each session date: the same as assessing each date alone."""

import datetime as dt

from midcourse.assess import assess
from midcourse.demo import demo_record
from midcourse.history import history, session_dates
from midcourse.record import day
from midcourse.text import Repeat, Signal
from midcourse.text.reader import LexicalReader
from tests.builders import attended, record, steady, week


def test_history_equals_an_assessment_at_each_session_date():
    rec = demo_record()
    points = list(history(rec))
    assert [p.as_of for p in points] == sorted({day(s.date) for s in rec.sessions if not s.planned})
    for p in points:
        assert p.assessment.to_dict() == assess(rec, p.as_of, reader=LexicalReader()).to_dict()


def test_planned_sessions_are_not_session_dates():
    rec = record(steady(2) + [{"date": week(5), "status": "planned"}])
    assert session_dates(rec) == [dt.date(2026, 3, 2), dt.date(2026, 3, 9)]


class CountingReader(LexicalReader):
    """The rule-based reader, counting the texts it is asked to read, and offering novelty."""

    def __init__(self):
        self.read: list[str] = []

    def signals(self, texts):
        self.read += list(texts)
        return super().signals(texts)

    def repeats(self, recent, earlier, threshold, share=0.5) -> list[Repeat]:
        return super().repeats(recent, earlier, threshold, share)

    def novelty(self, recent, earlier, threshold):
        return [(i, text, 0.1) for i, text in enumerate(recent)]


def test_history_reads_each_text_once_and_keeps_novelty():
    reader = CountingReader()
    points = list(history(demo_record(), reader=reader))
    assert len(reader.read) == len(set(reader.read))
    assert any(p.assessment.finding("novelty") is not None for p in points)


def test_novelty_is_a_finding_where_the_reader_offers_it():
    result = assess(demo_record(), reader=CountingReader())
    novelty = result.finding("novelty")
    assert novelty is not None and novelty.flag is False and novelty.data["new"] == novelty.data["sentences"] > 0
    assert isinstance(Signal("crisis", "x", 0, 1).kind, str)


class NoveltyByLength(LexicalReader):
    """Offers every recent text as new, the longer the newer (so least-similar is not date order)."""

    def novelty(self, recent, earlier, threshold):
        return [(i, text, 1 / (1 + len(text))) for i, text in enumerate(recent)]


def test_new_sentences_are_shown_in_date_order():
    rec = record([attended(0, note="We began.")] + steady(8)[1:] + [
        attended(8, note="A long new thought about my father and me."), attended(9, note="Short one."),
        attended(10, note="A much longer note than both.")])
    found = assess(rec, reader=NoveltyByLength()).finding("novelty")
    dates = [e.date for e in found.evidence]
    assert dates == sorted(dates) and len(dates) == 3

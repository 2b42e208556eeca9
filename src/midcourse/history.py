"""The assessment as of each session date of a record: the course of states over time.

One reader serves every date, and what it says of a text is kept for the whole run (a text's
statements do not depend on the date), so a course of 20 sessions costs little more than its
20 windows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from midcourse.assess import Assessment, assess
from midcourse.record import Record, day
from midcourse.settings import Settings
from midcourse.text import Repeat, Signal, TextReader


@dataclass(frozen=True)
class HistoryPoint:
    """The assessment as of one session date."""

    as_of: dt.date
    assessment: Assessment


class _Remembering:
    """A reader that remembers each text's statements for the run (the other methods pass through)."""

    def __init__(self, reader: TextReader):
        self.reader = reader
        self.known: dict[str, list[Signal]] = {}

    def signals(self, texts: Sequence[str]) -> list[list[Signal]]:
        new = [t for t in dict.fromkeys(texts) if t not in self.known]
        if new:
            for text, found in zip(new, self.reader.signals(new), strict=True):
                self.known[text] = found
        return [self.known[t] for t in texts]

    def repeats(self, recent: Sequence[str], earlier: Sequence[str], threshold: float,
                share: float = 0.5) -> list[Repeat]:
        return self.reader.repeats(recent, earlier, threshold, share)

    def novelty(self, recent: Sequence[str], earlier: Sequence[str], threshold: float
                ) -> list[tuple[int, str, float]]:
        return self.reader.novelty(recent, earlier, threshold)

    def forget(self) -> None:
        self.known.clear()
        self.reader.forget()


def session_dates(record: Record) -> list[dt.date]:
    """The distinct days of the record's sessions (planned appointments left out), in order."""
    return list(dict.fromkeys(day(s.date) for s in record.sessions if not s.planned))


def history(record: Record, settings: Settings | None = None, reader: TextReader | None = None
            ) -> Iterator[HistoryPoint]:
    """The assessment as of each session date of the record, oldest first."""
    settings = settings or Settings()
    if reader is None:
        from midcourse.text.reader import LexicalReader

        reader = LexicalReader()
    remembering = _Remembering(reader)
    for date in session_dates(record):
        yield HistoryPoint(date, assess(record, date, settings, remembering))

"""The recent window and the baseline: which sessions and texts an analysis looks at."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from midcourse.record import Record, Session, When, day, format_when, moment
from midcourse.settings import Settings


@dataclass(frozen=True)
class Text:
    """A piece of writing in the record: a note, a reason, a journal entry or a defense note.

    `own` is False for words that are not the client's own (the reason a therapist gave when they
    cancelled): those feed no text rule."""

    date: When
    source: str
    text: str
    ref: str
    own: bool = True

    @property
    def day(self) -> dt.date:
        return day(self.date)


@dataclass(frozen=True)
class Window:
    """Sessions and texts up to the as-of date, split into the recent window and the baseline."""

    as_of: dt.date
    sessions: list[Session]
    recent: list[Session]
    baseline: list[Session]
    texts: list[Text] = field(default_factory=list)
    planned: list[Session] = field(default_factory=list)

    @property
    def since(self) -> dt.date | None:
        """The first day of the recent window (its first session's day)."""
        return day(self.recent[0].date) if self.recent else None

    def own_texts(self) -> list[Text]:
        """The client's own words up to the as-of date."""
        return [t for t in self.texts if t.own]

    def recent_texts(self) -> list[Text]:
        """The client's own texts dated from the first recent session on."""
        since = self.since
        return [t for t in self.texts if t.own and since is not None and t.day >= since]

    def earlier_texts(self) -> list[Text]:
        """The client's own texts dated before the recent window."""
        since = self.since
        return [t for t in self.texts if t.own and (since is None or t.day < since)]

    def attended(self) -> list[Session]:
        return [s for s in self.sessions if s.attended]

    def fade_since(self, sessions: int) -> dt.date | None:
        """The first day of the last `sessions` sessions of the window: signs older than it have faded."""
        if not self.recent or sessions <= 0:
            return None
        return day(self.recent[-min(sessions, len(self.recent))].date)


def texts_of(record: Record, as_of: dt.date) -> list[Text]:
    """Every non-empty text dated on or before as_of, in date order: session notes and reasons,
    check-in notes, journal entries and defense notes."""
    texts: list[Text] = []
    for s in record.sessions:
        if day(s.date) > as_of or s.planned:
            continue
        if s.note.strip():
            texts.append(Text(s.date, "session note", s.note, s.key))
        if s.checkin is not None and s.checkin.note.strip():
            texts.append(Text(s.date, "check-in note", s.checkin.note, s.key))
        if s.reason.strip():
            by_therapist = s.status == "cancelled_by_therapist"
            texts.append(Text(s.date, "therapist's reason" if by_therapist else "cancellation reason", s.reason,
                              s.key, own=not by_therapist))
    for j in record.journal:
        if day(j.date) <= as_of and j.text.strip():
            texts.append(Text(j.date, "journal", j.text, f"journal {format_when(j.date)}"))
    for d in record.defenses:
        if day(d.date) <= as_of and d.note.strip():
            texts.append(Text(d.date, "defense note", d.note, f"defense {format_when(d.date)}"))
    texts.sort(key=lambda t: moment(t.date))
    return texts


def window(record: Record, as_of: dt.date | None = None, settings: Settings | None = None) -> Window:
    """The window as of a date (default: the record's last date)."""
    settings = settings or Settings()
    as_of = as_of or record.last_date() or dt.date.today()
    sessions = [s for s in record.sessions if day(s.date) <= as_of and not s.planned]
    planned = [s for s in record.sessions if s.planned]
    recent = sessions[-settings.recent_sessions:] if settings.recent_sessions > 0 else []
    outside = sessions[: len(sessions) - len(recent)]
    baseline = outside[: settings.baseline_sessions]
    return Window(as_of=as_of, sessions=sessions, recent=recent, baseline=baseline,
                  texts=texts_of(record, as_of), planned=planned)


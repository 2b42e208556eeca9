"""The record of one course of therapy, and its midcourse/1 JSON form."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from midcourse.instruments import BUILT_IN, Instrument, from_definition

FORMAT = "midcourse/1"
STATUSES = ("attended", "no_show", "cancelled_by_client", "cancelled_by_therapist", "planned")
# A planned session is a future appointment: the only status a date after today may have.
HELD_STATUSES = STATUSES[:4]
AFTER_FEELINGS = ("good", "calm", "neutral", "drained", "anxious", "irritated", "upset")
SCALES = ("bond", "goals", "tasks", "depth", "insight", "quit")
ALLIANCE_SCALES = ("bond", "goals", "tasks")
SCALE_MIN, SCALE_MAX = 0, 10
# The safety question of a check-in: since the last session, how often thoughts of being better off
# dead or of hurting oneself (0 not at all, 1 some days, 2 more than half the days, 3 nearly every day).
SAFETY_MIN, SAFETY_MAX = 0, 3
SAFETY_ANSWERS = ("safe", "not_safe")

When = dt.date | dt.datetime
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_when(text: str) -> When:
    """Parse an ISO 8601 date or date-time; raises ValueError when it is neither."""
    text = text.strip()
    if _DATE_ONLY.match(text):
        return dt.date.fromisoformat(text)
    if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text):
        raise ValueError(text)
    return dt.datetime.fromisoformat(text)


def format_when(value: When) -> str:
    """The canonical text of a date or date-time: minutes unless seconds are set."""
    if isinstance(value, dt.datetime):
        if value.second == 0 and value.microsecond == 0:
            return value.isoformat(timespec="minutes")
        return value.isoformat()
    return value.isoformat()


def moment(value: When) -> dt.datetime:
    """A naive date-time for ordering: a date is its midnight; an offset is dropped."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime(value.year, value.month, value.day)


def day(value: When) -> dt.date:
    """The calendar day of a date or date-time."""
    return value.date() if isinstance(value, dt.datetime) else value


def number(value: float) -> float | int:
    """A score as JSON writes it: integral values as integers."""
    return int(value) if float(value).is_integer() else float(value)


@dataclass
class CheckIn:
    """The client's quick ratings after a session (each 0-10) and how they felt after."""

    bond: float | None = None
    goals: float | None = None
    tasks: float | None = None
    depth: float | None = None
    insight: float | None = None
    quit: float | None = None
    after: str | None = None
    note: str = ""
    safety: int | None = None

    def alliance_index(self) -> float | None:
        """Mean of bond, goals and tasks (Bordin's working alliance); None if any is missing."""
        values: list[float | None] = [getattr(self, name) for name in ALLIANCE_SCALES]
        given = [v for v in values if v is not None]
        if len(given) < len(values):
            return None
        return sum(given) / len(given)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in SCALES:
            value = getattr(self, name)
            if value is not None:
                out[name] = number(value)
        if self.safety is not None:
            out["safety"] = self.safety
        if self.after is not None:
            out["after"] = self.after
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Session:
    """One scheduled session, whatever happened to it."""

    date: When
    status: str
    minutes_late: float | None = None
    notice_hours: float | None = None
    reason: str = ""
    checkin: CheckIn | None = None
    measures: dict[str, float] = field(default_factory=dict)
    note: str = ""
    items: dict[str, list[int]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """A session is identified by its scheduled date-time."""
        return format_when(self.date)

    @property
    def attended(self) -> bool:
        return self.status == "attended"

    @property
    def planned(self) -> bool:
        """A future appointment, not held (yet)."""
        return self.status == "planned"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": format_when(self.date), "status": self.status}
        if self.minutes_late is not None:
            out["minutes_late"] = number(self.minutes_late)
        if self.notice_hours is not None:
            out["notice_hours"] = number(self.notice_hours)
        if self.reason:
            out["reason"] = self.reason
        if self.checkin is not None:
            out["checkin"] = self.checkin.to_dict()
        if self.measures:
            out["measures"] = {k: number(v) for k, v in sorted(self.measures.items())}
        if self.items:
            out["items"] = {k: list(v) for k, v in sorted(self.items.items())}
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class JournalEntry:
    """A dated piece of the client's own writing."""

    date: When
    text: str
    tags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": format_when(self.date), "text": self.text}
        if self.tags:
            out["tags"] = list(self.tags)
        return out


@dataclass
class DefenseObservation:
    """A defense the client noticed in themselves (a name from the DMRS catalogue)."""

    date: When
    defense: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": format_when(self.date), "defense": self.defense}
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class SafetyAnswer:
    """The client's answer to "are you safe right now?", with the words (and their date) it answers."""

    date: When
    answer: str
    text: str = ""
    text_date: dt.date | None = None

    @property
    def safe(self) -> bool:
        return self.answer == "safe"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": format_when(self.date), "answer": self.answer}
        if self.text:
            out["text"] = self.text
        if self.text_date is not None:
            out["text_date"] = self.text_date.isoformat()
        return out


@dataclass
class Client:
    name: str | None = None
    therapy_started: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.name is not None:
            out["name"] = self.name
        if self.therapy_started is not None:
            out["therapy_started"] = self.therapy_started.isoformat()
        return out


@dataclass
class Record:
    """One client's course of therapy."""

    client: Client = field(default_factory=Client)
    instruments: dict[str, dict[str, Any]] = field(default_factory=dict)
    sessions: list[Session] = field(default_factory=list)
    journal: list[JournalEntry] = field(default_factory=list)
    defenses: list[DefenseObservation] = field(default_factory=list)
    safety_answers: list[SafetyAnswer] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sort()

    def sort(self) -> None:
        """Keep every list in date order (stable for entries of the same date)."""
        self.sessions.sort(key=lambda s: moment(s.date))
        self.journal.sort(key=lambda j: moment(j.date))
        self.defenses.sort(key=lambda d: moment(d.date))
        self.safety_answers.sort(key=lambda a: moment(a.date))

    def instrument(self, instrument_id: str) -> Instrument | None:
        """An instrument defined in the record, else a built-in one."""
        if instrument_id in self.instruments:
            try:
                return from_definition(instrument_id, self.instruments[instrument_id])
            except (ValueError, TypeError, KeyError):
                pass  # a definition stored before validation refused it: use the built-in one, if any
        return BUILT_IN.get(instrument_id)

    def session_at(self, key: str) -> Session | None:
        return next((s for s in self.sessions if s.key == key), None)

    def last_date(self) -> dt.date | None:
        """The record's last date: its latest held session, journal entry, defense note or safety
        answer (planned sessions lie ahead and do not count)."""
        dates = [day(s.date) for s in self.sessions if not s.planned] + [day(j.date) for j in self.journal] \
            + [day(d.date) for d in self.defenses] + [day(a.date) for a in self.safety_answers]
        return max(dates) if dates else None

    def to_dict(self) -> dict[str, Any]:
        """The canonical midcourse/1 document: empty and unset fields are left out."""
        out: dict[str, Any] = {"format": FORMAT}
        client = self.client.to_dict()
        if client:
            out["client"] = client
        if self.instruments:
            out["instruments"] = {
                k: {f: (number(v) if isinstance(v, (int, float)) else v) for f, v in d.items()}
                for k, d in sorted(self.instruments.items())
            }
        out["sessions"] = [s.to_dict() for s in self.sessions]
        if self.journal:
            out["journal"] = [j.to_dict() for j in self.journal]
        if self.defenses:
            out["defenses"] = [d.to_dict() for d in self.defenses]
        if self.safety_answers:
            out["safety_answers"] = [a.to_dict() for a in self.safety_answers]
        return out

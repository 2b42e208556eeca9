"""Turn untrusted midcourse/1 data into a Record, or one entry of it, naming every problem and where it is.

Problems are data: a path of keys and list positions into the document, and what is wrong there
(`Problem(("sessions", 0, "checkin", "bond"), "11 is above the scale's maximum 10")`, printed as
`sessions[0].checkin.bond: 11 is above the scale's maximum 10`). The per-entry parsers
(`parse_session`, `parse_journal_entry`, `parse_defense`, `parse_safety_answer`, `parse_instrument`)
report paths within their entry (`checkin.bond`), which a surface maps to its own words: a form
field, a CSV column, a note property, a command-line option.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from midcourse.defenses import CATALOGUE, normalize_name
from midcourse.instruments import BUILT_IN, match_name
from midcourse.limits import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_ABS_NUMBER,
    MAX_INSTRUMENT_CHARS,
    MAX_NAME_CHARS,
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TEXT_CHARS,
    InputError,
    described_json_error,
    read_json,
    surrogate,
)
from midcourse.record import (
    AFTER_FEELINGS,
    FORMAT,
    SAFETY_ANSWERS,
    SAFETY_MAX,
    SAFETY_MIN,
    SCALE_MAX,
    SCALE_MIN,
    SCALES,
    STATUSES,
    CheckIn,
    Client,
    DefenseObservation,
    JournalEntry,
    Record,
    SafetyAnswer,
    Session,
    When,
    day,
    format_when,
    parse_when,
)
from midcourse.wording import number

__all__ = [
    "WHEN_PATTERN", "Problem", "RecordError", "Where", "load_record", "parse_checkin", "parse_defense",
    "parse_instrument", "parse_journal_entry", "parse_record", "parse_safety_answer", "parse_session",
]

Location = tuple[str | int, ...]
# The dates the JSON Schema accepts (its "when"): a date, or a date-time to the minute or finer,
# with an optional offset. Python would take more ("2026-01-05T17"); the file format does not.
WHEN_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
SECTIONS = ("format", "client", "instruments", "sessions", "journal", "defenses", "safety_answers")


@dataclass(frozen=True)
class Where:
    """A problem's place in a midcourse/1 document, with the flat field name that forms, CSV columns
    and note properties use ('sessions[3].checkin.note' is field 'checkin_note' of session 3; a
    problem of one entry has no section and no index)."""

    section: str
    index: int | None
    field: str
    measure: bool = False


@dataclass(frozen=True)
class Problem:
    """One problem: where it is (keys and list positions from the document's top, or from the top of
    the one entry parsed) and what is wrong there."""

    path: Location
    message: str

    @property
    def where(self) -> str:
        """The path as text: 'sessions[0].measures.BDI'."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{_clip(str(part))}" if text else _clip(str(part)))
        return text

    def located(self) -> Where:
        """Where the problem is, with the flat field name of surfaces."""
        path = self.path
        section, index = "", None
        if path and path[0] in SECTIONS:
            section, path = str(path[0]), path[1:]
            if path and isinstance(path[0], int):
                index, path = path[0], path[1:]
        if len(path) >= 2 and path[0] == "measures":
            return Where(section, index, str(path[1]), measure=True)
        if len(path) >= 2 and path[0] == "items":
            return Where(section, index, f"{path[1]} items")
        if path == ("checkin", "note"):
            return Where(section, index, "checkin_note")
        if len(path) >= 2 and path[0] == "checkin":
            path = path[1:]
        field = Problem(path, "").where if path else section
        return Where(section, index, field)

    def within(self, *prefix: str | int) -> Problem:
        """The same problem, one level further down a document ('checkin.bond' within sessions[2])."""
        return Problem((*prefix, *self.path), self.message)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.path else self.message


class RecordError(ValueError):
    """A record (or entry) that cannot be accepted; `found` lists each Problem, `problems` the same as
    text ('where: what')."""

    def __init__(self, problems: list[Problem] | list[str] | list[Problem | str], source: str | None = None):
        self.found: list[Problem] = [p if isinstance(p, Problem) else Problem((), p) for p in problems]
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__("\n".join(prefix + p for p in self.problems))

    @property
    def problems(self) -> list[str]:
        """Each problem as printed: 'sessions[3].checkin.bond: 11 is above the scale's maximum 10'."""
        return [str(p) for p in self.found]

    def located(self) -> list[tuple[Where, str]]:
        """Each problem as (where, what)."""
        return [(p.located(), p.message) for p in self.found]


_SESSION = {"date", "status", "minutes_late", "notice_hours", "reason", "checkin", "measures", "items", "note"}
_CHECKIN = set(SCALES) | {"after", "note", "safety"}
_INSTRUMENT = {"min", "max", "worse", "cutoff", "reliable_change", "reliability", "sd"}
_ABSENT: Any = object()  # a field that is not there at all (null is a value, and a wrong one)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, at: Location, what: str) -> None:
        self.problems.append(Problem(at, what))

    def obj(self, value: Any, at: Location, allowed: set[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(at, f"expected an object, got {_show(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.fail((*at, key), "unknown field")
        return value

    def text(self, value: Any, at: Location, limit: int = MAX_TEXT_CHARS) -> str:
        if value is _ABSENT:
            return ""
        if not isinstance(value, str):
            self.fail(at, f"expected text, got {_show(value)}")
            return ""
        if "\x00" in value:
            # Databases such as PostgreSQL cannot store NUL in text; refuse it up front.
            self.fail(at, "contains a NUL character")
            return ""
        half = surrogate(value)
        if half is not None:  # half of a character: no database (nor terminal) can store it
            self.fail(at, f"contains {half}, half of a character (a lone surrogate), not text")
            return ""
        if len(value) > limit:
            self.fail(at, f"{len(value):,} characters is longer than the limit of {limit:,}")
            return ""
        return value

    def key(self, value: Any, at: Location, limit: int) -> bool:
        """Whether an id (an object key) can be stored: not too long, no NUL, no half characters."""
        if not isinstance(value, str) or len(value) > limit or "\x00" in value or surrogate(value) is not None:
            self.fail(at, f"an id of at most {limit} characters (no NUL, no half characters) is expected")
            return False
        return True

    def num(self, value: Any, at: Location, low: float | None = None, high: float | None = None,
            scale: str = "scale") -> float | None:
        if value is _ABSENT:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(at, f"expected a number, got {_show(value)}")
            return None
        if isinstance(value, int) and abs(value) > MAX_ABS_NUMBER:  # before float(): no OverflowError
            self.fail(at, f"{_show(value)} is out of range (at most {MAX_ABS_NUMBER:,.0f} in size)")
            return None
        if not math.isfinite(value):
            self.fail(at, f"{value} is not a finite number")
            return None
        if abs(value) > MAX_ABS_NUMBER:
            self.fail(at, f"{_show(value)} is out of range (at most {MAX_ABS_NUMBER:,.0f} in size)")
            return None
        if low is not None and value < low:
            self.fail(at, f"{number(value)} is below the {scale}'s minimum {number(low)}")
            return None
        if high is not None and value > high:
            self.fail(at, f"{number(value)} is above the {scale}'s maximum {number(high)}")
            return None
        return float(value)

    def when(self, value: Any, at: Location) -> When | None:
        if isinstance(value, dt.date):  # from YAML front matter, for example
            return self.year(value, at)
        if not isinstance(value, str):
            self.fail(at, f"expected an ISO 8601 date or date-time, got {_show(value)}")
            return None
        try:
            if not re.match(WHEN_PATTERN, value):
                raise ValueError(value)
            when = parse_when(value)
        except ValueError:
            self.fail(at, f"'{_clip(value)}' is not an ISO 8601 date or date-time")
            return None
        return self.year(when, at)

    def year(self, when: When, at: Location) -> When | None:
        # Date arithmetic near year 1 or 9999 overflows; no course of therapy lies out there.
        if not FIRST_YEAR <= when.year <= LAST_YEAR:
            self.fail(at, f"the year {when.year:04d} is outside {FIRST_YEAR}-{LAST_YEAR}")
            return None
        return when

    def date(self, value: Any, at: Location) -> dt.date | None:
        """A calendar date (no time of day)."""
        if isinstance(value, dt.datetime):
            self.fail(at, f"expected a date (YYYY-MM-DD), got {value.isoformat()}")
            return None
        if isinstance(value, dt.date):
            return self.year(value, at)
        if not isinstance(value, str) or not re.match(DATE_PATTERN, value):
            self.fail(at, f"expected a date (YYYY-MM-DD), got {_show(value)}")
            return None
        try:
            return self.year(dt.date.fromisoformat(value), at)
        except ValueError:
            self.fail(at, f"'{value}' is not an ISO 8601 date")
            return None

    def seq(self, value: Any, at: Location) -> list[Any]:
        if value is _ABSENT:
            return []
        if not isinstance(value, list):
            self.fail(at, f"expected a list, got {_show(value)}")
            return []
        return value

    def raise_if_any(self, source: str | None = None) -> None:
        if self.problems:
            raise RecordError(self.problems, source)


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**40:
        return f"a number of {len(str(abs(value)))} digits"
    try:
        text = json.dumps(value, default=str) if not isinstance(value, dt.date) else value.isoformat()
    except (ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _clip(text: str) -> str:
    """A value quoted in a message: short, and printable even when it holds half a character."""
    text = text if len(text) <= 40 else text[:37] + "..."
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _ranges(instruments: Mapping[str, Mapping[str, Any]] | None) -> dict[str, tuple[float, float]]:
    """The score range of every instrument a session may use: built in, or defined in the record."""
    ranges: dict[str, tuple[float, float]] = {k: (i.min, i.max) for k, i in BUILT_IN.items()}
    for key, fields in (instruments or {}).items():
        low, high = fields.get("min"), fields.get("max")
        if isinstance(low, (int, float)) and isinstance(high, (int, float)):
            ranges[key] = (float(low), float(high))
    return ranges


# One entry at a time ---------------------------------------------------------------------------

def parse_session(data: Any, instruments: Mapping[str, Mapping[str, Any]] | None = None,
                  today: dt.date | None = None) -> Session:
    """One session (a `sessions[]` item), scores checked against the built-in instruments and the
    record's own (`instruments`); with `today`, only a planned session may lie after it. Raises
    RecordError with paths within the session ('checkin.bond')."""
    c = _Checker()
    session = _session(c, data, (), _ranges(instruments), today)
    c.raise_if_any()
    assert session is not None
    return session


def parse_checkin(data: Any) -> CheckIn:
    """One check-in (a session's `checkin`); paths within it ('bond')."""
    c = _Checker()
    checkin = _checkin(c, data, ())
    c.raise_if_any()
    assert checkin is not None
    return checkin


def parse_journal_entry(data: Any) -> JournalEntry:
    """One journal entry (a `journal[]` item); paths within it ('date')."""
    c = _Checker()
    entry = _journal(c, data, ())
    c.raise_if_any()
    assert entry is not None
    return entry


def parse_defense(data: Any) -> DefenseObservation:
    """One self-observed defense (a `defenses[]` item); paths within it ('defense')."""
    c = _Checker()
    observed = _defense(c, data, ())
    c.raise_if_any()
    assert observed is not None
    return observed


def parse_safety_answer(data: Any) -> SafetyAnswer:
    """One answer to "are you safe right now?" (a `safety_answers[]` item); paths within it."""
    c = _Checker()
    answer = _safety_answer(c, data, ())
    c.raise_if_any()
    assert answer is not None
    return answer


def parse_instrument(data: Any) -> dict[str, Any]:
    """One instrument definition (an `instruments` value): its fields, checked; paths within it ('max')."""
    c = _Checker()
    fields = _instrument(c, data, ())
    c.raise_if_any()
    assert fields is not None
    return fields


# The whole record ----------------------------------------------------------------------------

def parse_record(data: Any, source: str | None = None, today: dt.date | None = None) -> Record:
    """Validate a midcourse/1 document and build its Record, or raise RecordError. With `today`,
    only a planned session may lie after it (files are read without a clock)."""
    c = _Checker()
    doc = c.obj(data, (), set(SECTIONS))
    if doc is None:
        raise RecordError(c.problems or ["the document is not a JSON object"], source)
    if doc.get("format", _ABSENT) != FORMAT:
        c.fail(("format",), f"expected \"{FORMAT}\", got {_show(doc.get('format'))}")

    client = _client(c, doc.get("client", _ABSENT))
    instruments = _instruments(c, doc.get("instruments", _ABSENT))
    ranges = _ranges(instruments)

    sessions: list[Session] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(c.seq(doc.get("sessions", _ABSENT), ("sessions",))):
        session = _session(c, raw, ("sessions", i), ranges, today)
        if session is None:
            continue
        if session.key in seen:
            c.fail(("sessions", i, "date"), f"{session.key} appears twice (also sessions[{seen[session.key]}])")
        seen[session.key] = i
        sessions.append(session)

    journal = [e for i, raw in enumerate(c.seq(doc.get("journal", _ABSENT), ("journal",)))
               if (e := _journal(c, raw, ("journal", i))) is not None]
    defenses = [d for i, raw in enumerate(c.seq(doc.get("defenses", _ABSENT), ("defenses",)))
                if (d := _defense(c, raw, ("defenses", i))) is not None]
    answers = [a for i, raw in enumerate(c.seq(doc.get("safety_answers", _ABSENT), ("safety_answers",)))
               if (a := _safety_answer(c, raw, ("safety_answers", i))) is not None]
    c.raise_if_any(source)
    return Record(client=client, instruments=instruments, sessions=sessions,
                  journal=journal, defenses=defenses, safety_answers=answers)


def load_record(path: str | Path) -> Record:
    """Read and validate a midcourse/1 JSON file."""
    path = Path(path)
    try:
        data = read_json(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise RecordError([f"not UTF-8 text ({exc.reason} at byte {exc.start})"], str(path)) from exc
    except json.JSONDecodeError as exc:
        raise RecordError([described_json_error(exc)], str(path)) from exc
    except InputError as exc:
        raise RecordError([str(exc)], str(path)) from exc
    return parse_record(data, str(path))


def _client(c: _Checker, value: Any) -> Client:
    if value is _ABSENT:
        return Client()
    raw = c.obj(value, ("client",), {"name", "therapy_started"})
    if raw is None:
        return Client()
    name = c.text(raw.get("name", _ABSENT), ("client", "name"), MAX_NAME_CHARS) or None
    started = None
    if "therapy_started" in raw:
        started = c.date(raw["therapy_started"], ("client", "therapy_started"))
    return Client(name=name, therapy_started=started)


def _instruments(c: _Checker, value: Any) -> dict[str, dict[str, Any]]:
    if value is _ABSENT:
        return {}
    if not isinstance(value, dict):
        c.fail(("instruments",), f"expected an object, got {_show(value)}")
        return {}
    out: dict[str, dict[str, Any]] = {}
    for key, raw in value.items():
        if not c.key(key, ("instruments", key), MAX_INSTRUMENT_CHARS):
            continue
        fields = _instrument(c, raw, ("instruments", key))
        if fields is not None:
            out[key] = fields
    return out


def _instrument(c: _Checker, raw: Any, at: Location) -> dict[str, Any] | None:
    fields = c.obj(raw, at, _INSTRUMENT)
    if fields is None:
        return None
    before = len(c.problems)
    get = fields.get
    low = c.num(get("min", _ABSENT), (*at, "min"))
    high = c.num(get("max", _ABSENT), (*at, "max"))
    for required in ("min", "max", "worse"):
        if required not in fields:
            c.fail((*at, required), "missing (required for an instrument)")
    if low is not None and high is not None and low >= high:
        c.fail((*at, "max"), f"{number(high)} is not above min {number(low)}")
    if "worse" in fields and get("worse") not in ("higher", "lower"):
        c.fail((*at, "worse"), f"{_show(get('worse'))} is not one of higher, lower")
    c.num(get("cutoff", _ABSENT), (*at, "cutoff"), low, high)
    # Zero thresholds, a reliability of 1 or an SD of 0 divide by zero in every later assessment.
    for name, what, scale in (("reliable_change", "a reliable-change threshold", "threshold"), ("sd", "an SD", "SD")):
        size = c.num(get(name, _ABSENT), (*at, name), 0, scale=scale)
        if size is not None and size <= 0:
            c.fail((*at, name), f"{number(size)} is not {what} (it must be above 0)")
    reliability = c.num(get("reliability", _ABSENT), (*at, "reliability"), 0, 1, scale="reliability")
    if reliability is not None and not 0 < reliability < 1:
        c.fail((*at, "reliability"), f"{number(reliability)}: a reliability lies between 0 and 1, both excluded")
    if ("reliability" in fields) != ("sd" in fields):
        c.fail(at, "reliability and sd go together: give both, or reliable_change")
    if len(c.problems) != before:
        return None
    return dict(fields)


def _session(c: _Checker, raw: Any, at: Location, ranges: dict[str, tuple[float, float]],
             today: dt.date | None) -> Session | None:
    fields = c.obj(raw, at, _SESSION)
    if fields is None:
        return None
    before = len(c.problems)
    get = fields.get
    when = None
    if "date" not in fields:
        c.fail((*at, "date"), "missing (every session needs its scheduled date)")
    else:
        when = c.when(fields["date"], (*at, "date"))
    status = get("status", _ABSENT)
    if status is _ABSENT:
        c.fail((*at, "status"), "missing (one of " + ", ".join(STATUSES) + ")")
    elif status not in STATUSES:
        c.fail((*at, "status"), f"{_show(status)} is not one of " + ", ".join(STATUSES))
    if when is not None and today is not None and day(when) > today and status != "planned":
        c.fail((*at, "date"), f"{format_when(when)} is after today ({today.isoformat()}): only a planned "
                              "session can lie in the future")
    late = c.num(get("minutes_late", _ABSENT), (*at, "minutes_late"), 0, scale="lateness")
    if late and status != "attended":
        c.fail((*at, "minutes_late"), "lateness applies only to attended sessions")
    notice = c.num(get("notice_hours", _ABSENT), (*at, "notice_hours"), 0, scale="notice")
    checkin = None
    if "checkin" in fields:
        checkin = _checkin(c, fields["checkin"], (*at, "checkin"))
        if status in STATUSES and status != "attended":
            c.fail((*at, "checkin"), "a check-in belongs to an attended session")
    measures: dict[str, float] = {}
    raw_measures = get("measures", {})
    if not isinstance(raw_measures, dict):
        c.fail((*at, "measures"), f"expected an object, got {_show(raw_measures)}")
        raw_measures = {}
    for key, score in raw_measures.items():
        if key not in ranges and not c.key(key, (*at, "measures"), MAX_INSTRUMENT_CHARS):
            continue
        if key not in ranges:
            suggestion = match_name(key, ranges)
            hint = f"; did you mean {suggestion}?" if suggestion else ""
            c.fail((*at, "measures", key),
                   f"unknown instrument '{key}' (not built in and not defined in \"instruments\"{hint})")
            continue
        low, high = ranges[key]
        value = c.num(score, (*at, "measures", key), low, high, scale="instrument")
        if value is not None:
            measures[key] = value
    items = _items(c, get("items", _ABSENT), at, measures)
    if status == "planned" and (measures or items):
        c.fail((*at, "measures"), "a planned session has no scores yet")
    reason = c.text(get("reason", _ABSENT), (*at, "reason"))
    note = c.text(get("note", _ABSENT), (*at, "note"))
    if when is None or len(c.problems) != before:
        return None
    return Session(date=when, status=str(status), minutes_late=late, notice_hours=notice,
                   reason=reason, checkin=checkin, measures=measures, note=note, items=items)


def _items(c: _Checker, value: Any, at: Location, measures: dict[str, float]) -> dict[str, list[int]]:
    """Item scores by instrument; the total in `measures` must be their sum (it is set when absent)."""
    if value is _ABSENT:
        return {}
    if not isinstance(value, dict):
        c.fail((*at, "items"), f"expected an object of item lists, got {_show(value)}")
        return {}
    out: dict[str, list[int]] = {}
    for key, raw in value.items():
        here = (*at, "items", key)
        instrument = BUILT_IN.get(key)
        if instrument is None or instrument.items is None or instrument.item_max is None:
            itemised = ", ".join(k for k, i in BUILT_IN.items() if i.items)
            c.fail(here, f"'{_clip(str(key))}' cannot be entered item by item (these can: {itemised})")
            continue
        if not isinstance(raw, list) or len(raw) != instrument.items:
            c.fail(here, f"expected a list of {instrument.items} item scores, got {_show(raw)}")
            continue
        scores: list[int] = []
        for n, item in enumerate(raw, start=1):
            if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= instrument.item_max:
                c.fail((*here, n - 1), f"item {n}: expected a whole number from 0 to {instrument.item_max}, "
                                       f"got {_show(item)}")
            else:
                scores.append(item)
        if len(scores) != instrument.items:
            continue
        total = sum(scores)
        if key in measures and measures[key] != total:
            c.fail(here, f"the items add up to {total}, but the total score is {number(measures[key])}")
            continue
        measures[key] = float(total)
        out[key] = scores
    return out


def _checkin(c: _Checker, raw: Any, at: Location) -> CheckIn | None:
    fields = c.obj(raw, at, _CHECKIN)
    if fields is None:
        return None
    values = {name: c.num(fields.get(name, _ABSENT), (*at, name), SCALE_MIN, SCALE_MAX) for name in SCALES}
    safety = fields.get("safety")
    if "safety" in fields and (isinstance(safety, bool) or not isinstance(safety, int)
                               or not SAFETY_MIN <= safety <= SAFETY_MAX):
        c.fail((*at, "safety"), f"expected a whole number from {SAFETY_MIN} to {SAFETY_MAX} (0 not at all, "
                                f"1 some days, 2 more than half the days, 3 nearly every day), got {_show(safety)}")
        safety = None
    after = fields.get("after")
    if "after" in fields and after not in AFTER_FEELINGS:
        c.fail((*at, "after"), f"{_show(after)} is not one of " + ", ".join(AFTER_FEELINGS))
        after = None
    note = c.text(fields.get("note", _ABSENT), (*at, "note"))
    return CheckIn(**values, after=after, note=note, safety=safety)


def _required_when(c: _Checker, fields: dict[str, Any], at: Location) -> When | None:
    if "date" not in fields:
        c.fail((*at, "date"), "missing")
        return None
    return c.when(fields["date"], (*at, "date"))


def _journal(c: _Checker, raw: Any, at: Location) -> JournalEntry | None:
    fields = c.obj(raw, at, {"date", "text", "tags"})
    if fields is None:
        return None
    before = len(c.problems)
    when = _required_when(c, fields, at)
    text = c.text(fields.get("text", _ABSENT), (*at, "text"))
    tags = fields.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        c.fail((*at, "tags"), f"expected a list of text, got {_show(tags)}")
        tags = []
    if len(tags) > MAX_TAGS:
        c.fail((*at, "tags"), f"{len(tags):,} tags is more than the limit of {MAX_TAGS}")
        tags = []
    for i, tag in enumerate(tags):
        c.text(tag, (*at, "tags", i), MAX_TAG_CHARS)
    if when is None or len(c.problems) != before:
        return None
    return JournalEntry(date=when, text=text, tags=list(tags))


def _defense(c: _Checker, raw: Any, at: Location) -> DefenseObservation | None:
    fields = c.obj(raw, at, {"date", "defense", "note"})
    if fields is None:
        return None
    before = len(c.problems)
    when = _required_when(c, fields, at)
    name = fields.get("defense")
    defense = None
    if not isinstance(name, str):
        c.fail((*at, "defense"), f"expected a defense name, got {_show(name)}")
    else:
        defense = normalize_name(name)
        if defense not in CATALOGUE:
            c.fail((*at, "defense"), f"'{_clip(name)}' is not in the DMRS catalogue (see `midcourse defenses`)")
    note = c.text(fields.get("note", _ABSENT), (*at, "note"))
    if when is None or defense is None or len(c.problems) != before:
        return None
    return DefenseObservation(date=when, defense=defense, note=note)


def _safety_answer(c: _Checker, raw: Any, at: Location) -> SafetyAnswer | None:
    fields = c.obj(raw, at, {"date", "answer", "text", "text_date"})
    if fields is None:
        return None
    before = len(c.problems)
    when = _required_when(c, fields, at)
    answer = fields.get("answer")
    if answer not in SAFETY_ANSWERS:
        c.fail((*at, "answer"), f"{_show(answer)} is not one of " + ", ".join(SAFETY_ANSWERS))
    text = c.text(fields.get("text", _ABSENT), (*at, "text"))
    text_date = None
    if "text_date" in fields:
        text_date = c.date(fields["text_date"], (*at, "text_date"))
    if when is None or len(c.problems) != before:
        return None
    return SafetyAnswer(date=when, answer=str(answer), text=text, text_date=text_date)

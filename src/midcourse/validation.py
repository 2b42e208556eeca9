"""Turn untrusted midcourse/1 data into a Record, naming every problem and where it is."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from midcourse.defenses import CATALOGUE, normalize_name
from midcourse.instruments import BUILT_IN
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
    parse_when,
)
from midcourse.wording import number


@dataclass(frozen=True)
class Where:
    """A problem's place in a midcourse/1 document, with the flat field name that forms, CSV columns
    and note properties use ('sessions[3].checkin.note' is field 'checkin_note' of session 3)."""

    section: str
    index: int | None
    field: str
    measure: bool = False


def locate(where: str) -> Where:
    """Where a problem is, from the path that validation reports."""
    m = re.match(r"^(\w+)(?:\[(\d+)\])?(?:\.(.*))?$", where)
    if not m:
        return Where("", None, where)
    section, index, rest = m.group(1), m.group(2), m.group(3) or ""
    measure = rest.startswith("measures.")
    if measure:
        field = rest[len("measures."):]
    elif rest.startswith("items."):
        field = rest[len("items."):].split("[")[0] + " items"
    elif rest == "checkin.note":
        field = "checkin_note"
    elif rest.startswith("checkin."):
        field = rest[len("checkin."):]
    else:
        field = rest or section
    return Where(section, int(index) if index is not None else None, field, measure)


class RecordError(ValueError):
    """A record that cannot be accepted; `problems` lists each one as 'where: what'."""

    def __init__(self, problems: list[str], source: str | None = None):
        self.problems = problems
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__("\n".join(prefix + p for p in problems))

    def located(self) -> list[tuple[Where, str]]:
        """Each problem as (where, what)."""
        return [(locate(where), what) for where, _, what in (p.partition(": ") for p in self.problems)]


_TOP = {"format", "client", "instruments", "sessions", "journal", "defenses", "safety_answers"}
_SESSION = {"date", "status", "minutes_late", "notice_hours", "reason", "checkin", "measures", "items", "note"}
_CHECKIN = set(SCALES) | {"after", "note", "safety"}
_INSTRUMENT = {"min", "max", "worse", "cutoff", "reliable_change", "reliability", "sd"}


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def obj(self, value: Any, where: str, allowed: set[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(where, f"expected an object, got {_show(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.fail(f"{where}.{key}" if where else key, "unknown field")
        return value

    def text(self, value: Any, where: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(where, f"expected text, got {_show(value)}")
            return ""
        if "\x00" in value:
            # Databases such as PostgreSQL cannot store NUL in text; refuse it up front.
            self.fail(where, "contains a NUL character")
            return ""
        return value

    def num(self, value: Any, where: str, low: float | None = None, high: float | None = None,
            scale: str = "scale") -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(where, f"expected a number, got {_show(value)}")
            return None
        if not math.isfinite(value):
            self.fail(where, f"{value} is not a finite number")
            return None
        if low is not None and value < low:
            self.fail(where, f"{number(value)} is below the {scale}'s minimum {number(low)}")
            return None
        if high is not None and value > high:
            self.fail(where, f"{number(value)} is above the {scale}'s maximum {number(high)}")
            return None
        return float(value)

    def when(self, value: Any, where: str) -> When | None:
        if isinstance(value, dt.date):  # from YAML front matter, for example
            return value
        if not isinstance(value, str):
            self.fail(where, f"expected an ISO 8601 date or date-time, got {_show(value)}")
            return None
        try:
            return parse_when(value)
        except ValueError:
            self.fail(where, f"'{value}' is not an ISO 8601 date or date-time")
            return None


def _show(value: Any) -> str:
    if value is None:
        return "null"
    text = json.dumps(value) if not isinstance(value, dt.date) else value.isoformat()
    return text if len(text) <= 40 else text[:37] + "..."


def parse_record(data: Any, source: str | None = None, today: dt.date | None = None) -> Record:
    """Validate a midcourse/1 document and build its Record, or raise RecordError. With `today`,
    only a planned session may lie after it (files are read without a clock)."""
    c = _Checker()
    doc = c.obj(data, "", _TOP)
    if doc is None:
        raise RecordError(c.problems or ["the document is not a JSON object"], source)
    if doc.get("format") != FORMAT:
        c.fail("format", f"expected \"{FORMAT}\", got {_show(doc.get('format'))}")

    client = _client(c, doc.get("client"))
    instruments = _instruments(c, doc.get("instruments"))
    ranges: dict[str, tuple[float, float]] = {k: (i.min, i.max) for k, i in BUILT_IN.items()}
    for key, fields in instruments.items():
        if isinstance(fields.get("min"), (int, float)) and isinstance(fields.get("max"), (int, float)):
            ranges[key] = (float(fields["min"]), float(fields["max"]))

    sessions: list[Session] = []
    seen: dict[str, int] = {}
    raw_sessions = doc.get("sessions")
    if raw_sessions is None:
        raw_sessions = []
    if not isinstance(raw_sessions, list):
        c.fail("sessions", f"expected a list, got {_show(raw_sessions)}")
        raw_sessions = []
    for i, raw in enumerate(raw_sessions):
        session = _session(c, raw, f"sessions[{i}]", ranges)
        if session is None:
            continue
        if today is not None and day(session.date) > today and not session.planned:
            c.fail(f"sessions[{i}].date", f"{session.key} is after today ({today.isoformat()}): only a "
                                          "planned session can lie in the future")
        if session.key in seen:
            c.fail(f"sessions[{i}].date", f"{session.key} appears twice (also sessions[{seen[session.key]}])")
        seen[session.key] = i
        sessions.append(session)

    journal = [e for i, raw in enumerate(_list(c, doc.get("journal"), "journal"))
               if (e := _journal(c, raw, f"journal[{i}]")) is not None]
    defenses = [d for i, raw in enumerate(_list(c, doc.get("defenses"), "defenses"))
                if (d := _defense(c, raw, f"defenses[{i}]")) is not None]
    answers = [a for i, raw in enumerate(_list(c, doc.get("safety_answers"), "safety_answers"))
               if (a := _safety_answer(c, raw, f"safety_answers[{i}]")) is not None]
    if c.problems:
        raise RecordError(c.problems, source)
    return Record(client=client, instruments=instruments, sessions=sessions,
                  journal=journal, defenses=defenses, safety_answers=answers)


def load_record(path: str | Path) -> Record:
    """Read and validate a midcourse/1 JSON file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise RecordError([f"not UTF-8 text ({exc.reason} at byte {exc.start})"], str(path)) from exc
    except json.JSONDecodeError as exc:
        raise RecordError([f"line {exc.lineno}, column {exc.colno}: invalid JSON ({exc.msg})"],
                          str(path)) from exc
    return parse_record(data, str(path))


def _list(c: _Checker, value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        c.fail(where, f"expected a list, got {_show(value)}")
        return []
    return value


def _client(c: _Checker, value: Any) -> Client:
    if value is None:
        return Client()
    raw = c.obj(value, "client", {"name", "therapy_started"})
    if raw is None:
        return Client()
    name = raw.get("name")
    if name is not None:
        name = c.text(name, "client.name") or None
    started = raw.get("therapy_started")
    start_date: dt.date | None = None
    if started is not None:
        when = c.when(started, "client.therapy_started")
        if when is not None:
            start_date = when.date() if isinstance(when, dt.datetime) else when
    return Client(name=name, therapy_started=start_date)


def _instruments(c: _Checker, value: Any) -> dict[str, dict[str, Any]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        c.fail("instruments", f"expected an object, got {_show(value)}")
        return {}
    out: dict[str, dict[str, Any]] = {}
    for key, raw in value.items():
        where = f"instruments.{key}"
        fields = c.obj(raw, where, _INSTRUMENT)
        if fields is None:
            continue
        before = len(c.problems)
        low = c.num(fields.get("min"), f"{where}.min")
        high = c.num(fields.get("max"), f"{where}.max")
        for required in ("min", "max", "worse"):
            if fields.get(required) is None:
                c.fail(f"{where}.{required}", "missing (required for an instrument)")
        if low is not None and high is not None and low >= high:
            c.fail(f"{where}.max", f"{number(high)} is not above min {number(low)}")
        if fields.get("worse") is not None and fields.get("worse") not in ("higher", "lower"):
            c.fail(f"{where}.worse", f"{_show(fields['worse'])} is not one of higher, lower")
        c.num(fields.get("cutoff"), f"{where}.cutoff", low, high)
        c.num(fields.get("reliable_change"), f"{where}.reliable_change", 0, scale="threshold")
        c.num(fields.get("reliability"), f"{where}.reliability", 0, 1, scale="reliability")
        c.num(fields.get("sd"), f"{where}.sd", 0, scale="SD")
        if (fields.get("reliability") is None) != (fields.get("sd") is None):
            c.fail(where, "reliability and sd go together: give both, or reliable_change")
        if len(c.problems) == before:
            out[key] = {k: v for k, v in fields.items() if v is not None}
    return out


def _session(c: _Checker, raw: Any, where: str, ranges: dict[str, tuple[float, float]]) -> Session | None:
    fields = c.obj(raw, where, _SESSION)
    if fields is None:
        return None
    before = len(c.problems)
    when = None
    if fields.get("date") is None:
        c.fail(f"{where}.date", "missing (every session needs its scheduled date)")
    else:
        when = c.when(fields["date"], f"{where}.date")
    status = fields.get("status")
    if status is None:
        c.fail(f"{where}.status", "missing (one of " + ", ".join(STATUSES) + ")")
    elif status not in STATUSES:
        c.fail(f"{where}.status", f"{_show(status)} is not one of " + ", ".join(STATUSES))
    late = c.num(fields.get("minutes_late"), f"{where}.minutes_late", 0, scale="lateness")
    if late and status != "attended":
        c.fail(f"{where}.minutes_late", "lateness applies only to attended sessions")
    notice = c.num(fields.get("notice_hours"), f"{where}.notice_hours", 0, scale="notice")
    checkin = None
    if fields.get("checkin") is not None:
        checkin = _checkin(c, fields["checkin"], f"{where}.checkin")
        if status in STATUSES and status != "attended":
            c.fail(f"{where}.checkin", "a check-in belongs to an attended session")
    measures: dict[str, float] = {}
    raw_measures = fields.get("measures") or {}
    if not isinstance(raw_measures, dict):
        c.fail(f"{where}.measures", f"expected an object, got {_show(raw_measures)}")
        raw_measures = {}
    for key, score in raw_measures.items():
        if key not in ranges:
            c.fail(f"{where}.measures.{key}",
                   f"unknown instrument '{key}' (not built in and not defined in \"instruments\")")
            continue
        low, high = ranges[key]
        value = c.num(score, f"{where}.measures.{key}", low, high, scale="instrument")
        if value is None and score is None:
            c.fail(f"{where}.measures.{key}", "expected a number, got null")
        if value is not None:
            measures[key] = value
    items = _items(c, fields.get("items"), where, measures)
    if status == "planned" and (measures or items):
        c.fail(f"{where}.measures", "a planned session has no scores yet")
    reason = c.text(fields.get("reason"), f"{where}.reason")
    note = c.text(fields.get("note"), f"{where}.note")
    if when is None or len(c.problems) != before:
        return None
    return Session(date=when, status=str(status), minutes_late=late, notice_hours=notice,
                   reason=reason, checkin=checkin, measures=measures, note=note, items=items)


def _items(c: _Checker, value: Any, where: str, measures: dict[str, float]) -> dict[str, list[int]]:
    """Item scores by instrument; the total in `measures` must be their sum (it is set when absent)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        c.fail(f"{where}.items", f"expected an object of item lists, got {_show(value)}")
        return {}
    out: dict[str, list[int]] = {}
    for key, raw in value.items():
        at = f"{where}.items.{key}"
        instrument = BUILT_IN.get(key)
        if instrument is None or instrument.items is None or instrument.item_max is None:
            itemised = ", ".join(k for k, i in BUILT_IN.items() if i.items)
            c.fail(at, f"'{key}' cannot be entered item by item (these can: {itemised})")
            continue
        if not isinstance(raw, list) or len(raw) != instrument.items:
            c.fail(at, f"expected a list of {instrument.items} item scores, got {_show(raw)}")
            continue
        scores: list[int] = []
        for n, item in enumerate(raw, start=1):
            if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= instrument.item_max:
                c.fail(f"{at}[{n - 1}]", f"item {n}: expected a whole number from 0 to {instrument.item_max}, "
                                         f"got {_show(item)}")
            else:
                scores.append(item)
        if len(scores) != instrument.items:
            continue
        total = sum(scores)
        if key in measures and measures[key] != total:
            c.fail(at, f"the items add up to {total}, but the total score is {number(measures[key])}")
            continue
        measures[key] = float(total)
        out[key] = scores
    return out


def _checkin(c: _Checker, raw: Any, where: str) -> CheckIn | None:
    fields = c.obj(raw, where, _CHECKIN)
    if fields is None:
        return None
    values = {name: c.num(fields.get(name), f"{where}.{name}", SCALE_MIN, SCALE_MAX)
              for name in SCALES}
    safety = fields.get("safety")
    if safety is not None and (isinstance(safety, bool) or not isinstance(safety, int)
                               or not SAFETY_MIN <= safety <= SAFETY_MAX):
        c.fail(f"{where}.safety", f"expected a whole number from {SAFETY_MIN} to {SAFETY_MAX} (0 not at all, "
                                  f"1 some days, 2 more than half the days, 3 nearly every day), got {_show(safety)}")
        safety = None
    after = fields.get("after")
    if after is not None and after not in AFTER_FEELINGS:
        c.fail(f"{where}.after", f"{_show(after)} is not one of " + ", ".join(AFTER_FEELINGS))
        after = None
    note = c.text(fields.get("note"), f"{where}.note")
    return CheckIn(**values, after=after, note=note, safety=safety)


def _required_when(c: _Checker, fields: dict[str, Any], where: str) -> When | None:
    if fields.get("date") is None:
        c.fail(f"{where}.date", "missing")
        return None
    return c.when(fields["date"], f"{where}.date")


def _journal(c: _Checker, raw: Any, where: str) -> JournalEntry | None:
    fields = c.obj(raw, where, {"date", "text", "tags"})
    if fields is None:
        return None
    before = len(c.problems)
    when = _required_when(c, fields, where)
    text = c.text(fields.get("text"), f"{where}.text")
    tags = fields.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        c.fail(f"{where}.tags", f"expected a list of text, got {_show(tags)}")
        tags = []
    for i, tag in enumerate(tags):
        c.text(tag, f"{where}.tags[{i}]")
    if when is None or len(c.problems) != before:
        return None
    return JournalEntry(date=when, text=text, tags=list(tags))


def _defense(c: _Checker, raw: Any, where: str) -> DefenseObservation | None:
    fields = c.obj(raw, where, {"date", "defense", "note"})
    if fields is None:
        return None
    before = len(c.problems)
    when = _required_when(c, fields, where)
    name = fields.get("defense")
    defense = None
    if not isinstance(name, str):
        c.fail(f"{where}.defense", f"expected a defense name, got {_show(name)}")
    else:
        defense = normalize_name(name)
        if defense not in CATALOGUE:
            c.fail(f"{where}.defense", f"'{name}' is not in the DMRS catalogue (see `midcourse defenses`)")
    note = c.text(fields.get("note"), f"{where}.note")
    if when is None or defense is None or len(c.problems) != before:
        return None
    return DefenseObservation(date=when, defense=defense, note=note)


def _safety_answer(c: _Checker, raw: Any, where: str) -> SafetyAnswer | None:
    fields = c.obj(raw, where, {"date", "answer", "text", "text_date"})
    if fields is None:
        return None
    before = len(c.problems)
    when = _required_when(c, fields, where)
    answer = fields.get("answer")
    if answer not in SAFETY_ANSWERS:
        c.fail(f"{where}.answer", f"{_show(answer)} is not one of " + ", ".join(SAFETY_ANSWERS))
    text = c.text(fields.get("text"), f"{where}.text")
    text_date = None
    if fields.get("text_date") is not None:
        answered = c.when(fields["text_date"], f"{where}.text_date")
        text_date = day(answered) if answered is not None else None
    if when is None or len(c.problems) != before:
        return None
    return SafetyAnswer(date=when, answer=str(answer), text=text, text_date=text_date)

"""Writing into a record: one upsert for sessions, and adding, editing and removing every item.

Every surface writes through these functions (the CLI, the web app, CSV, JSON and vault imports),
so one set of rules holds everywhere:

- A session is identified by its scheduled date-time. `save_session` takes the fields *given*
  (a session in midcourse/1 form, only what the user or the file gave): a field given replaces
  that field, a field not given keeps what was there, a field given as None is removed. A
  check-in merges rating by rating, scores instrument by instrument. A rating not given is
  absent, never a default number.
- A second session on a day that has one already is refused unless the caller says it is meant
  (`another_on_same_day`): '2026-01-05' and '2026-01-05T17:00' must not silently become two.
- With `today`, nothing may be dated after it except a planned session.
- Every write returns a `Change`: what it added, changed or removed, in words.

The functions change the record in place and validate what they write; they raise RecordError
(paths within the entry: 'checkin.bond') or EntryNotFound, and then leave the record unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from midcourse.defenses import normalize_name
from midcourse.instruments import BUILT_IN, match_name, name_key
from midcourse.record import (
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
from midcourse.validation import (
    WHEN_PATTERN,
    Problem,
    RecordError,
    parse_defense,
    parse_instrument,
    parse_journal_entry,
    parse_safety_answer,
    parse_session,
)
from midcourse.wording import count, number, when_words

__all__ = [
    "Change", "EntryNotFound", "SameDayError", "contents", "define_instrument", "differences", "find_session",
    "latest_held_session",
    "move_session", "parse_date", "quote", "remove_checkin", "remove_defense", "remove_instrument",
    "remove_journal_entry", "remove_measure", "remove_safety_answer", "remove_session", "save_defense",
    "save_journal_entry", "save_safety_answer", "save_session", "session_name",
]

_QUOTE_CHARS = 40


@dataclass(frozen=True)
class Change:
    """What one write did to one item of the record, in words.

    `verb` is added, changed, removed or unchanged; `item` names the item ('the session of
    Mon 5 Jan 2026, 17:00'); `details` are what it holds (added, removed) or each field's change
    ('changed bond 6 → 8', 'added insight 7', 'removed note 'ok'')."""

    verb: str
    item: str
    details: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.verb != "unchanged"

    def __str__(self) -> str:
        if self.verb == "changed":
            return f"{self.item}: " + "; ".join(self.details)
        if self.verb == "unchanged":
            return f"{self.item}: nothing changed"
        return f"{self.verb} {self.item}" + (f": {', '.join(self.details)}" if self.details else "")


class EntryNotFound(LookupError):
    """The session, entry or instrument a write names is not in the record (the message says what is)."""


class SameDayError(RecordError):
    """New sessions on days that have a session already: asked first, never done silently.
    `conflicts` pairs each new session's date with the date-times of that day's sessions."""

    def __init__(self, conflicts: list[tuple[When, list[str]]]):
        self.conflicts = conflicts
        super().__init__([Problem(("date",), f"{when_words(day(date))} already has a session "
                                             f"({' and '.join(existing)}), and {format_when(date)} would be a "
                                             "second one that day; to change that session, give its date-time; "
                                             "to add a second session, say that it is another on the same day")
                          for date, existing in conflicts])


# Dates ----------------------------------------------------------------------------------------

def parse_date(value: Any, field: str = "date") -> When:
    """A date or date-time as the record writes it ('2026-01-05', '2026-01-05T17:00'), else RecordError."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.match(WHEN_PATTERN, value.strip()):
        try:
            return parse_when(value)
        except ValueError:
            pass
    raise RecordError([Problem((field,), f"'{value}' is not an ISO 8601 date or date-time (e.g. 2026-03-02 or "
                                         "2026-03-02T17:00)")])


def _not_after(when: When, today: dt.date | None, field: str = "date") -> None:
    if today is not None and day(when) > today:
        raise RecordError([Problem((field,), f"{format_when(when)} is after today ({today.isoformat()})")])


# Words for values and fields -------------------------------------------------------------------

_LABELS = {"minutes_late": "minutes late", "notice_hours": "hours of notice", "checkin.note": "check-in note",
           "checkin.after": "feeling after", "checkin.safety": "safety rating", "text_date": "date of the text",
           "reliable_change": "reliable change", "sd": "SD", "therapy_started": "therapy started"}
_AS_IS = ("checkin.after", "defense", "date", "text_date", "worse", "therapy_started")


def _label(key: str, labels: Mapping[str, str] | None = None) -> str:
    if labels and key in labels:
        return labels[key]
    if key.startswith("measures."):
        return key[len("measures."):]
    if key.startswith("items."):
        return key[len("items."):] + " items"
    return _LABELS.get(key, key.split(".")[-1])


def quote(text: str) -> str:
    """A text as a change shows it: quoted, and shortened when long."""
    text = " ".join(text.split())
    return f"'{text if len(text) <= _QUOTE_CHARS else text[:_QUOTE_CHARS - 1] + '…'}'"


def _value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, list):
        return " ".join(str(v) for v in value) if key.startswith("items.") else ", ".join(map(str, value))
    if key in ("status", "answer"):
        return str(value).replace("_", " ")
    if key in _AS_IS:
        return str(value)
    return quote(str(value))


def _flat(d: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """{'checkin': {'bond': 8}} → {'checkin.bond': 8} (lists and scalars are leaves)."""
    out: dict[str, Any] = {}
    for key, value in d.items():
        if isinstance(value, Mapping):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def contents(d: Mapping[str, Any], skip: Iterable[str] = ("date",), within: str = "",
             labels: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """What an item holds, in words: 'attended', 'bond 8', 'PHQ-9 14', 'note 'First session.''
    (`within`: the field the item is part of, 'checkin.'; `labels`: other words for fields, by their
    dotted name, as the web app's form words them: {'checkin.bond': ...})."""
    flat = _flat(d, within)
    out = [_value("status", flat.pop("status"))] if "status" in flat else []
    out += [f"{_label(k, labels)} {_value(k, v)}" for k, v in flat.items() if k not in skip]
    return tuple(out)


def differences(old: Mapping[str, Any], new: Mapping[str, Any],
                labels: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Each field's change: 'changed bond 6 → 8', 'added insight 7', 'removed note 'ok''; a check-in
    added or removed as a whole is one change ('added the check-in: bond 8, goals 7')."""
    out = []
    for whole in ("checkin",):
        if isinstance(new.get(whole), Mapping) and whole not in old:
            out.append(f"added the check-in: {', '.join(contents(new[whole], within='checkin.', labels=labels))}"
                       if new[whole] else "added the check-in")
        elif isinstance(old.get(whole), Mapping) and whole not in new:
            out.append(f"removed the check-in: {', '.join(contents(old[whole], within='checkin.', labels=labels))}"
                       if old[whole] else "removed the check-in")
    grouped = [k for k in ("checkin",) if (k in old) != (k in new)]
    before = _flat({k: v for k, v in old.items() if k not in grouped})
    after = _flat({k: v for k, v in new.items() if k not in grouped})
    for key in [*before, *(k for k in after if k not in before)]:
        if key not in after:
            out.append(f"removed {_label(key, labels)} {_value(key, before[key])}")
        elif key not in before:
            out.append(f"added {_label(key, labels)} {_value(key, after[key])}")
        elif before[key] != after[key]:
            out.append(f"changed {_label(key, labels)} {_value(key, before[key])} → {_value(key, after[key])}")
    return tuple(out)


def _apply(base: dict[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """The fields given replace those of base; a field given as None is removed."""
    out = dict(base)
    for key, value in given.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


# Sessions -------------------------------------------------------------------------------------

def session_name(session: Session | When) -> str:
    """'the session of Mon 5 Jan 2026, 17:00'."""
    when = session.date if isinstance(session, Session) else session
    return f"the session of {when_words(when)}"


def find_session(record: Record, when: When | str) -> Session:
    """The session at a date-time; a date alone finds the one session of that day."""
    target = parse_date(when) if isinstance(when, str) else when
    found = record.session_at(format_when(target))
    if found is not None:
        return found
    same_day = [s for s in record.sessions if day(s.date) == day(target)]
    if not isinstance(target, dt.datetime) and len(same_day) == 1:
        return same_day[0]
    if same_day:
        raise EntryNotFound(f"no session at {format_when(target)}; {when_words(day(target))} has "
                            + " and ".join(s.key for s in same_day))
    raise EntryNotFound(f"no session at {format_when(target)}")


def latest_held_session(record: Record, today: dt.date | None = None) -> Session:
    """The latest attended session (on or before today, when given)."""
    held = [s for s in record.sessions if s.attended and (today is None or day(s.date) <= today)]
    if not held:
        raise EntryNotFound("no attended session yet")
    return held[-1]


def save_session(record: Record, given: Mapping[str, Any], *, today: dt.date | None = None,
                 another_on_same_day: bool = False, labels: Mapping[str, str] | None = None) -> Change:
    """Write the fields given into the session at given['date'] (added if new, status 'attended'
    unless given), with the merge rules of this module; returns what changed (its fields named by
    `labels` where given, see contents)."""
    if "date" not in given or given["date"] is None:
        raise RecordError([Problem(("date",), "missing (every session needs its scheduled date)")])
    when = parse_date(given["date"])
    key = format_when(when)
    existing = record.session_at(key)
    if existing is None:
        same_day = [s.key for s in record.sessions if day(s.date) == day(when)]
        if same_day and not another_on_same_day:
            raise SameDayError([(when, same_day)])
    old = existing.to_dict() if existing is not None else {}
    doc = _merge_session(old or {"date": key, "status": "attended"}, given)
    doc["date"] = key
    session = parse_session(doc, record.instruments, today)
    new = session.to_dict()
    if existing is None:
        record.sessions.append(session)
        record.sort()
        return Change("added", session_name(session), contents(new, labels=labels))
    details = differences(old, new, labels)
    if not details:
        return Change("unchanged", session_name(session))
    record.sessions[record.sessions.index(existing)] = session
    return Change("changed", session_name(session), details)


_NESTED = ("checkin", "measures", "items")


def _merge_session(old: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """The session document after the fields given: plain fields replace, the check-in merges rating by
    rating, scores instrument by instrument; None removes (a whole check-in, a score, a rating)."""
    doc = _apply({k: v for k, v in old.items() if k not in _NESTED},
                 {k: v for k, v in given.items() if k not in _NESTED})
    checkin = {} if "checkin" in given and given["checkin"] is None else \
        _apply(old.get("checkin", {}), _mapping(given.get("checkin"), "checkin"))
    if checkin or ("checkin" in old and "checkin" not in given):
        doc["checkin"] = checkin  # a check-in given empty for a session without one adds nothing
    given_scores = _mapping(given.get("measures"), "measures")
    given_items = _mapping(given.get("items"), "items")
    measures = {} if "measures" in given and given["measures"] is None else \
        _apply(old.get("measures", {}), given_scores)
    items = {} if "items" in given and given["items"] is None else _apply(old.get("items", {}), given_items)
    for instrument, values in given_items.items():
        if instrument not in given_scores and isinstance(values, list) and all(isinstance(v, int) for v in values):
            measures[instrument] = sum(values)  # the total follows the items given
    for instrument in list(items):
        if instrument not in measures:
            del items[instrument]  # a score removed takes its items along
        elif instrument in given_scores and instrument not in given_items and \
                measures[instrument] != sum(items[instrument]):
            del items[instrument]  # a new total replaces items that no longer add up to it
    if measures:
        doc["measures"] = measures
    if items:
        doc["items"] = items
    return doc


def _mapping(value: Any, field: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RecordError([Problem((field,), f"expected an object, got {value!r}")])
    return value


def move_session(record: Record, when: When | str, to: When | str, *, today: dt.date | None = None,
                 another_on_same_day: bool = False) -> Change:
    """Give a session another scheduled date-time (it keeps everything else)."""
    session = find_session(record, when)
    target = parse_date(to) if isinstance(to, str) else to
    key = format_when(target)
    if key == session.key:
        return Change("unchanged", session_name(session))
    if record.session_at(key) is not None:
        raise RecordError([Problem(("date",), f"there is a session at {key} already")])
    same_day = [s.key for s in record.sessions if day(s.date) == day(target) and s is not session]
    if same_day and not another_on_same_day:
        raise SameDayError([(target, same_day)])
    doc = session.to_dict() | {"date": key}
    moved = parse_session(doc, record.instruments, today)
    record.sessions[record.sessions.index(session)] = moved
    record.sort()
    return Change("changed", session_name(session), (f"moved to {when_words(target)}",))


def remove_session(record: Record, when: When | str) -> Change:
    """Remove a session with everything in it (its check-in, scores and note)."""
    session = find_session(record, when)
    record.sessions.remove(session)
    return Change("removed", session_name(session), contents(session.to_dict()))


def remove_checkin(record: Record, when: When | str) -> Change:
    """Remove a session's check-in (the session stays)."""
    session = find_session(record, when)
    if session.checkin is None:
        raise EntryNotFound(f"{session_name(session)} has no check-in")
    old = session.to_dict()
    session.checkin = None
    return Change("changed", session_name(session), differences(old, session.to_dict()))


def remove_measure(record: Record, when: When | str, instrument: str) -> Change:
    """Remove one score (and its item scores) from a session."""
    session = find_session(record, when)
    key = match_name(instrument, session.measures) if instrument not in session.measures else instrument
    if key is None or key not in session.measures:
        scores = ", ".join(session.measures) or "none"
        raise EntryNotFound(f"{session_name(session)} has no {instrument} score (its scores: {scores})")
    details = [f"removed {key} {number(session.measures.pop(key))}"]
    if key in session.items:
        details.append(f"removed {key} items {' '.join(map(str, session.items.pop(key)))}")
    return Change("changed", session_name(session), tuple(details))


# Journal entries, defense notes, safety answers: items identified by their position -----------

def _entry_name(kind: str, date: When, extra: str = "") -> str:
    return f"the {kind} of {when_words(date)}" + (f" ({extra})" if extra else "")


def _at(items: list[Any], index: int, kind: str) -> Any:
    if not 0 <= index < len(items):
        raise EntryNotFound(f"no {kind} number {index + 1} (there {'is' if len(items) == 1 else 'are'} "
                            f"{count(len(items), kind)})")
    return items[index]


def _save(items: list[Any], index: int | None, given: Mapping[str, Any], kind: str, parse: Any,
          name: Any, today: dt.date | None, record: Record, skip: tuple[str, ...]) -> Change:
    """Add an item (index None) or merge the fields given into the one at index."""
    old: dict[str, Any] = _at(items, index, kind).to_dict() if index is not None else {}
    doc = _apply(old, given)
    item = parse(doc)
    _not_after(item.date, today)
    new = item.to_dict()
    if index is None:
        items.append(item)
        record.sort()
        return Change("added", name(item), contents(new, skip))
    details = differences(old, new)
    if not details:
        return Change("unchanged", name(item))
    before = name(items[index])
    items[index] = item
    record.sort()
    return Change("changed", before, details)


def _remove(items: list[Any], index: int, kind: str, name: Any, skip: tuple[str, ...]) -> Change:
    item = _at(items, index, kind)
    del items[index]
    return Change("removed", name(item), contents(item.to_dict(), skip))


# What the name of an item says already is not repeated in what it holds.
_JOURNAL_SKIP = ("date", "text")
_DEFENSE_SKIP = ("date", "defense")


def _journal_name(entry: JournalEntry) -> str:
    return _entry_name("journal entry", entry.date, quote(entry.text) if entry.text else "")


def save_journal_entry(record: Record, given: Mapping[str, Any], index: int | None = None, *,
                       today: dt.date | None = None) -> Change:
    """Add a journal entry ({'date', 'text', 'tags'}), or change the fields given of the one at
    `index` (its position in record.journal, 0-based)."""
    if index is None and not str(given.get("text") or "").strip():
        raise RecordError([Problem(("text",), "empty: write the entry's text")])
    return _save(record.journal, index, given, "journal entry", parse_journal_entry, _journal_name, today, record,
                 _JOURNAL_SKIP)


def remove_journal_entry(record: Record, index: int) -> Change:
    """Remove the journal entry at `index` (0-based)."""
    return _remove(record.journal, index, "journal entry", _journal_name, _JOURNAL_SKIP)


def _defense_name(observed: DefenseObservation) -> str:
    return _entry_name("defense note", observed.date, observed.defense)


def save_defense(record: Record, given: Mapping[str, Any], index: int | None = None, *,
                 today: dt.date | None = None) -> Change:
    """Add a self-observed defense ({'date', 'defense', 'note'}; the name matched loosely), or
    change the fields given of the one at `index` (0-based)."""
    if given.get("defense") is not None:
        given = {**given, "defense": normalize_name(str(given["defense"]))}
    return _save(record.defenses, index, given, "defense note", parse_defense, _defense_name, today, record,
                 _DEFENSE_SKIP)


def remove_defense(record: Record, index: int) -> Change:
    """Remove the defense note at `index` (0-based)."""
    return _remove(record.defenses, index, "defense note", _defense_name, _DEFENSE_SKIP)


def _answer_name(answer: SafetyAnswer) -> str:
    return _entry_name("safety answer", answer.date)


def save_safety_answer(record: Record, given: Mapping[str, Any], index: int | None = None, *,
                       today: dt.date | None = None) -> Change:
    """Record the client's answer to "are you safe right now?" ({'date', 'answer': 'safe' or
    'not_safe', optional 'text' it answers and 'text_date'}), or change the one at `index`."""
    return _save(record.safety_answers, index, given, "safety answer", parse_safety_answer, _answer_name,
                 today, record, ("date",))


def remove_safety_answer(record: Record, index: int) -> Change:
    """Remove the safety answer at `index` (0-based)."""
    return _remove(record.safety_answers, index, "safety answer", _answer_name, ("date",))


# Instruments ---------------------------------------------------------------------------------

def define_instrument(record: Record, instrument_id: str, fields: Mapping[str, Any], *,
                      near_names: bool = False) -> Change:
    """Define (or redefine) an instrument of the record: min, max, worse, and optionally cutoff and
    either reliable_change or reliability with sd. A built-in id overrides the built-in facts. A name
    that differs from a known one only in case or punctuation ('phq9') is refused unless `near_names`
    (a file may hold what it holds)."""
    name = instrument_id.strip() if not near_names else instrument_id
    if not name or not name_key(name):
        raise RecordError([Problem(("id",), f"'{instrument_id}' is not a name: use letters or digits")])
    loose = match_name(name, record.instruments)
    if loose is not None and loose != name and not near_names:
        raise RecordError([Problem(("id",), f"'{name}' is too close to {loose}, which "
                                            f"{'is built in' if loose in BUILT_IN else 'the record defines'}: "
                                            f"use {loose} to change it, or a name of its own")])
    definition = parse_instrument(dict(fields))
    item = f"the instrument {name}"
    old = record.instruments.get(name)
    record.instruments[name] = definition
    if old is None:
        details = contents(definition)
        if name in BUILT_IN:
            details = (*details, "overrides the built-in facts")
        return Change("added", item, details)
    changes = differences(old, definition)
    return Change("changed", item, changes) if changes else Change("unchanged", item)


def remove_instrument(record: Record, instrument_id: str) -> Change:
    """Remove an instrument the record defines (not while a session has a score of it)."""
    name = match_name(instrument_id, record.instruments) or instrument_id
    if name not in record.instruments:
        where = "is built in" if name in BUILT_IN else "is not defined in the record"
        raise EntryNotFound(f"{name} {where}; only instruments the record defines can be removed")
    used = [s.key for s in record.sessions if name in s.measures]
    if used and name not in BUILT_IN:
        raise RecordError([Problem(("id",), f"{name} has scores at {count(len(used), 'session')} ({used[0]}"
                                            f"{', …' if len(used) > 1 else ''}); remove them first")])
    old = record.instruments.pop(name)
    details = contents(old)
    if name in BUILT_IN:
        details = (*details, "the built-in facts apply again")
    return Change("removed", f"the instrument {name}", details)


"""Reminders without a server: an iCalendar file (RFC 5545) of the planned sessions and weekly
session slots, each with an alarm after the session that asks for the check-in.

The file carries times only: no name, no note, nothing of the record's words, because calendar
apps often copy what they import to a cloud.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from midcourse.record import Record, format_when

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SESSION_MINUTES = 50
ALARM_MINUTES = 15
SUMMARY = "Therapy session"
CHECK_IN = "How did the session go? Record your check-in in midcourse while it is fresh."


@dataclass(frozen=True)
class Weekly:
    """A weekly session slot: a weekday (0 = Monday) and a time."""

    weekday: int
    time: dt.time

    def __str__(self) -> str:
        return f"{DAYS[self.weekday]} {self.time.strftime('%H:%M')}"


def parse_weekly(text: str) -> Weekly:
    """'MO 17:00', 'Mon 17:00', 'monday 9:30' -> a Weekly slot; ValueError says what is expected."""
    match = re.fullmatch(r"\s*([A-Za-z]+)\s+(\d{1,2}):(\d{2})\s*", text)
    wanted = f"'{text}' is not a weekly slot: write a day and a time, e.g. 'Mon 17:00'"
    if not match:
        raise ValueError(wanted)
    word, hour, minute = match.group(1).lower(), int(match.group(2)), int(match.group(3))
    day = next((i for i, name in enumerate(_DAY_NAMES) if len(word) >= 2 and name.startswith(word)), None)
    if day is None or hour > 23 or minute > 59:
        raise ValueError(wanted)
    return Weekly(day, dt.time(hour, minute))


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _uid(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24] + "@midcourse"


def _alarm(trigger: str) -> list[str]:
    return ["BEGIN:VALARM", "ACTION:DISPLAY", f"TRIGGER;RELATED=END:{trigger}",
            f"DESCRIPTION:{_escape(CHECK_IN)}", "END:VALARM"]


def calendar(record: Record, weekly: Iterable[Weekly] = (), now: dt.datetime | None = None,
             session_minutes: int = SESSION_MINUTES, alarm_minutes: int = ALARM_MINUTES,
             salt: str = "") -> str:
    """The iCalendar text: every planned session from today on, and each weekly slot from its next
    date on, with an alarm `alarm_minutes` after the session ends. `salt` (e.g. the client key)
    makes the event ids differ between records; it is hashed, never written."""
    now = now or dt.datetime.now().astimezone()
    today = now.date()
    stamp = _stamp(now)
    length = dt.timedelta(minutes=session_minutes)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//midcourse//reminders//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:Therapy sessions (midcourse)"]
    for s in record.sessions:
        if not s.planned:
            continue
        start = s.date if isinstance(s.date, dt.datetime) else None
        if (start.date() if start else s.date) < today:
            continue
        lines += ["BEGIN:VEVENT", f"UID:{_uid(salt, 'session', format_when(s.date))}", f"DTSTAMP:{stamp}"]
        if start is not None:
            start = start.replace(tzinfo=None)
            lines += [f"DTSTART:{_local(start)}", f"DTEND:{_local(start + length)}"]
        else:  # a day without a time: an all-day event, with the alarm in the evening
            lines += [f"DTSTART;VALUE=DATE:{s.date.strftime('%Y%m%d')}"]
        lines += [f"SUMMARY:{SUMMARY}", "TRANSP:OPAQUE",
                  *_alarm(f"PT{alarm_minutes}M" if start is not None else "-PT6H"), "END:VEVENT"]
    for slot in weekly:
        first = today + dt.timedelta(days=(slot.weekday - today.weekday()) % 7)
        start = dt.datetime.combine(first, slot.time)
        lines += ["BEGIN:VEVENT", f"UID:{_uid(salt, 'weekly', str(slot))}", f"DTSTAMP:{stamp}",
                  f"DTSTART:{_local(start)}", f"DTEND:{_local(start + length)}",
                  f"RRULE:FREQ=WEEKLY;BYDAY={DAYS[slot.weekday]}", f"SUMMARY:{SUMMARY}",
                  *_alarm(f"PT{alarm_minutes}M"), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

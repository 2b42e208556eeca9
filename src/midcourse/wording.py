"""How numbers, counts and dates read in what midcourse writes: one formatter and one pluraliser.

Every message, table and report of the package writes a number with `number`, a count of things
with `count` and a date for people with `when_words`, so that "12.5", "3 journal entries" and
"Mon 5 Jan 2026, 17:00" look the same everywhere.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["count", "number", "plural_of", "when_words"]

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# At most this many decimals when none are asked for: enough for any score, never float noise
# such as 0.30000000000000004.
_MAX_PLACES = 6


def number(value: float, places: int | None = None) -> str:
    """A number as people write it: '12', '12.5', '-3'; with `places`, rounded to at most that many
    decimals (trailing zeros dropped): number(4.333, 1) == '4.3', number(8.0, 1) == '8'."""
    value = round(float(value), _MAX_PLACES if places is None else places)
    if value.is_integer():
        return str(int(value))  # also turns -0.0 into '0'
    return f"{value:.{_MAX_PLACES if places is None else places}f}".rstrip("0").rstrip(".")


def plural_of(noun: str) -> str:
    """The plural of an English noun phrase by the regular rules: entry → entries, note → notes,
    box → boxes (the last word changes: 'journal entry' → 'journal entries')."""
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 session', '3 sessions', '2 journal entries' (give `plural` for an irregular noun)."""
    return f"{n} {noun if n == 1 else plural or plural_of(noun)}"


def when_words(value: dt.date | dt.datetime) -> str:
    """A date as people read it, the same in every locale: 'Mon 5 Jan 2026', 'Mon 5 Jan 2026, 17:00'."""
    text = f"{_DAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]} {value.year}"
    if isinstance(value, dt.datetime):
        text += f", {value.hour:02d}:{value.minute:02d}"
    return text

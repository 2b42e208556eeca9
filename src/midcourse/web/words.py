"""Words for the client's pages: dates as people read them, and what a save changed in the form's own
words (the plain names of findings are the library's: midcourse.terms)."""

from __future__ import annotations

import datetime as dt

from midcourse.questions import SCALE_QUESTIONS
from midcourse.record import When, parse_when
from midcourse.wording import when_words


def human_date(value: When | str | None, today: dt.date | None = None, year: bool = False) -> str:
    """'Mon 14 Sep, 17:00' ('Mon 14 Sep 2025, 17:00' in another year, or always with `year`); text
    that is not a date is returned as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            when: When = parse_when(value)
        except ValueError:
            return value
    else:
        when = value
    text = when_words(when)  # the package's one date formatter: 'Mon 14 Sep 2026, 17:00'
    if year or when.year != (today or dt.date.today()).year:
        return text
    return text.replace(f" {when.year}", "", 1)


# What the web app says it changed names a session's fields as its form asks them (the CLI keeps the
# record's field names, as its options are named): passed to midcourse.entries as `labels`.
CHANGE_WORDS = {**{f"checkin.{name}": f"“{question}”" for name, question in SCALE_QUESTIONS.items()},
                "checkin.after": "after the session I felt", "checkin.safety": "the safety question",
                "checkin.note": "your note on how it was", "note": "notes on this session",
                "reason": "why it was missed or cancelled"}

"""A course that has paused: no session attended or planned for several weeks as of the date."""

from __future__ import annotations

import datetime as dt

from midcourse.analysis.window import Window
from midcourse.findings import Evidence, Finding
from midcourse.record import day, format_when
from midcourse.settings import Settings


def paused(w: Window, settings: Settings) -> Finding | None:
    """No session on the books (attended, missed, cancelled or planned) in the last `pause_weeks` weeks
    and none planned from then on: the course has stopped, not stalled (missed sessions are the
    attendance family's)."""
    attended = w.attended()
    if not attended:
        return None
    since = w.as_of - dt.timedelta(weeks=settings.pause_weeks)
    last = attended[-1]
    if any(day(s.date) > since for s in [*w.sessions, *w.planned]
           if s.status != "cancelled_by_therapist" or s is last):
        return None
    days = (w.as_of - day(last.date)).days
    weeks = days // 7
    return Finding("paused", f"no session attended or planned for {weeks} weeks (the last was on "
                             f"{format_when(last.date)})",
                   [Evidence(format_when(last.date), "session", "last attended session", ref=last.key)],
                   data={"last_attended": format_when(last.date), "days": days, "weeks": weeks,
                         "pause_weeks": settings.pause_weeks})

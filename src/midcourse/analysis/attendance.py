"""The attendance wall family: lateness, no-shows and client cancellations."""

from __future__ import annotations

from midcourse.analysis.window import Window
from midcourse.findings import Evidence, Finding
from midcourse.record import Session, format_when, number
from midcourse.settings import Settings


def avoidance(session: Session, settings: Settings) -> str | None:
    """What makes a session an avoidance event, if anything (therapist cancellations never do)."""
    if session.status == "attended":
        late = session.minutes_late or 0
        return f"arrived {late:g} minutes late" if late >= settings.late_minutes else None
    if session.status == "no_show":
        return "did not attend (no-show)"
    if session.status == "cancelled_by_client":
        notice = f" with {session.notice_hours:g} hours' notice" if session.notice_hours is not None else ""
        reason = f" ({session.reason})" if session.reason else ""
        return f"cancelled{notice}{reason}"
    return None


def events(sessions: list[Session], settings: Settings) -> list[Evidence]:
    out = []
    for s in sessions:
        what = avoidance(s, settings)
        if what is not None:
            value = number(s.minutes_late or 0) if s.status == "attended" else s.status
            out.append(Evidence(format_when(s.date), "session", what, value=value, ref=s.key))
    return out


def attendance(w: Window, settings: Settings) -> Finding | None:
    """At least N avoidance events in the recent window, and more than in the baseline."""
    recent = events(w.recent, settings)
    baseline = events(w.baseline, settings)
    if len(recent) < settings.attendance_min_events or len(recent) <= len(baseline):
        return None
    from midcourse.analysis.walls import fading

    if fading(w, settings, recent):
        return None
    summary = (f"{len(recent)} avoidance events in the last {len(w.recent)} sessions "
               f"(late, missed or cancelled by me), against {len(baseline)} in the first "
               f"{len(w.baseline)}")
    late = [e.date for e, s in zip(recent, _avoiding(w.recent, settings), strict=True) if s.status == "attended"]
    kinds = {status: [e.date for e, s in zip(recent, _avoiding(w.recent, settings), strict=True)
                      if s.status == status] for status in ("no_show", "cancelled_by_client")}
    return Finding("attendance", summary, recent,
                   data={"recent": len(recent), "baseline": len(baseline), "late": late,
                         "late_minutes": settings.late_minutes, "no_show": kinds["no_show"],
                         "cancelled": kinds["cancelled_by_client"]})


def _avoiding(sessions: list[Session], settings: Settings) -> list[Session]:
    """The sessions that are avoidance events, in order (aligned with `events`)."""
    return [s for s in sessions if avoidance(s, settings) is not None]

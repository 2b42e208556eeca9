"""Small builders for records in tests: weekly sessions from a fixed start."""

from __future__ import annotations

import datetime as dt
from typing import Any

from midcourse.record import Record
from midcourse.validation import parse_record

START = dt.datetime(2026, 3, 2, 17, 0)  # a Monday


def week(n: int) -> str:
    """The date-time of the n-th weekly session (0-based)."""
    return (START + dt.timedelta(weeks=n)).isoformat(timespec="minutes")


def day_of(n: int, offset_days: int = 0) -> str:
    return (START + dt.timedelta(weeks=n, days=offset_days)).date().isoformat()


def checkin(alliance: float = 8, depth: float = 7, insight: float = 7, quit: float = 0,
            after: str = "good", note: str = "") -> dict[str, Any]:
    c: dict[str, Any] = {"bond": alliance, "goals": alliance, "tasks": alliance, "depth": depth,
                         "insight": insight, "quit": quit, "after": after}
    if note:
        c["note"] = note
    return c


def attended(n: int, late: float = 0, note: str = "", measures: dict[str, float] | None = None,
             **check: Any) -> dict[str, Any]:
    s: dict[str, Any] = {"date": week(n), "status": "attended", "minutes_late": late,
                         "checkin": checkin(**check)}
    if note:
        s["note"] = note
    if measures:
        s["measures"] = measures
    return s


def missed(n: int, status: str = "no_show", reason: str = "") -> dict[str, Any]:
    s: dict[str, Any] = {"date": week(n), "status": status}
    if reason:
        s["reason"] = reason
    return s


def steady(count: int, **check: Any) -> list[dict[str, Any]]:
    """`count` good, on-time weekly sessions from week 0."""
    return [attended(i, **check) for i in range(count)]


def record(sessions: list[dict[str, Any]], journal: list[dict[str, Any]] | None = None,
           **extra: Any) -> Record:
    doc: dict[str, Any] = {"format": "midcourse/1", "sessions": sessions, **extra}
    if journal:
        doc["journal"] = journal
    return parse_record(doc)

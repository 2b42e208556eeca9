"""Turning the app's HTML forms into record entries, with errors named by field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from midcourse.record import FORMAT, SCALES, Record, Session
from midcourse.validation import RecordError, parse_record


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _num(form: Mapping[str, Any], name: str, errors: dict[str, str]) -> float | int | None:
    raw = _text(form, name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        errors[name] = f"'{raw}' is not a number"
        return None
    return int(value) if value.is_integer() else value


def session_from_form(form: Mapping[str, Any], record: Record) -> tuple[Session | None, dict[str, str]]:
    """A validated session from the 'record a session' form, or the errors by field name."""
    errors: dict[str, str] = {}
    status = _text(form, "status") or "attended"
    doc: dict[str, Any] = {"date": _text(form, "date").replace(" ", "T"), "status": status}
    if status == "attended":
        late = _num(form, "minutes_late", errors)
        if late is not None:
            doc["minutes_late"] = late
        if form.get("has_checkin"):
            checkin: dict[str, Any] = {}
            for name in SCALES:
                value = _num(form, name, errors)
                if value is not None:
                    checkin[name] = value
            if _text(form, "after"):
                checkin["after"] = _text(form, "after")
            if _text(form, "checkin_note"):
                checkin["note"] = _text(form, "checkin_note")
            doc["checkin"] = checkin
    else:
        notice = _num(form, "notice_hours", errors)
        if notice is not None:
            doc["notice_hours"] = notice
        if _text(form, "reason"):
            doc["reason"] = _text(form, "reason")
    scores = {}
    for key in form:
        if key.startswith("score:"):
            value = _num(form, key, errors)
            if value is not None:
                scores[key[len("score:"):]] = value
    if scores:
        doc["measures"] = scores
    if _text(form, "note"):
        doc["note"] = _text(form, "note")
    if not doc["date"]:
        errors["date"] = "the session's date and time are needed"
    if errors:
        return None, errors
    try:
        parsed = parse_record({"format": FORMAT, "instruments": record.instruments, "sessions": [doc]})
    except RecordError as exc:
        return None, field_errors(exc)
    return parsed.sessions[0], {}


def field_errors(exc: RecordError) -> dict[str, str]:
    """'sessions[0].checkin.bond: 11 is above ...' becomes {'bond': '11 is above ...'}."""
    out: dict[str, str] = {}
    for where, what in exc.located():
        out.setdefault(f"score:{where.field}" if where.measure else where.field, what)
    return out

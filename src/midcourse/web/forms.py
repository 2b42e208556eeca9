"""Turning the app's HTML forms into the fields of record entries, with errors named by field (the
writes themselves go through midcourse.entries).

A rating the client did not give is absent: the form sends an empty value for an untouched
slider, and nothing is stored for it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from midcourse.entries import parse_date
from midcourse.instruments import BUILT_IN
from midcourse.record import SCALES, day
from midcourse.validation import RecordError

ITEMIZED = {iid: inst.items for iid, inst in BUILT_IN.items() if inst.items}


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
        shown = (raw if len(raw) <= 40 else raw[:37] + "...").encode("utf-8", "backslashreplace").decode("utf-8")
        errors[name] = f"'{shown}' is not a number"
        return None
    if not math.isfinite(value):
        errors[name] = f"'{raw}' is not a number"
        return None
    return int(value) if value.is_integer() else value


def _items(form: Mapping[str, Any], iid: str, n: int, errors: dict[str, str]) -> list[int] | None:
    """Item scores entered one by one: all of them, or none."""
    raw = [_text(form, f"item:{iid}:{i}") for i in range(n)]
    if not any(raw):
        return None
    if not all(raw):
        errors[f"score:{iid}"] = (f"{sum(1 for r in raw if r)} of {n} items answered: answer every item, or "
                                  "clear them and give the total")
        return None
    try:
        values = [int(r) for r in raw]
    except ValueError:
        errors[f"score:{iid}"] = "each item is a whole number from 0 to 3"
        return None
    if any(not 0 <= v <= 3 for v in values):
        errors[f"score:{iid}"] = "each item is a whole number from 0 to 3"
        return None
    return values


def session_document(form: Mapping[str, Any], today: dt.date) -> tuple[dict[str, Any], dict[str, str]]:
    """The midcourse/1 session the 'record a session' form describes, and the errors by field name."""
    errors: dict[str, str] = {}
    status = _text(form, "status") or "attended"
    when = _text(form, "date").replace(" ", "T")
    doc: dict[str, Any] = {"date": when, "status": status}
    if not when:
        errors["date"] = "Give the session's date and time"
    if status == "attended":
        late = _num(form, "minutes_late", errors)
        if late is not None:
            doc["minutes_late"] = late
        checkin: dict[str, Any] = {}
        for name in (*SCALES, "safety"):
            value = _num(form, name, errors)
            if value is not None:
                checkin[name] = value
        if _text(form, "after"):
            checkin["after"] = _text(form, "after")
        if _text(form, "checkin_note"):
            checkin["note"] = _text(form, "checkin_note")
        if checkin:
            doc["checkin"] = checkin
    elif status != "planned":
        notice = _num(form, "notice_hours", errors)
        if notice is not None:
            doc["notice_hours"] = notice
        if _text(form, "reason"):
            doc["reason"] = _text(form, "reason")
    if status != "planned":
        scores: dict[str, Any] = {}
        items: dict[str, list[int]] = {}
        for key in form:
            if key.startswith("score:"):
                value = _num(form, key, errors)
                if value is not None:
                    scores[key[len("score:"):]] = value
        for iid, n in ITEMIZED.items():
            given = _items(form, iid, n, errors)
            if given is None:
                continue
            total = sum(given)
            if iid in scores and scores[iid] != total:
                errors[f"score:{iid}"] = (f"the items add up to {total}, not {scores[iid]}: correct the total or "
                                          "clear it")
                continue
            scores[iid], items[iid] = total, given
        if scores:
            doc["measures"] = scores
        if items:
            doc["items"] = items
    if _text(form, "note"):
        doc["note"] = _text(form, "note")
    if when and "date" not in errors:
        try:
            parsed = parse_date(when)
        except RecordError:  # the route reads the date before anything else: say it here, by field
            raw = _text(form, "date")
            shown = (raw if len(raw) <= 40 else raw[:37] + "...").encode("utf-8", "backslashreplace").decode()
            errors["date"] = f"'{shown}' is not a date and time (e.g. 2026-03-02 17:00)"
        else:
            if status != "planned" and day(parsed) > today:
                errors["date"] = ("That is after today. A session in the future can only be planned: choose "
                                  "“Planned”, or correct the date")
    return doc, errors


def field_errors(exc: RecordError) -> dict[str, str]:
    """'sessions[0].checkin.bond: 11 is above ...' becomes {'bond': '11 is above ...'}."""
    out: dict[str, str] = {}
    for where, what in exc.located():
        out.setdefault(f"score:{where.field}" if where.measure else where.field, what)
    return out

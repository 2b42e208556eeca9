"""Recording, editing and deleting a session."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from midcourse.instruments import BUILT_IN
from midcourse.record import SCALES, Record, Session
from midcourse.validation import RecordError
from midcourse.web.forms import session_from_form
from midcourse.web.render import page
from midcourse.web.security import CheckedForm
from midcourse.web.state import State

router = APIRouter(include_in_schema=False)


@router.get("/sessions/new", response_class=HTMLResponse)
def new_session(request: Request, state: State) -> HTMLResponse:
    _, record = state.record()
    now = dt.datetime.now().replace(second=0, microsecond=0)
    return page(request, state, "session_form.html", values={"date": now.isoformat(timespec="minutes"),
                                                             "status": "attended", "has_checkin": "on",
                                                             **{n: "5" for n in SCALES}, "quit": "0"},
                errors={}, instruments=_instruments(record), original="")


@router.get("/sessions/{key}/edit", response_class=HTMLResponse)
def edit_session(request: Request, state: State, key: str) -> HTMLResponse:
    _, record = state.record()
    session = record.session_at(key)
    if session is None:
        raise HTTPException(404, f"No session at {key}")
    return page(request, state, "session_form.html", values=_session_values(session), errors={},
                instruments=_instruments(record), original=key)


@router.post("/sessions", response_class=HTMLResponse)
def save_session(request: Request, state: State, form: CheckedForm) -> Response:
    _, record = state.record()
    session, errors = session_from_form(form, record)
    original = str(form.get("original") or "")
    if session is None:
        return page(request, state, "session_form.html", status_code=400, values=dict(form), errors=errors,
                    instruments=_instruments(record), original=original)
    saved = session

    def change(r: Record) -> None:
        r.sessions = [s for s in r.sessions if s.key not in (saved.key, original)]
        r.sessions.append(saved)

    try:
        state.update(change)
    except RecordError as exc:
        return page(request, state, "session_form.html", status_code=400, values=dict(form),
                    errors={"form": "; ".join(exc.problems)}, instruments=_instruments(record),
                    original=original)
    return RedirectResponse("/", status_code=303)


@router.post("/sessions/{key}/delete")
def delete_session(request: Request, state: State, key: str, form: CheckedForm) -> Response:
    state.update(lambda r: setattr(r, "sessions", [s for s in r.sessions if s.key != key]))
    if request.headers.get("hx-request"):
        return HTMLResponse("")  # htmx removes the row
    return RedirectResponse("/record", status_code=303)


@router.get("/record", response_class=HTMLResponse)
def record_table(request: Request, state: State) -> HTMLResponse:
    _, record = state.record()
    return page(request, state, "record.html", record=record)


def _instruments(record: Record) -> list[str]:
    used = sorted({k for s in record.sessions for k in s.measures})
    return used or ["PHQ-9", "GAD-7"] + [k for k in record.instruments if k not in BUILT_IN]


def _session_values(session: Session) -> dict[str, Any]:
    d = session.to_dict()
    values: dict[str, Any] = {"date": d["date"] if "T" in d["date"] else d["date"] + "T00:00",
                              "status": d["status"], "minutes_late": d.get("minutes_late", ""),
                              "notice_hours": d.get("notice_hours", ""), "reason": d.get("reason", ""),
                              "note": d.get("note", "")}
    checkin = d.get("checkin")
    if checkin:
        values["has_checkin"] = "on"
        values.update({k: checkin.get(k, "") for k in SCALES})
        values["after"] = checkin.get("after", "")
        values["checkin_note"] = checkin.get("note", "")
    for k, v in d.get("measures", {}).items():
        values[f"score:{k}"] = v
    return values

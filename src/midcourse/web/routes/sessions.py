"""Recording, editing and deleting a session (with undo), and the list of sessions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from midcourse import entries
from midcourse.instruments import ALLIANCE_INSTRUMENTS, ITEM_ANSWERS, ITEM_LABELS
from midcourse.record import SCALES, Record, Session, day, format_when
from midcourse.validation import RecordError
from midcourse.web.forms import ITEMIZED, field_errors, session_document
from midcourse.web.render import page, templates
from midcourse.web.security import CheckedForm
from midcourse.web.state import Current, Deleted, Shown, State, WebState
from midcourse.web.words import CHANGE_WORDS, human_date

router = APIRouter(include_in_schema=False)


def instruments_for(state: WebState, shown: Current) -> list[str]:
    """The questionnaires the form offers: those chosen, those used, those the record defines."""
    chosen = state.preferences(shown.key).instruments
    used = {k for s in shown.record.sessions for k in s.measures}
    offered = [*chosen, *sorted(used - set(chosen)), *[k for k in shown.record.instruments if k not in used
                                                       and k not in chosen]]
    return [i for i in dict.fromkeys(offered) if i not in ALLIANCE_INSTRUMENTS or i in used] or ["PHQ-9", "GAD-7"]


def _form(request: Request, state: WebState, shown: Current, values: dict[str, Any], errors: dict[str, str],
          original: str, status_code: int = 200, notice: str = "", same_day: str = "") -> HTMLResponse:
    return page(request, state, "session_form.html", status_code, current=shown, values=values, errors=errors,
                instruments=instruments_for(state, shown), original=original, notice=notice, same_day=same_day,
                itemized=ITEMIZED, item_labels=ITEM_LABELS, item_answers=ITEM_ANSWERS, today=dt.date.today().isoformat())


@router.get("/sessions/new", response_class=HTMLResponse)
def new_session(request: Request, state: State, shown: Shown, date: str | None = None) -> Response:
    if shown.key is None:
        return RedirectResponse("/welcome", 303)
    if date and shown.record.session_at(date) is not None:
        return RedirectResponse(f"/sessions/{date}/edit", 303)  # an existing session is edited, never replaced
    now = dt.datetime.now().replace(second=0, microsecond=0)
    return _form(request, state, shown, {"date": date or now.isoformat(timespec="minutes"), "status": "attended"},
                 {}, "")


@router.get("/sessions/{key}/edit", response_class=HTMLResponse)
def edit_session(request: Request, state: State, shown: Shown, key: str) -> HTMLResponse:
    session = shown.record.session_at(key)
    if session is None:
        raise HTTPException(404, f"No session at {key}")
    return _form(request, state, shown, session_values(session), {}, key)


def _cleared(given: dict[str, Any], offered: list[str]) -> dict[str, Any]:
    """For an edit: every field the form showed and the client left empty is removed (None), so
    that clearing a rating or a score takes it away; fields the form did not show stay as they are."""
    out = dict(given)
    for name in ("minutes_late", "notice_hours", "reason", "note"):
        out.setdefault(name, None)
    if out.get("status") == "planned":
        out.update(checkin=None, measures=None, items=None)
        return out
    checkin = dict(out.get("checkin") or {})
    for name in (*SCALES, "safety", "after", "note"):
        checkin.setdefault(name, None)
    out["checkin"] = checkin if any(v is not None for v in checkin.values()) else None
    measures = dict(out.get("measures") or {})
    items = dict(out.get("items") or {})
    for iid in offered:
        measures.setdefault(iid, None)
        if iid in ITEMIZED:
            items.setdefault(iid, None)
    out["measures"], out["items"] = measures, items
    return out


@router.post("/sessions", response_class=HTMLResponse)
def save_session(request: Request, state: State, shown: Shown, form: CheckedForm) -> Response:
    """One upsert (midcourse.entries.save_session): a new session is added; an edit changes what the
    form changed; a new session at the time of an existing one, or a second one on a day, is asked first."""
    key = state.writable(str(form.get("record") or "") or None)
    record = shown.record
    original = str(form.get("original") or "")
    values = {k: form.get(k) for k in form}
    today = dt.date.today()
    doc, errors = session_document(form, today)
    if errors:
        return _form(request, state, shown, values, errors, original, 400)
    when = format_when(entries.parse_date(doc["date"])) if doc.get("date") else ""
    if not original and record.session_at(when) is not None:
        return _form(request, state, shown, values, {"date": "You already recorded a session at this time."},
                     original, 409, notice=f"/sessions/{when}/edit")
    given = _cleared(doc, instruments_for(state, shown)) if original else doc
    second = bool(form.get("confirm_same_day"))
    changes: list[entries.Change] = []

    def change(r: Record) -> None:
        if original and original != when:
            changes.append(entries.move_session(r, original, when, today=today, another_on_same_day=second))
        changes.append(entries.save_session(r, given, today=today, another_on_same_day=second,
                                            labels=CHANGE_WORDS))

    try:
        state.update(key, change)
    except entries.SameDayError as exc:
        day_of = human_date(day(entries.parse_date(doc["date"])))
        return _form(request, state, shown, values, {}, original, 409,
                     same_day=f"You already recorded a session on {day_of} ({', '.join(exc.conflicts[0][1])}). "
                              "Was this a second session that day?")
    except RecordError as exc:
        return _form(request, state, shown, values, field_errors(exc), original, 400)
    except entries.EntryNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    return RedirectResponse(f"/?done={state.notice(said(changes))}", 303)


def said(changes: list[entries.Change]) -> str:
    """What the writes did, as a sentence."""
    text = "; ".join(str(c) for c in changes if c.changed) or str(changes[-1])
    return text[:1].upper() + text[1:] + "."


@router.post("/sessions/{key}/delete")
def delete_session(request: Request, state: State, key: str, form: CheckedForm) -> Response:
    client = state.writable(str(form.get("record") or "") or None)
    removed: list[Session] = []

    def change(r: Record) -> None:
        session = r.session_at(key)
        if session is None:
            raise entries.EntryNotFound(f"No session at {key}")
        removed.append(session)
        entries.remove_session(r, key)

    try:
        state.update(client, change)
    except entries.EntryNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    label = f"the session of {human_date(removed[0].date)}"
    token = state.keep_deleted(Deleted(client, "session", removed[0], label))
    return undone_response(request, token, label, "/record")


def undone_response(request: Request, token: str, label: str, back: str) -> Response:
    """After a delete: an htmx fragment that offers undo in place, else the page with the offer."""
    if request.headers.get("hx-request"):
        return templates.TemplateResponse(request, "_undo.html", {"csrf": request.state.csrf, "token": token,
                                                                  "label": label, "row": back == "/record"})
    return RedirectResponse(f"{back}?undo={token}", status_code=303)


@router.get("/record", response_class=HTMLResponse)
def record_table(request: Request, state: State, shown: Shown, undo: str | None = None) -> HTMLResponse:
    offer = state.deleted.get(undo or "")
    return page(request, state, "record.html", current=shown, record=shown.record,
                undo={"token": undo, "label": offer.label} if offer else None)


def session_values(session: Session) -> dict[str, Any]:
    """The form's fields for an existing session."""
    d = session.to_dict()
    values: dict[str, Any] = {"date": d["date"] if "T" in d["date"] else d["date"] + "T00:00",
                              "status": d["status"], "minutes_late": d.get("minutes_late", ""),
                              "notice_hours": d.get("notice_hours", ""), "reason": d.get("reason", ""),
                              "note": d.get("note", "")}
    checkin = d.get("checkin") or {}
    values.update({k: checkin.get(k, "") for k in (*SCALES, "safety")})
    values["after"] = checkin.get("after", "")
    values["checkin_note"] = checkin.get("note", "")
    for k, v in d.get("measures", {}).items():
        values[f"score:{k}"] = v
    for iid, scores in d.get("items", {}).items():
        values.update({f"item:{iid}:{i}": v for i, v in enumerate(scores)})
    return values


def restore(r: Record, deleted: Deleted) -> None:
    """Put a deleted session back (unless another was recorded at its time meanwhile)."""
    session: Session = deleted.item
    if r.session_at(session.key) is not None:
        raise RecordError([f"another session is recorded at {format_when(session.date)} now"])
    entries.save_session(r, session.to_dict(), another_on_same_day=True)


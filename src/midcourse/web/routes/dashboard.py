"""The dashboard (state, next step, conversation starter, timeline, evidence) and the answer to
"are you safe right now?"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from midcourse import entries
from midcourse.assess import Assessment
from midcourse.chart import NARROW, timeline_svg
from midcourse.record import SAFETY_ANSWERS, Record, day, format_when
from midcourse.web.render import page
from midcourse.web.security import CheckedForm
from midcourse.web.state import Shown, State
from midcourse.wording import count

router = APIRouter(include_in_schema=False)


def safety_questions(a: Assessment) -> list[dict[str, str]]:
    """The client's own sentences behind a crisis found in text, each to ask "are you safe?" about."""
    out: list[dict[str, str]] = []
    for f in a.findings:
        if f.kind != "crisis":
            continue
        statements = f.data.get("statements") if isinstance(f.data, dict) else None
        if statements is None:
            statements = [{"date": e.date, "quote": e.quote} for e in f.evidence if e.quote]
        out += [{"date": str(s["date"]), "quote": str(s["quote"])} for s in statements if s.get("quote")]
    return out


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, state: State, shown: Shown, as_of: str | None = None) -> Response:
    if shown.key is None:
        return RedirectResponse("/welcome", 303)
    record = shown.record
    result = state.assessment(record, as_of)
    held = [s for s in record.sessions if not s.planned and day(s.date) <= result.as_of]
    answered = any(f.kind == "crisis_answered" for f in result.findings)
    states = state.states_over_time(record, result.as_of)
    context: dict[str, Any] = {
        "a": result, "as_of": as_of, "questions": safety_questions(result), "answered": answered,
        "chart": timeline_svg(record, result, inline_style=False, states=states),
        "chart_narrow": timeline_svg(record, result, width=NARROW, inline_style=False, states=states),
        "sessions": count(len(held), "session") + " recorded" if held else "",
    }
    return page(request, state, "dashboard.html", current=shown, **context)


@router.get("/favicon.ico")
def favicon() -> Response:
    return RedirectResponse("/static/icon.svg", 301)


@router.post("/safety")
def answer_safety(state: State, form: CheckedForm) -> Response:
    """Record the client's answer, dated now, with the sentence (and its date) it answers."""
    key = state.writable(str(form.get("record") or "") or None)
    answer = str(form.get("answer") or "")
    if answer not in SAFETY_ANSWERS:
        return RedirectResponse("/", 303)
    text = str(form.get("text") or "").strip()
    try:
        text_date = dt.date.fromisoformat(str(form.get("text_date") or "")) if text else None
    except ValueError:
        text_date = None
    now = dt.datetime.now().replace(second=0, microsecond=0)
    given: dict[str, object] = {"date": format_when(now), "answer": answer}
    if text:
        given["text"] = text
        if text_date is not None:
            given["text_date"] = text_date.isoformat()
    def change(r: Record) -> None:
        entries.save_safety_answer(r, given)

    state.update(key, change)
    said = "that you are safe right now" if answer == "safe" else "that you are not safe right now"
    return RedirectResponse(f"/?done={state.notice(f'Recorded your answer {said}.')}", 303)

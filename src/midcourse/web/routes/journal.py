"""The journal: the client's own dated writing."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from midcourse.record import JournalEntry
from midcourse.validation import RecordError, parse_record
from midcourse.web.render import page
from midcourse.web.security import CheckedForm
from midcourse.web.state import State

router = APIRouter(include_in_schema=False)


@router.get("/journal", response_class=HTMLResponse)
def journal(request: Request, state: State) -> HTMLResponse:
    _, record = state.record()
    return page(request, state, "journal.html", record=record, errors={}, today=dt.date.today().isoformat())


@router.post("/journal")
def add_journal(request: Request, state: State, form: CheckedForm) -> Response:
    text, when = str(form.get("text") or "").strip(), str(form.get("date") or "").strip()
    tags = [t.strip().lstrip("#") for t in str(form.get("tags") or "").split(",") if t.strip()]
    try:
        entry = parse_record({"format": "midcourse/1", "journal": [
            {"date": when, "text": text, "tags": tags}]}).journal[0]
        if not text:
            raise RecordError(["journal[0].text: write something first"])
    except RecordError as exc:
        _, record = state.record()
        return page(request, state, "journal.html", status_code=400, record=record, today=when,
                    errors={"form": "; ".join(p.split(": ", 1)[-1] for p in exc.problems)})
    state.update(lambda r: r.journal.append(JournalEntry(entry.date, entry.text, entry.tags)))
    return RedirectResponse("/journal", status_code=303)


@router.post("/journal/{index}/delete")
def delete_journal(request: Request, state: State, index: int, form: CheckedForm) -> Response:
    state.update(lambda r: r.journal.pop(index) if 0 <= index < len(r.journal) else None)
    return HTMLResponse("") if request.headers.get("hx-request") else RedirectResponse("/journal", 303)

"""The journal: the client's own dated writing, added, edited and deleted (with undo)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from midcourse import entries
from midcourse.record import JournalEntry
from midcourse.web.render import page
from midcourse.web.routes.dated import DatedList, digest
from midcourse.web.security import CheckedForm
from midcourse.web.state import Current, Shown, State, WebState
from midcourse.web.words import human_date

router = APIRouter(include_in_schema=False)


def _page(request: Request, state: WebState, shown: Current, values: dict[str, Any], errors: dict[str, str],
          status_code: int = 200, editing: int | None = None, undo: dict[str, str] | None = None) -> HTMLResponse:
    entries = [(i, j, digest(j)) for i, j in enumerate(shown.record.journal)][::-1]
    return page(request, state, "journal.html", status_code, current=shown, entries=entries, values=values,
                errors=errors, editing=editing, undo=undo, today=dt.date.today().isoformat())


@router.get("/journal", response_class=HTMLResponse)
def journal(request: Request, state: State, shown: Shown, edit: int | None = None,
            undo: str | None = None) -> HTMLResponse:
    values, editing, offer = JOURNAL.form_state(state, shown.record, edit, undo)
    return _page(request, state, shown, values, {}, editing=editing, undo=offer)


def _fields(entry: JournalEntry | None) -> dict[str, Any]:
    if entry is None:
        return {"date": dt.date.today().isoformat(), "text": "", "tags": ""}
    return {"date": entry.to_dict()["date"], "text": entry.text, "tags": ", ".join(entry.tags)}


JOURNAL = DatedList[JournalEntry](
    "journal", "/journal", lambda r: r.journal, entries.save_journal_entry,
    entries.remove_journal_entry, lambda e: f"the journal entry of {human_date(e.date)}",
    "This journal entry changed since the page was loaded.", _fields)


@router.post("/journal")
def save_journal(request: Request, state: State, shown: Shown, form: CheckedForm) -> Response:
    """Add an entry, or change the one being edited (midcourse.entries.save_journal_entry)."""
    tags = [t.strip().lstrip("#") for t in str(form.get("tags") or "").split(",") if t.strip()]
    given = {"date": str(form.get("date") or "").strip(), "text": str(form.get("text") or "").strip(), "tags": tags}
    errors = {name: "Write something first" if name == "text" else "Give the date"
              for name in ("date", "text") if not given[name]}
    return JOURNAL.save_form(state, form, given, errors,
                             lambda values, errs, editing: _page(request, state, shown, values, errs, 400, editing))


@router.post("/journal/{index}/delete")
def delete_journal(request: Request, state: State, index: int, form: CheckedForm) -> Response:
    return JOURNAL.delete(request, state, index, form)

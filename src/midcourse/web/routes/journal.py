"""The journal: the client's own dated writing, added, edited and deleted (with undo)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from midcourse import entries
from midcourse.record import JournalEntry, Record
from midcourse.validation import RecordError
from midcourse.web.forms import field_errors
from midcourse.web.render import page
from midcourse.web.routes.sessions import said, undone_response
from midcourse.web.security import CheckedForm
from midcourse.web.state import Current, Deleted, Shown, State, WebState
from midcourse.web.words import human_date

router = APIRouter(include_in_schema=False)


def digest(item: Any) -> str:
    """A short fingerprint of an entry, so that an edit or delete never hits an entry that changed."""
    return hashlib.sha256(json.dumps(item.to_dict(), sort_keys=True).encode()).hexdigest()[:12]


def _page(request: Request, state: WebState, shown: Current, values: dict[str, Any], errors: dict[str, str],
          status_code: int = 200, editing: int | None = None, undo: dict[str, str] | None = None) -> HTMLResponse:
    entries = [(i, j, digest(j)) for i, j in enumerate(shown.record.journal)][::-1]
    return page(request, state, "journal.html", status_code, current=shown, entries=entries, values=values,
                errors=errors, editing=editing, undo=undo, today=dt.date.today().isoformat())


@router.get("/journal", response_class=HTMLResponse)
def journal(request: Request, state: State, shown: Shown, edit: int | None = None,
            undo: str | None = None) -> HTMLResponse:
    values: dict[str, Any] = {"date": dt.date.today().isoformat(), "text": "", "tags": ""}
    if edit is not None and 0 <= edit < len(shown.record.journal):
        entry = shown.record.journal[edit]
        values = {"date": entry.to_dict()["date"], "text": entry.text, "tags": ", ".join(entry.tags),
                  "digest": digest(entry)}
    else:
        edit = None
    offer = state.deleted.get(undo or "")
    return _page(request, state, shown, values, {}, editing=edit,
                 undo={"token": undo or "", "label": offer.label} if offer else None)


def _find(r: Record, index: int, fingerprint: str) -> JournalEntry:
    if not 0 <= index < len(r.journal) or digest(r.journal[index]) != fingerprint:
        raise HTTPException(409, "This journal entry changed since the page was loaded. Reload the page.")
    return r.journal[index]


@router.post("/journal")
def save_journal(request: Request, state: State, shown: Shown, form: CheckedForm) -> Response:
    """Add an entry, or change the one being edited (midcourse.entries.save_journal_entry)."""
    key = state.writable(str(form.get("record") or "") or None)
    index_text = str(form.get("index") or "")
    editing = int(index_text) if index_text.isdigit() else None
    tags = [t.strip().lstrip("#") for t in str(form.get("tags") or "").split(",") if t.strip()]
    given = {"date": str(form.get("date") or "").strip(), "text": str(form.get("text") or "").strip(), "tags": tags}
    errors = {name: "Write something first" if name == "text" else "Give the date"
              for name in ("date", "text") if not given[name]}
    if errors:
        return _page(request, state, shown, {k: form.get(k) for k in form}, errors, 400, editing)
    changes: list[entries.Change] = []

    def change(r: Record) -> None:
        if editing is not None:
            _find(r, editing, str(form.get("digest") or ""))
        changes.append(entries.save_journal_entry(r, given, editing))

    try:
        state.update(key, change)
    except RecordError as exc:
        return _page(request, state, shown, {k: form.get(k) for k in form}, field_errors(exc), 400, editing)
    return RedirectResponse(f"/journal?done={state.notice(said(changes))}", status_code=303)


@router.post("/journal/{index}/delete")
def delete_journal(request: Request, state: State, index: int, form: CheckedForm) -> Response:
    key = state.writable(str(form.get("record") or "") or None)
    removed: list[JournalEntry] = []

    def change(r: Record) -> None:
        removed.append(_find(r, index, str(form.get("digest") or "")))
        entries.remove_journal_entry(r, index)

    state.update(key, change)
    label = f"the journal entry of {human_date(removed[0].date)}"
    return undone_response(request, state.keep_deleted(Deleted(key, "journal", removed[0], label)), label, "/journal")

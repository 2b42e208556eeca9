"""Defenses the client notices in themselves (added, edited, deleted with undo), and the catalogue
in plain words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from midcourse import entries
from midcourse.defenses import CATALOGUE, LEVEL_NAMES
from midcourse.record import DefenseObservation, Record
from midcourse.validation import RecordError
from midcourse.web.forms import field_errors
from midcourse.web.render import page
from midcourse.web.routes.journal import digest
from midcourse.web.routes.sessions import said, undone_response
from midcourse.web.security import CheckedForm
from midcourse.web.state import Current, Deleted, Shown, State, WebState
from midcourse.web.words import human_date

router = APIRouter(include_in_schema=False)


def _page(request: Request, state: WebState, shown: Current, values: dict[str, Any], errors: dict[str, str],
          status_code: int = 200, editing: int | None = None, undo: dict[str, str] | None = None) -> HTMLResponse:
    entries = [(i, d, digest(d)) for i, d in enumerate(shown.record.defenses)][::-1]
    return page(request, state, "defenses.html", status_code, current=shown, entries=entries, values=values,
                errors=errors, editing=editing, undo=undo, catalogue=CATALOGUE, levels=LEVEL_NAMES,
                profile=state.defense_profile(shown.record), today=dt.date.today().isoformat())


@router.get("/defenses", response_class=HTMLResponse)
def defenses(request: Request, state: State, shown: Shown, edit: int | None = None,
             undo: str | None = None) -> HTMLResponse:
    values: dict[str, Any] = {"date": dt.date.today().isoformat(), "defense": "", "note": ""}
    if edit is not None and 0 <= edit < len(shown.record.defenses):
        d = shown.record.defenses[edit]
        values = {"date": d.to_dict()["date"], "defense": d.defense, "note": d.note, "digest": digest(d)}
    else:
        edit = None
    offer = state.deleted.get(undo or "")
    return _page(request, state, shown, values, {}, editing=edit,
                 undo={"token": undo or "", "label": offer.label} if offer else None)


def _find(r: Record, index: int, fingerprint: str) -> DefenseObservation:
    if not 0 <= index < len(r.defenses) or digest(r.defenses[index]) != fingerprint:
        raise HTTPException(409, "This note changed since the page was loaded. Reload the page.")
    return r.defenses[index]


@router.post("/defenses")
def save_defense(request: Request, state: State, shown: Shown, form: CheckedForm) -> Response:
    """Add a note, or change the one being edited (midcourse.entries.save_defense)."""
    key = state.writable(str(form.get("record") or "") or None)
    index_text = str(form.get("index") or "")
    editing = int(index_text) if index_text.isdigit() else None
    given = {"date": str(form.get("date") or "").strip(), "defense": str(form.get("defense") or "").strip(),
             "note": str(form.get("note") or "").strip()}
    errors = {}
    if not given["defense"]:
        errors["defense"] = "Choose the defense you noticed"
    if not given["date"]:
        errors["date"] = "Give the date"
    if errors:
        return _page(request, state, shown, {k: form.get(k) for k in form}, errors, 400, editing)
    changes: list[entries.Change] = []

    def change(r: Record) -> None:
        if editing is not None:
            _find(r, editing, str(form.get("digest") or ""))
        changes.append(entries.save_defense(r, given, editing))

    try:
        state.update(key, change)
    except RecordError as exc:
        return _page(request, state, shown, {k: form.get(k) for k in form}, field_errors(exc), 400, editing)
    return RedirectResponse(f"/defenses?done={state.notice(said(changes))}", status_code=303)


@router.post("/defenses/{index}/delete")
def delete_defense(request: Request, state: State, index: int, form: CheckedForm) -> Response:
    key = state.writable(str(form.get("record") or "") or None)
    removed: list[DefenseObservation] = []

    def change(r: Record) -> None:
        removed.append(_find(r, index, str(form.get("digest") or "")))
        entries.remove_defense(r, index)

    state.update(key, change)
    label = f"the note of {removed[0].defense} on {human_date(removed[0].date)}"
    return undone_response(request, state.keep_deleted(Deleted(key, "defense", removed[0], label)), label,
                           "/defenses")

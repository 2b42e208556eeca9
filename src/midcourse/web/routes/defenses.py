"""Defenses the client notices in themselves (added, edited, deleted with undo), and the catalogue
in plain words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from midcourse import entries
from midcourse.defenses import CATALOGUE, LEVEL_NAMES
from midcourse.record import DefenseObservation
from midcourse.web.render import page
from midcourse.web.routes.dated import DatedList, digest
from midcourse.web.security import CheckedForm
from midcourse.web.state import Current, Shown, State, WebState
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
    values, editing, offer = DEFENSES.form_state(state, shown.record, edit, undo)
    return _page(request, state, shown, values, {}, editing=editing, undo=offer)


def _fields(d: DefenseObservation | None) -> dict[str, Any]:
    if d is None:
        return {"date": dt.date.today().isoformat(), "defense": "", "note": ""}
    return {"date": d.to_dict()["date"], "defense": d.defense, "note": d.note}


DEFENSES = DatedList[DefenseObservation](
    "defense", "/defenses", lambda r: r.defenses, entries.save_defense,
    entries.remove_defense, lambda d: f"the note of {d.defense} on {human_date(d.date)}",
    "This note changed since the page was loaded.", _fields)


@router.post("/defenses")
def save_defense(request: Request, state: State, shown: Shown, form: CheckedForm) -> Response:
    """Add a note, or change the one being edited (midcourse.entries.save_defense)."""
    given = {"date": str(form.get("date") or "").strip(), "defense": str(form.get("defense") or "").strip(),
             "note": str(form.get("note") or "").strip()}
    errors = {}
    if not given["defense"]:
        errors["defense"] = "Choose the defense you noticed"
    if not given["date"]:
        errors["date"] = "Give the date"
    return DEFENSES.save_form(state, form, given, errors,
                              lambda values, errs, editing: _page(request, state, shown, values, errs, 400, editing))


@router.post("/defenses/{index}/delete")
def delete_defense(request: Request, state: State, index: int, form: CheckedForm) -> Response:
    return DEFENSES.delete(request, state, index, form)

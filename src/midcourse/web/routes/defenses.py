"""Defenses the client notices in themselves, and the catalogue in plain words."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from midcourse.defenses import CATALOGUE, LEVEL_NAMES, normalize_name
from midcourse.record import DefenseObservation
from midcourse.validation import RecordError, parse_record
from midcourse.web.render import page
from midcourse.web.security import CheckedForm
from midcourse.web.state import State

router = APIRouter(include_in_schema=False)


@router.get("/defenses", response_class=HTMLResponse)
def defenses(request: Request, state: State) -> HTMLResponse:
    _, record = state.record()
    return page(request, state, "defenses.html", record=record, catalogue=CATALOGUE, levels=LEVEL_NAMES,
                profile=state.defense_profile(record), errors={}, today=dt.date.today().isoformat())


@router.post("/defenses")
def add_defense(request: Request, state: State, form: CheckedForm) -> Response:
    name = normalize_name(str(form.get("defense") or ""))
    try:
        obs = parse_record({"format": "midcourse/1", "defenses": [
            {"date": str(form.get("date") or ""), "defense": name, "note": str(form.get("note") or "")}]})
    except RecordError as exc:
        _, record = state.record()
        return page(request, state, "defenses.html", status_code=400, record=record, catalogue=CATALOGUE,
                    levels=LEVEL_NAMES, profile=state.defense_profile(record),
                    errors={"form": "; ".join(p.split(": ", 1)[-1] for p in exc.problems)},
                    today=str(form.get("date") or ""))
    d = obs.defenses[0]
    state.update(lambda r: r.defenses.append(DefenseObservation(d.date, d.defense, d.note)))
    return RedirectResponse("/defenses", status_code=303)

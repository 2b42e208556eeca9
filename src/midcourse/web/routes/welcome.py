"""The first run: a welcome page that starts the client's own record, and the record switcher
(the client's records, and the example to explore)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from midcourse import settings as settings_module
from midcourse.instruments import ALLIANCE_INSTRUMENTS, BUILT_IN
from midcourse.preferences import Preferences
from midcourse.record import Client, Record
from midcourse.resources import LOCALES
from midcourse.store import DEFAULT_CLIENT, StoreError
from midcourse.web.render import page
from midcourse.web.security import CheckedForm
from midcourse.web.state import EXAMPLE, State

router = APIRouter(include_in_schema=False)


def instrument_choices() -> list[tuple[str, str]]:
    return [(iid, f"{iid} ({inst.source.split(' (')[0]})" if iid not in ("PHQ-9", "GAD-7") else
             {"PHQ-9": "PHQ-9 (mood)", "GAD-7": "GAD-7 (anxiety)"}[iid])
            for iid, inst in BUILT_IN.items() if iid not in ALLIANCE_INSTRUMENTS]


def _welcome(request: Request, state: State, values: dict[str, object], errors: dict[str, str],
             status_code: int = 200) -> HTMLResponse:
    return page(request, state, "welcome.html", status_code, values=values, errors=errors,
                instrument_choices=instrument_choices(), today=dt.date.today().isoformat())


@router.get("/welcome", response_class=HTMLResponse)
def welcome(request: Request, state: State) -> HTMLResponse:
    return _welcome(request, state, {"name": "", "started": "", "instruments": ["PHQ-9", "GAD-7"],
                                     "crisis_locale": state.settings().crisis_locale}, {})


@router.post("/welcome")
def start_record(request: Request, state: State, form: CheckedForm) -> Response:
    name = " ".join(str(form.get("name") or "").split())
    started_text = str(form.get("started") or "").strip()
    chosen = [str(i) for i in form.getlist("instruments") if str(i) in BUILT_IN]
    locale = str(form.get("crisis_locale") or "international")
    values: dict[str, object] = {"name": name, "started": started_text, "instruments": chosen,
                                 "crisis_locale": locale}
    errors: dict[str, str] = {}
    key = name or DEFAULT_CLIENT
    if key == EXAMPLE:
        errors["name"] = f"'{EXAMPLE}' is the example's name: choose another"
    elif key in state.store.clients():
        errors["name"] = f"There is already a record called '{key}': choose another name, or pick it in Settings"
    started = None
    if started_text:
        try:
            started = dt.date.fromisoformat(started_text)
            if started > dt.date.today():
                errors["started"] = "That date is in the future: give the date of your first session"
        except ValueError:
            errors["started"] = f"'{started_text}' is not a date"
    if locale not in LOCALES:
        errors["crisis_locale"] = "Choose one of the countries in the list"
    if errors:
        return _welcome(request, state, values, errors, 400)
    try:
        state.save_settings({"crisis_locale": locale})
    except settings_module.SettingsError as exc:
        return _welcome(request, state, values, {"crisis_locale": str(exc)}, 400)
    try:
        state.store.create_client(key, Record(client=Client(name=name or None, therapy_started=started)))
    except StoreError as exc:
        return _welcome(request, state, values, {"name": str(exc)}, 400)
    state.save_preferences(key, Preferences(instruments=chosen))
    state.choose(key)
    return RedirectResponse("/", 303)


@router.post("/records/switch")
def switch(state: State, form: CheckedForm) -> Response:
    state.choose(str(form.get("record") or ""))
    return RedirectResponse("/", 303)

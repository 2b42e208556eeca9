"""Settings ("Everyday": name, crisis country, questionnaires, reminders; "Advanced thresholds"),
export and complete deletion of the record."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from midcourse import settings as settings_module
from midcourse.preferences import Preferences
from midcourse.record import Client, Record
from midcourse.reminders import parse_weekly
from midcourse.resources import LOCALES
from midcourse.web.render import page
from midcourse.web.routes.welcome import instrument_choices
from midcourse.web.security import CheckedForm
from midcourse.web.state import Current, Shown, State, WebState

router = APIRouter(include_in_schema=False)
EVERYDAY = ("crisis_locale",)


def advanced() -> list[dict[str, Any]]:
    """Every threshold but the everyday ones, with the input that fits its type and range."""
    rows = []
    for f in dataclasses.fields(settings_module.Settings):
        if f.name in EVERYDAY:
            continue
        default, meta = f.default, f.metadata
        choices = meta.get("choices") or ()
        kind = ("checkbox" if isinstance(default, bool) else "choice" if choices else
                "integer" if isinstance(default, int) else "number" if isinstance(default, float) else "text")
        rows.append({"name": f.name, "default": default, "doc": meta["doc"].replace("`", ""), "source": meta["source"],
                     "kind": kind, "choices": choices, "min": meta.get("min"), "max": meta.get("max"),
                     "allowed": settings_module.allowed(f.name)})
    return rows


def data_location(state: WebState) -> str:
    url = state.store.engine.url
    return str(url.database) if url.get_backend_name() == "sqlite" else state.store.display_url()


def _page(request: Request, state: WebState, shown: Current, errors: dict[str, str] | None = None,
          status_code: int = 200, saved: str | None = None, values: dict[str, Any] | None = None) -> HTMLResponse:
    prefs = state.preferences(shown.key)
    from midcourse.web.routes.sessions import instruments_for

    everyday = {"name": shown.record.client.name or "", "instruments": prefs.instruments or instruments_for(state, shown),
                "weekly": ", ".join(prefs.weekly), **(values or {})}
    return page(request, state, "settings.html", status_code, current=shown, settings=state.settings(),
                advanced=advanced(), everyday=everyday, errors=errors or {}, saved=saved,
                instrument_choices=[*instrument_choices(), *[(k, f"{k} (your own)") for k in shown.record.instruments]],
                data_location=data_location(state),
                settings_file=state.settings_file())


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, state: State, shown: Shown, saved: str | None = None) -> HTMLResponse:
    return _page(request, state, shown, saved=saved)


def _errors_by_setting(exc: Exception) -> dict[str, str]:
    text = str(exc)
    for name, *_ in settings_module.documented():
        marker = f"{name}: "
        if marker in text:
            return {name: text[text.index(marker) + len(marker):]}
    return {"form": text}


@router.post("/settings/everyday")
def save_everyday(request: Request, state: State, shown: Shown, form: CheckedForm) -> Response:
    locale = str(form.get("crisis_locale") or "international")
    name = " ".join(str(form.get("name") or "").split())
    weekly_text = str(form.get("weekly") or "")
    chosen = [str(i) for i in form.getlist("instruments")]
    errors: dict[str, str] = {}
    slots = []
    for part in [p for p in weekly_text.split(",") if p.strip()]:
        try:
            slots.append(str(parse_weekly(part)))
        except ValueError as exc:
            errors["weekly"] = str(exc)
    if locale not in LOCALES:
        errors["crisis_locale"] = "Choose one of the countries in the list"
    values = {"name": name, "instruments": chosen, "weekly": weekly_text}
    if errors:
        return _page(request, state, shown, errors, 400, values=values)
    try:
        state.save_settings({"crisis_locale": locale})
    except settings_module.SettingsError as exc:
        return _page(request, state, shown, _errors_by_setting(exc), 400, values=values)
    if shown.key and not shown.example:
        key = shown.key

        def rename(r: Record) -> None:
            r.client = Client(name=name or None, therapy_started=r.client.therapy_started)

        if (shown.record.client.name or "") != name:
            state.update(key, rename)
        state.save_preferences(key, Preferences(instruments=chosen, weekly=slots))
    return RedirectResponse("/settings?saved=everyday", status_code=303)


@router.post("/settings")
def save_settings(request: Request, state: State, shown: Shown, form: CheckedForm) -> Response:
    values = {}
    for row in advanced():
        sent = form.getlist(row["name"])
        if sent:
            values[row["name"]] = str(sent[-1])  # a checkbox sends "false" (hidden) then "true" when ticked
    try:
        state.save_settings(values)
    except settings_module.SettingsError as exc:
        return _page(request, state, shown, _errors_by_setting(exc), 400)
    return RedirectResponse("/settings?saved=advanced", status_code=303)


@router.get("/export.json")
def export(shown: Shown) -> Response:
    return Response(json.dumps(shown.record.to_dict(), indent=2, ensure_ascii=False) + "\n",
                    media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="midcourse-{shown.key or "record"}.json"'})


@router.post("/delete")
def delete_everything(state: State, form: CheckedForm) -> Response:
    key = state.writable(str(form.get("record") or "") or None)
    if str(form.get("confirm") or "").strip().lower() != "delete":
        return RedirectResponse("/settings?saved=0", status_code=303)
    from midcourse import preferences
    from midcourse.privacy import delete_record

    delete_record(state.store, key)
    preferences.forget(key, state.preferences_path)
    state.forget_cached_words()
    state.selected = None
    return RedirectResponse("/", status_code=303)


@router.post("/instruments")
def define_instrument(request: Request, state: State, shown: Shown, form: CheckedForm) -> Response:
    """A questionnaire of the client's own: its range, which end is worse, a cutoff and a reliable-change
    threshold (both optional); validated as a record's instrument, then offered in the session form."""
    from midcourse import entries
    from midcourse.validation import RecordError
    from midcourse.web.routes.sessions import said

    key = state.writable(str(form.get("record") or "") or None)
    name = " ".join(str(form.get("instrument") or "").split())
    definition: dict[str, Any] = {"worse": str(form.get("worse") or "higher")}
    errors: dict[str, str] = {}
    if not name:
        errors["instrument"] = "Give the questionnaire a name"
    for field, required in (("min", True), ("max", True), ("cutoff", False), ("reliable_change", False)):
        raw = str(form.get(field) or "").strip()
        if not raw:
            if required:
                errors[field] = "Needed"
            continue
        try:
            definition[field] = float(raw)
        except ValueError:
            errors[field] = f"'{raw}' is not a number"
    if errors:
        return _page(request, state, shown, {f"def-{k}": v for k, v in errors.items()}, 400,
                     values={"definition": {"instrument": name, **{k: form.get(k) for k in form}}})
    changes: list[entries.Change] = []

    def change(r: Record) -> None:
        changes.append(entries.define_instrument(r, name, definition))

    try:
        state.update(key, change)
    except RecordError as exc:
        problems = {f"def-{'instrument' if w.field in ('id', '') else w.field}": what for w, what in exc.located()}
        return _page(request, state, shown, problems, 400,
                     values={"definition": {"instrument": name, **{k: form.get(k) for k in form}}})
    prefs = state.preferences(key)
    if name not in prefs.instruments:
        prefs.instruments = [*(prefs.instruments or []), name]
        state.save_preferences(key, prefs)
    return RedirectResponse(f"/settings?done={state.notice(said(changes))}", status_code=303)

"""Settings, export and complete deletion of the record."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from midcourse import settings as settings_module
from midcourse.web.render import page
from midcourse.web.security import CheckedForm
from midcourse.web.state import State

router = APIRouter(include_in_schema=False)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, state: State) -> HTMLResponse:
    return page(request, state, "settings.html", settings=state.settings(), documented=settings_module.documented(),
                data_location=state.store.display_url(), settings_file=state.settings_file(), errors={},
                saved=request.query_params.get("saved"))


@router.post("/settings")
def save_settings(request: Request, state: State, form: CheckedForm) -> Response:
    path = state.settings_file()
    values = {name: str(form.get(name)) for name, *_ in settings_module.documented() if form.get(name) is not None}
    try:
        settings_module.save(path, values)
    except settings_module.SettingsError as exc:
        return page(request, state, "settings.html", status_code=400, settings=state.settings(),
                    documented=settings_module.documented(), data_location=state.store.display_url(),
                    settings_file=path, errors={"form": str(exc)}, saved=None)
    return RedirectResponse("/settings?saved=1", status_code=303)


@router.get("/export.json")
def export(state: State) -> Response:
    key, record = state.record()
    return Response(json.dumps(record.to_dict(), indent=2, ensure_ascii=False) + "\n",
                    media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="midcourse-{key or "record"}.json"'})


@router.post("/delete")
def delete_everything(state: State, form: CheckedForm) -> Response:
    key = state.key()
    if str(form.get("confirm") or "").strip().lower() != "delete":
        return RedirectResponse("/settings?saved=0", status_code=303)
    if key is not None:
        from midcourse.privacy import delete_record

        delete_record(state.store, key)
        state.forget_cached_words()
    return RedirectResponse("/", status_code=303)

"""The web app (FastAPI + Jinja2 + htmx): everything it shows comes from the library."""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import secrets
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict
from starlette.datastructures import FormData
from starlette.middleware.trustedhost import TrustedHostMiddleware

from midcourse import settings as settings_module
from midcourse.assess import Assessment, assess
from midcourse.chart import timeline_svg
from midcourse.defenses import CATALOGUE, LEVEL_NAMES, normalize_name
from midcourse.instruments import BUILT_IN
from midcourse.record import AFTER_FEELINGS, SCALES, STATUSES, DefenseObservation, JournalEntry, Record
from midcourse.store import DEFAULT_CLIENT, Store, StoreError
from midcourse.text import TextReader
from midcourse.validation import RecordError, parse_record
from midcourse.web.forms import session_from_form

CSRF_COOKIE = "midcourse_csrf"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1", "testserver"]
SCALE_LABELS = {
    "bond": "I felt understood and respected", "goals": "We worked on what I want",
    "tasks": "The way we work fits me", "depth": "We talked about what really matters",
    "insight": "I learned something about myself", "quit": "I'm thinking about stopping therapy",
}
WEB = resources.files("midcourse.web")


class AssessmentJSON(BaseModel):
    """The same object as `midcourse analyze --json` (see docs/assessment.md)."""

    model_config = ConfigDict(extra="allow")
    state: str
    headline: str
    as_of: str
    flags: list[str]
    resources: list[str]
    next_step: str
    conversation_starter: str
    findings: list[dict[str, Any]]
    measures: list[dict[str, Any]]


async def checked_form(request: Request) -> FormData:
    """The posted form, after checking its CSRF token against the cookie (403 otherwise)."""
    form = await request.form()
    sent = form.get("csrf_token") or request.headers.get("x-csrf-token") or ""
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    if not cookie or not isinstance(sent, str) or not hmac.compare_digest(sent, cookie):
        raise HTTPException(status_code=403, detail="The form's security token is missing or out of date. "
                                                    "Reload the page and try again.")
    return form



CheckedForm = Annotated[FormData, Depends(checked_form)]


class App:
    """What the routes share: the store, the client shown, the settings file and the text reader."""

    def __init__(self, store: Store, client: str | None, settings_path: Path | None, reader: TextReader):
        self.store = store
        self.client = client
        self.settings_path = settings_path
        self.reader = reader

    def key(self) -> str | None:
        keys = self.store.clients()
        if self.client in keys:
            return self.client
        if len(keys) == 1:
            return keys[0]
        return "demo" if "demo" in keys else (keys[0] if keys else None)

    def record(self) -> tuple[str | None, Record]:
        key = self.key()
        return key, (self.store.load(key) if key else Record())

    def settings(self) -> settings_module.Settings:
        try:
            return settings_module.load(self.settings_path)
        except settings_module.SettingsError:
            return settings_module.Settings()

    def assessment(self, record: Record, as_of: str | None = None) -> Assessment:
        date = None
        if as_of:
            try:
                date = dt.date.fromisoformat(as_of[:10])
            except ValueError:
                raise HTTPException(400, f"as_of: '{as_of}' is not an ISO 8601 date") from None
        return assess(record, date, self.settings(), self.reader)

    def defense_profile(self, record: Record) -> dict[str, Any]:
        """The profile alone: no need to read every text, as a whole assessment would."""
        from midcourse.analysis.defenses import profile
        from midcourse.analysis.window import window

        return profile(record, window(record, None, self.settings()))

    def update(self, change: Any) -> Record:
        key = self.key()
        if key is None:
            self.store.create_client(DEFAULT_CLIENT)
            key = DEFAULT_CLIENT
        return self.store.update(key, change)


def create_app(db: str | None = None, client: str | None = None, settings_path: Path | None = None,
               reader: TextReader | None = None, allowed_hosts: list[str] | None = None,
               warm: bool = False, passphrase: str | None = None) -> FastAPI:
    """The app for one database; `allowed_hosts` guards against DNS rebinding (loopback by default);
    `warm` assesses the record once in the background so that the first page is quick."""
    if reader is None:
        from midcourse.text.reader import default_reader

        reader = default_reader()
    state = App(Store(db, passphrase=passphrase), client, settings_path, reader)
    app = FastAPI(title="midcourse", version=_version(), docs_url="/api/docs", redoc_url=None,
                  openapi_url="/api/openapi.json")
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS)
    templates = Jinja2Templates(directory=str(WEB / "templates"))
    from midcourse.resources import LOCALES

    templates.env.globals.update(scale_labels=SCALE_LABELS, statuses=STATUSES, feelings=AFTER_FEELINGS,
                                 locales=LOCALES)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        request.state.csrf = token
        response: Response = await call_next(request)
        if request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response


    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        key = state.key()
        return templates.TemplateResponse(request, name, {"csrf": request.state.csrf, "client": key,
                                                          **context}, status_code=status_code)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request, as_of: str | None = None) -> HTMLResponse:
        key, record = state.record()
        result = state.assessment(record, as_of)
        chart = timeline_svg(record, result, inline_style=False)
        return page(request, "dashboard.html", a=result, chart=chart, has_record=key is not None,
                    sessions=len(record.sessions))

    @app.get("/sessions/new", response_class=HTMLResponse, include_in_schema=False)
    def new_session(request: Request) -> HTMLResponse:
        _, record = state.record()
        now = dt.datetime.now().replace(second=0, microsecond=0)
        return page(request, "session_form.html", values={"date": now.isoformat(timespec="minutes"),
                                                          "status": "attended", "has_checkin": "on",
                                                          **{n: "5" for n in SCALES}, "quit": "0"},
                    errors={}, instruments=_instruments(record), original="")

    @app.get("/sessions/{key}/edit", response_class=HTMLResponse, include_in_schema=False)
    def edit_session(request: Request, key: str) -> HTMLResponse:
        _, record = state.record()
        session = record.session_at(key)
        if session is None:
            raise HTTPException(404, f"No session at {key}")
        return page(request, "session_form.html", values=_session_values(session), errors={},
                    instruments=_instruments(record), original=key)

    @app.post("/sessions", response_class=HTMLResponse, include_in_schema=False)
    def save_session(request: Request, form: CheckedForm) -> Response:
        _, record = state.record()
        session, errors = session_from_form(form, record)
        original = str(form.get("original") or "")
        if session is None:
            return page(request, "session_form.html", status_code=400, values=dict(form), errors=errors,
                        instruments=_instruments(record), original=original)

        def change(r: Record) -> None:
            r.sessions = [s for s in r.sessions if s.key not in (session.key, original)]
            r.sessions.append(session)

        try:
            state.update(change)
        except RecordError as exc:
            return page(request, "session_form.html", status_code=400, values=dict(form),
                        errors={"form": "; ".join(exc.problems)}, instruments=_instruments(record),
                        original=original)
        return RedirectResponse("/", status_code=303)

    @app.post("/sessions/{key}/delete", include_in_schema=False)
    def delete_session(request: Request, key: str, form: CheckedForm) -> Response:
        state.update(lambda r: setattr(r, "sessions", [s for s in r.sessions if s.key != key]))
        if request.headers.get("hx-request"):
            return HTMLResponse("")  # htmx removes the row
        return RedirectResponse("/record", status_code=303)

    @app.get("/record", response_class=HTMLResponse, include_in_schema=False)
    def record_table(request: Request) -> HTMLResponse:
        _, record = state.record()
        return page(request, "record.html", record=record)

    @app.get("/journal", response_class=HTMLResponse, include_in_schema=False)
    def journal(request: Request) -> HTMLResponse:
        _, record = state.record()
        return page(request, "journal.html", record=record, errors={}, today=dt.date.today().isoformat())

    @app.post("/journal", include_in_schema=False)
    def add_journal(request: Request, form: CheckedForm) -> Response:
        text, when = str(form.get("text") or "").strip(), str(form.get("date") or "").strip()
        tags = [t.strip().lstrip("#") for t in str(form.get("tags") or "").split(",") if t.strip()]
        try:
            entry = parse_record({"format": "midcourse/1", "journal": [
                {"date": when, "text": text, "tags": tags}]}).journal[0]
            if not text:
                raise RecordError(["journal[0].text: write something first"])
        except RecordError as exc:
            _, record = state.record()
            return page(request, "journal.html", status_code=400, record=record, today=when,
                        errors={"form": "; ".join(p.split(": ", 1)[-1] for p in exc.problems)})
        state.update(lambda r: r.journal.append(JournalEntry(entry.date, entry.text, entry.tags)))
        return RedirectResponse("/journal", status_code=303)

    @app.post("/journal/{index}/delete", include_in_schema=False)
    def delete_journal(request: Request, index: int, form: CheckedForm) -> Response:
        state.update(lambda r: r.journal.pop(index) if 0 <= index < len(r.journal) else None)
        return HTMLResponse("") if request.headers.get("hx-request") else RedirectResponse("/journal", 303)

    @app.get("/defenses", response_class=HTMLResponse, include_in_schema=False)
    def defenses(request: Request) -> HTMLResponse:
        _, record = state.record()
        return page(request, "defenses.html", record=record, catalogue=CATALOGUE, levels=LEVEL_NAMES,
                    profile=state.defense_profile(record), errors={}, today=dt.date.today().isoformat())

    @app.post("/defenses", include_in_schema=False)
    def add_defense(request: Request, form: CheckedForm) -> Response:
        name = normalize_name(str(form.get("defense") or ""))
        try:
            obs = parse_record({"format": "midcourse/1", "defenses": [
                {"date": str(form.get("date") or ""), "defense": name, "note": str(form.get("note") or "")}]})
        except RecordError as exc:
            _, record = state.record()
            return page(request, "defenses.html", status_code=400, record=record, catalogue=CATALOGUE,
                        levels=LEVEL_NAMES, profile=state.defense_profile(record),
                        errors={"form": "; ".join(p.split(": ", 1)[-1] for p in exc.problems)},
                        today=str(form.get("date") or ""))
        d = obs.defenses[0]
        state.update(lambda r: r.defenses.append(DefenseObservation(d.date, d.defense, d.note)))
        return RedirectResponse("/defenses", status_code=303)

    @app.get("/report", response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request, as_of: str | None = None) -> HTMLResponse:
        from midcourse.report import to_html

        _, record = state.record()
        return HTMLResponse(to_html(record, state.assessment(record, as_of), standalone=False))

    @app.get("/report.pdf", include_in_schema=False)
    def report_pdf(as_of: str | None = None) -> Response:
        from midcourse.report import to_html, to_pdf

        _, record = state.record()
        result = state.assessment(record, as_of)
        return Response(to_pdf(to_html(record, result)), media_type="application/pdf", headers={
            "Content-Disposition": f'inline; filename="midcourse-report-{result.as_of.isoformat()}.pdf"'})

    @app.get("/settings", response_class=HTMLResponse, include_in_schema=False)
    def settings_page(request: Request) -> HTMLResponse:
        return page(request, "settings.html", settings=state.settings(), documented=settings_module.documented(),
                    data_location=state.store.display_url(), settings_file=state.settings_path
                    or settings_module.default_path(), errors={}, saved=request.query_params.get("saved"))

    @app.post("/settings", include_in_schema=False)
    def save_settings(request: Request, form: CheckedForm) -> Response:
        path = state.settings_path or settings_module.default_path()
        values = {name: str(form.get(name)) for name, *_ in settings_module.documented() if form.get(name) is not None}
        try:
            settings_module.save(path, values)
        except settings_module.SettingsError as exc:
            return page(request, "settings.html", status_code=400, settings=state.settings(),
                        documented=settings_module.documented(), data_location=state.store.display_url(),
                        settings_file=path, errors={"form": str(exc)}, saved=None)
        return RedirectResponse("/settings?saved=1", status_code=303)

    @app.get("/export.json", include_in_schema=False)
    def export() -> Response:
        key, record = state.record()
        return Response(json.dumps(record.to_dict(), indent=2, ensure_ascii=False) + "\n",
                        media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="midcourse-{key or "record"}.json"'})

    @app.post("/delete", include_in_schema=False)
    def delete_everything(request: Request, form: CheckedForm) -> Response:
        key = state.key()
        if str(form.get("confirm") or "").strip().lower() != "delete":
            return RedirectResponse("/settings?saved=0", status_code=303)
        if key is not None:
            from midcourse.privacy import delete_record

            delete_record(state.store, key)
            memory = getattr(getattr(state.reader, "embedder", None), "memory", None)
            if isinstance(memory, dict):
                memory.clear()
        return RedirectResponse("/", status_code=303)

    @app.get("/api/assessment", response_model=AssessmentJSON, tags=["api"],
             summary="The assessment, as `midcourse analyze --json` gives it")
    def api_assessment(as_of: str | None = None) -> JSONResponse:
        _, record = state.record()
        return JSONResponse(state.assessment(record, as_of).to_dict())

    @app.get("/api/record", tags=["api"], summary="The record, as midcourse/1 JSON")
    def api_record() -> JSONResponse:
        try:
            _, record = state.record()
        except StoreError as exc:
            raise HTTPException(404, str(exc)) from exc
        return JSONResponse(record.to_dict())

    app.state.midcourse = state
    if warm:
        import threading

        def warm_up() -> None:
            try:
                state.assessment(state.record()[1])
            except Exception as exc:  # noqa: BLE001  (warming is an optimisation; the page will show the error)
                logging.getLogger("midcourse").debug("warm-up failed: %s", exc)

        threading.Thread(target=warm_up, daemon=True, name="midcourse-warm-up").start()
    return app


def _version() -> str:
    from midcourse import __version__

    return __version__


def _instruments(record: Record) -> list[str]:
    used = sorted({k for s in record.sessions for k in s.measures})
    return used or ["PHQ-9", "GAD-7"] + [k for k in record.instruments if k not in BUILT_IN]


def _session_values(session: Any) -> dict[str, Any]:
    d = session.to_dict()
    values: dict[str, Any] = {"date": d["date"] if "T" in d["date"] else d["date"] + "T00:00",
                              "status": d["status"], "minutes_late": d.get("minutes_late", ""),
                              "notice_hours": d.get("notice_hours", ""), "reason": d.get("reason", ""),
                              "note": d.get("note", "")}
    checkin = d.get("checkin")
    if checkin:
        values["has_checkin"] = "on"
        values.update({k: checkin.get(k, "") for k in SCALES})
        values["after"] = checkin.get("after", "")
        values["checkin_note"] = checkin.get("note", "")
    for k, v in d.get("measures", {}).items():
        values[f"score:{k}"] = v
    return values

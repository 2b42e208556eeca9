"""The page templates and how a route renders one."""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from midcourse.questions import SAFETY_ANSWERS, SAFETY_QUESTION, SCALE_QUESTIONS
from midcourse.record import AFTER_FEELINGS, ALLIANCE_SCALES, STATUSES
from midcourse.resources import LOCALES
from midcourse.terms import CATEGORIES, LEVELS, term
from midcourse.web.state import EXAMPLE, Current, WebState
from midcourse.web.words import human_date
from midcourse.wording import count, number

WEB = resources.files("midcourse.web")
STATUS_WORDS = {"attended": "I went", "no_show": "I missed it (no-show)", "cancelled_by_client": "I cancelled",
                "cancelled_by_therapist": "My therapist cancelled", "planned": "Planned (in the future)"}
LOCALE_NAMES = {"international": "Another country (international)", "US": "United States", "CA": "Canada",
                "UK": "United Kingdom", "IE": "Ireland", "AU": "Australia", "NZ": "New Zealand",
                "EU": "European Union (elsewhere)"}


def _num(value: Any, places: int | None = None) -> str:
    return "" if value is None or value == "" else number(float(value), places)


def _given_in(name: str, checkin: Any) -> bool:
    """Whether a check-in holds the rating `name` (a test: `scales | select('given_in', checkin)`)."""
    return getattr(checkin, name, None) is not None


templates = Jinja2Templates(directory=str(WEB / "templates"))
templates.env.tests["given_in"] = _given_in
templates.env.globals.update(scale_labels=SCALE_QUESTIONS, alliance_scales=ALLIANCE_SCALES, statuses=STATUSES, feelings=AFTER_FEELINGS,
                             locales=LOCALES, locale_names=LOCALE_NAMES, status_words=STATUS_WORDS,
                             safety_question=SAFETY_QUESTION, safety_choices=SAFETY_ANSWERS,
                             categories=CATEGORIES, level_words=LEVELS, term=term, example_key=EXAMPLE,
                             count=count)
templates.env.filters.update(when=human_date, num=_num)


def page(request: Request, state: WebState, name: str, status_code: int = 200, current: Current | None = None,
         **context: Any) -> HTMLResponse:
    """A page of the app, with what every page shows: the CSRF token, the record shown, the others."""
    current = current or state.current()
    return templates.TemplateResponse(request, name, {
        "csrf": request.state.csrf, "client": current.key, "example": current.example,
        "own_clients": state.own_clients(), "logged_in": bool(getattr(request.state, "session", None)),
        "notice": state.notices.get(request.query_params.get("done", "")),
        **context}, status_code=status_code)

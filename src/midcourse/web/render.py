"""The page templates and how a route renders one."""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from midcourse.record import AFTER_FEELINGS, STATUSES
from midcourse.resources import LOCALES
from midcourse.web.state import WebState

WEB = resources.files("midcourse.web")
SCALE_LABELS = {
    "bond": "I felt understood and respected", "goals": "We worked on what I want",
    "tasks": "The way we work fits me", "depth": "We talked about what really matters",
    "insight": "I learned something about myself", "quit": "I'm thinking about stopping therapy",
}

templates = Jinja2Templates(directory=str(WEB / "templates"))
templates.env.globals.update(scale_labels=SCALE_LABELS, statuses=STATUSES, feelings=AFTER_FEELINGS,
                             locales=LOCALES)


def page(request: Request, state: WebState, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page of the app, with what every page shows (the CSRF token, the client)."""
    return templates.TemplateResponse(request, name, {"csrf": request.state.csrf, "client": state.key(),
                                                      **context}, status_code=status_code)

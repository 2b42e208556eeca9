"""The dashboard: the state, the next step, the conversation starter, the timeline and the evidence."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from midcourse.chart import timeline_svg
from midcourse.web.render import page
from midcourse.web.state import State

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, state: State, as_of: str | None = None) -> HTMLResponse:
    key, record = state.record()
    result = state.assessment(record, as_of)
    chart = timeline_svg(record, result, inline_style=False)
    return page(request, state, "dashboard.html", a=result, chart=chart, has_record=key is not None,
                sessions=len(record.sessions))

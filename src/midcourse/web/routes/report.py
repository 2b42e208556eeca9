"""The printable report and its PDF, as of a date."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from midcourse.web.state import Shown, State

router = APIRouter(include_in_schema=False)


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request, state: State, shown: Shown, as_of: str | None = None) -> HTMLResponse:
    from midcourse.report import to_html

    result = state.assessment(shown.record, as_of)
    return HTMLResponse(to_html(shown.record, result, standalone=False, as_of_chosen=as_of,
                                states=state.states_over_time(shown.record, result.as_of)))


@router.get("/report.pdf")
def report_pdf(state: State, shown: Shown, as_of: str | None = None) -> Response:
    from midcourse.report import to_html, to_pdf

    result = state.assessment(shown.record, as_of)
    html = to_html(shown.record, result, states=state.states_over_time(shown.record, result.as_of))
    return Response(to_pdf(html), media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="midcourse-report-{result.as_of.isoformat()}.pdf"'})

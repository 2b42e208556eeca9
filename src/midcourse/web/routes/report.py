"""The printable report and its PDF."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from midcourse.web.state import State

router = APIRouter(include_in_schema=False)


@router.get("/report", response_class=HTMLResponse)
def report_page(state: State, as_of: str | None = None) -> HTMLResponse:
    from midcourse.report import to_html

    _, record = state.record()
    return HTMLResponse(to_html(record, state.assessment(record, as_of), standalone=False))


@router.get("/report.pdf")
def report_pdf(state: State, as_of: str | None = None) -> Response:
    from midcourse.report import to_html, to_pdf

    _, record = state.record()
    result = state.assessment(record, as_of)
    return Response(to_pdf(to_html(record, result)), media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="midcourse-report-{result.as_of.isoformat()}.pdf"'})

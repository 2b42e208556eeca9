"""The JSON API: the assessment (as `midcourse analyze --json`) and the record (midcourse/1)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from midcourse.web.state import Shown, State

router = APIRouter(prefix="/api", tags=["api"])


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


@router.get("/assessment", response_model=AssessmentJSON,
            summary="The assessment, as `midcourse analyze --json` gives it")
def api_assessment(state: State, shown: Shown, as_of: str | None = None) -> JSONResponse:
    return JSONResponse(state.assessment(shown.record, as_of).to_dict())


@router.get("/record", summary="The record, as midcourse/1 JSON")
def api_record(shown: Shown) -> JSONResponse:
    if shown.key is None:
        raise HTTPException(404, "There is no record yet.")
    return JSONResponse(shown.record.to_dict())

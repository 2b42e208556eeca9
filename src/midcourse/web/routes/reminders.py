"""The reminders download: an iCalendar file of the planned sessions and the weekly slots."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from midcourse.reminders import calendar, parse_weekly
from midcourse.web.state import Shown, State

router = APIRouter(include_in_schema=False)


@router.get("/reminders.ics")
def reminders(state: State, shown: Shown) -> Response:
    if shown.key is None:
        raise HTTPException(404, "There is no record yet.")
    slots = [parse_weekly(w) for w in state.preferences(shown.key).weekly]
    text = calendar(shown.record, slots, salt=shown.key)
    return Response(text.encode("utf-8"), media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="midcourse-sessions.ics"'})

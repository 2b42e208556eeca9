"""Undo: putting back a session, journal entry or defense note that was just deleted."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from midcourse import entries
from midcourse.record import Record
from midcourse.web.routes.sessions import restore
from midcourse.web.security import CheckedForm
from midcourse.web.state import State

router = APIRouter(include_in_schema=False)
BACK = {"session": "/record", "journal": "/journal", "defense": "/defenses"}


@router.post("/undo")
def undo(request: Request, state: State, form: CheckedForm) -> Response:
    deleted = state.deleted.pop(str(form.get("token") or ""), None)
    if deleted is None:
        raise HTTPException(404, "There is nothing to undo any more (midcourse keeps deleted items until it stops).")

    def change(r: Record) -> None:
        if deleted.kind == "session":
            restore(r, deleted)
        elif deleted.kind == "journal":
            entries.save_journal_entry(r, deleted.item.to_dict())
        else:
            entries.save_defense(r, deleted.item.to_dict())

    state.update(deleted.client, change)
    back = f"{BACK[deleted.kind]}?done={state.notice(f'Put back {deleted.label}.')}"
    if request.headers.get("hx-request"):
        return Response(status_code=200, headers={"HX-Redirect": back})
    return RedirectResponse(back, 303)

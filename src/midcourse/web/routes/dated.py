"""What the journal and defense pages share: a record's list of dated entries, each added, edited,
and deleted with undo, with a fingerprint so that an edit never hits an entry that changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from midcourse import entries
from midcourse.record import Record
from midcourse.validation import RecordError
from midcourse.web.forms import field_errors
from midcourse.web.routes.sessions import said, undone_response
from midcourse.web.security import CheckedForm
from midcourse.web.state import Deleted, WebState

E = TypeVar("E")
# Show the page again with the values typed, the errors by field and the entry being edited.
Reshow = Callable[[dict[str, Any], dict[str, str], int | None], HTMLResponse]


def digest(item: Any) -> str:
    """A short fingerprint of an entry, so that an edit or delete never hits an entry that changed."""
    return hashlib.sha256(json.dumps(item.to_dict(), sort_keys=True).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class DatedList(Generic[E]):
    """One list of a record (journal, defenses) and how its page saves and deletes entries."""

    kind: str  # the kind of a Deleted item: "journal" or "defense"
    path: str  # its page
    items: Callable[[Record], list[E]]
    save: Callable[[Record, dict[str, Any], int | None], entries.Change]
    remove: Callable[[Record, int], entries.Change]
    label: Callable[[E], str]  # "the journal entry of 3 March"
    changed: str  # said when the entry changed since the page was loaded
    fields: Callable[[E | None], dict[str, Any]]  # an entry's values in the form (None: a new entry's)

    def form_state(self, state: WebState, record: Record, edit: int | None, undo: str | None
                   ) -> tuple[dict[str, Any], int | None, dict[str, str] | None]:
        """The page's form (a new entry, or the one at `edit` with its fingerprint) and its undo offer."""
        items = self.items(record)
        if edit is not None and 0 <= edit < len(items):
            values = {**self.fields(items[edit]), "digest": digest(items[edit])}
        else:
            values, edit = self.fields(None), None
        offer = state.deleted.get(undo or "")
        return values, edit, {"token": undo or "", "label": offer.label} if offer else None

    def find(self, r: Record, index: int, fingerprint: str) -> E:
        items = self.items(r)
        if not 0 <= index < len(items) or digest(items[index]) != fingerprint:
            raise HTTPException(409, f"{self.changed} Reload the page.")
        return items[index]

    def save_form(self, state: WebState, form: CheckedForm, given: dict[str, Any], errors: dict[str, str],
                  reshow: Reshow) -> Response:
        """Add the entry the form gives, or change the one it edits; the page again on an error."""
        key = state.writable(str(form.get("record") or "") or None)
        index_text = str(form.get("index") or "")
        editing = int(index_text) if index_text.isdigit() else None
        typed = {k: form.get(k) for k in form}
        if errors:
            return reshow(typed, errors, editing)
        changes: list[entries.Change] = []

        def change(r: Record) -> None:
            if editing is not None:
                self.find(r, editing, str(form.get("digest") or ""))
            changes.append(self.save(r, given, editing))

        try:
            state.update(key, change)
        except RecordError as exc:
            return reshow(typed, field_errors(exc), editing)
        return RedirectResponse(f"{self.path}?done={state.notice(said(changes))}", status_code=303)

    def delete(self, request: Request, state: WebState, index: int, form: CheckedForm) -> Response:
        """Remove the entry at `index`, keeping it in memory so that it can be put back."""
        key = state.writable(str(form.get("record") or "") or None)
        removed: list[E] = []

        def change(r: Record) -> None:
            removed.append(self.find(r, index, str(form.get("digest") or "")))
            self.remove(r, index)

        state.update(key, change)
        label = self.label(removed[0])
        return undone_response(request, state.keep_deleted(Deleted(key, self.kind, removed[0], label)), label,
                               self.path)

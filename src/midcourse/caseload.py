"""A therapist's view across clients: who is in crisis, getting worse, paused, drifting or doing well."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from midcourse.assess import Assessment, assess
from midcourse.record import Record, day, format_when
from midcourse.settings import Settings
from midcourse.states import NAMES
from midcourse.store import Store
from midcourse.text import TextReader


@dataclass(frozen=True)
class CaseloadRow:
    client: str
    assessment: Assessment
    last_session: str | None

    def to_dict(self) -> dict[str, Any]:
        a = self.assessment
        return {"client": self.client, "state": a.state, "flags": a.flags, "as_of": a.as_of.isoformat(),
                "last_session": self.last_session, "next_step": a.next_step}


def last_session(record: Record, as_of: dt.date) -> str | None:
    """The last held session (attended or not) on or before the date; planned ones lie ahead."""
    held = [s for s in record.sessions if not s.planned and day(s.date) <= as_of]
    return format_when(held[-1].date) if held else None


def caseload(store: Store, as_of: dt.date | None = None, settings: Settings | None = None,
             reader: TextReader | None = None) -> list[CaseloadRow]:
    """Every stored client's assessment as of the date (default: each record's last date), most urgent
    state first (the order of the state table)."""
    rows = []
    for key in store.clients():
        record = store.load(key)
        result = assess(record, as_of, settings, reader)
        rows.append(CaseloadRow(key, result, last_session(record, result.as_of)))
    rows.sort(key=lambda r: (NAMES.index(r.assessment.state), r.client))
    return rows

"""A therapist's view across clients: who is in crisis, getting worse, drifting or doing well."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from midcourse.assess import STATES, Assessment, assess
from midcourse.settings import Settings
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


def caseload(store: Store, as_of: dt.date | None = None, settings: Settings | None = None,
             reader: TextReader | None = None) -> list[CaseloadRow]:
    """Every stored client's assessment, most urgent state first (the order of the state table)."""
    rows = []
    for key in store.clients():
        record = store.load(key)
        result = assess(record, as_of, settings, reader)
        last = record.sessions[-1].key if record.sessions else None
        rows.append(CaseloadRow(key, result, last))
    rows.sort(key=lambda r: (STATES.index(r.assessment.state), r.client))
    return rows

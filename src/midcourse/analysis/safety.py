"""Safety: crisis words in the last days before the as-of date."""

from __future__ import annotations

import datetime as dt

from midcourse.analysis.walls import TextFacts
from midcourse.analysis.window import Window
from midcourse.findings import Finding
from midcourse.settings import Settings


def crisis(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """Text in the last crisis_days that speaks of suicide, self-harm or not wanting to live."""
    since = w.as_of - dt.timedelta(days=settings.crisis_days)
    evidence = [e for e in facts.statements(w, "crisis", recent_only=False)
                if dt.date.fromisoformat(e.date[:10]) > since]
    if not evidence:
        return None
    return Finding("crisis", f"{len(evidence)} statement{'s' if len(evidence) > 1 else ''} in the last "
                             f"{settings.crisis_days} days about not wanting to live, suicide or self-harm",
                   evidence)

"""Safety: crisis words in the last days before the as-of date."""

from __future__ import annotations

import datetime as dt

from midcourse.analysis.walls import TextFacts
from midcourse.analysis.window import Window
from midcourse.findings import Finding, count
from midcourse.settings import Settings


def crisis(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """Text in the last crisis_days that speaks of suicide, self-harm or not wanting to live."""
    # "The last 30 days" are the as-of day and the 29 before it.
    evidence = facts.statements(w, "crisis", w.as_of - dt.timedelta(days=settings.crisis_days - 1))
    if not evidence:
        return None
    return Finding("crisis", f"{count(len(evidence), 'statement')} in the last {settings.crisis_days} days "
                             "about not wanting to live, suicide or self-harm", evidence)

"""Safety: what the client answered directly (the check-in's safety rating, item 9 of the PHQ-9, "are you
safe right now?") and crisis words in any of their writing in the last `crisis_days` days.

A direct rating counts from its session until a later rating of 0, or until it is older than
`crisis_days`. Words count for `crisis_days` unless the client answered "safe" to them; "not safe"
always gives crisis. Resources stay on the page while an answered statement is recent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from midcourse.analysis.walls import TextFacts
from midcourse.analysis.window import Window
from midcourse.findings import Evidence, Finding, count
from midcourse.record import Record, SafetyAnswer, day, format_when
from midcourse.settings import Settings

PHQ9_ITEM9 = 8  # 0-based index of item 9 of the PHQ-9


@dataclass(frozen=True)
class Rating:
    """A direct answer about thoughts of being better off dead or of self-harm (0-3)."""

    date: dt.date
    when: str
    source: str
    value: int
    ref: str


def ratings(w: Window) -> list[Rating]:
    """Every safety rating and PHQ-9 item 9 up to the as-of date, in session order."""
    out = []
    for s in w.sessions:
        c = s.checkin
        if c is not None and c.safety is not None:
            out.append(Rating(day(s.date), format_when(s.date), "check-in safety rating", int(c.safety), s.key))
        phq = s.items.get("PHQ-9")
        if phq is not None and len(phq) > PHQ9_ITEM9:
            out.append(Rating(day(s.date), format_when(s.date), "PHQ-9 item 9", int(phq[PHQ9_ITEM9]), s.key))
    return out


def _answers(record: Record, as_of: dt.date) -> list[SafetyAnswer]:
    return [a for a in record.safety_answers if day(a.date) <= as_of]


def _answered_safe(quote: str, text_day: dt.date, answers: list[SafetyAnswer]) -> bool:
    """Whether the client answered "safe" to this statement (matched by its day and words)."""
    for a in answers:
        if not a.safe or a.text_date is None or a.text_date != text_day:
            continue
        said = (a.text or "").strip()
        if not said or said in quote or quote in said:
            return True
    return False


def crisis(record: Record, w: Window, settings: Settings, facts: TextFacts) -> list[Finding]:
    """`crisis` (a flag) when a recent rating is 1 or more, an answer was "not safe", or recent words speak
    of suicide, self-harm or not wanting to live and were not answered "safe"; `crisis_answered`
    (information) for recent words answered "safe"."""
    since = w.as_of - dt.timedelta(days=settings.crisis_days - 1)  # the as-of day and the days before it
    answers = _answers(record, w.as_of)
    data: dict[str, Any] = {"crisis_days": settings.crisis_days, "ratings": [], "statements": [], "not_safe": []}
    evidence: list[Evidence] = []
    direct = ratings(w)
    if direct:
        last_day = direct[-1].date
        latest = [r for r in direct if r.date == last_day]
        positive = [r for r in latest if r.value >= 1]
        if positive and last_day >= since:
            for r in positive:
                data["ratings"].append({"date": r.when, "source": r.source, "value": r.value})
                evidence.append(Evidence(r.when, r.source, f"rated {r.value} of 3 (thoughts of being better off "
                                                            "dead or of hurting oneself)", value=r.value, ref=r.ref))
    for a in answers:
        if a.answer == "not_safe" and day(a.date) >= since:
            data["not_safe"].append({"date": format_when(a.date), "text": a.text or ""})
            evidence.append(Evidence(format_when(a.date), "safety answer", "answered: not safe right now",
                                     value="not_safe", quote=a.text or None))
    words = facts.statements(w, "crisis", since, own_only=True)
    answered: list[Evidence] = []
    for e in words:
        quote = e.quote or ""
        if _answered_safe(quote, dt.date.fromisoformat(e.date[:10]), answers):
            answered.append(e)
            continue
        data["statements"].append({"date": e.date, "quote": quote, "source": e.source})
        evidence.append(e)
    out = []
    if evidence:
        parts = []
        if data["ratings"]:
            parts.append(f"a safety rating of {max(r['value'] for r in data['ratings'])} of 3 "
                         f"on {data['ratings'][0]['date'][:10]}")
        if data["not_safe"]:
            parts.append("an answer of not safe right now")
        if data["statements"]:
            parts.append(f"{count(len(data['statements']), 'statement')} in the last {settings.crisis_days} days "
                         "about not wanting to live, suicide or self-harm")
        out.append(Finding("crisis", "; ".join(parts), evidence, data=data))
    if answered:
        out.append(Finding("crisis_answered", f"{count(len(answered), 'statement')} about not wanting to live or "
                                              "self-harm, answered: safe right now", answered, flag=False,
                           data={"statements": [{"date": e.date, "quote": e.quote} for e in answered]}))
    return out

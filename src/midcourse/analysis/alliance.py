"""The alliance: ruptures and their repair, and a poor fit (an alliance that never formed)."""

from __future__ import annotations

from dataclasses import dataclass

from midcourse.analysis.walls import TextFacts
from midcourse.analysis.window import Window
from midcourse.findings import Evidence, Finding, count
from midcourse.record import Session, day, format_when
from midcourse.settings import Settings

SRS_SCALE = 4.0  # the Session Rating Scale runs 0-40; SRS/4 puts it on the 0-10 check-in scale


@dataclass(frozen=True)
class AlliancePoint:
    session: Session
    value: float
    source: str


def alliance_index(session: Session) -> AlliancePoint | None:
    """The mean of bond, goals and tasks; else the Session Rating Scale divided by 4."""
    if session.checkin is not None:
        value = session.checkin.alliance_index()
        if value is not None:
            return AlliancePoint(session, value, "check-in")
    if "SRS" in session.measures:
        return AlliancePoint(session, session.measures["SRS"] / SRS_SCALE, "SRS/4")
    return None


def series(sessions: list[Session]) -> list[AlliancePoint]:
    return [p for s in sessions if (p := alliance_index(s)) is not None]


@dataclass(frozen=True)
class Rupture:
    point: AlliancePoint
    before: float
    repaired_by: AlliancePoint | None

    def to_evidence(self) -> list[Evidence]:
        s = self.point.session
        out = [Evidence(format_when(s.date), self.point.source,
                        f"alliance {self.point.value:.1f}, {self.before - self.point.value:.1f} below the "
                        f"mean of the check-ins before it ({self.before:.1f})",
                        value=round(self.point.value, 2), ref=s.key)]
        if self.repaired_by is not None:
            r = self.repaired_by
            out.append(Evidence(format_when(r.session.date), r.source,
                                f"alliance back to {r.value:.1f}: repaired", value=round(r.value, 2),
                                ref=r.session.key))
        return out


def ruptures(points: list[AlliancePoint], settings: Settings) -> list[Rupture]:
    """Drops of at least rupture_drop below the mean of the previous (up to 3, at least 2) points."""
    found: list[Rupture] = []
    i = 0
    while i < len(points):
        previous = points[max(0, i - settings.rupture_previous):i]
        if len(previous) >= settings.rupture_min_previous:
            mean = sum(p.value for p in previous) / len(previous)
            if points[i].value <= mean - settings.rupture_drop:
                repair = next((j for j in range(i + 1, len(points))
                               if points[j].value >= mean - settings.repair_margin), None)
                found.append(Rupture(points[i], mean, points[repair] if repair is not None else None))
                if repair is None:
                    break  # still open: later low points belong to the same rupture
                i = repair  # a new rupture is measured from the repair on
        i += 1
    return found


def rupture_findings(w: Window, settings: Settings) -> list[Finding]:
    """An unrepaired rupture in the recent window is flagged; repaired ones are information."""
    since = w.since
    out = []
    for r in ruptures(series(w.sessions), settings):
        when = format_when(r.point.session.date)
        if r.repaired_by is None:
            if since is not None and day(r.point.session.date) >= since:
                out.append(Finding("rupture", f"the alliance dropped on {when} and has not come back yet",
                                   r.to_evidence()))
        else:
            out.append(Finding("repaired_rupture", f"the alliance dropped on {when} and came back on "
                                                   f"{format_when(r.repaired_by.session.date)}",
                               r.to_evidence(), flag=False))
    return out


def fit_concern(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """A low alliance that never formed, or reports of therapist conduct that fits no defense."""
    points = series(w.sessions)
    evidence: list[Evidence] = []
    parts = []
    if len(points) >= settings.fit_min_checkins:
        mean = sum(p.value for p in points) / len(points)
        run = settings.fit_formed_run
        formed = any(sum(p.value for p in points[k:k + run]) / run >= settings.fit_formed_alliance
                     for k in range(len(points) - run + 1))
        if mean < settings.fit_low_alliance and not formed:
            parts.append(f"the alliance has averaged {mean:.1f}/10 over {len(points)} check-ins and never "
                         f"held at {settings.fit_formed_alliance:g} or more for {run} sessions in a row")
            evidence += [Evidence(format_when(p.session.date), p.source, f"alliance {p.value:.1f}",
                                  value=round(p.value, 2), ref=p.session.key) for p in points]
    conduct = facts.statements(w, "fit_conduct")  # conduct does not expire: every text up to as-of
    if conduct:
        parts.append(f"{count(len(conduct), 'report')} of therapist conduct "
                     "that is not about me (such as confidentiality, boundaries, attention or respect)")
        evidence += conduct
    if not parts:
        return None
    return Finding("fit_concern", "; ".join(parts), evidence)

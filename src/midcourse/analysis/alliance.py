"""The alliance: ruptures and their repair, a single lower week, and a poor fit (an alliance that never formed).

A rupture is a drop of the alliance index that is both meaningful (at least `rupture_drop` below the
mean of the previous check-ins) and beyond the client's own noise: confirmed by the next check-in, or
large against the client's own within-person SD (Stiles et al. 2004 define rupture-repair sequences
against the person's own series). A single dip that is neither is an observation, not a flag.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from midcourse.analysis.walls import TextFacts
from midcourse.analysis.window import Window
from midcourse.findings import Evidence, Finding, count
from midcourse.record import Session, format_when
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
    """A drop (`point`) below the mean before it, how it was confirmed, and its repair if any."""

    point: AlliancePoint
    before: float
    confirmed_by: str          # "next check-in" or "own variation"
    own_sd: float | None
    repaired_by: AlliancePoint | None

    @property
    def drop(self) -> float:
        return self.before - self.point.value

    def data(self) -> dict[str, object]:
        return {"date": format_when(self.point.session.date), "value": round(self.point.value, 2),
                "before": round(self.before, 2), "drop": round(self.drop, 2), "confirmed_by": self.confirmed_by,
                "own_sd": None if self.own_sd is None else round(self.own_sd, 2),
                "repaired": None if self.repaired_by is None else format_when(self.repaired_by.session.date)}

    def to_evidence(self) -> list[Evidence]:
        s = self.point.session
        out = [Evidence(format_when(s.date), self.point.source,
                        f"alliance {self.point.value:.1f}, {self.drop:.1f} below the "
                        f"mean of the check-ins before it ({self.before:.1f})",
                        value=round(self.point.value, 2), ref=s.key)]
        if self.repaired_by is not None:
            r = self.repaired_by
            out.append(Evidence(format_when(r.session.date), r.source,
                                f"alliance back to {r.value:.1f}: repaired", value=round(r.value, 2),
                                ref=r.session.key))
        return out


@dataclass(frozen=True)
class Dip:
    """A single lower check-in that is not (yet) a rupture."""

    point: AlliancePoint
    before: float


def _own_sd(values: list[float], settings: Settings) -> float | None:
    """The client's within-person SD of the alliance index, once there are enough check-ins to tell."""
    if len(values) < settings.rupture_sd_min_checkins:
        return None
    return max(statistics.stdev(values), settings.rupture_sd_floor)


def ruptures(points: list[AlliancePoint], settings: Settings) -> tuple[list[Rupture], Dip | None]:
    """Ruptures (confirmed, or large against the client's own SD) and a last unconfirmed dip, if any."""
    found: list[Rupture] = []
    dip: Dip | None = None
    start = 0  # the series a drop is measured against starts here (after a repair, afresh)
    i = 0
    while i < len(points):
        previous = points[max(start, i - settings.rupture_previous):i]
        dip = None
        if len(previous) >= settings.rupture_min_previous:
            mean = sum(p.value for p in previous) / len(previous)
            if points[i].value <= mean - settings.rupture_drop:
                sd = _own_sd([p.value for p in points[start:i]], settings)
                large = sd is not None and mean - points[i].value >= settings.rupture_sd_multiple * sd
                # Confirmed by the next check-in, or by the mean of the next `rupture_confirm_checkins`
                # (one bounce of noise does not hide a drop that holds).
                later = [p.value for p in points[i + 1:i + 1 + settings.rupture_confirm_checkins]]
                confirmed_at = next((k for k in range(1, len(later) + 1)
                                     if sum(later[:k]) / k <= mean - settings.rupture_confirm_drop), None)
                if not large and confirmed_at is None:
                    if not later:
                        dip = Dip(points[i], mean)
                    i += 1
                    continue
                first_later = i + 1 + (confirmed_at or 0) if not large else i + 1
                # Repair is judged against the client's own level before the drop (every check-in of the
                # segment), not the last few, which may have ended on a lucky high.
                level = statistics.fmean(p.value for p in points[start:i])
                repair = next((j for j in range(first_later, len(points))
                               if points[j].value >= min(mean, level) - settings.repair_margin), None)
                found.append(Rupture(points[i], mean, "own variation" if large else "next check-in", sd,
                                     points[repair] if repair is not None else None))
                if repair is None:
                    break  # still open: later low points belong to the same rupture
                start = i = repair  # a new rupture is measured from the repair on
        i += 1
    return found, dip


def rupture_findings(w: Window, settings: Settings) -> list[Finding]:
    """An unrepaired rupture stays flagged until it is repaired, however long ago it began; repaired
    ruptures and a single lower week are information."""
    out = []
    found, dip = ruptures(series(w.sessions), settings)
    for r in found:
        when = format_when(r.point.session.date)
        if r.repaired_by is None:
            out.append(Finding("rupture", f"the alliance dropped on {when} and has not come back yet",
                               r.to_evidence(), data=r.data()))
        else:
            out.append(Finding("repaired_rupture", f"the alliance dropped on {when} and came back on "
                                                   f"{format_when(r.repaired_by.session.date)}",
                               r.to_evidence(), flag=False, data=r.data()))
    if dip is not None:
        s = dip.point.session
        out.append(Finding(
            "alliance_dip", f"lower this week: alliance {dip.point.value:.1f} against {dip.before:.1f} before "
                            "(one check-in; the next one will tell whether it holds)",
            [Evidence(format_when(s.date), dip.point.source, f"alliance {dip.point.value:.1f}",
                      value=round(dip.point.value, 2), ref=s.key)], flag=False,
            data={"date": format_when(s.date), "value": round(dip.point.value, 2), "before": round(dip.before, 2)}))
    return out


def fit_concern(w: Window, settings: Settings, facts: TextFacts) -> Finding | None:
    """A low alliance that never formed, or reports of therapist conduct that fits no defense."""
    points = series(w.sessions)
    evidence: list[Evidence] = []
    parts = []
    data: dict[str, object] = {"low_alliance": False, "conduct": 0}
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
            data.update(low_alliance=True, mean=round(mean, 2), checkins=len(points),
                        threshold=settings.fit_low_alliance, formed=settings.fit_formed_alliance, run=run)
    conduct = facts.statements(w, "fit_conduct")  # conduct does not expire: every text up to as-of
    if conduct:
        parts.append(f"{count(len(conduct), 'report')} of therapist conduct "
                     "that is not about me (such as confidentiality, boundaries, attention or respect)")
        evidence += conduct
        data["conduct"] = len(conduct)
    if not parts:
        return None
    return Finding("fit_concern", "; ".join(parts), evidence, data=data)

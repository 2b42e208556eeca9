"""Per-instrument outcomes in a record: reliable change first to latest, sudden gains and losses."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from midcourse.analysis import gains as sudden
from midcourse.analysis.outcomes import ReliableChangeRule
from midcourse.analysis.window import Window
from midcourse.findings import Evidence, Finding
from midcourse.instruments import ALLIANCE_INSTRUMENTS, Instrument
from midcourse.record import Record, Session, day, format_when, number
from midcourse.settings import Settings


@dataclass
class MeasureSummary:
    """One instrument's course: first and latest score, reliable change, sudden gains and losses."""

    instrument: Instrument
    points: list[tuple[Session, float]]
    rci: float | None = None
    category: str | None = None
    reliable_from: Session | None = None
    gains: list[sudden.SuddenChange] = field(default_factory=list)
    losses: list[sudden.SuddenChange] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        first, latest = self.points[0][1], self.points[-1][1]
        threshold = self.instrument.rc_threshold()

        def change(c: sudden.SuddenChange) -> dict[str, Any]:
            pre, post = self.points[c.pregain][0], self.points[c.postgain][0]
            return {"pregain_date": format_when(pre.date), "postgain_date": format_when(post.date),
                    **c.to_dict()}

        return {
            "instrument": self.instrument.id, "worse": self.instrument.worse, "n": len(self.points),
            "first": number(first), "first_date": format_when(self.points[0][0].date),
            "latest": number(latest), "latest_date": format_when(self.points[-1][0].date),
            "change": number(latest - first), "cutoff": self.instrument.cutoff,
            "reliable_change_threshold": None if threshold is None else round(threshold, 4),
            "rci": None if self.rci is None else round(self.rci, 4), "category": self.category,
            "reliable_improvement_from": format_when(self.reliable_from.date) if self.reliable_from else None,
            "sudden_gains": [change(g) for g in self.gains],
            "sudden_losses": [change(loss) for loss in self.losses],
        }


def rule_for(instrument: Instrument) -> ReliableChangeRule | None:
    threshold = instrument.rc_threshold()
    if threshold is None:
        return None
    if instrument.reliability is not None and instrument.sd is not None:
        return ReliableChangeRule(instrument.worse, sd=instrument.sd, reliability=instrument.reliability,
                                  cutoff=instrument.cutoff)
    return ReliableChangeRule(instrument.worse, threshold=threshold, cutoff=instrument.cutoff)


def summarize(record: Record, w: Window, settings: Settings) -> list[MeasureSummary]:
    """A summary for each outcome instrument with a score on or before the as-of date."""
    ids = sorted({k for s in w.sessions for k in s.measures} - ALLIANCE_INSTRUMENTS)
    out = []
    for instrument_id in ids:
        instrument = record.instrument(instrument_id)
        if instrument is None:
            continue
        points = [(s, s.measures[instrument_id]) for s in w.sessions if instrument_id in s.measures]
        summary = MeasureSummary(instrument, points)
        rule = rule_for(instrument)
        first = points[0][1]
        if rule is not None and len(points) >= 2:
            summary.rci = rule.rci(first, points[-1][1])
            summary.category = rule.category(first, points[-1][1])
            summary.reliable_from = next(
                (s for s, v in points[1:] if rule.is_reliable(first, v) and instrument.improvement(first, v) > 0),
                None)
        threshold = instrument.rc_threshold()
        # The first interval the sudden-gains criteria can test (2->3) needs four scores.
        if threshold is not None and len(points) >= 4:
            # The package looks for decreases in a score where higher is worse. For an instrument
            # where lower is worse, it runs on the severity max - score, so that all three criteria
            # (the 25% rule included) keep their meaning.
            flip = instrument.worse == "lower"
            values: list[list[float | None]] = [[(instrument.max - v) if flip else v for _, v in points]]
            options = sudden.GainOptions(
                cutoff=threshold, pct=settings.sudden_gain_pct, alpha=settings.sudden_gain_alpha,
                adjust=settings.sudden_gain_adjust, critical_value=settings.sudden_gain_critical_value,
                loss_pct_rule="mirrored" if settings.sudden_loss_pct_rule == "mirrored" else "package")
            summary.gains = [_on_scale(g, instrument, flip) for g in sudden.find(values, options)]
            summary.losses = [_on_scale(g, instrument, flip)
                              for g in sudden.find(values, dataclasses.replace(options, losses=True))]
        out.append(summary)
    return out


def _on_scale(c: sudden.SuddenChange, instrument: Instrument, flip: bool) -> sudden.SuddenChange:
    """Scores back on the instrument's own scale (magnitude stays positive for a gain)."""
    if not flip:
        return c
    top = instrument.max
    return dataclasses.replace(c, pregain_score=top - c.pregain_score, postgain_score=top - c.postgain_score,
                               pre_mean=top - c.pre_mean, post_mean=top - c.post_mean)


def _in_recent(w: Window, session: Session) -> bool:
    return w.since is not None and day(session.date) >= w.since


def findings(summaries: list[MeasureSummary], w: Window) -> dict[str, list[Finding]]:
    """Findings by kind: deterioration, sudden_loss, sudden_gain, reliable_improvement."""
    out: dict[str, list[Finding]] = {"deterioration": [], "sudden_loss": [], "sudden_gain": [],
                                     "reliable_improvement": []}
    for m in summaries:
        iid = m.instrument.id
        (s0, first), (s1, latest) = m.points[0], m.points[-1]
        ends = [Evidence(format_when(s0.date), "measure", f"{iid} {number(first)} (first)", value=number(first),
                         ref=s0.key),
                Evidence(format_when(s1.date), "measure", f"{iid} {number(latest)} (latest)",
                         value=number(latest), ref=s1.key)]
        if m.category in ("deteriorated", "harmed"):
            out["deterioration"].append(Finding(
                "deterioration", f"{iid} went from {number(first)} to {number(latest)}: a reliable "
                                 f"deterioration (RCI {m.rci:.2f})", ends))
        for kind, changes in (("sudden_loss", m.losses), ("sudden_gain", m.gains)):
            for c in changes:
                pre, post = m.points[c.pregain][0], m.points[c.postgain][0]
                if not _in_recent(w, post):
                    continue
                verb = "rose" if c.postgain_score > c.pregain_score else "dropped"
                out[kind].append(Finding(
                    kind, f"{iid} {verb} from {number(c.pregain_score)} to {number(c.postgain_score)} between "
                          f"{format_when(pre.date)} and {format_when(post.date)}: a sudden "
                          f"{'gain' if kind == 'sudden_gain' else 'loss'}"
                          + (" (later partly reversed)" if c.reversal else ""),
                    [Evidence(format_when(pre.date), "measure", f"{iid} {number(c.pregain_score)} before",
                              value=number(c.pregain_score), ref=pre.key),
                     Evidence(format_when(post.date), "measure", f"{iid} {number(c.postgain_score)} after",
                              value=number(c.postgain_score), ref=post.key)]))
        if m.reliable_from is not None and _in_recent(w, m.reliable_from):
            out["reliable_improvement"].append(Finding(
                "reliable_improvement", f"{iid} reached reliable improvement on {format_when(m.reliable_from.date)} "
                                        f"({number(first)} at the start, {number(m.reliable_from.measures[iid])} then)",
                ends))
    return out

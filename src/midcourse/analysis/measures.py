"""Per-instrument outcomes in a record: reliable change against a stable baseline, deterioration and
relapse confirmed beyond one noisy score, the expected course, sudden gains and losses."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field
from typing import Any

from midcourse.analysis import expected
from midcourse.analysis import gains as sudden
from midcourse.analysis.outcomes import ReliableChangeRule
from midcourse.analysis.window import Window
from midcourse.findings import Evidence, Finding
from midcourse.instruments import ALLIANCE_INSTRUMENTS, Instrument
from midcourse.record import Record, Session, day, format_when, number
from midcourse.settings import Settings


@dataclass(frozen=True)
class Level:
    """A level a score held: the mean of up to two consecutive scores, and where they were taken."""

    value: float
    sessions: tuple[Session, ...]

    @property
    def date(self) -> str:
        return format_when(self.sessions[-1].date)


@dataclass(frozen=True)
class OffTrack:
    """The latest score against the expected course for the intake severity and session number."""

    intake: float
    sessions: int
    expected: float
    band: float
    latest: float


@dataclass
class MeasureSummary:
    """One instrument's course: its stable baseline, latest score, reliable change, relapse, the expected
    course, sudden gains and losses."""

    instrument: Instrument
    points: list[tuple[Session, float]]
    baseline: Level | None = None
    rci: float | None = None
    category: str | None = None
    reliable_from: Session | None = None
    holds_improvement: bool = False
    deteriorated: bool = False
    worse_than: Level | None = None
    relapse_from: Level | None = None
    off_track: OffTrack | None = None
    attended_since_first: int = 0
    gains: list[sudden.SuddenChange] = field(default_factory=list)
    losses: list[sudden.SuddenChange] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        first, latest = self.points[0][1], self.points[-1][1]
        threshold = self.instrument.rc_threshold()

        def change(c: sudden.SuddenChange) -> dict[str, Any]:
            pre, post = self.points[c.pregain][0], self.points[c.postgain][0]
            return {"pregain_date": format_when(pre.date), "postgain_date": format_when(post.date),
                    **c.to_dict()}

        base = self.baseline
        return {
            "instrument": self.instrument.id, "worse": self.instrument.worse, "n": len(self.points),
            "first": number(first), "first_date": format_when(self.points[0][0].date),
            "baseline": None if base is None else round(base.value, 2),
            "baseline_scores": 0 if base is None else len(base.sessions),
            "latest": number(latest), "latest_date": format_when(self.points[-1][0].date),
            "change": number(latest - first), "cutoff": self.instrument.cutoff,
            "reliable_change_threshold": None if threshold is None else round(threshold, 4),
            "rci": None if self.rci is None else round(self.rci, 4), "category": self.category,
            "reliable_improvement_from": format_when(self.reliable_from.date) if self.reliable_from else None,
            "holds_improvement": self.holds_improvement, "deteriorated": self.deteriorated,
            "relapse_from": None if self.relapse_from is None else {
                "level": round(self.relapse_from.value, 2), "date": self.relapse_from.date},
            "expected": None if self.off_track is None else round(self.off_track.expected, 2),
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


class _Judge:
    """Reliable change of one instrument in points, in the worse direction."""

    def __init__(self, instrument: Instrument, rule: ReliableChangeRule, settings: Settings):
        self.instrument, self.rule, self.settings = instrument, rule, settings
        published = instrument.rc_threshold() or 0.0
        floor = expected.noise_floor(instrument.id)
        # Alerts about worsening compare single scores, so they also need a change beyond retest noise.
        self.threshold = max(published, floor) if floor is not None else published

    def worse_by(self, ref: float, value: float) -> float:
        return -self.instrument.improvement(ref, value)

    def reliably_worse(self, ref: float, value: float) -> bool:
        return self.rule.is_reliable(ref, value) and self.worse_by(ref, value) >= self.threshold

    def reliably_better(self, ref: float, value: float) -> bool:
        return self.rule.is_reliable(ref, value) and self.worse_by(ref, value) < 0

    def confirmed_worse(self, ref: float, values: list[float]) -> bool:
        """The latest value reliably worse than `ref`, confirmed: the one before it worse by at least
        `deterioration_confirm_share` of the threshold too, or the latest worse by far."""
        if not values or not self.reliably_worse(ref, values[-1]):
            return False
        if self.worse_by(ref, values[-1]) >= self.settings.deterioration_single_factor * self.threshold:
            return True
        return len(values) >= 2 and \
            self.worse_by(ref, values[-2]) >= self.settings.deterioration_confirm_share * self.threshold


def _levels(points: list[tuple[Session, float]], instrument: Instrument) -> list[Level]:
    """Means of two consecutive scores (one score where there is only one)."""
    if len(points) == 1:
        return [Level(points[0][1], (points[0][0],))]
    return [Level((a + b) / 2, (s, t)) for (s, a), (t, b) in itertools.pairwise(points)]


def summarize(record: Record, w: Window, settings: Settings) -> list[MeasureSummary]:
    """A summary for each outcome instrument with a score on or before the as-of date."""
    ids = sorted({k for s in w.sessions for k in s.measures} - ALLIANCE_INSTRUMENTS)
    attended_at = {id(s): k for k, s in enumerate(w.attended())}
    out = []
    for instrument_id in ids:
        instrument = record.instrument(instrument_id)
        if instrument is None:
            continue
        points = [(s, s.measures[instrument_id]) for s in w.sessions if instrument_id in s.measures]
        summary = MeasureSummary(instrument, points)
        rule = rule_for(instrument)
        if rule is not None and len(points) >= 2:
            _reliable_change(summary, rule, settings, attended_at)
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


def _reliable_change(m: MeasureSummary, rule: ReliableChangeRule, settings: Settings,
                     attended_at: dict[int, int]) -> None:
    """Baseline, reliable change, confirmed deterioration, relapse and the expected course of one summary."""
    points, instrument = m.points, m.instrument
    judge = _Judge(instrument, rule, settings)
    # The baseline: the mean of the first scores (default two), always leaving one score after it.
    k = max(1, min(settings.baseline_scores, len(points) - 1))
    m.baseline = Level(sum(v for _, v in points[:k]) / k, tuple(s for s, _ in points[:k]))
    base = m.baseline.value
    after = points[k:]
    latest = points[-1][1]
    m.rci = rule.rci(base, latest)
    m.category = rule.category(base, latest)
    m.reliable_from = next((s for s, v in after if judge.reliably_better(base, v)), None)
    m.holds_improvement = judge.reliably_better(base, latest)
    # Worse than the best level reached: the baseline, or a better mean of two consecutive scores before
    # the last two (a stable level, not one lucky score).
    candidates = [m.baseline] + (_levels(after[:-2], instrument) if len(after) > 2 else [])
    ref = min(candidates, key=lambda lv: -instrument.improvement(base, lv.value))
    tail = [v for s, v in after if day(s.date) > day(ref.sessions[-1].date)]
    m.deteriorated = judge.confirmed_worse(ref.value, tail)
    m.worse_than = ref
    if m.reliable_from is not None and instrument.is_clinical(base) and not m.holds_improvement:
        # Relapse: the improvement is lost, and the latest is reliably worse than the best score since,
        # confirmed (the score before it worse too, or the latest worse by far).
        best_i = min(range(len(after)), key=lambda i: -instrument.improvement(base, after[i][1]))
        tail = [v for _, v in after[best_i + 1:]]
        best = Level(after[best_i][1], (after[best_i][0],))
        if judge.confirmed_worse(best.value, tail):
            m.relapse_from = best
    m.attended_since_first = attended_at.get(id(points[-1][0]), 0) - attended_at.get(id(points[0][0]), 0)
    _expected_course(m, judge, settings, attended_at)
    # Off the expected course (itself confirmed) and reliably worse than the best level: two lines of
    # evidence confirm each other.
    if not m.deteriorated and m.off_track is not None and tail and judge.reliably_worse(ref.value, tail[-1]):
        m.deteriorated = True


def _expected_course(m: MeasureSummary, judge: _Judge, settings: Settings, attended_at: dict[int, int]) -> None:
    """Not on track: the latest score above the expected course for the intake and session number by more
    than the band, confirmed by the score before it (or far above)."""
    instrument, base = m.instrument, m.baseline
    if instrument.id not in expected.SUPPORTED or base is None or instrument.worse != "higher":
        return
    if instrument.cutoff is None or base.value < instrument.cutoff:
        return  # the published curve is for clients who start in the clinical range
    band = settings.not_on_track_band * judge.threshold
    start = attended_at.get(id(m.points[0][0]), 0)

    def gap(session: Session, value: float) -> tuple[float, float, int]:
        n = attended_at.get(id(session), start) - start
        e = expected.expected_score(base.value, n)
        return value - (e + band), e, n

    scored = [(s, v) for s, v in m.points[len(base.sessions):]]
    if not scored:
        return
    s, v = scored[-1]
    over, e, n = gap(s, v)
    if n < settings.not_on_track_min_sessions or over <= 0:
        return
    confirmed = over >= (settings.deterioration_single_factor - 1) * band or (
        len(scored) >= 2 and gap(*scored[-2])[0] > 0)
    if confirmed:
        m.off_track = OffTrack(base.value, n, e, band, v)


def _on_scale(c: sudden.SuddenChange, instrument: Instrument, flip: bool) -> sudden.SuddenChange:
    """Scores back on the instrument's own scale (magnitude stays positive for a gain)."""
    if not flip:
        return c
    top = instrument.max
    return dataclasses.replace(c, pregain_score=top - c.pregain_score, postgain_score=top - c.postgain_score,
                               pre_mean=top - c.pre_mean, post_mean=top - c.post_mean)


def _in_recent(w: Window, session: Session) -> bool:
    return w.since is not None and day(session.date) >= w.since


def _score(s: Session, iid: str, value: float, what: str) -> Evidence:
    return Evidence(format_when(s.date), "measure", f"{iid} {number(value)} ({what})", value=number(value),
                    ref=s.key)


def findings(summaries: list[MeasureSummary], w: Window, settings: Settings) -> dict[str, list[Finding]]:
    """Findings by kind: deterioration, relapse, sudden_loss, not_on_track, sudden_gain,
    reliable_improvement, and the observation no_reliable_improvement."""
    out: dict[str, list[Finding]] = {k: [] for k in (
        "deterioration", "relapse", "sudden_loss", "not_on_track", "sudden_gain", "reliable_improvement",
        "no_reliable_improvement")}
    for m in summaries:
        iid = m.instrument.id
        (s1, latest) = m.points[-1]
        threshold = m.instrument.rc_threshold()
        base = m.baseline
        common: dict[str, Any] = {"instrument": iid, "threshold": threshold, "latest": number(latest),
                                  "latest_date": format_when(s1.date), "cutoff": m.instrument.cutoff}
        if base is not None:
            common |= {"baseline": round(base.value, 2), "baseline_scores": len(base.sessions),
                       "baseline_date": format_when(base.sessions[0].date)}
            ends = [_score(base.sessions[0], iid, base.value, "baseline" if len(base.sessions) == 1 else
                           f"baseline, mean of the first {len(base.sessions)}"), _score(s1, iid, latest, "latest")]
            ends[0] = dataclasses.replace(ends[0], value=round(base.value, 2))
        if m.deteriorated and base is not None and m.worse_than is not None:
            ref = m.worse_than
            at_start = ref is base
            where = "at the start" if at_start else f"(the level of {ref.date[:10]})"
            out["deterioration"].append(Finding(
                "deterioration", f"{iid} went from {ref.value:g} {where} to {number(latest)}: a reliable "
                                 "deterioration, confirmed by the score before it",
                ends if at_start else [dataclasses.replace(_score(ref.sessions[-1], iid, ref.value, "level"),
                                                           value=round(ref.value, 2)), ends[1]],
                data=common | {"from": round(ref.value, 2), "from_date": ref.date, "from_start": at_start}))
        if m.relapse_from is not None:
            lv = m.relapse_from
            out["relapse"].append(Finding(
                "relapse", f"{iid} had come down to {lv.value:g} ({lv.date}) and is back at {number(latest)}: "
                           "reliably worse than the best it reached",
                [dataclasses.replace(_score(lv.sessions[-1], iid, lv.value, "best level"), value=round(lv.value, 2)),
                 _score(s1, iid, latest, "latest")],
                data=common | {"best": round(lv.value, 2), "best_date": lv.date}))
        for kind, changes in (("sudden_loss", m.losses), ("sudden_gain", m.gains)):
            for c in changes:
                pre, post = m.points[c.pregain][0], m.points[c.postgain][0]
                if not _in_recent(w, post):
                    continue
                verb = "rose" if c.postgain_score > c.pregain_score else "dropped"
                # A loss flags while it holds: the latest score still worse than before it by the cutoff
                # (a gain, likewise, is a breakthrough only while it holds).
                floor = max(threshold or 0, expected.noise_floor(iid) or 0) if kind == "sudden_loss" else threshold
                holds = -m.instrument.improvement(c.pregain_score, latest) * (1 if kind == "sudden_loss" else -1) \
                    >= (floor or 0)
                out[kind].append(Finding(
                    kind, f"{iid} {verb} from {number(c.pregain_score)} to {number(c.postgain_score)} between "
                          f"{format_when(pre.date)} and {format_when(post.date)}: a sudden "
                          f"{'gain' if kind == 'sudden_gain' else 'loss'}"
                          + (" (later partly reversed)" if c.reversal else "")
                          + ("" if holds else f" (no longer holds: {number(latest)} now)"),
                    [_score(pre, iid, c.pregain_score, "before"), _score(post, iid, c.postgain_score, "after")],
                    flag=holds,
                    data={"instrument": iid, "threshold": threshold, "before": number(c.pregain_score),
                          "after": number(c.postgain_score), "before_date": format_when(pre.date),
                          "after_date": format_when(post.date), "reversal": c.reversal, "holds": holds}))
        if m.off_track is not None:
            o = m.off_track
            out["not_on_track"].append(Finding(
                "not_on_track", f"{iid} is {number(latest)} after {o.sessions} sessions, where the usual course "
                                f"from {o.intake:g} would be about {o.expected:.0f} (tolerance {o.band:g} points)",
                [_score(s1, iid, latest, "latest")],
                data=common | {"expected": round(o.expected, 2), "band": o.band, "sessions": o.sessions,
                               "intake": round(o.intake, 2), "curve": expected.SOURCE}))
        if m.reliable_from is not None and m.holds_improvement and _in_recent(w, m.reliable_from) and base:
            out["reliable_improvement"].append(Finding(
                "reliable_improvement", f"{iid} reached reliable improvement on {format_when(m.reliable_from.date)} "
                                        f"({base.value:g} at the start, {number(latest)} now)",
                ends, data=common | {"reached": format_when(m.reliable_from.date)}))
        if (base is not None and not m.holds_improvement and m.instrument.is_clinical(base.value)
                and m.attended_since_first >= settings.no_improvement_sessions):
            out["no_reliable_improvement"].append(Finding(
                "no_reliable_improvement", f"{iid} has not reliably improved after {m.attended_since_first} sessions "
                                           f"({base.value:g} at the start, {number(latest)} now)",
                ends, flag=False, data=common | {"sessions": m.attended_since_first}))
    return out

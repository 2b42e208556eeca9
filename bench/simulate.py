"""A seedable simulator of client courses with known truth, for judging the assessment's rules.

Every client is one course of about 20 weekly sessions of one class (improver, stable, non-responder,
gradual or sudden deteriorator, sudden gain, a wall phase that resolves, poor fit from the start,
repaired or unrepaired rupture, crisis statement), with dropout laid over any class at the published
base rate. Each session carries its truth (which conditions really hold then). The output is real
`Record` objects, built through the project's own validator. Parameters and their sources are in
PARAMS and docs/cohort.md; those marked "assumption" are ours.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Any

from bench import cohort_words as words
from midcourse.record import Record
from midcourse.validation import parse_record

# (value, source) for every parameter of the simulation.
PARAMS: dict[str, tuple[Any, str]] = {
    "dropout": (0.197, "Swift & Greenberg 2012: 19.7% premature dropout (669 studies)"),
    "phq_noise": (2.2, "PHQ-9 test-retest r = .84 (Kroenke et al. 2001), norm SD about 5.5: SEM = 5.5 * sqrt(.16)"),
    "gad_noise": (2.1, "GAD-7 test-retest r = .83 (Spitzer et al. 2006), norm SD about 5: SEM = 5 * sqrt(.17)"),
    "alliance_item_sd": (1.0, "assumption (SCIENCE.md): within-person SD of a 0-10 alliance item 0.7-1.2"),
    "alliance_item_r": (0.6, "assumption: bond, goals and tasks share most of a session's ups and downs "
                             "(WAI subscales intercorrelate highly)"),
    "sessions": ((16, 24), "assumption: about 20 weekly sessions (high-intensity IAPT offers up to 20)"),
    "phq_intake": ((15.5, 4.5), "assumption near routine-care intake means (PHQ-9 about 15-16)"),
    "improvement": ((0.35, 0.75), "assumption: improvers end 35-75% below intake, negatively accelerated "
                                  "(dose-effect: Howard et al. 1986; Baldwin et al. 2009)"),
    "deterioration_rise": ((8, 12), "assumption: a worsening of 8-12 PHQ-9 points (above the reliable-change "
                                    "threshold of 6); deterioration 5-10% of clients (Lambert; Hansen et al. 2002)"),
    "sudden_gain": ((7, 11), "Tang & DeRubeis 1999: mean gain 11 BDI points; here 7-11 PHQ-9 points"),
    "rupture_drop": ((2.5, 4.0), "assumption: a rupture lowers the alliance index by 2.5-4 points "
                                 "(a V in session ratings: Stiles et al. 2004; Eubanks et al. 2018)"),
    "checkin_rate": (0.88, "assumption: share of attended sessions with a check-in"),
    "therapist_cancel": (0.05, "assumption: share of sessions the therapist cancels"),
    "ordinary_avoidance": ((0.03, 0.02, 0.03), "assumption: client cancels, no-show, 10+ minutes late"),
    "after_feelings": ({"good": 0.33, "calm": 0.25, "neutral": 0.2, "drained": 0.11, "anxious": 0.05,
                        "upset": 0.045, "irritated": 0.015}, "assumption: the feeling after an ordinary session"),
}

# Share of each class in the cohort (sums to 1). Dropout is laid over every class.
CLASSES: dict[str, float] = {
    "improver": 0.28, "stable": 0.12, "non_responder": 0.12, "gradual_deteriorator": 0.04,
    "sudden_deteriorator": 0.04, "sudden_gain": 0.08, "wall": 0.10, "poor_fit": 0.06,
    "rupture_repaired": 0.06, "rupture_unrepaired": 0.06, "crisis": 0.04,
}
ON_TRACK = ("improver", "stable")


@dataclass
class SimClient:
    """One simulated course: its class, its record and the truth at each session (by index)."""

    id: str
    kind: str
    dropout: bool
    record: Record
    truth: list[frozenset[str]]
    onset: int | None = None  # the session index where the class's event begins
    end: int | None = None    # the first session index after it (a wall's end, a repair)


@dataclass
class _Plan:
    """What a client's course is made of, before it becomes a record."""

    n: int
    phq: list[float]
    gad: list[float] | None
    alliance: list[float]
    truth: list[set[str]]
    wall: set[int]
    onset: int | None = None
    end: int | None = None


def _clip(x: float, low: float, high: float) -> float:
    return max(low, min(high, x))


class Simulator:
    """Simulate a cohort: `Simulator(seed, alliance_sd).cohort(600)`."""

    def __init__(self, seed: int = 1, alliance_sd: float = 1.0, phq_noise: float | None = None,
                 gad_noise: float | None = None):
        self.rng = random.Random(seed)
        self.alliance_sd = alliance_sd
        self.phq_noise = PARAMS["phq_noise"][0] if phq_noise is None else phq_noise
        self.gad_noise = PARAMS["gad_noise"][0] if gad_noise is None else gad_noise

    def cohort(self, size: int) -> list[SimClient]:
        kinds = list(CLASSES)
        counts = [round(CLASSES[k] * size) for k in kinds]
        counts[0] += size - sum(counts)
        out = []
        for kind, count in zip(kinds, counts, strict=True):
            out += [self.client(f"{kind}-{i:03d}", kind) for i in range(count)]
        return out

    # --- trajectories ----------------------------------------------------------------------------
    def _course(self, start: float, n: int, fraction: float, tau: float) -> list[float]:
        """A negatively accelerated course from `start` to `start * (1 - fraction)`."""
        return [start * (1 - fraction * (1 - math.exp(-t / tau))) for t in range(n)]

    def _plan(self, kind: str) -> _Plan:
        r = self.rng
        n = r.randint(*PARAMS["sessions"][0])
        mean, sd = PARAMS["phq_intake"][0]
        start = _clip(r.gauss(mean, sd), 8, 26)
        fraction, tau = r.uniform(*PARAMS["improvement"][0]), r.uniform(3, 8)
        level = _clip(r.gauss(7.8, 0.7), 6.5, 9.3)
        alliance = [min(9.6, level - 0.5 + 0.5 * min(1.0, t / 5)) for t in range(n)]
        truth: list[set[str]] = [set() for _ in range(n)]
        plan = _Plan(n, [], None, alliance, truth, set())
        if kind == "stable":
            start, fraction = r.uniform(2, 9), 0.0
        elif kind == "non_responder":
            start, fraction = _clip(r.gauss(16, 4), 10, 26), r.uniform(-0.05, 0.15)
        elif kind in ("gradual_deteriorator", "sudden_deteriorator", "sudden_gain", "poor_fit"):
            fraction = r.uniform(0.0, 0.3)
        plan.phq = self._course(start, n, fraction, tau)
        if kind in ("gradual_deteriorator", "sudden_deteriorator"):
            onset = r.randint(4, n - 4)
            rise = r.uniform(*PARAMS["deterioration_rise"][0])
            steps = 1 if kind == "sudden_deteriorator" else r.randint(3, 5)
            for t in range(onset, n):
                plan.phq[t] += rise * min(1.0, (t - onset + 1) / steps)
                truth[t].add("deteriorating")
            plan.onset = onset
        elif kind == "sudden_gain":
            at = r.randint(4, n - 5)
            drop = r.uniform(*PARAMS["sudden_gain"][0])
            for t in range(at, n):
                plan.phq[t] = max(1.0, plan.phq[t] - drop)
                truth[t].add("gain")
            plan.onset = at
        elif kind == "wall":
            at, length = r.randint(5, n - 6), r.randint(3, 5)
            plan.wall = set(range(at, at + length))
            for t in plan.wall:
                truth[t].add("wall")
                alliance[t] -= 0.6
            plan.onset, plan.end = at, at + length
        elif kind == "poor_fit":
            low = r.uniform(3.3, 5.2)
            plan.alliance = [low + r.uniform(-0.2, 0.4) * min(1.0, t / 8) for t in range(n)]
            for t in range(n):
                truth[t].add("poor_fit")
        elif kind in ("rupture_repaired", "rupture_unrepaired"):
            at = r.randint(4, n - 5)
            drop = r.uniform(*PARAMS["rupture_drop"][0])
            repair = at + r.randint(1, 3) if kind == "rupture_repaired" else n
            for t in range(at, n):
                if t < repair:
                    recovery = 0.0 if kind == "rupture_repaired" else min(0.8, 0.1 * (t - at))
                    alliance[t] -= drop - recovery
                    truth[t].add("rupture")
            plan.onset, plan.end = at, repair
        elif kind == "crisis":
            plan.onset = r.randint(3, n - 2)
        if r.random() < 0.7:
            ratio = _clip(r.gauss(0.78, 0.12), 0.5, 1.0)
            plan.gad = [v * ratio for v in plan.phq]
        return plan

    # --- a whole client ----------------------------------------------------------------------------
    def client(self, client_id: str, kind: str) -> SimClient:
        r = self.rng
        self._decks: dict[str, list[str]] = {}
        plan = self._plan(kind)
        n = plan.n
        dropout_at = r.randint(4, n - 2) if r.random() < PARAMS["dropout"][0] else None
        start = dt.datetime(2025, 1, 6, r.choice([9, 11, 14, 17, 18])) + dt.timedelta(days=r.randint(0, 300))
        gap_after = r.randint(5, n - 5) if r.random() < 0.3 else None
        depth_mean, insight_mean = _clip(r.gauss(6.8, 1.0), 4.5, 9), _clip(r.gauss(6.6, 1.0), 4.5, 9)
        quit_mean = r.expovariate(1 / 0.8)
        self._asks_safety = r.random() < 0.5  # half the clients answer the safety question in check-ins
        t_reasons = r.sample(words.THERAPIST_REASONS, 2)
        sessions: list[dict[str, Any]] = []
        journal: list[dict[str, Any]] = []
        truth: list[frozenset[str]] = []
        when = start
        last = n if dropout_at is None else dropout_at
        for t in range(last):
            if gap_after is not None and t == gap_after + 1:
                when += dt.timedelta(weeks=1)  # a holiday week without a session
            labels = set(plan.truth[t])
            s: dict[str, Any] = {"date": when.isoformat(timespec="minutes")}
            leaving = dropout_at is not None and t >= dropout_at - r.randint(1, 3)
            in_wall = t in plan.wall
            u = r.random()
            a_cancel, a_noshow, a_late = PARAMS["ordinary_avoidance"][0]
            if leaving:
                labels.add("disengaging")
                s["status"] = r.choice(["no_show", "cancelled_by_client"])
            elif u < PARAMS["therapist_cancel"][0]:
                s["status"] = "cancelled_by_therapist"
                s["reason"] = r.choice(t_reasons)
                s["notice_hours"] = r.choice([2, 24, 48])
            elif in_wall and u < 0.3 or u < PARAMS["therapist_cancel"][0] + a_cancel + a_noshow:
                s["status"] = r.choice(["cancelled_by_client", "no_show"])
            else:
                s["status"] = "attended"
            if s["status"] == "cancelled_by_client":
                s["notice_hours"] = r.choice([1, 3, 12, 24])
                if r.random() < 0.6:
                    s["reason"] = r.choice(words.CLIENT_REASONS)
            if s["status"] == "attended":
                self._attended(s, t, plan, kind, in_wall, depth_mean, insight_mean, quit_mean, a_late)
            if kind == "crisis" and t == plan.onset:
                self._crisis(s, journal, when)
                if "checkin" in s and r.random() < 0.5:
                    s["checkin"]["safety"] = r.randint(1, 2)
            sessions.append(s)
            truth.append(frozenset(labels))
            if r.random() < 0.35:
                journal.append({"date": (when + dt.timedelta(days=r.randint(1, 5))).date().isoformat(),
                                "text": self._journal_text(kind, t, plan)})
            when += dt.timedelta(weeks=1)
        self._crisis_truth(kind, plan, sessions, truth)
        if dropout_at is None:  # the next appointment is booked (after a break of a few weeks)
            sessions.append({"date": (when + dt.timedelta(weeks=6)).isoformat(timespec="minutes"),
                             "status": "planned"})
        doc = {"format": "midcourse/1", "client": {"name": client_id}, "sessions": sessions,
               "journal": [j for j in journal if j["date"] <= sessions[len(truth) - 1]["date"][:10]]}
        record = parse_record(doc)
        return SimClient(client_id, kind, dropout_at is not None, record, truth, plan.onset, plan.end)

    def _attended(self, s: dict[str, Any], t: int, plan: _Plan, kind: str, in_wall: bool, depth_mean: float,
                  insight_mean: float, quit_mean: float, late_rate: float) -> None:
        r = self.rng
        late = 0
        if in_wall and r.random() < 0.45 or r.random() < late_rate:
            late = r.randint(10, 25)
        elif r.random() < 0.1:
            late = r.randint(1, 8)
        s["minutes_late"] = late
        measures: dict[str, float] = {}
        if r.random() > 0.08:
            measures["PHQ-9"] = round(_clip(plan.phq[t] + r.gauss(0, self.phq_noise), 0, 27))
        if plan.gad is not None and r.random() > 0.08:
            measures["GAD-7"] = round(_clip(plan.gad[t] + r.gauss(0, self.gad_noise), 0, 21))
        if measures:
            s["measures"] = measures
        if r.random() < PARAMS["checkin_rate"][0]:
            s["checkin"] = self._checkin(t, plan, in_wall, depth_mean, insight_mean, quit_mean)
        note = self._session_note(kind, t, plan, in_wall)
        if note:
            s["note"] = note

    def _checkin(self, t: int, plan: _Plan, in_wall: bool, depth_mean: float, insight_mean: float,
                 quit_mean: float) -> dict[str, Any]:
        r = self.rng
        sd, rho = self.alliance_sd, PARAMS["alliance_item_r"][0]
        shared = r.gauss(0, sd * math.sqrt(rho))
        c: dict[str, Any] = {}
        for item in ("bond", "goals", "tasks"):
            c[item] = round(_clip(plan.alliance[t] + shared + r.gauss(0, sd * math.sqrt(1 - rho)), 0, 10))
        c["depth"] = round(_clip(r.gauss(depth_mean, 1.3), 0, 10))
        c["insight"] = round(_clip(r.gauss(insight_mean, 1.3), 0, 10))
        c["quit"] = round(_clip(r.gauss(quit_mean, 0.9), 0, 10))
        feelings = PARAMS["after_feelings"][0]
        c["after"] = r.choices(list(feelings), list(feelings.values()))[0]
        if in_wall:
            if r.random() < 0.6:
                c["depth"] = r.randint(1, 3)
            if r.random() < 0.55:
                c["insight"] = r.randint(1, 3)
            if r.random() < 0.35:
                c["quit"] = r.randint(5, 8)
            if r.random() < 0.45:
                c["after"] = r.choice(["irritated", "irritated", "upset"])
        if self._asks_safety:
            c["safety"] = 0
        if r.random() < 0.25:
            c["note"] = self._ordinary()
        return c

    def _ordinary(self) -> str:
        """An ordinary sentence; a client does not write the very same sentence twice in a course."""
        u = self.rng.random()
        name = "everyday" if u < 0.82 else "idioms" if u < 0.92 else "others"
        deck = self._decks.get(name)
        if not deck:
            pool = {"everyday": words.EVERYDAY, "idioms": words.IDIOMS, "others": words.OTHERS_DEATHS}[name]
            deck = self._decks[name] = self.rng.sample(pool, len(pool))
        return deck.pop()

    def _session_note(self, kind: str, t: int, plan: _Plan, in_wall: bool) -> str:
        r = self.rng
        parts = []
        if in_wall and r.random() < 0.55:
            family = r.choice([words.WALL_QUITTING, words.WALL_SURFACE, words.WALL_STALE, words.WALL_IRRITATION])
            parts.append(r.choice(family))
        if kind.startswith("rupture") and t == plan.onset and r.random() < 0.5:
            parts.append(r.choice(words.RUPTURE_NOTES))
        if kind == "rupture_repaired" and t == plan.end and r.random() < 0.5:
            parts.append(r.choice(words.REPAIR_NOTES))
        if kind == "poor_fit" and r.random() < 0.06:
            parts.append(r.choice(words.CONDUCT))
        if kind == "sudden_gain" and t == plan.onset and r.random() < 0.5:
            parts.append(r.choice(words.GAIN_NOTES))
        if "deteriorating" in plan.truth[t] and r.random() < 0.3:
            parts.append(r.choice(words.WORSE_NOTES))
        if r.random() < 0.6:
            parts += [self._ordinary() for _ in range(r.randint(1, 2))]
        return " ".join(dict.fromkeys(parts))

    def _journal_text(self, kind: str, t: int, plan: _Plan) -> str:
        if t in plan.wall and self.rng.random() < 0.3:
            return self.rng.choice(words.WALL_QUITTING + words.WALL_STALE)
        return self._ordinary()

    def _crisis(self, s: dict[str, Any], journal: list[dict[str, Any]], when: dt.datetime) -> None:
        r = self.rng
        statement = r.choice(words.CRISIS)
        where = r.random()
        if where < 0.4 or s["status"] != "attended":
            journal.append({"date": when.date().isoformat(), "text": statement})
        elif where < 0.7 and "checkin" in s:
            s["checkin"]["note"] = statement
        else:
            s["note"] = (s.get("note", "") + " " + statement).strip()

    def _crisis_truth(self, kind: str, plan: _Plan, sessions: list[dict[str, Any]],
                      truth: list[frozenset[str]]) -> None:
        """Crisis holds from the statement's session for 30 days."""
        if kind != "crisis" or plan.onset is None or plan.onset >= len(sessions):
            return
        said = dt.date.fromisoformat(sessions[plan.onset]["date"][:10])
        for i, s in enumerate(sessions):
            d = dt.date.fromisoformat(s["date"][:10])
            if 0 <= (d - said).days < 30:
                truth[i] = truth[i] | {"crisis"}

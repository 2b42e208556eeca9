"""The cohort benchmark: false alarms and sensitivity of every rule on simulated courses with known truth.

    .venv/bin/python -m bench.cohort                   # 600 clients, seed 1, alliance SD 0.7, 1.0, 1.2
    .venv/bin/python -m bench.cohort --sd 1.0 --clients 300 --seed 2 --settings my.toml

The state is read at every session date of every client with the rule-based `LexicalReader` (fast,
no model; the text layer is a black box behind the `TextReader` protocol), or with `--reader
embedding` the reader the app ships (rules, models and sentence embeddings). See docs/cohort.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.simulate import ON_TRACK, SimClient, Simulator
from midcourse import settings as settings_module
from midcourse.record import day
from midcourse.settings import Settings
from midcourse.text.reader import LexicalReader

# States that tell a client something is wrong (crisis is judged apart).
ALERTS = ("deteriorating", "paused", "fit_concern", "rupture", "wall", "not_on_track")
OUTCOME_ALERTS = ("deteriorating", "not_on_track")


@dataclass
class Course:
    """A simulated client and what the assessment said at each of its session dates."""

    client: SimClient
    states: list[str]
    flags: list[set[str]]
    paused_later: bool = False  # the state six weeks after the last session is `paused`

    @property
    def n(self) -> int:
        return len(self.states)


def read_course(client: SimClient, settings: Settings, reader: Any) -> Course:
    """The assessment as of every session date of the client's record."""
    try:
        from midcourse.history import history
    except ImportError:  # the rules before the history function existed
        from midcourse.assess import assess

        results = [assess(client.record, d, settings, reader) for d in dates_held(client)]
    else:
        results = [h.assessment for h in history(client.record, settings, reader)]
    from midcourse.assess import assess

    later = dates_held(client)[-1] + dt.timedelta(weeks=6)
    return Course(client, [a.state for a in results], [set(a.flags) for a in results],
                  assess(client.record, later, settings, reader).state == "paused")


def dates_held(client: SimClient) -> list[dt.date]:
    return [day(s.date) for s in client.record.sessions if s.status != "planned"]


def _share(hits: int, total: int) -> dict[str, Any]:
    return {"n": total, "hits": hits, "share": round(hits / total, 3) if total else None}


def _within(course: Course, start: int, stop: int, test: Callable[[int], bool]) -> bool:
    return any(test(i) for i in range(max(0, start), min(course.n, stop)))


def measure(courses: list[Course]) -> dict[str, Any]:
    """Every figure of the benchmark from the courses read."""
    out: dict[str, Any] = {}
    calm = [c for c in courses if c.client.kind in ON_TRACK]

    def quiet(c: Course, i: int) -> bool:
        return not c.client.truth[i]

    ever = sum(1 for c in calm if any(c.states[i] in ALERTS for i in range(c.n) if quiet(c, i)))
    checks = [(c, i) for c in calm for i in range(c.n) if quiet(c, i)]
    out["false_alarm_clients"] = _share(ever, len(calm))
    out["false_alarm_checkins"] = _share(sum(1 for c, i in checks if c.states[i] in ALERTS), len(checks))
    per_state = Counter(s for c in calm for s in {c.states[i] for i in range(c.n) if quiet(c, i)} if s in ALERTS)
    out["false_alarm_by_state"] = {s: _share(per_state[s], len(calm)) for s in ALERTS}
    flag_names = sorted({f for c in calm for fl in c.flags for f in fl})
    out["calm_flags_ever"] = {f: _share(sum(1 for c in calm if any(f in c.flags[i] for i in range(c.n)
                                                                  if quiet(c, i))), len(calm))
                              for f in flag_names}
    out["false_crisis_clients"] = _share(
        sum(1 for c in courses if c.client.kind != "crisis" and "crisis" in c.states), len(courses) -
        sum(1 for c in courses if c.client.kind == "crisis"))

    det = [c for c in courses if c.client.kind.endswith("deteriorator") and c.client.onset is not None
           and c.client.onset + 3 < c.n]
    onset = {id(c): c.client.onset or 0 for c in det}
    out["deteriorators_by_onset_plus_3"] = _share(
        sum(1 for c in det if _within(c, onset[id(c)], onset[id(c)] + 4, lambda i, c=c: c.states[i] == "deteriorating")),
        len(det))
    out["deteriorators_any_outcome_alert_by_onset_plus_3"] = _share(
        sum(1 for c in det if _within(c, onset[id(c)], onset[id(c)] + 4,
                                      lambda i, c=c: c.states[i] in OUTCOME_ALERTS)), len(det))
    out["deteriorators_flagged_before_end"] = _share(
        sum(1 for c in det if any(s in OUTCOME_ALERTS for s in c.states)), len(det))

    def attended_index(c: Course, k: int) -> int:
        """The session index of the k-th attended session (1-based), or the last index."""
        seen = 0
        for i, s in enumerate(c.client.record.sessions):
            seen += s.attended
            if seen == k:
                return i
        return c.n - 1

    nonresp = [c for c in courses if c.client.kind == "non_responder"]
    for k in (3, 6):
        out[f"non_responders_not_on_track_by_session_{k}"] = _share(
            sum(1 for c in nonresp if any(s == "not_on_track" or "not_on_track" in f
                                          for s, f in zip(c.states[:attended_index(c, k) + 1],
                                                          c.flags[:attended_index(c, k) + 1], strict=True))),
            len(nonresp))
    out["non_responders_not_on_track_ever"] = _share(
        sum(1 for c in nonresp if any("not_on_track" in f for f in c.flags)), len(nonresp))
    late_det = [c for c in det]
    out["deteriorators_outcome_alert_by_session_3"] = _share(
        sum(1 for c in late_det if any(s in OUTCOME_ALERTS for s in c.states[:attended_index(c, 3) + 1])),
        len(late_det))
    out["all_clients_ever_not_on_track"] = _share(
        sum(1 for c in courses if any("not_on_track" in f for f in c.flags)), len(courses))

    fit = [c for c in courses if c.client.kind == "poor_fit" and c.n >= 6]
    out["poor_fit_detected"] = _share(sum(1 for c in fit if "fit_concern" in c.states), len(fit))
    out["poor_fit_detected_by_session_6"] = _share(sum(1 for c in fit if "fit_concern" in c.states[:6]), len(fit))
    not_fit = [c for c in courses if c.client.kind != "poor_fit"]
    out["fit_concern_in_others"] = _share(sum(1 for c in not_fit if "fit_concern" in c.states), len(not_fit))

    walls = [c for c in courses if c.client.kind == "wall" and c.client.onset is not None
             and (c.client.end or 0) <= c.n]
    out["wall_phases_detected"] = _share(
        sum(1 for c in walls if _within(c, c.client.onset or 0, (c.client.end or 0) + 1,
                                        lambda i, c=c: c.states[i] == "wall")), len(walls))
    linger = [sum(1 for i in range(c.client.end or 0, c.n) if c.states[i] == "wall") for c in walls]
    out["wall_sessions_after_the_phase_mean"] = round(sum(linger) / len(linger), 2) if linger else None

    def shows_rupture(c: Course, i: int) -> bool:
        return "rupture" in c.flags[i] or "fit_concern" in c.flags[i]

    def rated(c: Course, i: int) -> bool:
        s = c.client.record.sessions[i]
        return s.checkin is not None and s.checkin.alliance_index() is not None

    # Observable ruptures: rated at the drop and at least once more within the next three sessions.
    unrep = [c for c in courses if c.client.kind == "rupture_unrepaired" and c.client.onset is not None
             and c.client.onset + 3 < c.n and rated(c, c.client.onset)
             and any(rated(c, i) for i in range(c.client.onset + 1, c.client.onset + 4))]
    out["unrepaired_ruptures_flagged_within_4"] = _share(
        sum(1 for c in unrep if _within(c, c.client.onset or 0, (c.client.onset or 0) + 4,
                                        lambda i, c=c: c.states[i] in ("rupture", "fit_concern")
                                        or "rupture" in c.flags[i])), len(unrep))
    out["unrepaired_ruptures_shown_at_last_session"] = _share(
        sum(1 for c in unrep if shows_rupture(c, c.n - 1)), len(unrep))
    rep = [c for c in courses if c.client.kind == "rupture_repaired" and c.client.end is not None
           and c.client.end + 2 < c.n]
    out["repaired_ruptures_flagged_after_repair"] = _share(
        sum(1 for c in rep if any("rupture" in c.flags[i] for i in range((c.client.end or 0) + 2, c.n))), len(rep))

    crisis = [c for c in courses if c.client.kind == "crisis" and any("crisis" in t for t in c.client.truth)]
    out["crisis_detected"] = _share(
        sum(1 for c in crisis if any(c.states[i] == "crisis" for i in range(c.n) if "crisis" in c.client.truth[i])),
        len(crisis))
    out["dropouts_paused_6_weeks_after_last_session"] = _share(
        sum(1 for c in courses if c.client.dropout and c.paused_later), sum(1 for c in courses if c.client.dropout))
    out["others_paused_6_weeks_after_last_session"] = _share(
        sum(1 for c in courses if not c.client.dropout and c.paused_later),
        sum(1 for c in courses if not c.client.dropout))
    out["states"] = dict(Counter(s for c in courses for s in c.states).most_common())
    return out


ROWS = [
    ("on-track/stable clients ever in a non-crisis alert", "false_alarm_clients"),
    ("on-track/stable check-ins in a non-crisis alert", "false_alarm_checkins"),
    ("clients of other classes ever in a false crisis", "false_crisis_clients"),
    ("deteriorators `deteriorating` by the 3rd session after onset", "deteriorators_by_onset_plus_3"),
    ("deteriorators in an outcome alert by the 3rd session after onset",
     "deteriorators_any_outcome_alert_by_onset_plus_3"),
    ("deteriorators in an outcome alert by session 3 of therapy", "deteriorators_outcome_alert_by_session_3"),
    ("deteriorators in an outcome alert before the end", "deteriorators_flagged_before_end"),
    ("non-responders `not_on_track` by session 3", "non_responders_not_on_track_by_session_3"),
    ("non-responders `not_on_track` by session 6", "non_responders_not_on_track_by_session_6"),
    ("all clients ever flagged `not_on_track`", "all_clients_ever_not_on_track"),
    ("poor fit detected (ever)", "poor_fit_detected"),
    ("poor fit detected by session 6", "poor_fit_detected_by_session_6"),
    ("other classes ever in `fit_concern`", "fit_concern_in_others"),
    ("wall phases detected", "wall_phases_detected"),
    ("unrepaired ruptures (rated) flagged within 4 sessions", "unrepaired_ruptures_flagged_within_4"),
    ("unrepaired ruptures (rated) still shown at the last session", "unrepaired_ruptures_shown_at_last_session"),
    ("repaired ruptures still flagged 2+ sessions after the repair", "repaired_ruptures_flagged_after_repair"),
    ("crisis (statement or safety rating) detected while it holds", "crisis_detected"),
    ("dropouts `paused` six weeks after their last session", "dropouts_paused_6_weeks_after_last_session"),
    ("others (next session booked) `paused` six weeks after their last session",
     "others_paused_6_weeks_after_last_session"),
]


def _pct(entry: Any) -> str:
    if not isinstance(entry, dict) or entry.get("share") is None:
        return "—"
    return f"{100 * entry['share']:.1f}% ({entry['hits']}/{entry['n']})"


def report(results: dict[float, dict[str, Any]]) -> str:
    """A Markdown table: one row per figure, one column per alliance SD."""
    sds = sorted(results)
    lines = ["| figure | " + " | ".join(f"SD {sd:g}" for sd in sds) + " |",
             "|---|" + "---|" * len(sds)]
    for label, key in ROWS:
        lines.append(f"| {label} | " + " | ".join(_pct(results[sd].get(key)) for sd in sds) + " |")
    lines.append("| wall sessions shown after the phase ended (mean) | "
                 + " | ".join(str(results[sd]["wall_sessions_after_the_phase_mean"]) for sd in sds) + " |")
    lines += ["", "On-track/stable clients ever flagged, per state and per flag (SD " + ", ".join(
        f"{sd:g}" for sd in sds) + "):", ""]
    names = sorted({k for sd in sds for k in results[sd]["calm_flags_ever"]})
    lines += ["| state or flag | " + " | ".join(f"SD {sd:g}" for sd in sds) + " |", "|---|" + "---|" * len(sds)]
    for s in ALERTS:
        lines.append(f"| state `{s}` | " + " | ".join(_pct(results[sd]["false_alarm_by_state"][s]) for sd in sds)
                     + " |")
    for name in names:
        lines.append(f"| flag `{name}` | " + " | ".join(_pct(results[sd]["calm_flags_ever"].get(name))
                                                       for sd in sds) + " |")
    return "\n".join(lines)


KEY_FIGURES = [("false alarms", "false_alarm_clients"), ("deteriorators", "deteriorators_by_onset_plus_3"),
               ("poor fit", "poor_fit_detected"), ("walls", "wall_phases_detected"),
               ("unrepaired within 4", "unrepaired_ruptures_flagged_within_4"),
               ("unrepaired at last", "unrepaired_ruptures_shown_at_last_session"),
               ("repaired still flagged", "repaired_ruptures_flagged_after_repair"),
               ("non-responders not on track", "non_responders_not_on_track_ever"),
               ("all not on track", "all_clients_ever_not_on_track")]


def vary(spec: str, clients: list[SimClient], base: Settings, reader: Any) -> None:
    """Print the key figures for each value of one setting (the others as given)."""
    import dataclasses

    name, _, values = spec.partition("=")
    print(f"| `{name}` | " + " | ".join(label for label, _ in KEY_FIGURES) + " |")
    print("|---|" + "---|" * len(KEY_FIGURES))
    for raw in values.split(","):
        value = settings_module.check(name, type(getattr(base, name))(float(raw)))
        figures = measure([read_course(c, dataclasses.replace(base, **{name: value}), reader) for c in clients])
        print(f"| {raw} | " + " | ".join(f"{100 * figures[k]['share']:.1f}%" for _, k in KEY_FIGURES) + " |",
              flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sd", type=float, nargs="+", default=[0.7, 1.0, 1.2], help="alliance item SDs")
    parser.add_argument("--phq-noise", type=float, default=None, help="PHQ-9 occasion noise SD (default 2.2)")
    parser.add_argument("--settings", default=None, help="a settings TOML file")
    parser.add_argument("--json", default=None, help="also write every figure to this JSON file")
    parser.add_argument("--reader", choices=("lexical", "embedding"), default="lexical",
                        help="the text reader: rules only (fast), or the one the app ships")
    parser.add_argument("--vary", default=None, metavar="SETTING=V1,V2,...",
                        help="the trade-off of one setting: the key figures for each value (first SD only)")
    args = parser.parse_args(argv)
    settings = settings_module.load(args.settings) if args.settings else Settings()
    reader: Any = LexicalReader()
    if args.reader == "embedding":
        from midcourse.text.reader import EmbeddingReader

        reader = EmbeddingReader()
    if args.vary:
        vary(args.vary, Simulator(args.seed, args.sd[0], phq_noise=args.phq_noise).cohort(args.clients), settings,
             reader)
        return
    results: dict[float, dict[str, Any]] = {}
    for sd in args.sd:
        t0 = time.perf_counter()
        clients = Simulator(args.seed, sd, phq_noise=args.phq_noise).cohort(args.clients)
        courses = [read_course(c, settings, reader) for c in clients]
        results[sd] = measure(courses)
        print(f"SD {sd:g}: {len(clients)} clients, {sum(c.n for c in courses)} session dates read in "
              f"{time.perf_counter() - t0:.1f} s")
    print(report(results))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({str(k): v for k, v in results.items()}, handle, indent=2)


if __name__ == "__main__":
    main()

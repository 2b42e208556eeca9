"""The timeline chart as SVG: alliance, scores with their clinical range, attendance, ruptures, gains.

Drawn on the server, with no JavaScript: the same SVG shows in the browser (each mark has a
<title>, so hovering shows its values) and in the printed report. `width` redraws it for a
narrow screen (fewer date ticks, the legend on more lines) instead of shrinking its text.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from midcourse.analysis.alliance import series
from midcourse.assess import Assessment
from midcourse.instruments import ALLIANCE_INSTRUMENTS
from midcourse.record import Record, Session, day, moment, parse_when
from midcourse.wording import number

WIDTH = 860
NARROW = 380
LEFT, RIGHT = 34, 12
PANEL = 130
GAP = 40
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LINE_COLORS = ["#1f6f8b", "#b5542b", "#5b7f2a", "#7a4b9c", "#9c7a14"]


@dataclass(frozen=True)
class Mark:
    """How one kind of event is drawn: the same shape and colour in the chart and in its legend."""

    shape: str  # circle, cross, square, hollow-square, triangle-up, triangle-down, hollow-triangle-down
    color: str
    label: str


MARKS = {
    "late": Mark("circle", "#d08a1f", "late"),
    "no_show": Mark("cross", "#b3261e", "no-show"),
    "cancelled_by_client": Mark("square", "#7a4b9c", "cancelled by me"),
    "cancelled_by_therapist": Mark("hollow-square", "#6b7280", "cancelled by therapist"),
    "rupture": Mark("triangle-down", "#b3261e", "strain, not mended yet"),
    "repaired_rupture": Mark("hollow-triangle-down", "#2e7d32", "strain, mended"),
    "sudden_gain": Mark("triangle-up", "#2e7d32", "big one-week improvement"),
    "sudden_loss": Mark("triangle-up", "#b3261e", "big one-week setback"),
}


def shape(mark: Mark, x: float, y: float, size: float = 6, title: str = "", css: str = "") -> str:
    """One mark as SVG, centred on (x, y)."""
    tip = f"<title>{escape(title)}</title>" if title else ""
    cls = f' class="{css}"' if css else ""
    c, s = mark.color, size
    if mark.shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}" fill="{c}"{cls}>{tip}</circle>'
    if mark.shape in ("square", "hollow-square"):
        fill = c if mark.shape == "square" else "#ffffff"
        return (f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" fill="{fill}" '
                f'stroke="{c}" stroke-width="2"{cls}>{tip}</rect>')
    if mark.shape == "cross":
        return (f'<path d="M{x - s:.1f},{y - s:.1f} L{x + s:.1f},{y + s:.1f} M{x + s:.1f},{y - s:.1f} '
                f'L{x - s:.1f},{y + s:.1f}" stroke="{c}" stroke-width="3" fill="none"{cls}>{tip}</path>')
    if mark.shape == "triangle-up":
        return (f'<path d="M{x:.1f},{y - s:.1f} L{x + s:.1f},{y + s:.1f} L{x - s:.1f},{y + s:.1f} Z" '
                f'fill="{c}"{cls}>{tip}</path>')
    fill = c if mark.shape == "triangle-down" else "#ffffff"
    return (f'<path d="M{x - s:.1f},{y - s:.1f} L{x + s:.1f},{y - s:.1f} L{x:.1f},{y + s:.1f} Z" fill="{fill}" '
            f'stroke="{c}" stroke-width="2"{cls}>{tip}</path>')


def integer_ticks(low: float, high: float, most: int = 5) -> list[int]:
    """Whole-number ticks from low to high at a round step (1, 2, 5, 10, 20, ...), at most `most`."""
    span = max(high - low, 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500):
        if span / step <= most - 1:
            break
    first = math.ceil(low / step) * step
    return list(range(int(first), int(high) + 1, step))


def date_ticks(start: dt.datetime, end: dt.datetime, room: float) -> list[tuple[dt.date, str]]:
    """Dates to label on the axis: month starts (weeks for a short course), as many as fit in `room` px."""
    first, last = start.date(), end.date()
    if (last - first).days <= 45:
        ticks = [first + dt.timedelta(days=d) for d in range(0, (last - first).days + 1, 7)]
        labels = [(t, f"{t.day} {_MONTHS[t.month - 1]}") for t in ticks]
    else:
        labels = []
        year, month = first.year, first.month + (0 if first.day == 1 else 1)
        while True:
            if month > 12:
                year, month = year + 1, 1
            t = dt.date(year, month, 1)
            if t > last:
                break
            text = _MONTHS[month - 1] + (f" {year}" if month == 1 or not labels else "")
            labels.append((t, text))
            month += 1
    fit = max(1, int(room // 58))
    stride = max(1, math.ceil(len(labels) / fit))
    return labels[::stride]


class _Canvas:
    def __init__(self, start: dt.datetime, end: dt.datetime, width: int):
        self.start, self.end, self.width = start, end, width
        self.parts: list[str] = []

    def x(self, when: dt.datetime) -> float:
        span = (self.end - self.start).total_seconds() or 1.0
        return LEFT + (self.width - LEFT - RIGHT) * (when - self.start).total_seconds() / span

    def add(self, svg: str) -> None:
        self.parts.append(svg)

    def date_axis(self, top: float, height: float) -> None:
        """Vertical grid lines and date labels under a panel."""
        for t, label in date_ticks(self.start, self.end, self.width - LEFT - RIGHT):
            x = self.x(dt.datetime.combine(t, dt.time()))
            if x < LEFT - 0.5:
                continue
            self.add(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top:.1f}" y2="{top + height:.1f}" class="grid"/>')
            self.add(f'<text x="{x:.1f}" y="{top + height + 14:.1f}" class="tick" text-anchor="middle">'
                     f'{escape(label)}</text>')


def _panel(c: _Canvas, top: float, title: str, low: float, high: float) -> None:
    c.add(f'<text x="{LEFT}" y="{top - 8:.1f}" class="panel-title">{escape(title)}</text>')
    c.add(f'<rect x="{LEFT}" y="{top:.1f}" width="{c.width - LEFT - RIGHT}" height="{PANEL}" class="panel"/>')
    for value in integer_ticks(low, high):
        y = top + PANEL - PANEL * (value - low) / ((high - low) or 1)
        c.add(f'<line x1="{LEFT}" x2="{c.width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        c.add(f'<text x="{LEFT - 5}" y="{y + 4:.1f}" class="tick" text-anchor="end">{value}</text>')
    c.date_axis(top, PANEL)


def _radius(c: _Canvas, when: Sequence[dt.datetime]) -> float:
    """Point size that keeps neighbouring sessions apart."""
    xs = sorted(c.x(t) for t in when)
    gaps = [b - a for a, b in itertools.pairwise(xs) if b > a]
    return max(1.8, min(3.5, (min(gaps) / 2.4) if gaps else 3.5))


def _line(c: _Canvas, points: list[tuple[dt.datetime, float, str]], top: float, low: float, high: float,
          color: str) -> None:
    def y(v: float) -> float:
        return top + PANEL - PANEL * (v - low) / ((high - low) or 1)

    if len(points) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{c.x(t):.1f},{y(v):.1f}" for i, (t, v, _) in enumerate(points))
        c.add(f'<path d="{path}" class="line" stroke="{color}"/>')
    r = _radius(c, [t for t, _, _ in points])
    for t, v, label in points:
        c.add(f'<circle cx="{c.x(t):.1f}" cy="{y(v):.1f}" r="{r:.1f}" fill="{color}" class="point">'
              f'<title>{escape(label)}</title></circle>')


def _lanes(xs: list[float], spacing: float) -> list[int]:
    """A lane (row) for each mark so that no two marks in a lane are closer than `spacing`."""
    ends: list[float] = []
    out = []
    for x in xs:
        lane = next((i for i, end in enumerate(ends) if x - end >= spacing), len(ends))
        if lane == len(ends):
            ends.append(x)
        else:
            ends[lane] = x
        out.append(lane)
    return out


def timeline_svg(record: Record, assessment: Assessment, width: int = WIDTH, inline_style: bool = True,
                 states: Sequence[tuple[dt.date, str]] = ()) -> str:
    """An SVG of the course up to the assessment's as-of date (inline_style=False where a
    Content-Security-Policy forbids inline styles: the page's stylesheet carries the same rules).
    `states` (the state as of each session date, oldest first) adds the state over time as a band."""
    sessions = [s for s in record.sessions if day(s.date) <= assessment.as_of and not s.planned]
    if not sessions:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {width} 60" role="img" '
                'aria-label="No sessions yet"><text x="20" y="35" class="tick">No sessions yet.</text></svg>')
    start, end = moment(sessions[0].date), moment(sessions[-1].date)
    pad = max((end - start) / 40, dt.timedelta(days=2))
    start, end = start - pad, end + pad
    c = _Canvas(start, end, width)
    used: list[str] = []
    top = 26.0
    shown = [(d, state) for d, state in states if d <= assessment.as_of]
    if shown:
        top = _state_band(c, shown, end, top)

    # Alliance: the check-in's bond/goals/tasks mean (or SRS/4), with ruptures marked.
    _panel(c, top, "How well we work together (alliance, 0–10)", 0, 10)
    _line(c, [(moment(p.session.date), p.value, f"{p.session.key}: alliance {p.value:.1f} ({p.source})")
              for p in series(sessions)], top, 0, 10, LINE_COLORS[0])
    for f in assessment.findings:
        if f.kind in ("rupture", "repaired_rupture") and f.evidence:
            e = f.evidence[0]
            mark = MARKS[f.kind]
            used.append(f.kind)
            value = next((p.value for p in series(sessions) if p.session.key == e.date), 10.0)
            c.add(shape(mark, c.x(moment(parse_when(e.date))), top + PANEL - PANEL * value / 10 - 13, 6,
                        f"{e.date}: {'rupture (repaired)' if f.kind == 'repaired_rupture' else 'rupture (not repaired yet)'}",
                        "marker " + f.kind.replace("_", "-")))
    top += PANEL + GAP

    # One panel per outcome instrument, with its clinical range and sudden gains and losses.
    instruments = sorted({k for s in sessions for k in s.measures} - ALLIANCE_INSTRUMENTS)
    for i, iid in enumerate(instruments):
        inst = record.instrument(iid)
        if inst is None:
            continue
        color = LINE_COLORS[(i + 1) % len(LINE_COLORS)]
        worse = "higher is worse" if inst.worse == "higher" else "lower is worse"
        _panel(c, top, f"{iid} ({worse})", inst.min, inst.max)
        if inst.cutoff is not None:
            def y_of(v: float, top: float = top, low: float = inst.min, high: float = inst.max) -> float:
                return top + PANEL - PANEL * (v - low) / (high - low)

            y_cut = y_of(inst.cutoff)
            y0, y1 = (top, y_cut) if inst.worse == "higher" else (y_cut, top + PANEL)
            c.add(f'<rect x="{LEFT}" y="{y0:.1f}" width="{width - LEFT - RIGHT}" height="{y1 - y0:.1f}" '
                  f'class="clinical"><title>clinical range: {number(inst.cutoff, 1)} and '
                  f'{"above" if inst.worse == "higher" else "below"}</title></rect>')
            c.add(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y_cut:.1f}" y2="{y_cut:.1f}" class="cutoff">'
                  f'<title>clinical cutoff {number(inst.cutoff, 1)}</title></line>')
            label_y = y0 + 13 if inst.worse == "higher" else y1 - 5
            c.add(f'<text x="{LEFT + 4}" y="{label_y:.1f}" class="range-label">'
                  f'clinical range ({"≥" if inst.worse == "higher" else "<"} {number(inst.cutoff, 1)})</text>')
        _line(c, [(moment(s.date), s.measures[iid], f"{s.key}: {iid} {number(s.measures[iid], 1)}")
                  for s in sessions if iid in s.measures], top, inst.min, inst.max, color)
        summary = next((m for m in assessment.measures if m["instrument"] == iid), None)
        for key, kind, word in (("sudden_gains", "sudden_gain", "sudden gain"),
                                ("sudden_losses", "sudden_loss", "sudden loss")):
            for g in (summary or {}).get(key, []):
                used.append(kind)
                y_post = top + PANEL - PANEL * (float(g["postgain_score"]) - inst.min) / (inst.max - inst.min)
                c.add(shape(MARKS[kind], c.x(moment(parse_when(g["postgain_date"]))), y_post - 13, 6,
                            f'{word}: {g["pregain_score"]} to {g["postgain_score"]} '
                            f'({g["pregain_date"]} to {g["postgain_date"]})',
                            "marker " + ("gain" if kind == "sudden_gain" else "loss")))
        top += PANEL + GAP

    # Attendance: every session a small dot; late arrivals, no-shows and cancellations as their marks.
    c.add(f'<text x="{LEFT}" y="{top - 8:.1f}" class="panel-title">Attendance</text>')
    events = [s for s in sessions if not (s.attended and not (s.minutes_late or 0))]
    held = [s for s in sessions if s not in events]
    y = top + 10
    c.add(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y}" y2="{y}" class="grid"/>')
    r = _radius(c, [moment(s.date) for s in sessions])
    for s in held:
        c.add(f'<circle cx="{c.x(moment(s.date)):.1f}" cy="{y}" r="{min(r, 2.5):.1f}" class="attended">'
              f'<title>{s.key}: attended</title></circle>')
    lanes = _lanes([c.x(moment(s.date)) for s in events], 14)
    for s, lane in zip(events, lanes, strict=True):
        kind = _event_kind(s)
        used.append(kind)
        detail = f"late ({number(s.minutes_late or 0, 1)} min)" if kind == "late" else MARKS[kind].label
        c.add(shape(MARKS[kind], c.x(moment(s.date)), y + 16 * lane, 5.5, f"{s.key}: {detail}", "event"))
    top = y + 16 * max(lanes, default=0) + 14
    c.date_axis(top - 24, 14)
    top += 18

    # The legend: the marks present in this chart, drawn exactly as in it.
    x, line_height = float(LEFT), 20
    top += 6
    for kind in dict.fromkeys(k for k in MARKS if k in used):
        mark = MARKS[kind]
        room = 22 + 6.2 * len(mark.label)
        if x + room > width - RIGHT and x > LEFT:
            x, top = float(LEFT), top + line_height
        c.add(shape(mark, x + 6, top - 4, 5.5, css="legend-mark"))
        c.add(f'<text x="{x + 16:.1f}" y="{top:.1f}" class="tick">{escape(mark.label)}</text>')
        x += room + 10
    height = top + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {width} {height:.0f}" '
            f'role="img" aria-label="Timeline of alliance, scores and attendance">'
            + (STYLE_ELEMENT if inline_style else "") + "".join(c.parts) + "</svg>")


# A colour of its own for each state (warm for concerns, purple for the wall, greens for going well).
STATE_COLORS = {"crisis": "#b3261e", "deteriorating": "#d9480f", "paused": "#795548", "fit_concern": "#9c4a1a",
                "rupture": "#e08e0b", "not_on_track": "#5c7080", "wall": "#7a4b9c", "breakthrough": "#2e7d32",
                "on_track": "#66a36b", "early": "#9aa3ad", "insufficient_data": "#b8bfc7"}
STATE_WORDS = {"crisis": "safety first", "deteriorating": "getting worse", "paused": "paused",
               "fit_concern": "fit concern", "rupture": "strain", "not_on_track": "not on track", "wall": "wall",
               "breakthrough": "breakthrough", "on_track": "on track", "early": "early days",
               "insufficient_data": "not enough yet"}


def _state_band(c: _Canvas, states: Sequence[tuple[dt.date, str]], end: dt.datetime, top: float) -> float:
    """The state over time: one coloured stretch from each session date to the next, named where it fits."""
    c.add(f'<text x="{LEFT}" y="{top - 8:.1f}" class="panel-title">Where things stood</text>')
    height = 18
    labels = []
    for i, (d, state) in enumerate(states):
        x0 = max(c.x(dt.datetime.combine(d, dt.time())), LEFT)
        x1 = c.x(dt.datetime.combine(states[i + 1][0], dt.time())) if i + 1 < len(states) else c.x(end)
        color = STATE_COLORS.get(state, "#9aa3ad")
        words = STATE_WORDS.get(state, state.replace("_", " "))
        c.add(f'<rect x="{x0:.1f}" y="{top:.1f}" width="{max(x1 - x0, 1):.1f}" height="{height}" fill="{color}" '
              f'class="state state-{state}"><title>{d.isoformat()}: {escape(words)}</title></rect>')
        starts = i == 0 or states[i - 1][1] != state
        run_end = next((j for j in range(i, len(states)) if states[j][1] != state), len(states))
        run_x1 = c.x(dt.datetime.combine(states[run_end][0], dt.time())) if run_end < len(states) else c.x(end)
        if starts and run_x1 - x0 > 6.0 * len(words) + 8:
            labels.append(f'<text x="{x0 + 4:.1f}" y="{top + 13:.1f}" class="state-label">{escape(words)}</text>')
    for label in labels:  # over every stretch, so that the next one does not cover it
        c.add(label)
    # A key to the colours: each state shown, in the order it first came.
    x, y = float(LEFT), top + height + 16
    for state in dict.fromkeys(state for _, state in states):
        words = STATE_WORDS.get(state, state.replace("_", " "))
        room = 18 + 6.2 * len(words)
        if x + room > c.width - RIGHT and x > LEFT:
            x, y = float(LEFT), y + 18
        c.add(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{STATE_COLORS.get(state, "#9aa3ad")}" '
              f'class="state-key"/><text x="{x + 14:.1f}" y="{y:.1f}" class="tick">{escape(words)}</text>')
        x += room + 10
    return y + 34


def _event_kind(s: Session) -> str:
    return "late" if s.attended else s.status


# Presentation lives in the SVG's own <style> so the chart looks the same in the page, the printed
# report and the PDF (a <style> element is allowed by a style-src 'self' policy only from a file,
# so the web page also links the same rules from static/app.css).
CHART_CSS = ('.panel{fill:#fafbfc;stroke:#d8dde3}.grid{stroke:#e6e9ed}.tick{font-size:11px;font-family:sans-serif;'
             'fill:#4b5563}.panel-title{font-size:12px;font-weight:bold;font-family:sans-serif;fill:#2b3036}'
             '.line{fill:none;stroke-width:2}.cutoff{stroke:#b3261e;stroke-dasharray:5 4}'
             '.clinical{fill:#b3261e;fill-opacity:.07}.range-label{font-size:10px;font-family:sans-serif;'
             'fill:#b3261e}.attended{fill:#9aa3ad}.state-label{font-size:11px;font-family:sans-serif;fill:#ffffff}')
STYLE_ELEMENT = f"<style>{CHART_CSS}</style>"

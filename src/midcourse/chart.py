"""The timeline chart as SVG: alliance, scores with their cutoffs, attendance, ruptures, gains.

Drawn on the server, with no JavaScript: the same SVG shows in the browser (each point has a
<title>, so hovering shows its values) and in the printed report.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from midcourse.analysis.alliance import series
from midcourse.assess import Assessment
from midcourse.instruments import ALLIANCE_INSTRUMENTS
from midcourse.record import Record, day, moment, parse_when
from midcourse.wording import number

WIDTH = 860
LEFT, RIGHT = 56, 16
PANEL = 150
GAP = 34
STRIP = 46
COLORS = ["#1f6f8b", "#b5542b", "#5b7f2a", "#7a4b9c", "#9c7a14"]
EVENT_STYLE = {  # status -> (symbol, colour, label)
    "late": ("circle", "#d08a1f", "late"),
    "no_show": ("cross", "#b3261e", "no-show"),
    "cancelled_by_client": ("square", "#b3261e", "cancelled by me"),
    "cancelled_by_therapist": ("square", "#8a8f98", "cancelled by therapist"),
}


class _Canvas:
    def __init__(self, start: dt.datetime, end: dt.datetime, width: int):
        self.start, self.end, self.width = start, end, width
        self.parts: list[str] = []

    def x(self, when: dt.datetime) -> float:
        span = (self.end - self.start).total_seconds() or 1.0
        return LEFT + (self.width - LEFT - RIGHT) * (when - self.start).total_seconds() / span

    def add(self, svg: str) -> None:
        self.parts.append(svg)


def _panel_frame(c: _Canvas, top: float, title: str, low: float, high: float) -> None:
    c.add(f'<text x="{LEFT}" y="{top - 8:.1f}" class="panel-title">{escape(title)}</text>')
    c.add(f'<rect x="{LEFT}" y="{top:.1f}" width="{c.width - LEFT - RIGHT}" height="{PANEL}" class="panel"/>')
    for frac in (0, 0.5, 1):
        value = low + (high - low) * frac
        y = top + PANEL - PANEL * frac
        c.add(f'<line x1="{LEFT}" x2="{c.width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        c.add(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">{number(value, 1)}</text>')


def _series(c: _Canvas, points: list[tuple[dt.datetime, float, str]], top: float, low: float, high: float,
            color: str, css: str) -> None:
    def y(v: float) -> float:
        return top + PANEL - PANEL * (v - low) / ((high - low) or 1)

    if len(points) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{c.x(t):.1f},{y(v):.1f}" for i, (t, v, _) in enumerate(points))
        c.add(f'<path d="{path}" class="{css}" stroke="{color}"/>')
    for t, v, label in points:
        c.add(f'<circle cx="{c.x(t):.1f}" cy="{y(v):.1f}" r="3.5" fill="{color}" class="point">'
              f'<title>{escape(label)}</title></circle>')


def timeline_svg(record: Record, assessment: Assessment, width: int = WIDTH, inline_style: bool = True) -> str:
    """An SVG of the course up to the assessment's as-of date (inline_style=False where a
    Content-Security-Policy forbids inline styles: the page's stylesheet carries the same rules)."""
    sessions = [s for s in record.sessions if day(s.date) <= assessment.as_of]
    if not sessions:
        return ('<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 860 60" role="img" '
                'aria-label="No sessions yet"><text x="20" y="35" class="tick">No sessions yet.</text></svg>')
    start, end = moment(sessions[0].date), moment(sessions[-1].date)
    if start == end:
        start, end = start - dt.timedelta(days=3), end + dt.timedelta(days=3)
    c = _Canvas(start, end, width)
    top = 28.0

    # Alliance: the check-in's bond/goals/tasks mean (or SRS/4), with ruptures marked.
    _panel_frame(c, top, "Alliance (how well we work together, 0-10)", 0, 10)
    points = [(moment(p.session.date), p.value,
               f"{p.session.key}: alliance {p.value:.1f} ({p.source})") for p in series(sessions)]
    _series(c, points, top, 0, 10, "#1f6f8b", "line")
    for f in assessment.findings:
        if f.kind in ("rupture", "repaired_rupture") and f.evidence:
            e = f.evidence[0]
            x = c.x(moment(parse_when(e.date)))
            label = "rupture (repaired)" if f.kind == "repaired_rupture" else "rupture (not repaired yet)"
            c.add(f'<path d="M{x - 6:.1f},{top + 4} L{x + 6:.1f},{top + 4} L{x:.1f},{top + 14} Z" '
                  f'class="marker rupture"><title>{escape(e.date)}: {label}</title></path>')
    top += PANEL + GAP

    # One panel per outcome instrument, with its clinical cutoff and sudden gains and losses.
    instruments = sorted({k for s in sessions for k in s.measures} - ALLIANCE_INSTRUMENTS)
    for i, iid in enumerate(instruments):
        inst = record.instrument(iid)
        if inst is None:
            continue
        color = COLORS[i % len(COLORS)]
        worse = "higher is worse" if inst.worse == "higher" else "lower is worse"
        _panel_frame(c, top, f"{iid} ({worse})", inst.min, inst.max)
        pts = [(moment(s.date), s.measures[iid], f"{s.key}: {iid} {number(s.measures[iid], 1)}")
               for s in sessions if iid in s.measures]
        if inst.cutoff is not None:
            y = top + PANEL - PANEL * (inst.cutoff - inst.min) / (inst.max - inst.min)
            c.add(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="cutoff">'
                  f'<title>clinical cutoff {number(inst.cutoff, 1)}</title></line>')
        _series(c, pts, top, inst.min, inst.max, color, "line")
        summary = next((m for m in assessment.measures if m["instrument"] == iid), None)
        for key, css, word in (("sudden_gains", "gain", "sudden gain"), ("sudden_losses", "loss", "sudden loss")):
            for g in (summary or {}).get(key, []):
                x = c.x(moment(parse_when(g["postgain_date"])))
                c.add(f'<path d="M{x:.1f},{top + 2} l5,9 h-10 Z" class="marker {css}">'
                      f'<title>{word}: {g["pregain_score"]} to {g["postgain_score"]} '
                      f'({g["pregain_date"]} to {g["postgain_date"]})</title></path>')
        top += PANEL + GAP

    # Attendance strip: late arrivals, no-shows and cancellations.
    c.add(f'<text x="{LEFT}" y="{top - 8:.1f}" class="panel-title">Attendance</text>')
    c.add(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{top + 14}" y2="{top + 14}" class="grid"/>')
    for s in sessions:
        x = c.x(moment(s.date))
        if s.attended and not (s.minutes_late or 0):
            c.add(f'<circle cx="{x:.1f}" cy="{top + 14}" r="2.5" class="attended"><title>{s.key}: attended'
                  f'</title></circle>')
            continue
        kind = "late" if s.attended else s.status
        shape, color, label = EVENT_STYLE[kind]
        detail = f"{label} ({number(s.minutes_late or 0, 1)} min)" if kind == "late" else label
        title = f"<title>{escape(s.key)}: {escape(detail)}</title>"
        y = top + 14
        if shape == "circle":
            c.add(f'<circle cx="{x:.1f}" cy="{y}" r="6" fill="{color}" class="event">{title}</circle>')
        elif shape == "square":
            c.add(f'<rect x="{x - 6:.1f}" y="{y - 6}" width="12" height="12" fill="{color}" class="event">'
                  f'{title}</rect>')
        else:
            c.add(f'<path d="M{x - 6:.1f},{y - 6} l12,12 M{x + 6:.1f},{y - 6} l-12,12" stroke="{color}" '
                  f'class="event cross">{title}</path>')
    legend_x = LEFT
    for kind in ("late", "no_show", "cancelled_by_client", "cancelled_by_therapist"):
        _, color, label = EVENT_STYLE[kind]
        c.add(f'<rect x="{legend_x}" y="{top + 28}" width="9" height="9" fill="{color}"/>'
              f'<text x="{legend_x + 13}" y="{top + 36}" class="tick">{label}</text>')
        legend_x += 24 + 6 * len(label)
    c.add(f'<path d="M{legend_x + 5},{top + 28} l5,9 h-10 Z" class="gain"/>'
          f'<text x="{legend_x + 13}" y="{top + 36}" class="tick">sudden gain</text>')
    legend_x += 90
    c.add(f'<path d="M{legend_x},{top + 28} h10 l-5,9 Z" class="rupture"/>'
          f'<text x="{legend_x + 13}" y="{top + 36}" class="tick">rupture</text>')
    top += STRIP + 10
    first, last = sessions[0].date, sessions[-1].date
    c.add(f'<text x="{LEFT}" y="{top}" class="tick">{day(first).isoformat()}</text>')
    c.add(f'<text x="{width - RIGHT}" y="{top}" class="tick" text-anchor="end">{day(last).isoformat()}</text>')
    height = top + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {width} {height:.0f}" '
            f'role="img" aria-label="Timeline of alliance, scores and attendance">'
            + (STYLE_ELEMENT if inline_style else "") + "".join(c.parts) + "</svg>")


# Presentation lives in the SVG's own <style> so the chart looks the same in the page, the printed
# report and the PDF (a <style> element is allowed by a style-src 'self' policy only from a file,
# so the web page also links the same rules from static/app.css).
CHART_CSS = ('.panel{fill:#fafbfc;stroke:#d8dde3}.grid{stroke:#e6e9ed}.tick{font-size:11px;font-family:sans-serif;'
          'fill:#5f6670}.panel-title{font-size:12px;font-weight:bold;font-family:sans-serif;fill:#2b3036}.line{fill:none;stroke-width:2}'
          '.cutoff{stroke:#b3261e;stroke-dasharray:5 4}.rupture{fill:#b3261e}.gain{fill:#2e7d32}'
          '.loss{fill:#b3261e}.attended{fill:#9aa3ad}.cross{stroke-width:3}')
STYLE_ELEMENT = f"<style>{CHART_CSS}</style>"

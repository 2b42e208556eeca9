"""Rendering an assessment for people: plain text and a Markdown note."""

from __future__ import annotations

import textwrap
from typing import Any

from midcourse.assess import Assessment
from midcourse.terms import term


def _measure_line(m: dict[str, object]) -> str:
    parts = [f"{m['instrument']}: {m['first']} -> {m['latest']} (change {m['change']:+g}" if isinstance(
        m["change"], (int, float)) else f"{m['instrument']}"]
    if m.get("rci") is not None:
        parts.append(f", RCI {m['rci']:.2f}")
    if m.get("category"):
        parts.append(f", {m['category']}")
    parts.append(f"; {m['n']} score{'' if m['n'] == 1 else 's'})")
    gains = m.get("sudden_gains") or []
    losses = m.get("sudden_losses") or []
    if m.get("baseline") is not None and m.get("baseline_scores", 0) > 1:  # type: ignore[operator]
        parts.append(f"; baseline {m['baseline']:g}, the mean of the first {m['baseline_scores']}")
    line = "".join(parts)
    for label, items in (("sudden gain", gains), ("sudden loss", losses)):
        for g in items:  # type: ignore[attr-defined]
            line += (f"; {label} {g['pregain_score']} -> {g['postgain_score']} "
                     f"({g['pregain_date'][:10]} to {g['postgain_date'][:10]}"
                     + (", reversed" if g["reversal"] else "") + ")")
    return line


def _finding_name(kind: str, flag: bool) -> str:
    """A finding's everyday name with its technical one: 'Thoughts of stopping therapy (quitting)',
    'New things you wrote about (novelty, information)'."""
    plain = term(kind).plain
    notes = ([] if plain.lower() == kind.replace("_", " ") else [kind]) + ([] if flag else ["information"])
    return f"{plain} ({', '.join(notes)})" if notes else plain


def to_text(a: Assessment, width: int | None = 80) -> str:
    """A plain-text summary: safety first, then the state, the next step, the evidence, the starter;
    lines wrapped at `width` columns (None: one line per item)."""
    items: list[tuple[str, str]] = []  # (indent of the lines after the first, text)
    if a.resources:
        items += [("", "SAFETY FIRST"), *[("  ", f"  {r}") for r in a.resources], ("", "")]
    items += [("  ", f"State: {a.state} - {a.headline} (as of {a.as_of.isoformat()})"),
              ("  ", f"Next step: {a.next_step}")]
    if a.flags:
        items.append(("  ", "Flags: " + ", ".join(a.flags)))
    if a.findings:
        items += [("", ""), ("", "What midcourse saw:")]
        for f in a.findings:
            items.append(("  ", f"- {_finding_name(f.kind, f.flag)}: {f.summary}"))
            items += [("      ", f"    {e.date}  {e.source}: {e.detail}") for e in f.evidence]
    if a.measures:
        items += [("", ""), ("", "Scores:"), *[("  ", f"- {_measure_line(m)}") for m in a.measures]]
    profile = a.defense_profile
    if profile.get("observed"):
        items += [("", ""), ("", f"Defenses you noticed: {profile['observed']} (overall defensive functioning "
                                 f"{profile['odf']} on a scale of 1-7, higher is more adaptive; information, "
                                 "not a verdict)")]
    items += [("", ""), ("", "Something to bring to your next session (a draft: change it as you like):"),
              ("  ", f"  {a.conversation_starter}")]
    lines: list[str] = []
    for indent, text in items:
        if width is None or len(text) <= width:
            lines.append(text)
        else:
            lines += textwrap.wrap(text, width, subsequent_indent=indent, break_long_words=False,
                                   break_on_hyphens=False)
    return "\n".join(lines) + "\n"


def to_markdown(a: Assessment) -> str:
    """The assessment as a Markdown note (plain Markdown, read anywhere)."""
    return "\n".join([f"# midcourse assessment, {a.as_of.isoformat()}", "", *_markdown_body(a, {}, False),
                      "*midcourse explains what it sees; it does not diagnose and does not replace your "
                      "therapist.*", ""])


def _markdown_body(a: Assessment, refs: dict[str, str], callouts: bool = True) -> list[str]:
    """Safety first, the state, the evidence (linked to notes where refs know them), scores, starter;
    `callouts`: Obsidian's callout boxes, else plain block quotes."""
    lines: list[str] = []
    if a.resources:
        lines += ["> [!warning] Safety first" if callouts else "> **Safety first**",
                  *[f"> {r}" for r in a.resources], ""]
    lines += [f"**{a.headline}**", "", f"**Next step:** {a.next_step}", ""]
    if a.findings:
        lines += ["## What midcourse saw", ""]
        for f in a.findings:
            lines.append(f"- **{term(f.kind).plain}**{'' if f.flag else ' (information)'}: {f.summary}")
            lines += [f"  - {e.date} · {e.source}: {e.detail}{_link(e.ref, refs)}" for e in f.evidence]
        lines.append("")
    if a.measures:
        lines += ["## Scores", "", *[f"- {_measure_line(m)}" for m in a.measures], ""]
    lines += ["## Something to bring to your next session", "",
              "> [!quote] A draft: change it as you like" if callouts else "*A draft: change it as you like.*",
              *([""] if not callouts else []), f"> {a.conversation_starter}", ""]
    return lines


def _link(ref: str | None, refs: dict[str, str]) -> str:
    if ref is None or ref not in refs:
        return ""
    name = refs[ref]
    return f" [[{name}|{name.rsplit('/', 1)[-1]}]]"


def to_vault_note(a: Assessment, refs: dict[str, str]) -> str:
    """The assessment as an Obsidian note: evidence linked to the notes it came from."""
    header = ["---", "midcourse: assessment", f"date: {a.as_of.isoformat()}", f"state: {a.state}",
              "tags:", "  - midcourse", "---", ""]
    return "\n".join([*header, *_markdown_body(a, refs),
                      "*Written by midcourse. It explains what it sees; it does not diagnose and does not "
                      "replace your therapist. Edit or delete this note freely: midcourse never reads it back.*",
                      ""])


def to_html(record: Any, a: Assessment, standalone: bool = True, as_of_chosen: str | None = None,
            states: Any = ()) -> str:
    """The printable report page: state, chart, evidence, conversation starter, with the period it
    covers. `standalone` embeds its stylesheet (files and PDFs); in the app it links the app's
    stylesheet instead and offers an "as of" control. `states` (date, state) draws the state over time."""
    from importlib import resources

    import jinja2

    from midcourse.chart import NARROW, timeline_svg
    from midcourse.record import day
    from midcourse.terms import CATEGORIES
    from midcourse.web.words import human_date

    env = jinja2.Environment(loader=jinja2.PackageLoader("midcourse.web", "templates"),
                             autoescape=jinja2.select_autoescape(["html"]))
    env.filters["when"] = human_date
    css = resources.files("midcourse.web").joinpath("static/report.css").read_text(encoding="utf-8")
    held = [s for s in record.sessions if not s.planned and day(s.date) <= a.as_of]
    period = (f"{human_date(day(held[0].date), year=True)} to {human_date(a.as_of, year=True)}" if held
              else f"as of {human_date(a.as_of, year=True)}")
    return env.get_template("report.html").render(
        a=a, chart=timeline_svg(record, a, inline_style=standalone, states=states),
        chart_narrow="" if standalone else timeline_svg(record, a, width=NARROW, inline_style=False, states=states),
        standalone=standalone, css=css, client=record.client.name, period=period, term=term,
        categories=CATEGORIES, as_of_chosen=as_of_chosen)


def to_pdf(html: str) -> bytes:
    """The report as PDF (WeasyPrint: no browser needed)."""
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return bytes(weasyprint.HTML(string=html).write_pdf())

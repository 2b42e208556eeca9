"""Hypothesis strategies for valid midcourse/1 records in canonical form."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from hypothesis import strategies as st

from midcourse.defenses import CATALOGUE
from midcourse.record import AFTER_FEELINGS, SCALES, STATUSES, moment, parse_when

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=40)
nonempty_text = text.filter(bool)
scale = st.one_of(st.integers(0, 10), st.floats(0, 10, allow_nan=False).map(lambda x: round(x, 3)))
days = st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31))
moments = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0))
when = st.one_of(days.map(dt.date.isoformat), moments.map(lambda d: d.isoformat(timespec="minutes")))


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


@st.composite
def checkins(draw: st.DrawFn) -> dict[str, Any]:
    fields = {name: draw(st.none() | scale) for name in SCALES}
    fields["after"] = draw(st.none() | st.sampled_from(AFTER_FEELINGS))
    fields["safety"] = draw(st.none() | st.integers(0, 3))
    fields["note"] = draw(text)
    return _clean(fields)


@st.composite
def sessions(draw: st.DrawFn, date: str) -> dict[str, Any]:
    status = draw(st.sampled_from(STATUSES))
    attended = status == "attended"
    s: dict[str, Any] = {"date": date, "status": status}
    s["minutes_late"] = draw(st.none() | st.integers(0, 90)) if attended else draw(st.none() | st.just(0))
    s["notice_hours"] = draw(st.none() | st.integers(0, 200))
    s["reason"] = draw(text)
    if attended:
        s["checkin"] = draw(st.none() | checkins())
    if status != "planned":
        s["measures"] = draw(st.dictionaries(st.sampled_from(["PHQ-9", "GAD-7", "ORS", "MY-SCALE"]),
                                             st.integers(0, 21), max_size=3))
        if draw(st.booleans()):  # PHQ-9 entered item by item: the total is the items' sum
            items = draw(st.lists(st.integers(0, 3), min_size=9, max_size=9))
            s["items"] = {"PHQ-9": items}
            s["measures"] = s["measures"] | {"PHQ-9": sum(items)}
    s["note"] = draw(text)
    return _clean(s)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    dates = draw(st.lists(when, unique=True, max_size=8))
    doc: dict[str, Any] = {"format": "midcourse/1"}
    client = _clean({"name": draw(st.none() | nonempty_text),
                     "therapy_started": draw(st.none() | days.map(dt.date.isoformat))})
    if client:
        doc["client"] = client
    doc["instruments"] = {"MY-SCALE": {"min": 0, "max": 50, "worse": draw(st.sampled_from(["higher", "lower"])),
                                       "cutoff": 20, "reliable_change": 6}}
    doc["sessions"] = [draw(sessions(d)) for d in dates]
    doc["journal"] = [{"date": draw(when), "text": draw(text)}
                      | _clean({"tags": draw(st.lists(nonempty_text, max_size=3))})
                      for _ in range(draw(st.integers(0, 4)))]
    doc["defenses"] = [_clean({"date": draw(when), "defense": draw(st.sampled_from(sorted(CATALOGUE))),
                               "note": draw(text)}) for _ in range(draw(st.integers(0, 3)))]
    doc["safety_answers"] = [_clean({"date": draw(when), "answer": draw(st.sampled_from(["safe", "not_safe"])),
                                     "text": draw(text),
                                     "text_date": draw(st.none() | days.map(dt.date.isoformat))})
                             for _ in range(draw(st.integers(0, 2)))]
    for name in ("sessions", "journal", "defenses", "safety_answers"):  # canonical order: by date, stable
        doc[name].sort(key=lambda item: moment(parse_when(item["date"])))
    return _clean(doc) | {"sessions": doc["sessions"]}


# Hostile inputs (issue 16): what a careless or malicious file may hold. The fuzz tests feed these to
# every parser and accept no exception but the project's own errors.

any_text = st.text(alphabet=st.characters(blacklist_categories=()), max_size=60)  # surrogates, NUL, controls
awkward_text = st.one_of(any_text, st.sampled_from([
    "", " ", "\r", "\r\n", "\n\n", "\x00", "\ud83d", "\udc80", "NaN", "-Infinity", "1e400", "9" * 400,
    "0001-01-01", "9999-12-31T23:59", "2026-02-30", "2026-03-02T17:00+01:00", "next tuesday", '"', "'", ";",
    "\t", ",", "%%", "<!--", "-->", "[[", "]]", "```", "~~~", "---", "*a", "&a", "!!binary", "{{date}}",
    "# x", "- ", "> [!note]", "::", "^blk", "#tag", "\\", "\u202e", "\ufeff"]))
big_numbers = st.one_of(st.integers(min_value=-(10**30), max_value=10**30), st.just(10**400),
                        st.floats(allow_nan=True, allow_infinity=True))
json_scalars = st.one_of(st.none(), st.booleans(), big_numbers, st.integers(-3, 30), awkward_text, when)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(awkward_text, inner, max_size=4), max_leaves=12)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*prefix, i))
    return found


@st.composite
def mutated_records(draw: st.DrawFn) -> Any:
    """A valid record with one to three places changed: a value replaced, a key added or removed."""
    doc: Any = draw(records())
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(doc)))
        if not path:
            doc = draw(json_values) if draw(st.integers(0, 9)) == 0 else doc
            continue
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(awkward_text)] = draw(json_values)
        else:
            parent.append(draw(json_values))
    return doc


@st.composite
def json_documents(draw: st.DrawFn) -> str:
    """JSON text of a (mutated) record, sometimes cut short, spliced with junk or nested deep."""
    import json

    text = json.dumps(draw(mutated_records()), ensure_ascii=draw(st.booleans()))
    damage = draw(st.sampled_from(["none", "none", "cut", "splice", "nest"]))
    if damage == "cut":
        text = text[:draw(st.integers(0, len(text)))]
    elif damage == "splice":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(awkward_text) + text[at:]
    elif damage == "nest":
        depth = draw(st.integers(1, 200))
        text = "[" * depth + text + "]" * depth
    return text


CSV_COLUMNS = ["date", "status", "minutes_late", "notice_hours", "reason", *SCALES, "safety", "after",
               "checkin_note", "note", "PHQ-9", "GAD-7", "PHQ-9 items", "GAD-7 items", "BDI"]
csv_cells = st.one_of(awkward_text, when, st.sampled_from(STATUSES), st.sampled_from(AFTER_FEELINGS),
                      st.integers(-5, 40).map(str), st.floats(allow_nan=True).map(str), st.just("7,5"),
                      st.lists(st.integers(0, 3), min_size=9, max_size=9).map(lambda xs: " ".join(map(str, xs))))


@st.composite
def csv_documents(draw: st.DrawFn) -> str:
    """CSV of sessions: known and unknown columns, any separator, cells of any kind, proper or broken
    quoting."""
    import csv
    import io

    columns = draw(st.lists(st.sampled_from(CSV_COLUMNS) | awkward_text, max_size=10, unique=True))
    if draw(st.integers(0, 4)):
        columns = ["date", "status", *[c for c in columns if c not in ("date", "status")]]
    sep = draw(st.sampled_from([",", ";", "\t"]))
    rows = draw(st.lists(st.lists(csv_cells, min_size=len(columns), max_size=len(columns) + 1), max_size=5))
    if draw(st.booleans()):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=sep, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
        writer.writerow(columns)
        writer.writerows(rows)
        return out.getvalue()
    return "\n".join(sep.join(row) for row in [columns, *rows]) + draw(st.sampled_from(["", "\n"]))


yaml_keys = st.one_of(st.sampled_from([
    "session", "Session", "status", "minutes_late", "Minutes late", "notice_hours", "reason", *SCALES, "Bond",
    "safety", "after", "checkin_note", "journal", "date", "tags", "defense", "defense_note", "PHQ-9", "phq9",
    "gad-7", "PHQ-9 items", "aliases", "MY-SCALE"]), awkward_text.filter(lambda s: s.strip() != ""))
yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 30), big_numbers.filter(lambda x: not (isinstance(x, float) and math.isnan(x))), when, days, moments,
    st.sampled_from(["attended", "no_show", "planned", "good", "irritated", "denial", "rationalization"]),
    awkward_text)
yaml_values = st.recursive(yaml_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
HOSTILE_YAML = [
    "tags: &a [l, l, l, l, l, l, l, l, l]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
    "a: &a [*a]\n", "bond: !!binary aGk=\n", "PHQ-9: " + "7" * 400 + "\n", "x: !!python/object:os.system y\n",
    "session: 2026-02-30\n", "tags: 2026\n", "session: [2026\n", "- a list\n", "include: 5\n",
    "instruments: [PHQ-9]\n", "s: !!set {a, b}\n", "k: " + "[" * 300 + "\n", "<<: {a: 1}\n", "? [a, b]\n: c\n",
]


@st.composite
def yaml_documents(draw: st.DrawFn, keys: st.SearchStrategy[str] = yaml_keys) -> str:
    """YAML text: generated properties, hostile snippets, or both; sometimes plain junk."""
    import yaml

    kind = draw(st.sampled_from(["generated", "generated", "hostile", "both", "junk"]))
    parts: list[str] = []
    if kind in ("generated", "both"):
        data = draw(st.dictionaries(keys, yaml_values, max_size=8))
        try:
            parts.append(yaml.safe_dump(data, allow_unicode=draw(st.booleans())))
        except yaml.YAMLError:
            parts.append("")
    if kind in ("hostile", "both"):
        parts.append(draw(st.sampled_from(HOSTILE_YAML)))
    if kind == "junk":
        parts.append(draw(any_text))
    return "".join(parts)


MARKDOWN_PIECES = ["Plain words here.", "# Heading", "- item", "- [ ] task", "> [!note]+ Title", "> quoted",
                   "[[Note]]", "[[Note#Head|alias]]", "![[embed.png]]", "[link](http://x#y)", "<https://x.org>",
                   "`code #x`", "**bold** ==mark==", "field:: value", "[key:: v]", "#tag/nested", "^block1",
                   "%%", "<!--", "-->", "```", "````", "~~~", "<div>", "</div>", "| a | b |", "|---|---|", "---",
                   "- defense:: denial — a note", "- [defense:: projection] note", "\\", "*", "_", "[", "]"]


@st.composite
def markdown_bodies(draw: st.DrawFn) -> str:
    """A note body of Markdown and Obsidian pieces, well-formed or not, mixed with any text."""
    pieces = draw(st.lists(st.sampled_from(MARKDOWN_PIECES) | awkward_text, max_size=12))
    seps = draw(st.lists(st.sampled_from(["", " ", "\n", "\n\n"]), min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + s for p, s in zip(pieces, seps, strict=True))


@st.composite
def notes(draw: st.DrawFn) -> str:
    """A whole note: maybe front matter (generated or hostile), then a body."""
    front = draw(st.sampled_from(["none", "yaml", "yaml", "broken"]))
    head = ""
    if front == "yaml":
        head = "---\n" + draw(yaml_documents()) + "---\n"
    elif front == "broken":
        head = draw(st.sampled_from(["---\n", "---\nsession: x\n", "--- \n...\n", "---\n---\n"]))
    return head + draw(markdown_bodies())


toml_keys = st.one_of(st.sampled_from(["recent_sessions", "baseline_sessions", "late_minutes", "quit_threshold",
                                       "crisis_days", "crisis_locale", "sudden_gain_adjust", "repeat_similarity",
                                       "sudden_loss_pct_rule", "thresholds", "rupture_drop"]),
                      st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,12}", fullmatch=True))
toml_values = st.one_of(
    st.integers(-(10**20), 10**20).map(str), st.floats(allow_nan=True).map(
        lambda x: "nan" if math.isnan(x) else ("inf" if x == math.inf else ("-inf" if x == -math.inf else repr(x)))),
    st.booleans().map(lambda b: "true" if b else "false"), st.text(max_size=10).map(lambda t: '"' + t
        .replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.sampled_from(["[1, 2]", "{a = 1}", "2026-01-05", "1979-05-27T07:32:00Z", '"UK"', '"package"', '"mirrored"',
                     "[" * 300 + "]" * 300, "9" * 400, '"""multi\nline"""', "0x10", "1e400"]))


@st.composite
def toml_documents(draw: st.DrawFn) -> str:
    """A settings file: key = value lines, maybe under [thresholds], maybe junk."""
    lines = [f"{draw(toml_keys)} = {draw(toml_values)}" for _ in range(draw(st.integers(0, 5)))]
    if draw(st.booleans()):
        lines.insert(0, "[thresholds]")
    if draw(st.integers(0, 5)) == 0:
        lines.append(draw(any_text))
    return "\n".join(lines) + "\n"


FORM_FIELDS = ["date", "status", "minutes_late", "notice_hours", "reason", "has_checkin", *SCALES, "after",
               "checkin_note", "note", "score:PHQ-9", "score:GAD-7", "score:BDI", "score:"]


@st.composite
def session_forms(draw: st.DrawFn) -> dict[str, str]:
    """A posted 'record a session' form: known and unknown fields with any text a browser can send."""
    values = st.one_of(awkward_text, when, st.sampled_from(STATUSES), st.sampled_from(AFTER_FEELINGS),
                       st.integers(-5, 40).map(str), st.just("on"), st.just("2026-03-02 17:00"))
    return draw(st.dictionaries(st.sampled_from(FORM_FIELDS) | awkward_text, values, max_size=12))


@st.composite
def jsonl_lines(draw: st.DrawFn) -> list[str]:
    """Lines for `midcourse text`: good objects, hostile ids and texts, junk."""
    import json

    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["good", "good", "hostile", "junk"]))
        if kind == "good":
            item = {"id": draw(st.one_of(st.integers(-5, 10**6), st.text(max_size=5))), "text": draw(text)}
            lines.append(json.dumps(item))
        elif kind == "hostile":
            item = {"id": draw(json_values), "text": draw(json_values)}
            lines.append(json.dumps(item, ensure_ascii=draw(st.booleans())))
        else:
            lines.append(draw(any_text).replace("\n", " "))
    return lines

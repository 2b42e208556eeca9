"""The conversation starter: a first-person paragraph that names what was seen, and asks to look together.

It reads each finding's data (dates, counts, thresholds, scores), never its prose, and never says in the
client's voice what the client did not say: what the client rated is told as their rating ("I rated how
much we talked about what really matters at 3 or lower"), what they wrote is quoted with its date, and a
feeling is never asserted for them. It is a draft the client edits before using it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from midcourse.findings import Finding
from midcourse.instruments import ITEM_ANSWERS
from midcourse.questions import SCALE_QUESTIONS
from midcourse.states import State

_NUMBERS = ["no", "once", "twice", "three times", "four times", "five times", "six times"]
_COUNT = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve"]


def _times(n: int) -> str:
    return _NUMBERS[n] if n < len(_NUMBERS) else f"{n} times"


def _count(n: int) -> str:
    return _COUNT[n] if n < len(_COUNT) else str(n)


def _g(x: Any) -> str:
    return f"{x:g}" if isinstance(x, (int, float)) else str(x)


def _level(x: Any) -> str:
    """A score as a client would say it: '17', or 'about 18' for a mean of two scores."""
    if isinstance(x, (int, float)) and not float(x).is_integer():
        return f"about {round(x)}"
    return _g(x)


def say_date(text: str, as_of: dt.date) -> str:
    """'13 July', or '13 July 2025' when the year is not the as-of year."""
    d = dt.date.fromisoformat(text[:10])
    return f"{d.day} {d:%B}" + (f" {d.year}" if d.year != as_of.year else "")


def _dates(dates: list[str], as_of: dt.date) -> str:
    unique = list(dict.fromkeys(say_date(d, as_of) for d in dates))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _sessions_of(dates: list[str], as_of: dt.date) -> str:
    """'the session of 13 April', 'the sessions of 13 and 20 April'."""
    return f"the session{'s' if len(set(dates)) > 1 else ''} of {_dates(dates, as_of)}"


def _attendance(d: dict[str, Any], as_of: dt.date) -> str:
    parts = []
    if d.get("late"):
        parts.append(f"I was late {_times(len(d['late']))} ({_dates(d['late'], as_of)})")
    if d.get("no_show"):
        parts.append(f"I missed {_sessions_of(d['no_show'], as_of)}")
    if d.get("cancelled"):
        parts.append(f"I cancelled {_sessions_of(d['cancelled'], as_of)}")
    return f"In the last few weeks {_and(parts)}." if parts else ""


def _rated(question: str, values: list[Any], dates: list[str], as_of: dt.date, or_lower: Any = None) -> str:
    """A rating sentence in the question's own words: 'After the session of 10 August I rated "..." at 6 out of 10.'"""
    level = f"{_g(or_lower)} or lower" if or_lower is not None else _and([_g(v) for v in values])
    when = _sessions_of(dates, as_of) if dates else f"{_count(len(values))} recent sessions"
    return f"After {when} I rated \"{question}\" {level} out of 10."


def quoted(quote: str) -> str:
    """Words in quotation marks, closing a sentence: the quote's own full stop, else one after it; quotation
    marks inside it become single ones, so the quote stays one."""
    text = quote.strip().replace('"', "'")
    return f"\"{text}\"" if text[-1:] in (".", "!", "?") else f"\"{text}\"."


def _quotes(f: Finding, as_of: dt.date, used: set[str]) -> str:
    """The client's latest sentence behind a finding (a statement, not an excerpt of a repeated note) that the
    starter has not quoted yet, with its date."""
    said = (e for e in f.evidence if e.quote and e.detail.startswith("wrote"))
    for e in sorted(said, key=lambda e: e.date, reverse=True):
        if e.quote and e.quote not in used:
            used.add(e.quote)
            return f"On {say_date(e.date, as_of)} I wrote {quoted(e.quote)}"
    return ""


def _join(*parts: str) -> str | None:
    return " ".join(p for p in parts if p) or None


def _crisis(f: Finding, as_of: dt.date) -> str:
    """Only what the client said: their rating, their answer, their own sentence with its date."""
    d = f.data
    sentences = []
    if d.get("ratings"):
        r = max(d["ratings"], key=lambda x: x["value"])
        since = "over the two weeks before" if r.get("source") == "PHQ-9 item 9" else "since the session before"
        sentences.append(f"I need to tell you about my safety: on {say_date(r['date'], as_of)}, asked how often "
                         f"{since} I'd had thoughts of being better off dead or of hurting myself, I answered "
                         f"\"{ITEM_ANSWERS[int(r['value'])]}\".")
    if d.get("not_safe"):
        sentences.append(f"On {say_date(d['not_safe'][-1]['date'], as_of)}, asked whether I was safe, I answered "
                         "that I was not.")
    if d.get("statements"):
        s = d["statements"][-1]
        sentences.append(f"On {say_date(s['date'], as_of)} I wrote {quoted(s['quote'])} I want to talk about it.")
    return " ".join(sentences)


def _sentence(f: Finding, as_of: dt.date, used: set[str]) -> str | None:
    d = f.data
    if f.kind == "attendance":
        return _attendance(d, as_of) or None
    if f.kind == "paused":
        weeks = int(d.get("weeks", 0))
        return f"It's been {_count(weeks)} weeks since our last session, on {say_date(d['last_attended'], as_of)}."
    if f.kind == "quitting":
        ratings = [r for r in d.get("ratings", []) if isinstance(r, (int, float))]
        rated = _rated(SCALE_QUESTIONS["quit"], ratings, d.get("rating_dates", []), as_of) if ratings else ""
        return _join(rated, _quotes(f, as_of, used))
    if f.kind == "surface":
        rated = (_rated(SCALE_QUESTIONS["depth"], d["ratings"], d.get("rating_dates", []), as_of, d["threshold"])
                 if d.get("ratings") else "")
        return _join(rated, _quotes(f, as_of, used))
    if f.kind == "stale":
        rated = (_rated(SCALE_QUESTIONS["insight"], d["ratings"], d.get("rating_dates", []), as_of, d["threshold"])
                 if d.get("ratings") else "")
        repeats = ("midcourse finds that some of my recent notes say much the same as earlier ones."
                   if d.get("repeats") else "")
        return _join(rated, _quotes(f, as_of, used) if d.get("statements") else "", repeats)
    if f.kind == "irritation":
        rated = ""
        if d.get("ratings"):
            for feeling in ("irritated", "upset"):
                dates = [t for t, v in zip(d["rating_dates"], d["ratings"], strict=True) if v == feeling]
                if dates:
                    rated += f"{' ' if rated else ''}After {_sessions_of(dates, as_of)} I noted that I felt {feeling}."
        return _join(rated, _quotes(f, as_of, used))
    if f.kind == "rupture":
        return (f"My ratings of how we work together dropped at the session of {say_date(d['date'], as_of)}, and "
                "haven't come back.")
    if f.kind == "fit_concern":
        quote = _quotes(f, as_of, used)
        if quote:
            return f"Something happened that I need to raise with you. {quote}"
        return (f"In most of {_count(int(d['checkins']))} check-ins I rated how understood I felt, and how well we "
                "work together, low.")
    iid = d.get("instrument", "")
    if f.kind == "deterioration":
        start = "at the start" if d.get("from_start", True) else f"({say_date(d['from_date'], as_of)})"
        return (f"My {iid} went from {_level(d['from'])} {start} to {_g(d['latest'])} "
                f"({say_date(d['latest_date'], as_of)}).")
    if f.kind == "relapse":
        return (f"My {iid} had come down to {_g(d['best'])} ({say_date(d['best_date'], as_of)}) and is back up to "
                f"{_g(d['latest'])} ({say_date(d['latest_date'], as_of)}).")
    if f.kind == "sudden_loss":
        return (f"My {iid} went from {_g(d['before'])} ({say_date(d['before_date'], as_of)}) to {_g(d['after'])} "
                f"({say_date(d['after_date'], as_of)}), from one session to the next.")
    if f.kind == "not_on_track":
        return (f"My {iid} is {_g(d['latest'])} after {_count(int(d['sessions']))} sessions; midcourse, where I keep "
                f"my record, says people starting where I did are often nearer {d['expected']:.0f} by now.")
    if f.kind == "sudden_gain":
        return (f"My {iid} went from {_g(d['before'])} "
                f"({say_date(d['before_date'], as_of)}) to {_g(d['after'])} ({say_date(d['after_date'], as_of)}), "
                "from one session to the next.")
    if f.kind == "reliable_improvement":
        return (f"My {iid} went from {_level(d['baseline'])} at the start to {_g(d['latest'])} "
                f"({say_date(d['latest_date'], as_of)}).")
    return None


ORDER = ("deterioration", "relapse", "sudden_loss", "paused", "fit_concern", "rupture", "attendance", "quitting",
         "surface", "stale", "irritation", "not_on_track", "sudden_gain", "reliable_improvement")


def conversation_starter(state: State, findings: list[Finding], as_of: dt.date) -> str:
    """A few first-person sentences about what was observed, without diagnosis, ending with an invitation."""
    if state.name == "crisis":
        crisis = next(f for f in findings if f.kind == "crisis")
        return " ".join(x for x in (_crisis(crisis, as_of), state.closing) if x)
    sentences: list[str] = []
    used: set[str] = set()  # each of the client's sentences is quoted once
    for kind in ORDER:
        f = next((f for f in findings if f.kind == kind and f.flag), None)
        if f is not None:
            s = _sentence(f, as_of, used)
            if s and s not in sentences:
                sentences.append(s)
    opening = ("" if not sentences else "There's something good I'd like to share."
               if state.name == "breakthrough" else "There's something I'd like to talk about.")
    return " ".join(x for x in [opening, *sentences, state.closing] if x)

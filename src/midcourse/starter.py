"""The conversation starter: a first-person paragraph that names what was seen, and asks to look together."""

from __future__ import annotations

import datetime as dt

from midcourse.findings import Evidence, Finding

_NUMBERS = ["no", "once", "twice", "three times", "four times", "five times", "six times"]
_COUNT = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _times(n: int) -> str:
    return _NUMBERS[n] if n < len(_NUMBERS) else f"{n} times"


def _count(n: int) -> str:
    return _COUNT[n] if n < len(_COUNT) else str(n)


def say_date(text: str, as_of: dt.date) -> str:
    """'13 July', or '13 July 2025' when the year is not the as-of year."""
    d = dt.date.fromisoformat(text[:10])
    return f"{d.day} {d:%B}" + (f" {d.year}" if d.year != as_of.year else "")


def _dates(evidence: list[Evidence], as_of: dt.date) -> str:
    days = [say_date(e.date, as_of) for e in evidence]
    unique = list(dict.fromkeys(days))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def _attendance(f: Finding, as_of: dt.date) -> str:
    late = [e for e in f.evidence if e.detail.startswith("arrived")]
    missed = [e for e in f.evidence if e.value == "no_show"]
    cancelled = [e for e in f.evidence if e.value == "cancelled_by_client"]
    parts = []
    if late:
        parts.append(f"I was late {_times(len(late))} ({_dates(late, as_of)})")
    if missed:
        parts.append(f"I missed the session on {_dates(missed, as_of)}")
    if cancelled:
        parts.append(f"I cancelled on {_dates(cancelled, as_of)}")
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"In the last few weeks {text}."


def _scores(f: Finding, as_of: dt.date) -> str:
    """'PHQ-9 went from 14 (14 September) to 7 (21 September)' from a measure finding's evidence."""
    if len(f.evidence) < 2:
        return f.summary
    a, b = f.evidence[0], f.evidence[-1]
    name = a.detail.split(" ")[0]
    return f"{name} went from {a.value} ({say_date(a.date, as_of)}) to {b.value} ({say_date(b.date, as_of)})"


def _ratings(f: Finding) -> list[Evidence]:
    return [e for e in f.evidence if e.source == "check-in"]


def _sentence(f: Finding, as_of: dt.date) -> str | None:
    ratings = _ratings(f)
    if f.kind == "attendance":
        return _attendance(f, as_of)
    if f.kind == "quitting":
        extra = ""
        if ratings:
            values = ", ".join(f"{e.value:g}" for e in ratings if isinstance(e.value, (int, float)))
            extra = f" (I rated it {values} out of 10 after recent sessions)"
        return f"I've been thinking about stopping therapy{extra}."
    if f.kind == "surface":
        return ("I feel we've been staying on the surface, and I've caught myself changing the subject."
                if not ratings else
                f"I feel we've been staying on the surface: after {_count(len(ratings))} recent sessions "
                f"I rated how much we talked about what really matters at 3 or lower.")
    if f.kind == "stale":
        return "It has felt like we keep going over the same things and I'm not learning much that is new."
    if f.kind == "irritation":
        if ratings:
            return f"I've been leaving sessions irritated or upset ({_dates(ratings, as_of)})."
        return "I've been feeling irritated with you or with our sessions, and I haven't said so."
    if f.kind == "rupture":
        return (f"Something changed between us around {say_date(f.evidence[0].date, as_of)}: my sense of "
                "how well we work together dropped, and it hasn't come back.")
    if f.kind == "fit_concern":
        quotes = [e.quote for e in f.evidence if e.quote]
        if quotes:
            return f"Something happened that I need to raise with you: \"{quotes[0]}\""
        return "I'm not sure we're a good fit: I haven't felt understood or on the same page in most sessions."
    scores = _scores(f, as_of)
    if f.kind == "deterioration":
        return f"My scores have been getting worse: my {scores}."
    if f.kind == "sudden_loss":
        return f"My {scores}, from one session to the next, and I'm worried about it."
    if f.kind == "sudden_gain":
        return f"Something shifted recently: my {scores}, from one session to the next."
    if f.kind == "reliable_improvement":
        return f"I'm doing better: my {scores}."
    return None


CLOSINGS = {
    "deteriorating": "I'd like us to review how therapy is going for me, and what we could change.",
    "fit_concern": "I'd like to talk about whether the way we work fits me, openly.",
    "rupture": "I'd like to talk about what happened between us.",
    "wall": "I don't know what it means. I've read this can happen when therapy gets close to something "
            "important, and I'd like us to look at it together.",
    "breakthrough": "I'd like to understand what helped, so I can hold on to it.",
    "early": "I'd like to tell you how the first sessions have felt for me.",
    "on_track": "I'd like to check in with you about how things are going.",
    "insufficient_data": "I'd like to start keeping a record of how our sessions feel to me.",
}


def conversation_starter(state: str, findings: list[Finding], as_of: dt.date) -> str:
    """A few first-person sentences about what was observed, without diagnosis, ending with an invitation."""
    if state == "crisis":
        return ("I need to tell you that I've been having thoughts of not wanting to live, or of hurting "
                "myself. I want us to talk about my safety first.")
    order = ["deterioration", "sudden_loss", "fit_concern", "rupture", "attendance", "quitting", "surface",
             "stale", "irritation", "sudden_gain", "reliable_improvement"]
    sentences = []
    for kind in order:
        for f in findings:
            if f.kind == kind and f.flag:
                s = _sentence(f, as_of)
                if s and s not in sentences:
                    sentences.append(s)
                break
    opening = ("" if not sentences else "I've noticed something good, and I'd like to share it."
               if state == "breakthrough" else "There's something I'd like to talk about.")
    return " ".join(x for x in [opening, *sentences, CLOSINGS.get(state, "")] if x)

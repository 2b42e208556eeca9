"""A realistic demo record: an honest start, a wall in the middle, a breakthrough after it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from midcourse.record import Record
from midcourse.validation import parse_record

DEMO_START = dt.datetime(2026, 6, 1, 17, 0)

# (status, minutes_late or notice_hours, PHQ-9, bond, goals, tasks, depth, insight, quit, after, note)
_SESSIONS: list[tuple[Any, ...]] = [
    ("attended", 0, 18, 8, 7, 7, 6, 6, 0, "good",
     "First session. Talked about why I came: low mood since the move, bad sleep."),
    ("attended", 0, 17, 8, 8, 7, 6, 7, 0, "calm", "Went through my family and the move."),
    ("attended", 0, 17, 8, 8, 8, 7, 7, 0, "good", "Talked about my father for the first time."),
    ("attended", 0, 16, 8, 7, 8, 7, 6, 0, "calm", "Homework: notice when I shut down."),
    ("attended", 5, 16, 8, 8, 8, 6, 6, 0, "good", "Work stress, the promotion I didn't get."),
    ("attended", 0, 15, 8, 8, 7, 6, 5, 1, "neutral", "Mostly about the week."),
    ("attended", 12, 16, 7, 7, 7, 4, 4, 2, "neutral",
     "Talked about work and the weekend mostly. Kept it light."),
    ("cancelled_by_client", 3, None, None, None, None, None, None, None, None, "work deadline"),
    ("attended", 15, 17, 7, 6, 6, 3, 3, 3, "irritated",
     "She asked about my father again. I changed the subject."),
    ("cancelled_by_therapist", 24, None, None, None, None, None, None, None, None, "therapist ill"),
    ("attended", 0, 17, 7, 6, 6, 2, 2, 6, "irritated",
     "Same things over and over. I don't see where this is going."),
    ("attended", 20, 16, 4, 4, 5, 3, 3, 7, "upset",
     "I felt judged when she pointed out that I keep changing the subject."),
    ("attended", 0, 16, 4, 5, 4, 7, 6, 4, "drained",
     "Told her I've been thinking about quitting. We talked about it for the whole hour."),
    ("attended", 0, 15, 8, 7, 7, 7, 7, 2, "calm",
     "We looked at how I go quiet when something matters. It was hard to stay with it."),
    ("attended", 0, 15, 8, 8, 8, 8, 8, 1, "drained", "Cried about my father. First time in years."),
    ("attended", 0, 14, 8, 8, 8, 8, 7, 1, "calm", "Talked about what I never said to him."),
    ("attended", 0, 7, 9, 8, 8, 8, 9, 0, "good",
     "I realized I've been angry at him, not sad. Something shifted."),
    ("attended", 0, 6, 9, 9, 8, 8, 8, 0, "good", "Sleeping better. Talked about my sister."),
    ("attended", 0, 6, 9, 9, 9, 7, 8, 0, "calm", "Planned a visit home."),
    ("attended", 0, 5, 9, 9, 9, 8, 8, 0, "good", "The visit went well. What to keep doing."),
]

_JOURNAL: list[tuple[int, str, list[str]]] = [
    (2, "First week done. It feels good to say things out loud to someone who listens.", ["therapy"]),
    (16, "Honestly I'm not sure what we're doing anymore. It feels like small talk.", ["therapy"]),
    (30, "Skipped session. Told myself it was the deadline. Maybe it was.", ["therapy", "work"]),
    (45, "We keep going around in circles. I'm thinking about taking a break from therapy.",
     ["therapy"]),
    (54, "She was right, and that's what made me so angry. I think I'm close to something.",
     ["therapy"]),
    (68, "I didn't expect to cry. I feel lighter.", ["therapy", "family"]),
    (114, "I realized today that I'm allowed to be angry at him. Slept eight hours.",
     ["insight"]),
    (135, "Good week. Going home for the weekend, and I'm not dreading it.", ["family"]),
]

_DEFENSES: list[tuple[int, str, str]] = [
    (44, "intellectualization", "Explained my father like a case study instead of saying how I felt."),
    (56, "rationalization", "The 'work deadline' was not the real reason I cancelled."),
    (100, "self-observation", "Caught myself changing the subject and said so."),
]


def demo_document(start: dt.datetime = DEMO_START) -> dict[str, Any]:
    """The demo record as a midcourse/1 document, sessions weekly from `start`."""
    sessions = []
    for week, row in enumerate(_SESSIONS):
        status, minutes, phq, bond, goals, tasks, depth, insight, quit, after, note = row
        when = start + dt.timedelta(weeks=week)
        session: dict[str, Any] = {"date": when.isoformat(timespec="minutes"), "status": status}
        if status == "attended":
            session["minutes_late"] = minutes
            session["measures"] = {"PHQ-9": phq}
            session["checkin"] = {"bond": bond, "goals": goals, "tasks": tasks, "depth": depth,
                                  "insight": insight, "quit": quit, "after": after}
            session["note"] = note
        else:
            session["notice_hours"] = minutes
            session["reason"] = note
        sessions.append(session)
    day0 = start.date()
    return {
        "format": "midcourse/1",
        "client": {"name": "demo", "therapy_started": day0.isoformat()},
        "sessions": sessions,
        "journal": [{"date": (day0 + dt.timedelta(days=d)).isoformat(), "text": text, "tags": tags}
                    for d, text, tags in _JOURNAL],
        "defenses": [{"date": (day0 + dt.timedelta(days=d)).isoformat(), "defense": name, "note": note}
                     for d, name, note in _DEFENSES],
    }


def demo_record(start: dt.datetime = DEMO_START) -> Record:
    """The demo record, validated like any other."""
    return parse_record(demo_document(start), "demo")

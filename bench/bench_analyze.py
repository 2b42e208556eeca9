"""`analyze` on a large record: 200 sessions and 1,000 journal entries."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from midcourse.assess import assess
from midcourse.validation import parse_record

PHRASES = [
    "Talked about work and my sister.", "I felt lighter after today.", "We went over the same things again.",
    "I changed the subject when she asked about my father.", "Slept badly, long day.",
    "I realized I get quiet when I am angry.", "Thinking about taking a break from therapy.",
    "Good walk with the dog, called my mum.", "I felt judged when she pointed that out.",
    "Nothing new this week, mostly small talk.",
]


def large_document(sessions: int = 200, entries: int = 1000, seed: int = 3) -> dict[str, Any]:
    rng = random.Random(seed)
    start = dt.datetime(2022, 1, 3, 17, 0)
    out_sessions = []
    for i in range(sessions):
        status = rng.choices(["attended", "no_show", "cancelled_by_client", "cancelled_by_therapist"],
                             [0.85, 0.05, 0.07, 0.03])[0]
        s: dict[str, Any] = {"date": (start + dt.timedelta(weeks=i)).isoformat(timespec="minutes"),
                             "status": status}
        if status == "attended":
            a = rng.randint(4, 10)
            s |= {"minutes_late": rng.choice([0, 0, 0, 5, 12]),
                  "checkin": {"bond": a, "goals": a, "tasks": a, "depth": rng.randint(1, 10),
                              "insight": rng.randint(1, 10), "quit": rng.randint(0, 6),
                              "after": rng.choice(["good", "calm", "drained", "irritated"])},
                  "measures": {"PHQ-9": rng.randint(4, 22)},
                  "note": f"Session {i}. " + " ".join(rng.sample(PHRASES, 3))}
        out_sessions.append(s)
    journal = [{"date": (start.date() + dt.timedelta(days=rng.randint(0, sessions * 7))).isoformat(),
                "text": f"Entry {j}. " + " ".join(rng.sample(PHRASES, 2))} for j in range(entries)]
    return {"format": "midcourse/1", "sessions": out_sessions, "journal": journal}


def main() -> None:
    record = parse_record(large_document())
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        result = assess(record)
        times.append(time.perf_counter() - t0)
    print(f"analyze: 200 sessions + 1,000 journal entries (lexical reader): best {min(times):.3f} s, "
          f"median {sorted(times)[2]:.3f} s (state {result.state})")


if __name__ == "__main__":
    main()

"""`analyze` of a journal of 100,000 entries (issue 16): every sentence different, as in real writing.

`python -m bench.bench_scale [ENTRIES]` runs `midcourse analyze` on it twice (cold, then warm cache);
`python -m bench.bench_scale --lexical N [N ...]` times `assess()` in process with the rule-based
reader for each size. The figures go to docs/performance.md.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

SUBJECTS = ["I", "My sister", "Work", "The therapist", "My mum", "Sleep", "The dog", "My partner", "Running",
            "The meeting", "Dinner", "My boss", "The weekend", "Therapy", "The train", "My friend"]
VERBS = ["felt", "seemed", "was", "got", "turned out", "looked", "became", "stayed", "kept being", "ended up"]
WORDS = ["calm", "heavy", "strange", "lighter", "tense", "busy", "quiet", "loud", "hopeful", "tired", "angry",
         "easy", "long", "short", "warm", "cold", "messy", "slow", "bright", "grey", "odd", "fine", "hard", "soft"]
TAILS = ["after lunch", "in the evening", "on the way home", "before bed", "all morning", "at the station",
         "during the call", "with the kids", "at the office", "in the park", "over coffee", "by the river"]


def sentence(rng: random.Random, n: int) -> str:
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(WORDS)} and {rng.choice(WORDS)} "
            f"{rng.choice(TAILS)} on day {n}.")


def document(entries: int = 100_000, sessions: int = 260, seed: int = 11) -> dict[str, Any]:
    """Five years of weekly sessions and `entries` journal entries of two distinct sentences each."""
    rng = random.Random(seed)
    start = dt.datetime(2021, 1, 4, 17, 0)
    days = sessions * 7
    out_sessions = []
    for i in range(sessions):
        a = rng.randint(5, 10)
        out_sessions.append({"date": (start + dt.timedelta(weeks=i)).isoformat(timespec="minutes"),
                             "status": "attended", "minutes_late": rng.choice([0, 0, 5, 12]),
                             "checkin": {"bond": a, "goals": a, "tasks": a, "depth": rng.randint(2, 9),
                                         "insight": rng.randint(2, 9), "quit": rng.randint(0, 4), "after": "calm"},
                             "measures": {"PHQ-9": rng.randint(4, 20)}, "note": sentence(rng, i)})
    journal = [{"date": (start.date() + dt.timedelta(days=j * days // entries)).isoformat(),
                "text": sentence(rng, j) + " " + sentence(rng, j + 1)} for j in range(entries)]
    return {"format": "midcourse/1", "sessions": out_sessions, "journal": journal}


def main(entries: int = 100_000) -> None:
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.json"
        path.write_text(json.dumps(document(entries)))
        env_cache = Path(tmp) / "cache"
        import os

        env = os.environ | {"MIDCOURSE_CACHE": str(env_cache)}
        for label in ("cold cache", "warm cache"):
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "midcourse", "analyze", str(path), "--json"], env=env,
                                  capture_output=True, text=True, check=False)
            took = time.perf_counter() - t0
            state = json.loads(done.stdout)["state"] if done.returncode == 0 else done.stderr[-300:]
            print(f"analyze, {entries:,} journal entries + 260 sessions, {label}: {took:.1f} s (state {state})")


def lexical(sizes: list[int]) -> None:
    from midcourse.assess import assess
    from midcourse.text.reader import LexicalReader
    from midcourse.validation import parse_record

    for n in sizes:
        record = parse_record(document(n))
        t0 = time.perf_counter()
        result = assess(record, reader=LexicalReader())
        print(f"assess(), {n:,} journal entries + 260 sessions, rule-based reader, in process: "
              f"{time.perf_counter() - t0:.1f} s (state {result.state})")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--lexical"]:
        lexical([int(a) for a in sys.argv[2:]] or [10_000, 30_000, 100_000])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)

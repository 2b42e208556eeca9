"""The text commands on 10,000 short texts, and `analyze` of a large record, cold and warm cache.

Each run is a fresh process (`.venv/bin/midcourse ...`) with a fresh cache directory, so the
figures include start-up and, for the model, loading it.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_analyze import large_document

OPENERS = ["I", "Honestly I", "Today I", "Lately I", "This week I", "Sometimes I", "I think I", "Maybe I"]
VERBS = ["want to", "don't want to", "keep trying to", "need to", "can't", "might", "am ready to", "refuse to"]
THINGS = ["cut down on drinking", "talk about my father", "go back to work", "sleep more", "stop smoking",
          "see my sister", "change the subject", "skip the next session", "call my mum", "go for a run",
          "quit therapy", "tell her how I feel", "look for a new job", "eat breakfast", "write in my journal"]
ENDINGS = ["", " again", " this week", " before Friday", " if I can", " for real", " someday", " soon"]


def texts(n: int = 10_000, seed: int = 11) -> list[str]:
    """n distinct short texts (no two alike, so a cache cannot help a cold run)."""
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        out.add(f"{rng.choice(OPENERS)} {rng.choice(VERBS)} {rng.choice(THINGS)}{rng.choice(ENDINGS)} "
                f"({rng.randint(1, 999)}).")
    return sorted(out)


def cli() -> str:
    return str(Path(sys.executable).with_name("midcourse"))


def timed(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([cli(), *args], capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "MIDCOURSE_CACHE": str(folder / "cache"), "MIDCOURSE_DATA_DIR": str(folder / "data")}
        lines = folder / "texts.jsonl"
        lines.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts())))
        for command in ("signals", "talk-type"):
            env["MIDCOURSE_CACHE"] = str(folder / f"cache-{command}")  # each command starts cold
            seconds, out = timed(["text", command, str(lines)], env)
            assert len(out.splitlines()) == 10_000
            print(f"text {command}: 10,000 texts in {seconds:.1f} s ({10_000 / seconds:,.0f} texts/s), "
                  "fresh process, cold cache")
        seconds, _ = timed(["text", "signals", "--rules-only", str(lines)], env)
        print(f"text signals --rules-only: 10,000 texts in {seconds:.1f} s ({10_000 / seconds:,.0f} texts/s)")
        record = folder / "large.json"
        record.write_text(json.dumps(large_document()))
        env["MIDCOURSE_CACHE"] = str(folder / "analyze-cache")
        cold, _ = timed(["analyze", str(record), "--json"], env)
        warm = min(timed(["analyze", str(record), "--json"], env)[0] for _ in range(3))
        print(f"analyze: 200 sessions + 1,000 journal entries with embeddings: cold cache {cold:.1f} s, "
              f"warm cache {warm:.2f} s (fresh process each)")


if __name__ == "__main__":
    main()

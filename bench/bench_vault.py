"""Importing a generated vault of 5,000 notes: cold, then again unchanged."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from midcourse.store import Store
from midcourse.sync import import_vault

SESSION = """---
session: {date}T17:00
status: attended
minutes_late: {late}
bond: {a}
goals: {a}
tasks: {a}
depth: {d}
insight: {i}
quit: {q}
after: {after}
PHQ-9: {phq}
tags: [therapy]
---
# Session {n}
We talked about [[People/Mum|my mother]] and work. ^b{n}
> [!note] Homework
> Notice when I go quiet. %%private%%
"""


def generate(root: Path, notes: int = 5000, seed: int = 5) -> None:
    """About 1/5 session notes (weekly), 3/5 daily notes, 1/5 reference notes."""
    rng = random.Random(seed)
    start = dt.date(2010, 1, 4)
    (root / ".obsidian").mkdir(parents=True)
    for n in range(notes):
        kind = n % 5
        if kind == 0:
            folder, name = root / "Therapy", f"Session {n // 5:04d}.md"
            text = SESSION.format(date=(start + dt.timedelta(weeks=n // 5)).isoformat(), late=rng.choice([0, 0, 12]),
                                  a=rng.randint(4, 10), d=rng.randint(1, 10), i=rng.randint(1, 10),
                                  q=rng.randint(0, 6), after=rng.choice(["good", "calm", "irritated"]),
                                  phq=rng.randint(3, 22), n=n)
        elif kind in (1, 2, 3):
            folder, name = root / "Daily", f"{start + dt.timedelta(days=n):%Y-%m-%d}.md"
            text = f"---\ntags: [journal]\n---\nDay {n}. Slept {rng.randint(4, 9)} hours. #mood\n"
        else:
            folder, name = root / "Reference", f"Article {n}.md"
            text = "---\naliases: [x]\n---\n# Notes\nSome [[Link]] text.\n"
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "vault"
        generate(root)
        store = Store(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        _, read = import_vault(store, root)
        cold = time.perf_counter() - t0
        warm = []
        for _ in range(3):
            t0 = time.perf_counter()
            again, _ = import_vault(store, root)
            warm.append(time.perf_counter() - t0)
            assert not again.changed
        print(f"vault import, 5,000 notes ({read.counts['session']} sessions, {read.counts['journal']} journal): "
              f"cold {cold:.2f} s, unchanged re-import {min(warm):.2f} s")


if __name__ == "__main__":
    main()

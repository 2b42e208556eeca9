"""Sudden gains for a cohort: 3,000 people x 12 sessions (SCIENCE.md: the R package takes > 1 minute)."""

from __future__ import annotations

import time

import numpy as np

from midcourse.analysis.gains import GainOptions, find


def cohort(people: int = 3000, sessions: int = 12, seed: int = 7) -> np.ndarray:
    """Noisy declining BDI-like scores with 5% missing values and some sudden drops."""
    rng = np.random.default_rng(seed)
    start = rng.normal(30, 6, size=(people, 1))
    slope = rng.normal(-1.0, 0.6, size=(people, 1))
    x = start + slope * np.arange(sessions) + rng.normal(0, 3, size=(people, sessions))
    drops = rng.random((people, sessions)) < 0.04
    x -= np.cumsum(drops * rng.normal(9, 2, size=(people, sessions)), axis=1)
    x = np.clip(np.round(x), 0, 63)
    x[rng.random((people, sessions)) < 0.05] = np.nan
    return x


def main() -> None:
    x = cohort()
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        gains = find(x, GainOptions(cutoff=7))
        losses = find(x, GainOptions(cutoff=7, losses=True))
        times.append(time.perf_counter() - t0)
    print(f"gains: 3,000 people x 12 sessions, gains and losses: best {min(times) * 1000:.0f} ms, "
          f"median {sorted(times)[2] * 1000:.0f} ms ({len(gains)} gains, {len(losses)} losses)")


if __name__ == "__main__":
    main()

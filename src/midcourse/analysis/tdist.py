"""Student's t critical values for small whole degrees of freedom, without SciPy."""

from __future__ import annotations

import math
from functools import lru_cache


def central_probability(t: float, df: int) -> float:
    """P(|T| <= t) for Student's t with whole df (Abramowitz & Stegun 26.7.3 and 26.7.4)."""
    if df < 1:
        raise ValueError("degrees of freedom must be at least 1")
    theta = math.atan(abs(t) / math.sqrt(df))
    s, c = math.sin(theta), math.cos(theta)
    if df % 2 == 1:
        if df == 1:
            return 2 * theta / math.pi
        term, total = c, c
        for k in range(3, df - 1, 2):  # cos^k * (2*4*...*(k-1)) / (1*3*...*k)
            term *= c * c * (k - 1) / k
            total += term
        return 2 / math.pi * (theta + s * total)
    term, total = 1.0, 1.0
    for k in range(2, df - 1, 2):  # cos^k * (1*3*...*(k-1)) / (2*4*...*k)
        term *= c * c * (k - 1) / k
        total += term
    return s * total


@lru_cache(maxsize=64)
def critical_value(alpha: float, df: int) -> float:
    """|qt(alpha / 2, df)|: the two-sided critical value, found by bisection to 1e-12."""
    target = 1 - alpha
    low, high = 0.0, 1.0
    while central_probability(high, df) < target:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if central_probability(mid, df) < target:
            low = mid
        else:
            high = mid
        if high - low < 1e-12:
            break
    return (low + high) / 2

"""Sudden gains and losses (Tang & DeRubeis 1999), computed as the R package `suddengains` does.

Rules, for the interval from the pre-gain value x[N] to x[N+1]:
1. x[N] - x[N+1] >= cutoff;
2. x[N] - x[N+1] >= pct * x[N];
3. mean(pre) - mean(post) > t * pooled SD, pre = up to 3 values x[N-2..N], post = up to 3 values
   x[N+1..N+3], missing values dropped, at least 2 on each side; t = |qt(alpha/2, n1 + n2 - 2)|
   (or a fixed critical value when the adjustment is off).
A missing criterion means no gain. Intervals run from 2->3 to (n-2)->(n-1) of n values (1-based).
Losses mirror rules 1 and 3; rule 2 for losses is, as in the package, x[N] - x[N+1] <= pct * x[N]
(which every increase meets), or optionally the mirrored x[N+1] - x[N] >= pct * x[N].
Work is vectorised across people: one pass per interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from midcourse.analysis.tdist import critical_value
from midcourse.instruments import Z_95

Array = NDArray[np.float64]


@dataclass(frozen=True)
class GainOptions:
    """The criteria's parameters; the defaults are those of `suddengains`."""

    cutoff: float
    pct: float | None = 0.25
    crit3: bool = True
    alpha: float = 0.05
    adjust: bool = True
    critical_value: float = 2.776
    losses: bool = False
    loss_pct_rule: Literal["package", "mirrored"] = "package"


@dataclass(frozen=True)
class SuddenChange:
    """One sudden gain or loss: the row, the pre-gain index (0-based) and what surrounds it."""

    row: int
    pregain: int
    kind: Literal["gain", "loss"]
    pregain_score: float
    postgain_score: float
    magnitude: float
    reversal: bool
    pre_mean: float
    post_mean: float
    critical_value: float | None

    @property
    def postgain(self) -> int:
        return self.pregain + 1

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind, "pregain_index": self.pregain, "postgain_index": self.postgain,
            "pregain_score": _num(self.pregain_score), "postgain_score": _num(self.postgain_score),
            "magnitude": _num(self.magnitude), "reversal": self.reversal,
            "pre_mean": round(self.pre_mean, 4), "post_mean": round(self.post_mean, 4),
            "critical_value": None if self.critical_value is None else round(self.critical_value, 4),
        }


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


def cutoff_from_reliability(baseline_scores: Array | list[float], reliability: float) -> float:
    """Criterion 1's cutoff from the SD of baseline scores: SD * sqrt(1 - r) * sqrt(2) * 1.96."""
    values = np.asarray(baseline_scores, dtype=float)
    sd = float(np.nanstd(values, ddof=1))
    return sd * math.sqrt(1 - reliability) * math.sqrt(2) * Z_95


def find(scores: Array | list[list[float | None]], options: GainOptions) -> list[SuddenChange]:
    """Sudden gains (or losses, with options.losses) in a people x sessions matrix; NaN is missing."""
    x = np.array(scores, dtype=float)
    if x.ndim == 1:
        x = x[np.newaxis, :]
    n = x.shape[1]
    found: list[SuddenChange] = []
    for post in range(2, n - 1):  # 0-based post-gain index; pre-gain index is post - 1
        pre = post - 1
        before = x[:, pre]
        after = x[:, post]
        diff = before - after  # positive = a decrease
        with np.errstate(invalid="ignore"):
            if options.losses:
                meets = diff <= -options.cutoff
                if options.pct is not None:
                    if options.loss_pct_rule == "package":
                        meets &= diff <= options.pct * before
                    else:
                        meets &= -diff >= options.pct * before
            else:
                meets = diff >= options.cutoff
                if options.pct is not None:
                    meets &= diff >= options.pct * before
        meets &= ~np.isnan(diff)
        pre_window = x[:, max(0, post - 3):post]
        post_window = x[:, post:min(n, post + 3)]
        n1 = np.sum(~np.isnan(pre_window), axis=1)
        n2 = np.sum(~np.isnan(post_window), axis=1)
        enough = (n1 >= 2) & (n2 >= 2)
        candidates = np.flatnonzero(meets & enough) if options.crit3 else np.flatnonzero(meets)
        if candidates.size == 0:
            continue
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_pre = np.nanmean(pre_window[candidates], axis=1)
            mean_post = np.nanmean(post_window[candidates], axis=1)
        crit_values: list[float | None] = [None] * candidates.size
        if options.crit3:
            c1, c2 = n1[candidates], n2[candidates]
            var_pre = np.nanvar(pre_window[candidates], axis=1, ddof=1)
            var_post = np.nanvar(post_window[candidates], axis=1, ddof=1)
            pooled = np.sqrt(((c1 - 1) * var_pre + (c2 - 1) * var_post) / (c1 + c2 - 2))
            if options.adjust:
                t = np.array([critical_value(options.alpha, int(a + b - 2)) for a, b in zip(c1, c2, strict=True)])
            else:
                t = np.full(candidates.size, options.critical_value)
            gap = (mean_post - mean_pre) if options.losses else (mean_pre - mean_post)
            keep = gap > t * pooled
            candidates, mean_pre, mean_post, t = candidates[keep], mean_pre[keep], mean_post[keep], t[keep]
            crit_values = [float(v) for v in t]
        for i, row in enumerate(candidates):
            magnitude = float(x[row, pre] - x[row, post])
            threshold = x[row, post] + magnitude / 2
            later = x[row, pre + 3:]
            with np.errstate(invalid="ignore"):
                reversed_ = bool(np.any(later < threshold) if options.losses else np.any(later > threshold))
            found.append(SuddenChange(
                row=int(row), pregain=pre, kind="loss" if options.losses else "gain",
                pregain_score=float(x[row, pre]), postgain_score=float(x[row, post]),
                magnitude=magnitude, reversal=reversed_, pre_mean=float(mean_pre[i]),
                post_mean=float(mean_post[i]), critical_value=crit_values[i]))
    found.sort(key=lambda g: (g.row, g.pregain))
    return found

"""The expected course of a score during therapy, for the not-on-track signal.

Outcome-monitoring systems compare each score with the course expected for the client's intake
severity and session number (expected treatment response; Finch, Lambert & Schaalje 2001; Lutz et
al.; used for PHQ-9 and GAD-7 in NHS services by Delgadillo et al. 2018, Lancet Psychiatry 5:564).
The curve parameters of those systems are not published in a form we could find, so the expected
course here is derived from a published mean course instead: PHQ-9 = 12.90 - 1.45 w + 0.07 w^2
(w = weeks of treatment; 22,070 clients with intake PHQ-9 >= 10; J Med Internet Res 2024;26:e60502,
Table 5, model 1). Read as the share of the intake score still expected at week w, it is applied to
the client's own intake (a product default), with weekly sessions standing for weeks, and held at its
lowest point (week 10.4) after that. GAD-7 uses the same share (an assumption, documented).
"""

from __future__ import annotations

INTERCEPT, SLOPE, CURVE = 12.90, -1.45, 0.07
SOURCE = "J Med Internet Res 2024;26:e60502 (PHQ-9, 22,070 clients, intake >= 10), Table 5 model 1"
LOWEST = -SLOPE / (2 * CURVE)  # the week where the published curve turns

# Instruments with an expected course (the published curve is for PHQ-9; GAD-7 assumed alike).
SUPPORTED = frozenset({"PHQ-9", "GAD-7"})


def remaining_share(sessions: float) -> float:
    """The share of the intake score expected to remain after `sessions` weekly sessions."""
    w = max(0.0, min(float(sessions), LOWEST))
    return (INTERCEPT + SLOPE * w + CURVE * w * w) / INTERCEPT


def expected_score(intake: float, sessions: float) -> float:
    """The expected score after `sessions` sessions for a client whose intake score was `intake`."""
    return intake * remaining_share(sessions)


# Session-to-session noise of a score: the standard error of measurement from test-retest reliability,
# SEM = SD * sqrt(1 - r). A change between two single scores is only beyond noise when it exceeds
# 1.96 * sqrt(2) * SEM (Jacobson & Truax 1991, with the retest reliability).
RETEST: dict[str, tuple[float, float, str]] = {
    "PHQ-9": (0.84, 5.5, "Kroenke et al. 2001 (retest r = .84); norm SD about 5.5 (SCIENCE.md)"),
    "GAD-7": (0.83, 5.0, "Spitzer et al. 2006 (retest r = .83); norm SD 5.0 is an assumption"),
}


def noise_floor(instrument_id: str) -> float | None:
    """The smallest change in whole points that lies beyond the retest noise of one score to another."""
    if instrument_id not in RETEST:
        return None
    r, sd, _ = RETEST[instrument_id]
    return float(round(1.96 * (2 ** 0.5) * sd * (1 - r) ** 0.5))

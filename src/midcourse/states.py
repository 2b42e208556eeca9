"""The one table of states: name, when it holds, headline, next step and the starter's closing line.

Precedence is the order of the table: the first state that holds is the assessment's state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from midcourse.settings import Settings

WALL_FAMILIES = ("attendance", "quitting", "surface", "stale", "irritation")
DETERIORATION = ("deterioration", "relapse", "sudden_loss")
# The order flags are listed in (the kinds of flagged findings).
FLAG_ORDER = ("crisis", "deterioration", "relapse", "sudden_loss", "paused", "fit_concern", "rupture",
              *WALL_FAMILIES, "not_on_track", "sudden_gain", "reliable_improvement")


@dataclass(frozen=True)
class Situation:
    """What a state is decided from: the kinds of flagged findings and the attended sessions."""

    flags: frozenset[str]
    attended: int
    settings: Settings

    @property
    def wall_families(self) -> int:
        return sum(1 for k in WALL_FAMILIES if k in self.flags)


@dataclass(frozen=True)
class State:
    """One row of the state table."""

    name: str
    holds: Callable[[Situation], bool]
    headline: str
    next_step: str
    closing: str
    alert: bool  # tells the client something needs attention


STATES: tuple[State, ...] = (
    State("crisis", lambda s: "crisis" in s.flags,
          "Your words suggest you may be in danger",
          "Your safety comes first. Use the crisis resources above now, and tell your therapist; you do "
          "not have to wait for your next session.",
          "I want us to talk about my safety first.", True),
    State("deteriorating", lambda s: any(k in s.flags for k in DETERIORATION),
          "Things have been getting worse",
          "Raise it with your therapist now, and ask for a review of how therapy is going.",
          "I'd like us to review how therapy is going for me, and what we could change.", True),
    State("paused", lambda s: "paused" in s.flags,
          "Your sessions have paused",
          "A gentle note: reach out to your therapist if you want to pick up again, or close the course on "
          "purpose, with a last session to look back together.",
          "I'd like to decide with you whether to pick up again or to close this on purpose.", True),
    State("fit_concern", lambda s: "fit_concern" in s.flags,
          "There are signs this may not be a good fit",
          "Name it with your therapist. Asking for a consultation or a second opinion is reasonable.",
          "I'd like to talk about whether the way we work fits me, openly.", True),
    State("rupture", lambda s: "rupture" in s.flags,
          "Something has strained between you and your therapist",
          "Bring the tension into the room: tell your therapist what changed for you.",
          "I'd like to talk about what happened between us.", True),
    State("wall", lambda s: s.wall_families >= s.settings.wall_min_families
          and s.attended >= s.settings.min_attended,
          "You may have hit a wall: a hard but common stage",
          "This is common, and often a sign of progress. Say it out loud in your next session.",
          "midcourse says this can happen when therapy gets close to something important, and I'd like "
          "us to look at it together.", True),
    State("not_on_track", lambda s: "not_on_track" in s.flags,
          "Your scores are not moving the way therapy usually goes",
          "Bring the numbers to your therapist, and review the plan together.",
          "I'd like us to look at the numbers together and review what we're doing.", True),
    State("breakthrough", lambda s: "sudden_gain" in s.flags or "reliable_improvement" in s.flags,
          "Something has shifted for the better",
          "Notice what changed, and talk with your therapist about how to consolidate it.",
          "I'd like to understand what helped, so I can hold on to it.", False),
    State("early", lambda s: 1 <= s.attended < s.settings.min_attended,
          "Early days", "Keep going, and keep recording after each session.",
          "I'd like to tell you how the first sessions have felt for me.", False),
    State("on_track", lambda s: s.attended >= s.settings.min_attended,
          "On track", "Keep going.", "I'd like to check in with you about how things are going.", False),
    State("insufficient_data", lambda s: True,
          "Not enough recorded yet", "Start recording: add your sessions and a check-in after each one.",
          "I'd like to start keeping a record of how our sessions feel to me.", False),
)

NAMES = tuple(s.name for s in STATES)
BY_NAME = {s.name: s for s in STATES}


def choose(situation: Situation) -> State:
    """The first state of the table that holds."""
    return next(s for s in STATES if s.holds(situation))

"""Reading the client's words: the small interface the analysis engine needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Signal:
    """A statement of one kind found in a text, with the words that show it."""

    kind: str
    evidence: str
    start: int
    end: int


@dataclass(frozen=True)
class Repeat:
    """A recent text that restates an earlier one."""

    recent: int
    earlier: int
    similarity: float


class TextReader(Protocol):
    """What the engine asks of the text layer."""

    def signals(self, texts: Sequence[str]) -> list[list[Signal]]:
        """The statements in each text."""
        ...

    def repeats(self, recent: Sequence[str], earlier: Sequence[str], threshold: float,
                share: float = 0.5) -> list[Repeat]:
        """For each recent text, its most similar earlier text when at or above threshold (`share`:
        the part of its sentences that must restate earlier ones, where a reader works by sentence)."""
        ...

    def novelty(self, recent: Sequence[str], earlier: Sequence[str], threshold: float
                ) -> list[tuple[int, str, float]]:
        """(recent text index, sentence, highest similarity to any earlier sentence) for each recent
        sentence long enough to say something; low means new. A sentence that states the client is
        going in circles (a `stale` statement) is never offered as new: it is left out."""
        ...

    def forget(self) -> None:
        """Drop every text held in this process's memory, and all worked out from one (after a deletion)."""
        ...

"""Sentences of a text, with where each starts (the unit every statement is read in)."""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*", re.MULTILINE)


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for every non-blank sentence, split at . ! ? and line ends."""
    return [(m.start(), m.group()) for m in _SENTENCE.finditer(text) if m.group().strip()]

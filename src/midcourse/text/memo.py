"""This process's memos of results worked out from a text, and one way to drop them all.

A long-running app re-reads the same notes on every page, so statements, n-grams and crisis
decisions are kept per text (functools.lru_cache). They are the client's words held in memory: when
a record is deleted, `forget_texts()` drops every one of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar


class Memo(Protocol):
    def cache_clear(self) -> None: ...


M = TypeVar("M", bound=Memo)
_MEMOS: list[Callable[[], None]] = []


def by_text(memo: M) -> M:
    """Register a per-text memo (an lru_cache'd function) so that `forget_texts` clears it."""
    _MEMOS.append(memo.cache_clear)
    return memo


def forget_texts() -> None:
    """Drop every registered memo's results."""
    for clear in _MEMOS:
        clear()

"""The text commands' contract: one JSON object per line in, one per line out, every line answered.

An input line is `{"id": ..., "text": "...", "context": "..."}`; `context` (the utterance before,
for talk type) is optional. A line that is not such an object, has no text, an empty text or a
context that is not a string gets `{"id": ..., "line": N, "error": "line N: ..."}`, and the other
lines are still answered, in order. Should the handler fail on a batch, each of its lines is tried
alone, so one bad line never loses the others. Lines are read within limits: a line over
MAX_LINE_CHARS or a text over limits.MAX_TEXT_CHARS, JSON nested deeper than 64 levels, NaN, half a
character (a lone surrogate), or an id that JSON cannot echo exactly (a 30-digit number) is that
line's error, never an exception or an answer that is not JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from midcourse.limits import MAX_TEXT_CHARS, InputError, read_json

# A line holds one text (and a context) and an id; JSON escapes can make a text 6 times its length.
MAX_LINE_CHARS = 6 * MAX_TEXT_CHARS + 10_000
SAFE_INTEGER = 2**53  # ids beyond this lose digits in most JSON readers


@dataclass(frozen=True)
class Item:
    """One input line: its number, id, text and optional context, or the error that stops it."""

    line: int
    id: Any
    text: str = ""
    context: str | None = None
    error: str | None = None


Handler = Callable[[list[Item]], list[dict[str, Any]]]


def parse_lines(lines: Iterable[str]) -> Iterator[Item]:
    """An Item for every non-blank input line."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE_CHARS:
            yield Item(number, None, error=f"line {number}: {len(raw):,} characters is longer than the limit of "
                                           f"{MAX_LINE_CHARS:,} for one line")
            continue
        try:
            item = read_json(raw)
        except json.JSONDecodeError as exc:
            yield Item(number, None, error=f"line {number}: not JSON ({exc.msg} at column {exc.colno})")
            continue
        except InputError as exc:
            yield Item(number, None, error=f"line {number}: {str(exc).replace('line 1, ', '')}")
            continue
        if not isinstance(item, dict):
            yield Item(number, None, error=f"line {number}: expected an object with \"id\" and \"text\"")
            continue
        text, context, item_id = item.get("text"), item.get("context"), item.get("id")
        problem = _id_problem(item_id)
        if problem is not None:
            yield Item(number, None, error=f"line {number}: {problem}")
        elif not isinstance(text, str):
            yield Item(number, item_id, error=f"line {number}: \"text\" is missing or not a string")
        elif not text.strip():
            yield Item(number, item_id, error=f"line {number}: \"text\" is empty")
        elif context is not None and not isinstance(context, str):
            yield Item(number, item_id, error=f"line {number}: \"context\" is not a string")
        elif len(text) > MAX_TEXT_CHARS or len(context or "") > MAX_TEXT_CHARS:
            field, size = ("text", len(text)) if len(text) > MAX_TEXT_CHARS else ("context", len(context or ""))
            yield Item(number, item_id, error=f"line {number}: the {field} has {size:,} characters, more than the "
                                              f"limit of {MAX_TEXT_CHARS:,}")
        else:
            yield Item(number, item_id, text, context)


def _id_problem(item_id: Any) -> str | None:
    """Why an id cannot be echoed as it was given (None when it can)."""
    if item_id is None or isinstance(item_id, (str, bool)):
        return None
    if isinstance(item_id, (int, float)):
        if not math.isfinite(item_id) or abs(item_id) > SAFE_INTEGER:
            return "\"id\" is a number too large to echo exactly: give it as text"
        return None
    return "\"id\" must be text or a number"


def _failed(item: Item, exc: Exception) -> dict[str, Any]:
    return {"id": item.id, "line": item.line,
            "error": f"line {item.line}: could not be read ({type(exc).__name__}: {exc})"}


def _run(handler: Handler, items: list[Item]) -> list[dict[str, Any]]:
    """The handler's answers; when it fails on the batch, each item alone (a failure is that line's error)."""
    try:
        results = handler(items)
        if len(results) != len(items):
            raise ValueError(f"{len(results)} answers for {len(items)} texts")
        return [{"id": item.id, **result} for item, result in zip(items, results, strict=True)]
    except Exception:
        if len(items) == 1:
            raise
    out = []
    for item in items:
        try:
            out += _run(handler, [item])
        except Exception as exc:  # noqa: BLE001 - any failure on one line is that line's error
            out.append(_failed(item, exc))
    return out


def answer(lines: Iterable[str], handler: Handler, batch: int = 512) -> Iterator[str]:
    """Run the handler over the readable lines in batches; every line gets one answer line, in order."""
    pending: list[Item] = []

    def flush() -> Iterator[str]:
        good = [item for item in pending if item.error is None]
        results = iter(_run(handler, good)) if good else iter(())
        for item in pending:
            out = ({"id": item.id, "line": item.line, "error": item.error} if item.error is not None
                   else next(results))
            yield json.dumps(out, ensure_ascii=False)
        pending.clear()

    for item in parse_lines(lines):
        pending.append(item)
        if len(pending) >= batch:
            yield from flush()
    yield from flush()

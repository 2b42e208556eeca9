"""The text commands' contract: one JSON object per line in, one per line out, every line answered.

An input line is `{"id": ..., "text": "...", "context": "..."}`; `context` (the utterance before,
for talk type) is optional. A line that is not such an object, has no text, an empty text or a
context that is not a string gets `{"id": ..., "line": N, "error": "line N: ..."}`, and the other
lines are still answered, in order. Should the handler fail on a batch, each of its lines is tried
alone, so one bad line never loses the others.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any


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
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield Item(number, None, error=f"line {number}: not JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(item, dict):
            yield Item(number, None, error=f"line {number}: expected an object with \"id\" and \"text\"")
            continue
        text, context, item_id = item.get("text"), item.get("context"), item.get("id")
        if not isinstance(text, str):
            yield Item(number, item_id, error=f"line {number}: \"text\" is missing or not a string")
        elif not text.strip():
            yield Item(number, item_id, error=f"line {number}: \"text\" is empty")
        elif context is not None and not isinstance(context, str):
            yield Item(number, item_id, error=f"line {number}: \"context\" is not a string")
        else:
            yield Item(number, item_id, text, context)


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

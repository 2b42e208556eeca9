"""The text commands' contract: one JSON object per line in, one per line out, every line answered."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

Handler = Callable[[list[str]], list[dict[str, Any]]]


def parse_lines(lines: Iterable[str]) -> Iterator[tuple[int, Any, str | None, str | None]]:
    """(line number, id, text, error) for every non-blank input line."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield number, None, None, f"line {number}: not JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(item, dict):
            yield number, None, None, f"line {number}: expected an object with \"id\" and \"text\""
            continue
        text = item.get("text")
        if not isinstance(text, str):
            yield number, item.get("id"), None, f"line {number}: \"text\" is missing or not a string"
            continue
        yield number, item.get("id"), text, None


def answer(lines: Iterable[str], handler: Handler, batch: int = 512) -> Iterator[str]:
    """Run the handler over the texts in batches; malformed lines get an error line, in order."""
    pending: list[tuple[int, Any, str | None, str | None]] = []

    def flush() -> Iterator[str]:
        texts = [t for _, _, t, e in pending if e is None and t is not None]
        results = iter(handler(texts)) if texts else iter(())
        for number, item_id, _text, error in pending:
            if error is not None:
                yield json.dumps({"id": item_id, "line": number, "error": error}, ensure_ascii=False)
            else:
                yield json.dumps({"id": item_id, **next(results)}, ensure_ascii=False)
        pending.clear()

    for parsed in parse_lines(lines):
        pending.append(parsed)
        if len(pending) >= batch:
            yield from flush()
    yield from flush()

"""What every input edge accepts: sizes, lengths and depths, and a JSON reader that keeps them.

Each limit is far above anything a person writes by hand and far below what makes a parser or an
analysis slow or a database refuse the value; docs/security.md lists them with the reasons.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_NOTE_BYTES = 1024 * 1024  # one vault note (a 1 MiB note is about 150,000 words)
MAX_TEXT_CHARS = 200_000  # one free text: a note, a journal entry, a reason, one line of `text`
MAX_CONFIG_BYTES = 64 * 1024  # midcourse.yaml
MAX_NAME_CHARS = 200  # a client's name or key (clients.key is VARCHAR(200) on every database)
MAX_INSTRUMENT_CHARS = 100  # an instrument id (measures.instrument is VARCHAR(100))
MAX_TAGS = 200  # tags of one journal entry
MAX_TAG_CHARS = 200  # one tag
MAX_JSON_DEPTH = 64  # nesting of a JSON document (midcourse/1 nests 5 levels deep)
MAX_YAML_VALUES = 20_000  # values of one YAML document once its aliases are expanded
MAX_YAML_ALIASES = 100  # aliases (*name) in one YAML document
MAX_CSV_FIELD = 4 * MAX_TEXT_CHARS  # one CSV cell (the csv module's default is 128 KiB)
MAX_NUMBER_DIGITS = 20  # integers with more digits are read as (range-checked) floats
MAX_ABS_NUMBER = 1e9  # any number of the record: a score, a rating, minutes, an instrument's range
FIRST_YEAR, LAST_YEAR = 1900, 2999  # dates outside these years are refused (no overflow in date arithmetic)

_SURROGATE = re.compile("[\ud800-\udfff]")
# The next quote or bracket, and the rest of a JSON string after its opening quote: enough to measure
# nesting in one linear pass (every character is looked at once).
_JSON_MARK = re.compile(r'["\[\]{}]')
_JSON_STRING_REST = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


class InputError(ValueError):
    """Input beyond a limit or not text; the message names the line (and column) where it can."""


def line_col(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _number(text: str) -> int | float:
    # An integer of hundreds of digits makes float() of it overflow and int() of thousands of digits
    # refuse; read long ones as floats, which the range checks then refuse by name.
    return int(text) if len(text.lstrip("-")) <= MAX_NUMBER_DIGITS else float(text)


def _constant(name: str) -> float:
    # Python's json reads NaN and Infinity, which are not JSON and which it would write back as is.
    raise InputError(f"{name} is not a JSON value (write null for a missing number)")


def surrogate(text: str) -> str | None:
    """The first lone surrogate in a text as its escape (e.g. '\\ud83d'), or None."""
    m = _SURROGATE.search(text)
    return f"\\u{ord(m.group()):04x}" if m else None


def read_json(text: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON text within the limits: nesting depth, number size, no lone surrogates.
    Raises InputError naming the line and column; invalid JSON is json.JSONDecodeError as usual."""
    depth = pos = 0
    while (m := _JSON_MARK.search(text, pos)) is not None:
        c, pos = m.group(), m.end()
        if c == '"':
            rest = _JSON_STRING_REST.match(text, pos)
            if rest is None:
                break  # an unterminated string: json.loads says where
            pos = rest.end()
        elif c in "[{":
            depth += 1
            if depth > max_depth:
                line, col = line_col(text, m.start())
                raise InputError(f"line {line}, column {col}: nested deeper than {max_depth} levels")
        else:
            depth -= 1
    data = json.loads(text, parse_int=_number, parse_constant=_constant)
    problem = _first_surrogate(data)
    if problem is not None:
        escape = problem
        at = text.lower().find(escape)
        where = "line {}, column {}: ".format(*line_col(text, at)) if at >= 0 else ""
        raise InputError(f"{where}{escape} is half of a character (a lone surrogate), not text")
    return data


def _first_surrogate(data: Any) -> str | None:
    """The first lone surrogate in any string or key of a parsed JSON value (iterative: no recursion)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found = surrogate(value)
            if found:
                return found
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


def described_json_error(exc: json.JSONDecodeError) -> str:
    """A JSON syntax error as 'line L, column C: invalid JSON (what)'."""
    return f"line {exc.lineno}, column {exc.colno}: invalid JSON ({exc.msg})"

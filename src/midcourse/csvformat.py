"""Sessions as CSV: one row per session, one column per field and per instrument.

Separated by commas, or by semicolons or tabs as European spreadsheets write them (detected from
the header; with semicolons or tabs a decimal comma is read as a decimal point).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from midcourse.limits import MAX_CSV_FIELD
from midcourse.record import FORMAT, SCALES, Record, number
from midcourse.validation import RecordError, Where, parse_record

# A note may be long (up to limits.MAX_TEXT_CHARS); the csv module's default cell limit is 128 KiB.
csv.field_size_limit(MAX_CSV_FIELD)
SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_SURROGATE = re.compile("[\ud800-\udfff]")

SESSION_COLUMNS = ["date", "status", "minutes_late", "notice_hours", "reason"]
CHECKIN_COLUMNS = [*SCALES, "safety", "after", "checkin_note"]
NOTE_COLUMNS = ["note"]
FIXED_COLUMNS = SESSION_COLUMNS + CHECKIN_COLUMNS + NOTE_COLUMNS
_NUMERIC = {"minutes_late", "notice_hours", "safety", *SCALES}
ITEMS_SUFFIX = " items"  # "PHQ-9 items": the item scores, separated by spaces


def columns_for(record: Record) -> list[str]:
    """The fixed columns, then one per instrument that has a score, in name order, and one per
    instrument entered item by item."""
    instruments = sorted({k for s in record.sessions for k in s.measures})
    itemised = sorted({k for s in record.sessions for k in s.items})
    return FIXED_COLUMNS + instruments + [k + ITEMS_SUFFIX for k in itemised]


def to_csv(record: Record) -> str:
    """The record's sessions as CSV text (journal and defenses live only in JSON)."""
    out = _LineWriter()
    # With "\r\n" as its terminator the writer quotes a cell holding a bare "\r" as well as "\n",
    # so that it reads back; the rows themselves end in "\n".
    writer = csv.DictWriter(out, fieldnames=columns_for(record), lineterminator="\r\n")
    writer.writeheader()
    for s in record.sessions:
        d = s.to_dict()
        row: dict[str, Any] = {k: d.get(k, "") for k in SESSION_COLUMNS + NOTE_COLUMNS}
        checkin = d.get("checkin", {})
        for k in (*SCALES, "safety"):
            row[k] = checkin.get(k, "")
        row["after"] = checkin.get("after", "")
        row["checkin_note"] = checkin.get("note", "")
        for k, v in s.measures.items():
            row[k] = number(v)
        for k, items in s.items.items():
            row[k + ITEMS_SUFFIX] = " ".join(str(i) for i in items)
        writer.writerow(row)
    return out.getvalue()


class _LineWriter:
    """A text buffer that ends every written row in "\n" instead of "\r\n"."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text[:-2] + "\n" if text.endswith("\r\n") else text)
        return len(text)

    def getvalue(self) -> str:
        return "".join(self.parts)


_TEXT_COLUMNS = {"reason", "note", "checkin_note"}


def separator(header_line: str, required: list[str]) -> str:
    """The separator with which the header line holds every required column; ValueError saying
    what was tried when none does, or when more than one does."""
    def cells(sep: str) -> set[str]:
        try:
            return {c.strip() for c in next(csv.reader([header_line], delimiter=sep), [])}
        except csv.Error:
            return set()

    fits = [sep for sep in SEPARATORS if set(required) <= cells(sep)]
    if len(fits) == 1:
        return fits[0]
    if not fits:
        raise ValueError(f"the header needs at least the columns {' and '.join(required)} (separated by "
                         "commas, semicolons or tabs)")
    raise ValueError("the header reads the same separated by " + " or by ".join(SEPARATORS[f] for f in fits)
                     + "; use one separator only")


def csv_problem(exc: csv.Error) -> str:
    """What the csv module's error means, in words."""
    if "field larger than field limit" in str(exc):
        return f"a cell longer than {MAX_CSV_FIELD:,} characters"
    return str(exc)


def _value(column: str, text: str, line: int, problems: list[str], decimal_comma: bool = False) -> Any:
    if column not in _TEXT_COLUMNS:  # free text is kept exactly as written, spaces and all
        text = text.strip()
    if text == "":
        return None
    if column.endswith(ITEMS_SUFFIX):
        try:
            return [int(v) for v in text.replace(",", " ").replace(";", " ").split()]
        except ValueError:
            problems.append(f"line {line}, column {column}: '{text}' is not a list of whole numbers")
            return None
    if column in _NUMERIC or column not in FIXED_COLUMNS:
        if decimal_comma and _DECIMAL_COMMA.fullmatch(text):
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            problems.append(f"line {line}, column {column}: '{_clip(text)}' is not a number")
            return None
        return int(value) if value.is_integer() else value
    return text


def _clip(text: str) -> str:
    text = text if len(text) <= 40 else text[:37] + "..."
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def parse_csv(text: str, instruments: dict[str, dict[str, Any]] | None = None,
              source: str | None = None) -> Record:
    """Validate CSV sessions and build a Record of them, or raise RecordError."""
    half = _SURROGATE.search(text)
    if half is not None:  # not from a file (which would not decode), but from a caller's string
        line = text.count("\n", 0, half.start()) + 1
        raise RecordError([f"line {line}: \\u{ord(half.group()):04x} is half of a character (a lone surrogate), "
                           "not text"], source)
    try:
        sep = separator(re.split(r"\r\n|\r|\n", text, maxsplit=1)[0], ["date", "status"])
    except ValueError as exc:
        raise RecordError([f"line 1: {exc}"], source) from None
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=sep)
    problems: list[str] = []
    sessions: list[dict[str, Any]] = []
    lines: list[int] = []
    try:
        header = [name.strip() for name in reader.fieldnames or []]
        reader.fieldnames = header
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:  # e.g. a cell beyond the size limit
        raise RecordError([f"line {reader.line_num + 1}: {csv_problem(exc)}"], source) from None
    for line, row in rows:
        if None in row:
            problems.append(f"line {line}: more values than columns in the header")
            continue
        values = {col: _value(col, row.get(col) or "", line, problems, sep != ",") for col in header}
        session: dict[str, Any] = {k: values[k] for k in SESSION_COLUMNS + NOTE_COLUMNS
                                   if values.get(k) is not None}
        checkin = {k: values[k] for k in (*SCALES, "safety", "after") if values.get(k) is not None}
        if values.get("checkin_note") is not None:
            checkin["note"] = values["checkin_note"]
        if checkin:
            session["checkin"] = checkin
        scores = {k: v for k, v in values.items()
                  if k not in FIXED_COLUMNS and not k.endswith(ITEMS_SUFFIX) and v is not None}
        if scores:
            session["measures"] = scores
        items = {k[: -len(ITEMS_SUFFIX)]: v for k, v in values.items() if k.endswith(ITEMS_SUFFIX) and v is not None}
        if items:
            session["items"] = items
        sessions.append(session)
        lines.append(line)
    doc: dict[str, Any] = {"format": FORMAT, "sessions": sessions}
    if instruments:
        doc["instruments"] = instruments
    try:
        record = parse_record(doc)
    except RecordError as exc:
        problems.extend(_where_in_csv(problem, where, what, lines)
                        for problem, (where, what) in zip(exc.problems, exc.located(), strict=True))
        record = None
    if problems or record is None:
        raise RecordError(problems, source)
    record.instruments = {}
    return record


def _where_in_csv(problem: str, where: Where, what: str, lines: list[int]) -> str:
    """A session's problem as 'line 5, column bond: ...' (anything else as it was)."""
    if where.section != "sessions" or where.index is None:
        return problem
    return f"line {lines[where.index]}, column {where.field}: {what}"


def load_csv(path: str | Path, instruments: dict[str, dict[str, Any]] | None = None) -> Record:
    """Read and validate a CSV file of sessions."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:  # a quoted "\r" stays in its cell
            text = handle.read()
    except UnicodeDecodeError as exc:
        raise RecordError([f"not UTF-8 text ({exc.reason} at byte {exc.start})"], str(path)) from exc
    return parse_csv(text, instruments, str(path))

"""Sessions as CSV: one row per session, one column per field and per instrument."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from midcourse.record import FORMAT, SCALES, Record, number
from midcourse.validation import RecordError, Where, parse_record

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
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns_for(record), lineterminator="\n")
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


def _value(column: str, text: str, line: int, problems: list[str]) -> Any:
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
        try:
            value = float(text)
        except ValueError:
            problems.append(f"line {line}, column {column}: '{text}' is not a number")
            return None
        return int(value) if value.is_integer() else value
    return text


def parse_csv(text: str, instruments: dict[str, dict[str, Any]] | None = None,
              source: str | None = None) -> Record:
    """Validate CSV sessions and build a Record of them, or raise RecordError."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    problems: list[str] = []
    if "date" not in header or "status" not in header:
        raise RecordError(["line 1: the header needs at least the columns date and status"], source)
    sessions: list[dict[str, Any]] = []
    lines: list[int] = []
    for row in reader:
        line = reader.line_num
        if None in row:
            problems.append(f"line {line}: more values than columns in the header")
            continue
        values = {col: _value(col, row.get(col) or "", line, problems) for col in header}
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
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError([f"not UTF-8 text ({exc.reason} at byte {exc.start})"], str(path)) from exc
    return parse_csv(text, instruments, str(path))

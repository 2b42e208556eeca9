"""The researcher's analyses on wide session-level data (one row per person)."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from midcourse.analysis import gains
from midcourse.analysis.outcomes import PersonChange, ReliableChangeRule, assess_people

MISSING = {"", "na", "nan", "n/a", ".", "null", "none"}


class DataError(ValueError):
    """A data file that cannot be analysed as asked."""


@dataclass(frozen=True)
class WideData:
    path: str
    ids: list[str]
    columns: dict[str, list[float | None]]


def read_wide(path: str | Path, id_column: str, columns: list[str]) -> WideData:
    """Read the id column and the named numeric columns; empty or NA cells are missing."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            absent = [c for c in [id_column, *columns] if c not in header]
            if absent:
                raise DataError(f"{path}: no column {', '.join(absent)} (columns: {', '.join(header)})")
            ids: list[str] = []
            values: dict[str, list[float | None]] = {c: [] for c in columns}
            for row in reader:
                ids.append(_id(row[id_column]))
                for c in columns:
                    values[c].append(_number(row[c], path, reader.line_num, c))
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    return WideData(str(path), ids, values)


def _id(text: str) -> str:
    """'1.0' and '1' name the same person (CSV written by R or pandas)."""
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if value.is_integer() else text


def _number(text: str | None, path: Path, line: int, column: str) -> float | None:
    text = (text or "").strip()
    if text.lower() in MISSING:
        return None
    try:
        value = float(text)
    except ValueError:
        raise DataError(f"{path}: line {line}, column {column}: '{text}' is not a number") from None
    if not math.isfinite(value):
        return None
    return value


def sudden_changes(data: WideData, columns: list[str], options: gains.GainOptions) -> list[dict[str, Any]]:
    """One dict per sudden gain (or loss) with the person's id and the columns around it."""
    matrix = [[data.columns[c][i] if data.columns[c][i] is not None else math.nan for c in columns]
              for i in range(len(data.ids))]
    out = []
    for g in gains.find(matrix, options):
        out.append({"id": data.ids[g.row], "pregain_column": columns[g.pregain],
                    "postgain_column": columns[g.postgain], **g.to_dict()})
    return out


def reliable_change(data: WideData, pre: str, post: str, rule: ReliableChangeRule
                    ) -> tuple[list[PersonChange], dict[str, int]]:
    """Each person's reliable change from pre to post, and the counts per category."""
    rows = [(data.ids[i], data.columns[pre][i], data.columns[post][i]) for i in range(len(data.ids))]
    return assess_people(rows, rule)


def pre_sd(data: WideData, pre: str, post: str) -> float:
    """The SD of the pre scores of the complete cases (both pre and post present)."""
    values = [p for p, q in zip(data.columns[pre], data.columns[post], strict=True)
              if p is not None and q is not None]
    if len(values) < 2:
        raise DataError(f"{data.path}: fewer than 2 complete cases: give --sd")
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))

"""The researcher's analyses on wide session-level data (one row per person)."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from midcourse.analysis import gains
from midcourse.analysis.outcomes import PersonChange, ReliableChangeRule, assess_people, cutoff_c
from midcourse.csvformat import csv_problem, separator

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
            first = handle.readline()
            try:
                sep = separator(first, [id_column, *columns])
            except ValueError:
                sep = ","  # the missing columns are named below
            handle.seek(0)
            reader = csv.DictReader(handle, delimiter=sep)
            header = [name.strip() for name in reader.fieldnames or []]
            reader.fieldnames = header
            absent = [c for c in [id_column, *columns] if c not in header]
            if absent:
                raise DataError(f"{path}: no column {', '.join(absent)} (columns: {', '.join(header)})")
            ids: list[str] = []
            values: dict[str, list[float | None]] = {c: [] for c in columns}
            for row in reader:
                if None in row:
                    raise DataError(f"{path}: line {reader.line_num}: more values than columns in the header")
                ids.append(_id(row[id_column] or ""))
                for c in columns:
                    values[c].append(_number(row[c], path, reader.line_num, c, sep != ","))
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: a folder, not a CSV file") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise DataError(f"{path}: line {reader.line_num + 1}: {csv_problem(exc)}") from None
    return WideData(str(path), ids, values)


def _id(text: str) -> str:
    """'1.0' and '1' name the same person (CSV written by R or pandas)."""
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else text


def _number(text: str | None, path: Path, line: int, column: str, decimal_comma: bool = False) -> float | None:
    text = (text or "").strip()
    if text.lower() in MISSING:
        return None
    if decimal_comma and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        shown = (text if len(text) <= 40 else text[:37] + "...").encode("utf-8", "backslashreplace").decode()
        raise DataError(f"{path}: line {line}, column {column}: '{shown}' is not a number") from None
    if not math.isfinite(value):
        return None
    return value


def check_parameter(name: str, value: float | None, low: float | None = None, high: float | None = None,
                    low_open: bool = False, high_open: bool = False) -> None:
    """Refuse a parameter that is not a finite number within its range, naming the option."""
    if value is None:
        return
    if not math.isfinite(value):
        raise DataError(f"{name}: {value} is not a finite number")
    below = low is not None and (value <= low if low_open else value < low)
    above = high is not None and (value >= high if high_open else value > high)
    if below or above:
        left = "" if low is None else f"{'above' if low_open else 'at least'} {low:g}"
        right = "" if high is None else f"{'below' if high_open else 'at most'} {high:g}"
        raise DataError(f"{name}: {value:g} is out of range (it must be {' and '.join(p for p in (left, right) if p)})")


def gain_cutoff(data: WideData, sd_column: str, reliability: float) -> float:
    """Criterion 1's cutoff from a reliability and the SD of a baseline column."""
    check_parameter("--reliability", reliability, 0, 1, low_open=True, high_open=True)
    scores = [v for v in data.columns[sd_column] if v is not None]
    if len(scores) < 2:
        raise DataError(f"{data.path}: column {sd_column} has fewer than 2 scores: its SD cannot be computed")
    cutoff = gains.cutoff_from_reliability(scores, reliability)
    if not cutoff > 0:
        raise DataError(f"{data.path}: the scores of column {sd_column} do not vary (SD 0): give --cutoff")
    return cutoff


def gain_options(cutoff: float, pct: float, critical_value: float | None, **rest: Any) -> gains.GainOptions:
    """Sudden-gain options, each checked: a cutoff above 0, a share from 0 to 1, a critical value above 0."""
    check_parameter("--cutoff", cutoff, 0, low_open=True)
    check_parameter("--pct", pct, 0, 1)
    check_parameter("--critical-value", critical_value, 0, low_open=True)
    return gains.GainOptions(cutoff=cutoff, pct=pct, adjust=critical_value is None,
                             critical_value=critical_value if critical_value is not None else 2.776, **rest)


def change_rule(data: WideData, pre: str, post: str, worse: str, reliability: float | None, sd: float | None,
                threshold: float | None, cutoff: float | None, functional_mean: float | None,
                functional_sd: float | None) -> tuple[ReliableChangeRule, float | None, float | None]:
    """The reliable-change rule for the data, every parameter checked: (rule, sd used, cutoff used)."""
    check_parameter("--reliability", reliability, 0, 1, low_open=True, high_open=True)
    check_parameter("--sd", sd, 0, low_open=True)
    check_parameter("--threshold", threshold, 0, low_open=True)
    check_parameter("--cutoff", cutoff)
    check_parameter("--functional-mean", functional_mean)
    check_parameter("--functional-sd", functional_sd, 0, low_open=True)
    if reliability is not None and sd is None:
        sd = pre_sd(data, pre, post)
    if functional_mean is not None and functional_sd is not None:
        clinical = [v for v in data.columns[pre] if v is not None]
        if not clinical:
            raise DataError(f"{data.path}: column {pre} has no scores: the clinical mean for the cutoff "
                            "cannot be computed")
        sd_clinical = sd if sd is not None else pre_sd(data, pre, post)
        cutoff = cutoff_c(sum(clinical) / len(clinical), sd_clinical, functional_mean, functional_sd)
    rule = ReliableChangeRule(worse, sd=sd if reliability is not None else None,  # type: ignore[arg-type]
                              reliability=reliability, threshold=threshold, cutoff=cutoff)
    return rule, sd, cutoff


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
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
    if not sd > 0:
        raise DataError(f"{data.path}: the pre scores of the complete cases do not vary (SD 0): give --sd")
    return sd

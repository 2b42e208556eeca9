"""The analysis commands: analyze, gains, reliable-change."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from midcourse.cli._common import (
    AsOf,
    Options,
    SettingsFile,
    app,
    assessment_for,
    fail,
    load_settings,
    out,
    parse_as_of,
    read_input,
    table,
)
from midcourse.wording import number


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


RecordPaths = Annotated[list[Path] | None, typer.Argument(
    help="A midcourse/1 JSON file, a CSV of sessions or a vault folder (default: the stored record); with "
         "--each-session, any number of them.", show_default=False)]


@app.command()
def analyze(
    ctx: typer.Context,
    paths: RecordPaths = None,
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    settings_file: SettingsFile = None,
    each_session: Annotated[bool, typer.Option(
        "--each-session", help="The assessment as of each session date of each record: with --json, one JSON "
                               "document per line, with \"record\" (the path as given) and \"as_of\".")] = False,
) -> None:
    """Assess the course of therapy: state, flags, evidence, next step, conversation starter."""
    from midcourse.report import to_text

    if each_session:
        _each_session(ctx, paths or [], as_json, settings_file)
        return
    if paths and len(paths) > 1:
        raise fail("give one record, or several with --each-session")
    _, result = assessment_for(ctx, paths[0] if paths else None, as_of, settings_file)
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        out.print(to_text(result), markup=False, end="")


def _each_session(ctx: typer.Context, paths: list[Path], as_json: bool, settings_file: Path | None) -> None:
    """One line per session date of each record, in one process (one reader for all)."""
    from midcourse.history import history
    from midcourse.store import StoreError
    from midcourse.text.reader import default_reader
    from midcourse.validation import RecordError

    settings = load_settings(settings_file)
    reader = default_reader()
    sources: list[tuple[str, Path | None]] = [(str(p), p) for p in paths] or [("", None)]
    for name, path in sources:
        try:
            if path is not None:
                record = read_input(path)
            else:
                opts: Options = ctx.obj
                record = opts.load_record()
                name = opts.client or "stored record"
        except (RecordError, StoreError) as exc:
            raise fail(str(exc)) from None
        for point in history(record, settings, reader):
            a = point.assessment
            if as_json:
                sys.stdout.write(json.dumps({"record": name, **a.to_dict()}, ensure_ascii=False) + "\n")
            else:
                out.print(f"{name}\t{a.as_of.isoformat()}\t{a.state}\t{', '.join(a.flags)}", markup=False)


def _columns(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def _emit(rows: list[dict[str, Any]], fmt: OutputFormat, fields: list[str], title: str,
          labels: dict[str, str] | None = None) -> None:
    if fmt == OutputFormat.json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    if fmt == OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.write(buffer.getvalue())
        return
    cells = [["" if row.get(f) is None else str(row.get(f)) for f in fields] for row in rows]
    headers = [(labels or {}).get(f, f.replace("_", " ")) for f in fields]
    out.print(table(title, headers, cells, unbroken=("id",)))


# Short headers for the table (CSV and JSON keep the field names): it fits 80 columns.
GAIN_LABELS = {"pregain_column": "from", "postgain_column": "to", "pregain_score": "score from",
               "postgain_score": "score to", "magnitude": "size", "pre_mean": "mean before",
               "post_mean": "mean after", "critical_value": "critical value"}


@app.command()
def gains(
    file: Annotated[Path, typer.Argument(help="Wide CSV: one row per person, one column per session.")],
    id_column: Annotated[str, typer.Option("--id-column", help="The column that identifies a person.")],
    columns: Annotated[str, typer.Option(help="The session columns in order, comma-separated.")],
    cutoff: Annotated[float | None, typer.Option(help="Criterion 1: the minimum change in points.")] = None,
    reliability: Annotated[float | None, typer.Option(
        help="Derive the cutoff from this reliability and the SD of --sd-column.")] = None,
    sd_column: Annotated[str | None, typer.Option("--sd-column", help="Baseline column for the SD.")] = None,
    pct: Annotated[float, typer.Option(help="Criterion 2: share of the pre-gain score.")] = 0.25,
    no_crit3: Annotated[bool, typer.Option("--no-crit3", help="Do not apply criterion 3.")] = False,
    critical_value: Annotated[float | None, typer.Option(
        help="A fixed critical value for criterion 3 (turns off the adjustment for missing values).")] = None,
    losses: Annotated[bool, typer.Option("--losses", help="Find sudden losses instead of gains.")] = False,
    mirrored_pct: Annotated[bool, typer.Option(
        "--mirrored-pct", help="Losses: criterion 2 as an increase of pct x the pre-loss score.")] = False,
    format: Annotated[OutputFormat, typer.Option(help="table, csv or json.")] = OutputFormat.table,
) -> None:
    """Sudden gains (or losses), as the R package suddengains identifies them."""
    from midcourse.research import DataError, gain_cutoff, gain_options, read_wide, sudden_changes

    names = _columns(columns)
    if len(names) < 4:
        raise fail("--columns: give at least 4 session columns")
    if (cutoff is None) == (reliability is None):
        raise fail("give either --cutoff, or --reliability with --sd-column")
    if reliability is not None and sd_column is None:
        raise fail("--reliability needs --sd-column (the baseline scores whose SD is used)")
    try:
        data = read_wide(file, id_column, names + ([sd_column] if sd_column else []))
        if reliability is not None and sd_column is not None:
            cutoff = gain_cutoff(data, sd_column, reliability)
        assert cutoff is not None
        options = gain_options(cutoff, pct, critical_value, crit3=not no_crit3, losses=losses,
                               loss_pct_rule="mirrored" if mirrored_pct else "package")
    except DataError as exc:
        raise fail(str(exc))
    rows = sudden_changes(data, names, options)
    fields = ["id", "kind", "pregain_column", "postgain_column", "pregain_score", "postgain_score",
              "magnitude", "reversal", "pre_mean", "post_mean", "critical_value"]
    kind = "losses" if losses else "gains"
    _emit(rows, format, fields,
          f"{len(rows)} sudden {kind} in {len({r['id'] for r in rows})} of {len(data.ids)} people "
          f"(cutoff {number(cutoff, 3)})", GAIN_LABELS)


@app.command("reliable-change")
def reliable_change(
    file: Annotated[Path, typer.Argument(help="CSV: one row per person.")],
    id_column: Annotated[str, typer.Option("--id-column", help="The column that identifies a person.")],
    pre: Annotated[str, typer.Option(help="The pre-treatment column.")],
    post: Annotated[str, typer.Option(help="The post-treatment column.")],
    worse: Annotated[str, typer.Option(help="Which direction is worse: higher or lower.")],
    reliability: Annotated[float | None, typer.Option(help="Reliability (r_xx) of the measure.")] = None,
    sd: Annotated[float | None, typer.Option(
        help="Norm SD (default: SD of the pre scores of complete cases).")] = None,
    threshold: Annotated[float | None, typer.Option(help="A reliable-change threshold in points.")] = None,
    cutoff: Annotated[float | None, typer.Option(help="Clinical cutoff.")] = None,
    functional_mean: Annotated[float | None, typer.Option(help="Functional population mean (cutoff c).")] = None,
    functional_sd: Annotated[float | None, typer.Option(help="Functional population SD (cutoff c).")] = None,
    format: Annotated[OutputFormat, typer.Option(help="table, csv or json.")] = OutputFormat.table,
) -> None:
    """Reliable change and clinical significance (Jacobson & Truax 1991) from pre to post."""
    from midcourse.research import DataError, change_rule, read_wide
    from midcourse.research import reliable_change as run

    if worse not in ("higher", "lower"):
        raise fail(f"--worse: '{worse}' is not higher or lower")
    if (reliability is None) == (threshold is None):
        raise fail("give either --reliability (with an optional --sd) or --threshold")
    if cutoff is not None and (functional_mean is not None or functional_sd is not None):
        raise fail("give either --cutoff or --functional-mean with --functional-sd, not both")
    if (functional_mean is None) != (functional_sd is None):
        raise fail("--functional-mean and --functional-sd go together")
    try:
        data = read_wide(file, id_column, [pre, post])
        rule, sd, cutoff = change_rule(data, pre, post, worse, reliability, sd, threshold, cutoff,
                                       functional_mean, functional_sd)
    except DataError as exc:
        raise fail(str(exc))
    people, summary = run(data, pre, post, rule)
    if format == OutputFormat.json:
        document = {"people": [p.to_dict() for p in people], "summary": summary,
                    "parameters": {"sd": sd, "reliability": reliability, "threshold": threshold,
                                   "cutoff": cutoff, "worse": worse}}
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return
    rows = [p.to_dict() for p in people]
    _emit(rows, format, ["id", "pre", "post", "change", "rci", "category"],
          "; ".join(f"{k} {v}" for k, v in summary.items()))


@app.command()
def caseload(
    ctx: typer.Context,
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """Every client in the database, most urgent first: state, flags, last session."""
    from midcourse.caseload import caseload as run
    from midcourse.text.reader import default_reader

    opts: Options = ctx.obj
    date = parse_as_of(as_of)
    with opts.store() as store:
        rows = run(store, date, reader=default_reader())
    if as_json:
        sys.stdout.write(json.dumps([r.to_dict() for r in rows], indent=2) + "\n")
        return
    cells = [[r.client, r.assessment.state, ", ".join(r.assessment.flags), r.last_session or ""] for r in rows]
    out.print(table(f"{len(rows)} clients, most urgent first", ["client", "state", "flags", "last session"], cells,
                    unbroken=("last session",)))

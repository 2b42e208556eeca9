"""Moving records in and out: import (JSON, CSV, a vault) and export (JSON, CSV)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from midcourse.cli._common import ImportFormat, Options, app, err, fail, out, read_input


@app.command("import")
def import_file(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A midcourse/1 JSON file, a CSV of sessions or a vault folder.")],
    format: Annotated[ImportFormat, typer.Option(help="Input format (default: by extension).")]
    = ImportFormat.auto,
    another_on_same_day: Annotated[bool, typer.Option(
        "--another-on-same-day", help="Add sessions on days that have a stored session already, as second "
                                      "sessions of those days.")] = False,
) -> None:
    """Import a record into a client's: all of it or nothing; importing the same file again changes nothing.
    A session the record has is updated field by field (what the file leaves out stays); every change is
    named. A file for another client than the stored one needs --client."""
    from midcourse.cli._write import today
    from midcourse.store import StoreError
    from midcourse.validation import RecordError

    opts: Options = ctx.obj
    if path.is_dir():
        _import_vault(opts, path, another_on_same_day)
        return
    with opts.store() as store:
        try:
            instruments: dict[str, dict[str, Any]] = {}
            keys = store.clients()
            if opts.client in keys or (opts.client is None and len(keys) == 1):
                instruments = store.load(opts.client).instruments
            record = read_input(path, format, instruments)
            summary = store.import_record(record, opts.client, today=today(),
                                          another_on_same_day=another_on_same_day)
        except RecordError as exc:
            raise not_imported(path, exc, "file") from None
        except StoreError as exc:
            raise fail(str(exc)) from None
    _said(f"Imported {path} into the record '{summary.client}'", summary)


def not_imported(path: Path, exc: Exception, source: str) -> typer.Exit:
    """Say why nothing was imported, in the user's words."""
    from midcourse.cli._write import refusal
    from midcourse.entries import SameDayError

    err.print(f"Error: {path} was not imported; nothing was changed:", markup=False)
    if isinstance(exc, SameDayError):
        for line in refusal(exc).lines:
            err.print(line.replace("--date: ", "", 1).replace("give --date ", f"give the {source} that date-time ")
                      .replace("add --another-on-same-day", "import with --another-on-same-day"), markup=False)
    else:
        err.print(str(exc), markup=False)
    return typer.Exit(1)


def _said(headline: str, summary: Any) -> None:
    out.print(f"{headline}: {summary.describe()}.", markup=False)
    for change in summary.changes:
        out.print(f"  {change}", markup=False)


def _import_vault(opts: Options, path: Path, another_on_same_day: bool) -> None:
    from midcourse.cli._write import today
    from midcourse.store import StoreError
    from midcourse.validation import RecordError

    with opts.store() as store:
        try:
            from midcourse.sync import import_vault

            summary, read = import_vault(store, path, opts.client, today=today(),
                                         another_on_same_day=another_on_same_day)
        except RecordError as exc:
            raise not_imported(path, exc, "note") from None
        except StoreError as exc:
            raise fail(str(exc)) from None
    for warning in read.warnings:
        err.print(f"warning: {warning}", markup=False)
    c = read.counts
    _said(f"Imported the vault {path} into the record '{summary.client}'", summary)
    out.print(f"{c['notes']} notes ({c['read']} read, {c['unchanged']} unchanged): {c['session']} sessions, "
              f"{c['journal']} journal, {c['defense']} defense, {c['other']} other notes skipped, "
              f"{c['problems']} with problems; {len(read.warnings)} warnings.", markup=False)


class ExportFormat(str, Enum):
    json = "json"
    csv = "csv"


@app.command("export")
def export(
    ctx: typer.Context,
    format: Annotated[ExportFormat, typer.Option(help="json (the whole record) or csv (sessions).")]
    = ExportFormat.json,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")]
    = None,
) -> None:
    """Export the record as midcourse/1 JSON or as CSV."""
    from midcourse.csvformat import to_csv

    opts: Options = ctx.obj
    record = opts.load_record()
    text = (json.dumps(record.to_dict(), indent=2, ensure_ascii=False) + "\n"
            if format == ExportFormat.json else to_csv(record))
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"Wrote {output}", markup=False)

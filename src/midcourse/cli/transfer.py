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
    path: Annotated[Path, typer.Argument(help="A midcourse/1 JSON file or a CSV of sessions.")],
    format: Annotated[ImportFormat, typer.Option(help="Input format (default: by extension).")]
    = ImportFormat.auto,
) -> None:
    """Import a record: all of it or nothing; importing the same file again changes nothing."""
    from midcourse.store import StoreError
    from midcourse.validation import RecordError

    opts: Options = ctx.obj
    if path.is_dir():
        _import_vault(opts, path)
        return
    with opts.store() as store:
        try:
            instruments: dict[str, dict[str, Any]] = {}
            keys = store.clients()
            if opts.client in keys or (opts.client is None and len(keys) == 1):
                instruments = store.load(opts.client).instruments
            record = read_input(path, format, instruments)
            summary = store.import_record(record, opts.client)
        except RecordError as exc:
            err.print(f"Error: {path} was not imported; nothing was changed:", markup=False)
            err.print(str(exc), markup=False)
            raise typer.Exit(1)
        except StoreError as exc:
            raise fail(str(exc)) from None
    out.print(f"Imported {path}: {summary.describe()}.", markup=False)


def _import_vault(opts: Options, path: Path) -> None:
    from midcourse.store import StoreError

    with opts.store() as store:
        try:
            from midcourse.sync import import_vault

            summary, read = import_vault(store, path, opts.client)
        except StoreError as exc:
            raise fail(str(exc)) from None
    for warning in read.warnings:
        err.print(f"warning: {warning}", markup=False)
    c = read.counts
    out.print(f"Imported the vault {path}: {summary.describe()}.", markup=False)
    out.print(f"{c['notes']} notes ({c['read']} read, {c['unchanged']} unchanged): {c['session']} sessions, "
              f"{c['journal']} journal, {c['defense']} defense, {c['other']} other notes skipped, "
              f"{c['skipped']} with problems; {len(read.warnings)} warnings.", markup=False)


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
    from midcourse.store import StoreError

    opts: Options = ctx.obj
    with opts.store() as store:
        try:
            record = store.load(opts.client)
        except StoreError as exc:
            raise fail(str(exc)) from None
    text = (json.dumps(record.to_dict(), indent=2, ensure_ascii=False) + "\n"
            if format == ExportFormat.json else to_csv(record))
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"Wrote {output}", markup=False)

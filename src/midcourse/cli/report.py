"""`midcourse report` and `midcourse vault init`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from midcourse.cli._common import AsOf, RecordPath, SettingsFile, app, assessment_for, err, fail, out

vault_app = typer.Typer(help="Work with an Obsidian vault.", no_args_is_help=True)
app.add_typer(vault_app, name="vault")


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    pdf = "pdf"


@app.command()
def report(
    ctx: typer.Context,
    path: RecordPath = None,
    format: Annotated[ReportFormat, typer.Option(help="md (Markdown), html (a printable page) or pdf.")]
    = ReportFormat.md,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")] = None,
    vault: Annotated[Path | None, typer.Option(
        help="Read this vault and write the report into it as Midcourse/Assessment DATE.md.")] = None,
    as_of: AsOf = None,
    settings_file: SettingsFile = None,
) -> None:
    """The assessment as a report; with --vault, as a note in the vault that links its evidence."""
    from midcourse.report import to_html, to_markdown, to_pdf, to_vault_note

    if vault is not None:
        from midcourse.vault import read_vault, write_note
        from midcourse.vault_files import VaultFileError

        if not vault.is_dir():
            raise fail(f"{vault}: not a folder")
        read = read_vault(vault)
        for warning in read.warnings:
            err.print(f"warning: {warning}", markup=False)
        record, result = assessment_for(ctx, vault, as_of, settings_file, read.record)
        try:
            written = write_note(vault, f"Assessment {result.as_of.isoformat()}", to_vault_note(result, read.refs))
        except VaultFileError as exc:
            raise fail(str(exc)) from None
        out.print(f"Wrote {written}", markup=False)
        return
    record, result = assessment_for(ctx, path, as_of, settings_file)
    if format == ReportFormat.pdf:
        data = to_pdf(to_html(record, result))
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            output.write_bytes(data)
            err.print(f"Wrote {output}", markup=False)
        return
    text = to_markdown(result) if format == ReportFormat.md else to_html(record, result)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"Wrote {output}", markup=False)


@vault_app.command("init")
def vault_init(path: Annotated[Path, typer.Argument(help="The vault folder.")]) -> None:
    """Add midcourse's note templates and a midcourse.yaml to a vault (nothing is overwritten)."""
    from midcourse.vault import init_vault
    from midcourse.vault_files import VaultFileError

    try:
        written = init_vault(path)
    except (FileNotFoundError, VaultFileError) as exc:
        raise fail(str(exc)) from None
    if not written:
        out.print(f"{path} already has midcourse's templates and midcourse.yaml; nothing changed.", markup=False)
    for rel in written:
        out.print(f"Added {path / rel}", markup=False)

"""The database itself: `midcourse doctor` (is it healthy, and what to do) and `midcourse backup FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from midcourse.cli._common import Options, app, err, fail, out

MARKS = {True: "ok  ", False: "FAIL", None: "note"}


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check the database: the file, its permissions, integrity, schema, encryption, lock and disk space."""
    from midcourse.doctor import examine

    opts: Options = ctx.obj
    checks = examine(opts.db)
    for check in checks:
        out.print(f"{MARKS[check.ok]} {check.name}: {check.detail}", markup=False)
        if check.advice:
            out.print(f"     what to do: {check.advice}", markup=False)
    failed = [c for c in checks if c.ok is False]
    out.print(f"{len(failed)} problem{'s' if len(failed) != 1 else ''} found." if failed else "No problems found.",
              markup=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The new backup file (it must not exist yet).")],
) -> None:
    """Write a consistent copy of the database, also while the app is running (SQLite)."""
    from midcourse.doctor import BackupError
    from midcourse.doctor import backup as make_backup

    opts: Options = ctx.obj
    try:
        written = make_backup(opts.db, file)
    except BackupError as exc:
        raise fail(str(exc)) from None
    size = written.stat().st_size
    out.print(f"Wrote a backup of the database to {written} ({size:,} bytes, checked).", markup=False)
    err.print("Keep it as safe as the database: it holds the same record (encrypted text stays encrypted).",
              markup=False)

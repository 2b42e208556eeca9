"""`midcourse instrument add|list`: the questionnaires a record can score, built in or its own."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from midcourse import entries
from midcourse.cli._common import app, fail
from midcourse.cli._write import write

instrument_app = typer.Typer(help="The questionnaires the record can score: list them, or define your own.",
                             no_args_is_help=True)
app.add_typer(instrument_app, name="instrument")


@instrument_app.command("add")
def add_instrument(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Its id, e.g. BDI (a built-in id overrides the built-in facts).")],
    low: Annotated[float, typer.Option("--min", help="The lowest possible score.")],
    high: Annotated[float, typer.Option("--max", help="The highest possible score.")],
    worse: Annotated[str, typer.Option(help="Which scores are worse: higher or lower.")],
    cutoff: Annotated[float | None, typer.Option(
        help="Clinical cutoff: clinical at or above it where higher is worse, below it where lower is worse.",
        show_default=False)] = None,
    reliable_change: Annotated[float | None, typer.Option(
        help="The reliable-change threshold in points (or give --reliability and --sd).", show_default=False)]
    = None,
    reliability: Annotated[float | None, typer.Option(
        help="Reliability (0-1, e.g. Cronbach's alpha), with --sd: the threshold is 1.96 x sqrt(2) x SD x "
             "sqrt(1 - reliability) (Jacobson & Truax 1991).", show_default=False)] = None,
    sd: Annotated[float | None, typer.Option(help="The norm SD (with --reliability).", show_default=False)] = None,
) -> None:
    """Define an instrument of this record (or change one): its range, direction, cutoff, reliable change."""
    if worse not in ("higher", "lower"):
        raise fail(f"--worse: '{worse}' is not higher or lower (which scores mean the client is worse off)")
    if reliable_change is not None and (reliability is not None or sd is not None):
        raise fail("--reliable-change: give the threshold, or --reliability with --sd, not both")
    fields: dict[str, Any] = {"min": low, "max": high, "worse": worse}
    for key, value in (("cutoff", cutoff), ("reliable_change", reliable_change), ("reliability", reliability),
                       ("sd", sd)):
        if value is not None:
            fields[key] = value
    names = {"min": "--min", "max": "--max", "worse": "--worse", "cutoff": "--cutoff",
             "reliable_change": "--reliable-change", "reliability": "--reliability", "sd": "--sd", "id": "NAME"}
    write(ctx, lambda r: entries.define_instrument(r, name, fields), names=names)


@instrument_app.command("list")
def list_instruments(ctx: typer.Context) -> None:
    """The instruments this record can score: the built-in ones and its own."""
    from midcourse.cli.listing import Listing, list_record

    list_record(ctx, Listing.instruments)

"""`midcourse reminders`: the planned sessions and weekly slots, as words or as an iCalendar file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from midcourse.cli._common import Options, app, fail, out


@app.command()
def reminders(
    ctx: typer.Context,
    ics: Annotated[bool, typer.Option("--ics", help="Write an iCalendar file (import it into a calendar app).")]
    = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Where to write the file (default: "
                                                                      "standard output).", show_default=False)] = None,
    weekly: Annotated[list[str] | None, typer.Option(
        "--weekly", help="A weekly session slot, e.g. 'Mon 17:00' (repeat for several).", show_default=False)] = None,
    alarm_minutes: Annotated[int, typer.Option(help="Minutes after each session to ask for the check-in.")] = 15,
    length: Annotated[int, typer.Option(help="Length of a session in minutes.")] = 50,
) -> None:
    """Reminders of the planned sessions (and weekly slots), each followed by a check-in alarm."""
    from midcourse.record import Record, day
    from midcourse.reminders import calendar, parse_weekly
    from midcourse.store import StoreError
    from midcourse.wording import when_words

    try:
        slots = [parse_weekly(w) for w in weekly or []]
    except ValueError as exc:
        raise fail(f"--weekly: {exc}") from None
    if not 0 <= alarm_minutes <= 24 * 60 or not 1 <= length <= 24 * 60:
        raise fail("--alarm-minutes must be 0 to 1440 and --length 1 to 1440")
    opts: Options = ctx.obj
    with opts.store() as store:
        try:
            key = store.resolve_client(opts.client)
            record: Record = store.load(key)
        except StoreError as exc:
            raise fail(str(exc)) from None
    if ics:
        text = calendar(record, slots, session_minutes=length, alarm_minutes=alarm_minutes, salt=key)
        if output is None:
            typer.echo(text, nl=False)
        else:
            output.write_bytes(text.encode("utf-8"))
            out.print(f"Wrote {output}: import it into your calendar app.", markup=False)
        return
    import datetime as dt

    planned = [s for s in record.sessions if s.planned and day(s.date) >= dt.date.today()]
    if not planned and not slots:
        out.print("No planned sessions. Add one with `midcourse add session --status planned`, or give "
                  "--weekly 'Mon 17:00'.", markup=False)
    for s in planned:
        out.print(f"{when_words(s.date)}: session, then a check-in reminder {alarm_minutes} min after", markup=False)
    for slot in slots:
        out.print(f"Every {slot}: session, then a check-in reminder {alarm_minutes} min after", markup=False)

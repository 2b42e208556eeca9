"""`midcourse safety --safe|--not-safe`: the answer to "are you safe right now?", dated, in the record."""

from __future__ import annotations

from typing import Annotated

import typer

from midcourse import entries
from midcourse.cli._common import SettingsFile, app, fail
from midcourse.cli._write import now, today, write


@app.command()
def safety(
    ctx: typer.Context,
    safe: Annotated[bool | None, typer.Option(
        "--safe/--not-safe", help="Your answer to 'are you safe right now?' (--safe also says: that is not "
                                  "what I meant).", show_default=False)] = None,
    date: Annotated[str | None, typer.Option(help="When you answered (default: now).", show_default=False)] = None,
    text: Annotated[str | None, typer.Option(help="The words you answer about, as you wrote them.",
                                             show_default=False)] = None,
    text_date: Annotated[str | None, typer.Option("--text-date", help="The date you wrote them.",
                                                  show_default=False)] = None,
    settings_file: SettingsFile = None,
) -> None:
    """Record your answer to "are you safe right now?": a safe answer clears the crisis raised by the
    words it answers (the resources stay); not safe keeps it, and shows the resources first."""
    from midcourse.cli.record import crisis_resources_first

    if safe is None:
        raise fail("give your answer: --safe, or --not-safe")
    given = {"date": date or now(), "answer": "safe" if safe else "not_safe"}
    if text:
        given["text"] = text
    if text_date:
        given["text_date"] = text_date
    write(ctx, lambda r: entries.save_safety_answer(r, given, today=today()),
          names={"date": "--date", "text": "--text", "text_date": "--text-date"},
          lead=None if safe else (lambda: crisis_resources_first(settings_file)))

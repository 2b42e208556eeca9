"""Keeping the record: init, add, list, the defense catalogue and the demo."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.table import Table

from midcourse.cli._common import Options, app, date_option, edit, fail, out
from midcourse.record import AFTER_FEELINGS, STATUSES, CheckIn, Record, Session, format_when
from midcourse.wording import number

add_app = typer.Typer(help="Add a session, check-in, score, journal entry or defense.",
                      no_args_is_help=True)
app.add_typer(add_app, name="add")


@app.command()
def init(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option(help="The client's name (or a pseudonym).")] = None,
    started: Annotated[str | None, typer.Option(help="The date therapy started.")] = None,
) -> None:
    """Create an empty record."""
    from midcourse.record import Client
    from midcourse.store import DEFAULT_CLIENT, StoreError

    opts: Options = ctx.obj
    key = opts.client or name or DEFAULT_CLIENT
    start = date_option(started, "--started")
    record = Record(client=Client(name=name, therapy_started=start.date()
                                  if isinstance(start, dt.datetime) else start))
    with opts.store() as store:
        try:
            store.create_client(key, record)
        except StoreError as exc:
            raise fail(str(exc)) from None
        out.print(f"Created the record '{key}' in {store.display_url()}", markup=False)


@add_app.command("session")
def add_session(
    ctx: typer.Context,
    date: Annotated[str, typer.Option(prompt="Scheduled date-time (YYYY-MM-DDTHH:MM)",
                                      help="Scheduled date-time.")],
    status: Annotated[str, typer.Option(prompt="Status (" + ", ".join(STATUSES) + ")",
                                        help="One of: " + ", ".join(STATUSES) + ".")] = "attended",
    late: Annotated[float | None, typer.Option(help="Minutes late (attended).")] = None,
    notice_hours: Annotated[float | None, typer.Option(help="Hours of notice (cancellations).")] = None,
    reason: Annotated[str, typer.Option(help="Reason (cancellations).")] = "",
    note: Annotated[str, typer.Option(help="A free-text session note.")] = "",
) -> None:
    """Add (or replace) a session."""
    when = date_option(date)
    if status not in STATUSES:
        raise fail(f"--status: '{status}' is not one of " + ", ".join(STATUSES))
    session = Session(date=when, status=status, minutes_late=late, notice_hours=notice_hours,
                      reason=reason, note=note)

    def change(record: Record) -> None:
        old = record.session_at(session.key)
        if old is not None:
            session.checkin, session.measures = old.checkin, old.measures
            record.sessions.remove(old)
        record.sessions.append(session)

    edit(ctx, change)
    out.print(f"Recorded the session of {session.key} ({status}).", markup=False)


def _target_session(record: Record, date: str | None) -> Session:
    if date is not None:
        key = format_when(date_option(date))
        session = record.session_at(key)
        if session is None:
            raise fail(f"no session at {key}; add it first with `midcourse add session`")
        return session
    attended = [s for s in record.sessions if s.attended]
    if not attended:
        raise fail("no attended session yet; add one with `midcourse add session`")
    return attended[-1]


def _scale(label: str) -> Any:
    return typer.Option(prompt=f"{label} (0-10)", min=0, max=10, help=f"{label}, 0-10.")


@add_app.command("checkin")
def add_checkin(
    ctx: typer.Context,
    bond: Annotated[float, _scale("Bond: felt understood and respected")],
    goals: Annotated[float, _scale("Goals: worked on what I want")],
    tasks: Annotated[float, _scale("Tasks: the way we work fits me")],
    depth: Annotated[float, _scale("Depth: talked about what really matters")],
    insight: Annotated[float, _scale("Insight: learned something about myself")],
    quit: Annotated[float, _scale("Quit: thinking about stopping therapy")],
    after: Annotated[str, typer.Option(prompt="Feeling after (" + ", ".join(AFTER_FEELINGS) + ")",
                                       help="One of: " + ", ".join(AFTER_FEELINGS) + ".")],
    date: Annotated[str | None, typer.Option(
        help="The session's date-time (default: the latest attended session).")] = None,
    note: Annotated[str, typer.Option(help="An optional note.")] = "",
) -> None:
    """Add the post-session check-in to a session."""
    if after not in AFTER_FEELINGS:
        raise fail(f"--after: '{after}' is not one of " + ", ".join(AFTER_FEELINGS))
    chosen: list[str] = []

    def change(record: Record) -> None:
        session = _target_session(record, date)
        session.checkin = CheckIn(bond=bond, goals=goals, tasks=tasks, depth=depth,
                                  insight=insight, quit=quit, after=after, note=note)
        chosen.append(session.key)

    edit(ctx, change)
    out.print(f"Recorded the check-in for {chosen[0]}.", markup=False)


@add_app.command("measure")
def add_measure(
    ctx: typer.Context,
    instrument: Annotated[str | None, typer.Argument(help="Instrument id, e.g. PHQ-9 (asked if missing).",
                                                     show_default=False)] = None,
    score: Annotated[float | None, typer.Argument(help="The total score (asked if missing).",
                                                  show_default=False)] = None,
    date: Annotated[str | None, typer.Option(
        help="The session's date-time (default: the latest attended session).")] = None,
) -> None:
    """Add a questionnaire's total score to a session."""
    if instrument is None:
        instrument = str(typer.prompt("Instrument (e.g. PHQ-9)"))
    if score is None:
        score = float(typer.prompt(f"{instrument} total score", type=float))
    chosen: list[str] = []

    def change(record: Record) -> None:
        session = _target_session(record, date)
        session.measures[instrument] = score
        chosen.append(session.key)

    edit(ctx, change)
    out.print(f"Recorded {instrument} = {number(score)} for {chosen[0]}.", markup=False)


@add_app.command("journal")
def add_journal(
    ctx: typer.Context,
    text: Annotated[str, typer.Option(prompt="Entry", help="The entry's text.")],
    date: Annotated[str | None, typer.Option(help="Its date (default: today).")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag (repeatable).")] = None,
) -> None:
    """Add a journal entry."""
    from midcourse.record import JournalEntry

    when = date_option(date) if date else dt.date.today()
    edit(ctx, lambda r: r.journal.append(JournalEntry(date=when, text=text, tags=list(tag or []))))
    out.print(f"Recorded a journal entry for {format_when(when)}.", markup=False)


@add_app.command("defense")
def add_defense(
    ctx: typer.Context,
    defense: Annotated[str | None, typer.Argument(help="A defense from `midcourse defenses` (asked if missing).",
                                                  show_default=False)] = None,
    date: Annotated[str | None, typer.Option(help="Its date (default: today).")] = None,
    note: Annotated[str, typer.Option(help="An optional note.")] = "",
) -> None:
    """Add a defense you noticed in yourself."""
    from midcourse.defenses import CATALOGUE, normalize_name
    from midcourse.record import DefenseObservation

    if defense is None:
        defense = str(typer.prompt("Defense (see `midcourse defenses`)"))
    name = normalize_name(defense)
    if name not in CATALOGUE:
        raise fail(f"'{defense}' is not in the DMRS catalogue; `midcourse defenses` lists them")
    when = date_option(date) if date else dt.date.today()
    edit(ctx, lambda r: r.defenses.append(DefenseObservation(date=when, defense=name, note=note)))
    out.print(f"Recorded {name} on {format_when(when)}.", markup=False)


@app.command("defenses")
def list_defenses() -> None:
    """The defense catalogue (DMRS), level by level, in plain words."""
    from midcourse.defenses import CATALOGUE, LEVEL_NAMES

    for level in sorted(LEVEL_NAMES, reverse=True):
        out.print(f"Level {level}: {LEVEL_NAMES[level]}", markup=False)
        for d in CATALOGUE.values():
            if d.level == level:
                out.print(f"  {d.id}: {d.description}", markup=False)


@app.command("list")
def list_sessions(ctx: typer.Context) -> None:
    """Show the record's sessions."""
    from midcourse.store import StoreError

    opts: Options = ctx.obj
    with opts.store() as store:
        try:
            key = store.resolve_client(opts.client)
            record = store.load(key)
        except StoreError as exc:
            raise fail(str(exc)) from None
    table = Table(title=f"{key}: {len(record.sessions)} sessions, {len(record.journal)} journal "
                        f"entries, {len(record.defenses)} defense notes")
    for column in ("date", "status", "late", "alliance", "depth", "insight", "quit", "after", "scores"):
        table.add_column(column, no_wrap=column != "scores")
    for s in record.sessions:
        c = s.checkin
        alliance = c.alliance_index() if c else None
        table.add_row(
            s.key, s.status.replace("_", " "), number(s.minutes_late) if s.minutes_late else "",
            number(alliance, 1) if alliance is not None else "",
            *(number(getattr(c, n)) if c and getattr(c, n) is not None else "" for n in ("depth", "insight", "quit")),
            (c.after or "") if c else "",
            ", ".join(f"{k} {number(v)}" for k, v in sorted(s.measures.items())))
    out.print(table)


@app.command()
def demo(ctx: typer.Context,
         replace: Annotated[bool, typer.Option(help="Replace an existing demo record.")] = False) -> None:
    """Write the demo record (client 'demo'): 20 weekly sessions with a wall and a breakthrough."""
    from midcourse.demo import demo_record

    opts: Options = ctx.obj
    with opts.store() as store:
        if "demo" in store.clients() and not replace:
            raise fail("a demo record exists already; use --replace to write it again")
        store.save("demo", demo_record())
        out.print(f"Wrote the demo record 'demo' to {store.display_url()}", markup=False)

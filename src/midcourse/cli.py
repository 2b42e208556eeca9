"""The `midcourse` command line: parses input, calls the library, renders the result."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from midcourse.record import AFTER_FEELINGS, STATUSES, CheckIn, Record, Session, format_when, parse_when

app = typer.Typer(help="A private companion for the hard middle of psychotherapy.",
                  no_args_is_help=True, add_completion=False, rich_markup_mode=None)
add_app = typer.Typer(help="Add a session, check-in, score, journal entry or defense.",
                      no_args_is_help=True)
app.add_typer(add_app, name="add")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class Options:
    """What the global options chose: the database and the client."""

    def __init__(self, db: str | None, client: str | None):
        self.db = db
        self.client = client

    def store(self) -> Any:
        from midcourse.store import Store, StoreError

        try:
            return Store(self.db)
        except StoreError as exc:  # e.g. an encrypted record without its passphrase
            raise fail(str(exc))


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"Error: {message}", markup=False)
    return typer.Exit(code)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        help="SQLite file or database URL (default: MIDCOURSE_DB, else the user data directory).",
        show_default=False)] = None,
    client: Annotated[str | None, typer.Option(
        help="Which client's record (default: the only one).", show_default=False)] = None,
) -> None:
    ctx.obj = Options(db, client)


def _when(text: str | None, what: str = "date") -> Any:
    if text is None:
        return None
    try:
        return parse_when(text)
    except ValueError:
        raise fail(f"{what}: '{text}' is not an ISO 8601 date or date-time (e.g. 2026-03-02T17:00)")


def _edit(ctx: typer.Context, change: Any) -> Record:
    """Load the record, apply a change, validate the result, and save it in one step."""
    from midcourse.store import StoreError
    from midcourse.validation import RecordError

    opts: Options = ctx.obj
    with opts.store() as store:
        try:
            result: Record = store.update(opts.client, change)
        except (StoreError, RecordError) as exc:
            raise fail(str(exc))
    return result


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
    start = _when(started, "--started")
    record = Record(client=Client(name=name, therapy_started=start.date()
                                  if isinstance(start, dt.datetime) else start))
    with opts.store() as store:
        try:
            store.create_client(key, record)
        except StoreError as exc:
            raise fail(str(exc))
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
    when = _when(date)
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

    _edit(ctx, change)
    out.print(f"Recorded the session of {session.key} ({status}).", markup=False)


def _target_session(record: Record, date: str | None) -> Session:
    if date is not None:
        key = format_when(_when(date))
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

    _edit(ctx, change)
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

    _edit(ctx, change)
    out.print(f"Recorded {instrument} = {score:g} for {chosen[0]}.", markup=False)


@add_app.command("journal")
def add_journal(
    ctx: typer.Context,
    text: Annotated[str, typer.Option(prompt="Entry", help="The entry's text.")],
    date: Annotated[str | None, typer.Option(help="Its date (default: today).")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag (repeatable).")] = None,
) -> None:
    """Add a journal entry."""
    from midcourse.record import JournalEntry

    when = _when(date) if date else dt.date.today()
    _edit(ctx, lambda r: r.journal.append(JournalEntry(date=when, text=text, tags=list(tag or []))))
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
    when = _when(date) if date else dt.date.today()
    _edit(ctx, lambda r: r.defenses.append(DefenseObservation(date=when, defense=name, note=note)))
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
            raise fail(str(exc))
    table = Table(title=f"{key}: {len(record.sessions)} sessions, {len(record.journal)} journal "
                        f"entries, {len(record.defenses)} defense notes")
    for column in ("date", "status", "late", "alliance", "depth", "insight", "quit", "after", "scores"):
        table.add_column(column, no_wrap=column != "scores")
    for s in record.sessions:
        c = s.checkin
        alliance = c.alliance_index() if c else None
        table.add_row(
            s.key, s.status.replace("_", " "), f"{s.minutes_late:g}" if s.minutes_late else "",
            f"{alliance:.1f}" if alliance is not None else "",
            *(f"{getattr(c, n):g}" if c and getattr(c, n) is not None else "" for n in ("depth", "insight", "quit")),
            (c.after or "") if c else "",
            ", ".join(f"{k} {v:g}" for k, v in sorted(s.measures.items())))
    out.print(table)


class ImportFormat(str, Enum):
    auto = "auto"
    json = "json"
    csv = "csv"


def read_input(path: Path, fmt: ImportFormat = ImportFormat.auto,
               instruments: dict[str, dict[str, Any]] | None = None) -> Record:
    """A record from a midcourse/1 JSON file or a CSV of sessions (by extension or --format)."""
    from midcourse.csvformat import load_csv
    from midcourse.validation import load_record

    if not path.exists():
        raise fail(f"{path}: no such file or folder")
    if path.is_dir():
        from midcourse.vault import read_vault

        read = read_vault(path)
        for warning in read.warnings:
            err.print(f"warning: {warning}", markup=False)
        return read.record
    kind = fmt.value if fmt != ImportFormat.auto else ("csv" if path.suffix.lower() == ".csv" else "json")
    return load_csv(path, instruments) if kind == "csv" else load_record(path)


# Options that several commands share, declared once.
RecordPath = Annotated[Path | None, typer.Argument(
    help="A midcourse/1 JSON file, a CSV of sessions or a vault folder (default: the stored record).",
    show_default=False)]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Assess as of this date (default: the record's "
                                                            "last date).", show_default=False)]
SettingsFile = Annotated[Path | None, typer.Option("--settings", help="A settings file (TOML; default: "
                                                                      "settings.toml in the config directory).",
                                                   show_default=False)]


def parse_as_of(as_of: str | None) -> dt.date | None:
    """The --as-of option as a date (None when not given); a clear error otherwise."""
    if as_of is None:
        return None
    try:
        return dt.date.fromisoformat(as_of[:10])
    except ValueError:
        raise fail(f"--as-of: '{as_of}' is not an ISO 8601 date") from None


def assessment_for(ctx: typer.Context, path: Path | None, as_of: str | None, settings_file: Path | None,
                   record: Record | None = None) -> tuple[Record, Any]:
    """The record (given, or read from a file, a vault or the store) and its assessment."""
    from midcourse import settings as settings_module
    from midcourse.assess import assess
    from midcourse.store import StoreError
    from midcourse.text.reader import default_reader
    from midcourse.validation import RecordError

    try:
        settings = settings_module.load(settings_file)
    except settings_module.SettingsError as exc:
        raise fail(str(exc))
    date = parse_as_of(as_of)
    try:
        if record is not None:
            pass
        elif path is not None:
            record = read_input(path)
        else:
            opts: Options = ctx.obj
            with opts.store() as store:
                record = store.load(opts.client)
    except (RecordError, StoreError) as exc:
        raise fail(str(exc))
    return record, assess(record, date, settings, default_reader())


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
            raise fail(str(exc))
    out.print(f"Imported {path}: {summary.describe()}.", markup=False)


def _import_vault(opts: Options, path: Path) -> None:
    from midcourse.store import StoreError

    with opts.store() as store:
        try:
            summary, read = store.import_vault(path, opts.client)
        except StoreError as exc:
            raise fail(str(exc))
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
            raise fail(str(exc))
    text = (json.dumps(record.to_dict(), indent=2, ensure_ascii=False) + "\n"
            if format == ExportFormat.json else to_csv(record))
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"Wrote {output}", markup=False)


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


@app.command()
def delete(ctx: typer.Context,
           yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False) -> None:
    """Delete a client's record completely."""
    from midcourse.store import StoreError

    opts: Options = ctx.obj
    with opts.store() as store:
        try:
            key = store.resolve_client(opts.client)
            if not yes:
                typer.confirm(f"Delete the record '{key}' and everything in it?", abort=True)
            from midcourse.privacy import delete_record

            delete_record(store, key)
        except StoreError as exc:
            raise fail(str(exc))
    out.print(f"Deleted the record '{key}' and the cached embeddings of its words.", markup=False)


@app.command()
def encrypt(ctx: typer.Context) -> None:
    """Encrypt every free text in the database from now on (the passphrase: MIDCOURSE_PASSPHRASE, or asked)."""
    import os

    from midcourse.store import StoreError

    passphrase = os.environ.get("MIDCOURSE_PASSPHRASE") or typer.prompt(
        "New passphrase (it cannot be recovered; without it the notes cannot be read)",
        hide_input=True, confirmation_prompt=True)
    opts: Options = ctx.obj
    try:
        with opts.store() as store:
            store.enable_encryption(passphrase)
            where = store.display_url()
    except StoreError as exc:
        raise fail(str(exc))
    out.print(f"Encrypted the free text in {where}. From now on set MIDCOURSE_PASSPHRASE to use it.",
              markup=False)


def main(args: list[str] | None = None) -> None:
    app(args)


# The other command groups register themselves on `app` (they import only typer and rich here).
from midcourse import cli_analysis, cli_report, cli_text, cli_web  # noqa: F401

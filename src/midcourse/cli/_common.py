"""What every command shares: the app, the global options, output, errors and the assessment."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from midcourse.questions import ANSWER_CHOICES, SAFETY_QUESTION, SCALE_QUESTIONS
from midcourse.record import Record, parse_when

if TYPE_CHECKING:
    from midcourse.assess import Assessment
    from midcourse.store import Store

# The global options, and whether each takes a value: accepted anywhere on the command line.
GLOBAL_OPTIONS = {"--db": True, "--client": True, "--passphrase": True}


def global_options_first(args: list[str]) -> list[str]:
    """The arguments with the global options moved to the front, so that `midcourse analyze --client
    demo` means `midcourse --client demo analyze` (nothing after `--` is touched)."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and rest:
            if "=" in arg or not GLOBAL_OPTIONS[name]:
                front.append(arg)
            elif i + 1 < len(args):
                front += args[i:i + 2]
                i += 1
            else:
                rest.append(arg)  # no value: let the parser say so
        else:
            rest.append(arg)
        i += 1
    return front + rest


class GlobalOptionsAnywhere(TyperGroup):
    """The top-level command group: global options may follow the command too."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, global_options_first(args))

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a storage failure any command meets (a full disk, a damaged or locked
        database) is the error it says in words, never a traceback."""
        try:
            return super().invoke(ctx)
        except LookupError as exc:
            store = sys.modules.get("midcourse.store")
            if store is None or not isinstance(exc, store.StoreError):
                raise
            raise fail(str(exc)) from None


app = typer.Typer(help="A private companion for the hard middle of psychotherapy. Global options (--db, "
                       "--client) go before or after the command.",
                  cls=GlobalOptionsAnywhere, no_args_is_help=True, add_completion=False, rich_markup_mode=None)

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class Options:
    """What the global options chose: the database, the client and the passphrase."""

    def __init__(self, db: str | None, client: str | None, passphrase: str | None = None):
        self.db = db
        self.client = client
        self.passphrase = passphrase

    def store(self) -> Store:
        from midcourse.store import Store, StoreError

        try:
            store = Store(self.db, passphrase=self.passphrase)
        except StoreError as exc:  # e.g. an encrypted record without its passphrase
            raise fail(str(exc)) from None
        from midcourse.privacy import protect_cache

        protect_cache(store)  # an encrypted record's words are cached only under its secret
        return store

    def load_record(self) -> Record:
        """The chosen client's stored record (a clear error when there is none or it cannot be read)."""
        from midcourse.store import StoreError

        with self.store() as store:
            try:
                return store.load(self.client)
            except StoreError as exc:
                raise fail(str(exc)) from None


def table(title: str, columns: list[str], rows: list[list[str]], unbroken: tuple[str, ...] = ("date",)) -> Table:
    """A table that fits a narrow terminal: a rule under the header, a space between columns, and
    cells that wrap between words (at 80 columns every column stays, its text over more lines, never
    cut off). Columns in `unbroken` (a date someone will type again) never wrap."""
    t = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, padding=0, pad_edge=False,
              title_justify="left")
    for column, width in zip(columns, column_widths(columns, rows, unbroken, out.width), strict=True):
        t.add_column(column, overflow="fold", width=width, no_wrap=column in unbroken)
    for row in rows:
        t.add_row(*row)
    return t


def column_widths(columns: list[str], rows: list[list[str]], unbroken: tuple[str, ...], room: int
                  ) -> list[int | None]:
    """Widths that fit `room` characters (one space between columns): each column at least its longest
    value word (values are never broken) and, when there is room, its longest header word; the space
    left shared in proportion to what each column would take unwrapped. None: as wide as it needs."""
    def longest(texts: list[str], whole: bool) -> int:
        return max((len(word) for text in texts for word in ([text] if whole else text.split())), default=1)

    room -= len(columns) - 1
    natural = [longest([c, *(row[i] for row in rows)], True) for i, c in enumerate(columns)]
    if sum(natural) <= room:
        return [None] * len(columns)
    values = [longest([row[i] for row in rows], c in unbroken) for i, c in enumerate(columns)]
    words = [max(v, longest([c], False)) for v, c in zip(values, columns, strict=True)]
    floor = words if sum(words) <= room else values
    spare = room - sum(floor)
    if spare <= 0:
        return list(floor)
    wants = [n - f for n, f in zip(natural, floor, strict=True)]
    shares = [spare * w // sum(wants) for w in wants]
    for i in sorted(range(len(columns)), key=lambda i: wants[i] - shares[i], reverse=True)[:spare - sum(shares)]:
        shares[i] += 1
    return [f + s for f, s in zip(floor, shares, strict=True)]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print an error and return the exit to raise."""
    err.print(f"Error: {message}", markup=False)
    return typer.Exit(code)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        envvar="MIDCOURSE_DB", help="SQLite file or database URL (default: midcourse.db in the user data "
                                    "directory, which MIDCOURSE_DATA_DIR moves).", show_default=False)] = None,
    client: Annotated[str | None, typer.Option(
        help="Which client's record (default: the only one).", show_default=False)] = None,
    passphrase: Annotated[str | None, typer.Option(
        envvar="MIDCOURSE_PASSPHRASE", hidden=True,
        help="The passphrase of an encrypted record (set MIDCOURSE_PASSPHRASE rather than typing it here, "
             "where other users of the machine could see it).", show_default=False)] = None,
) -> None:
    ctx.obj = Options(db, client, passphrase)


def rating_option(question: str) -> Any:
    """A 0-10 rating of the check-in, its help the question itself."""
    return typer.Option(help=f"{question}, 0-10.", show_default=False)


# The check-in's ratings as options, the same for `add checkin` and `edit checkin`.
Bond = Annotated[float | None, rating_option(SCALE_QUESTIONS["bond"])]
Goals = Annotated[float | None, rating_option(SCALE_QUESTIONS["goals"])]
Tasks = Annotated[float | None, rating_option(SCALE_QUESTIONS["tasks"])]
Depth = Annotated[float | None, rating_option(SCALE_QUESTIONS["depth"])]
Insight = Annotated[float | None, rating_option(SCALE_QUESTIONS["insight"])]
Quit = Annotated[float | None, rating_option(SCALE_QUESTIONS["quit"])]
Safety = Annotated[int | None, typer.Option(help=f"{SAFETY_QUESTION} {ANSWER_CHOICES}.", show_default=False)]


def date_option(text: str | None, what: str = "date") -> Any:
    """A date or date-time option, or a clear error naming the option."""
    if text is None:
        return None
    try:
        return parse_when(text)
    except ValueError:
        raise fail(f"{what}: '{text}' is not an ISO 8601 date or date-time (e.g. 2026-03-02T17:00)") from None


def edit(ctx: typer.Context, change: Any) -> Record:
    """Load the record, apply a change, validate the result, and save it in one step."""
    from midcourse.store import StoreError
    from midcourse.validation import RecordError

    opts: Options = ctx.obj
    with opts.store() as store:
        try:
            result: Record = store.update(opts.client, change)
        except (StoreError, RecordError) as exc:
            raise fail(str(exc)) from None
    return result


class ImportFormat(str, Enum):
    auto = "auto"
    json = "json"
    csv = "csv"


def read_input(path: Path, fmt: ImportFormat = ImportFormat.auto,
               instruments: dict[str, dict[str, Any]] | None = None) -> Record:
    """A record from a midcourse/1 JSON file, a CSV of sessions (by extension or --format) or a vault."""
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
    from midcourse.limits import FIRST_YEAR, LAST_YEAR

    try:
        date = dt.date.fromisoformat(as_of[:10])
    except ValueError:
        raise fail(f"--as-of: '{as_of}' is not an ISO 8601 date") from None
    if not FIRST_YEAR <= date.year <= LAST_YEAR:  # the windows count days back from it
        raise fail(f"--as-of: the year {date.year:04d} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return date


def load_settings(settings_file: Path | None) -> Any:
    """The settings from a file (or the default location), or a clear error."""
    from midcourse import settings as settings_module

    try:
        return settings_module.load(settings_file)
    except settings_module.SettingsError as exc:
        raise fail(str(exc)) from None


def assessment_for(ctx: typer.Context, path: Path | None, as_of: str | None, settings_file: Path | None,
                   record: Record | None = None) -> tuple[Record, Assessment]:
    """The record (given, or read from a file, a vault or the store) and its assessment."""
    from midcourse.assess import assess
    from midcourse.store import StoreError
    from midcourse.text.reader import default_reader
    from midcourse.validation import RecordError

    settings = load_settings(settings_file)
    date = parse_as_of(as_of)
    try:
        if record is not None:
            pass
        elif path is not None:
            record = read_input(path)
        else:
            opts: Options = ctx.obj
            record = opts.load_record()
    except (RecordError, StoreError) as exc:
        raise fail(str(exc)) from None
    with embedding_progress():
        return record, assess(record, date, settings, default_reader())


@contextmanager
def embedding_progress() -> Iterator[None]:
    """On a terminal, a progress bar (on stderr) while many texts are embedded for the first time."""
    if not err.is_terminal:
        yield
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from midcourse.text.embeddings import report_progress

    with Progress("Reading new texts", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task("embed", total=None)
        report_progress(lambda done, total: bar.update(task, completed=done, total=total))
        try:
            yield
        finally:
            report_progress(None)

"""Writing to the stored record from the command line: one locked transaction per command, every change
said in words with the client it went to, and every problem in the user's words (the option they
typed, the value, what is allowed and what to do), never an internal path such as `sessions[0]`."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import typer

from midcourse.cli._common import Options, err, fail, out
from midcourse.entries import Change, EntryNotFound, SameDayError
from midcourse.instruments import BUILT_IN, match_name, name_key
from midcourse.record import SCALES, Record, format_when
from midcourse.validation import Problem, RecordError, parse_record
from midcourse.wording import count, when_words

# The options of the session commands, by the path of the field they set.
SESSION_OPTIONS: dict[str, str] = {
    "date": "--date", "status": "--status", "minutes_late": "--late", "notice_hours": "--notice-hours",
    "reason": "--reason", "note": "--note", "checkin": "--status", "checkin.after": "--after",
    "checkin.safety": "--safety", "checkin.note": "--note", "items": "--items", "measures": "the scores",
    **{f"checkin.{name}": f"--{name}" for name in SCALES},
}
# What to do about a problem, by the start of its message.
_HINTS = (
    ("a check-in belongs to an attended session",
     "remove the check-in first (`midcourse remove checkin {when}`), or keep the status attended"),
    ("lateness applies only to attended sessions", "remove it with `midcourse edit session {when} --clear late`"),
    ("a planned session has no scores yet",
     "once it has taken place, mark it held: `midcourse edit session {when} --status attended`"),
)


def option_of(path: Sequence[str | int], names: Mapping[str, str]) -> str:
    """The option (or plain name) a problem's path stands for: ('checkin', 'bond') → '--bond'."""
    parts = [str(p) for p in path if not isinstance(p, int)]
    if len(parts) >= 2 and parts[0] == "measures":
        return parts[1]
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in names:
            return names[key]
    return parts[-1].replace("_", " ") if parts else ""


def in_words(problem: Problem, names: Mapping[str, str], when: str = "DATE") -> str:
    """One problem as the user reads it: 'the option: what is wrong; what to do'."""
    message = problem.message
    if message.startswith("unknown instrument '"):
        message = unknown_instrument(message.split("'")[1])
    for start, hint in _HINTS:
        if message.startswith(start):
            message += "; " + hint.format(when=when)
    if message.endswith("only a planned session can lie in the future") and names is SESSION_OPTIONS:
        message += " (for an appointment ahead, add --status planned)"
    where = option_of(problem.path, names)
    return f"{where}: {message}" if where else message


def unknown_instrument(name: str, defined: Sequence[str] = ()) -> str:
    """'unknown instrument 'BDI'; built in: PHQ-9, ...; define it with `midcourse instrument add BDI ...`'."""
    known = [*BUILT_IN, *defined]
    close = difflib.get_close_matches(name_key(name), [name_key(k) for k in known], n=1, cutoff=0.6)
    near = next((k for k in known if close and name_key(k) == close[0]), None)
    text = f"unknown instrument '{name}'"
    if near:
        text += f" (did you mean {near}?)"
    text += f"; built in: {', '.join(BUILT_IN)}"
    if defined:
        text += f"; this record's own: {', '.join(defined)}"
    return text + (f"; define it with `midcourse instrument add {name} --min LOW --max HIGH --worse higher` "
                   "(or lower)")


def instrument_named(name: str, record: Record) -> str:
    """The instrument a user's name means ('phq9' → 'PHQ-9'), or a clear error listing the known ones."""
    found = match_name(name, record.instruments)
    if found is None:
        raise RecordError([Problem((), unknown_instrument(name, list(record.instruments)))])
    return found


def record_in_words(exc: RecordError, record: Record) -> list[str]:
    """Problems of the whole record, each named by the item it is in ('the session of Mon 5 Jan 2026,
    17:00, BDI: 70 is above the instrument's maximum 63')."""
    lines = []
    for p in exc.found:
        path = p.path
        if len(path) >= 2 and path[0] == "sessions" and isinstance(path[1], int) and path[1] < len(record.sessions):
            session = record.sessions[path[1]]
            lines.append(f"the session of {when_words(session.date)}, "
                         + in_words(Problem(path[2:], p.message), SESSION_OPTIONS, session.key))
        elif len(path) >= 2 and isinstance(path[1], int):
            lines.append(f"{str(path[0]).replace('_', ' ')} number {path[1] + 1}, "
                         + in_words(Problem(path[2:], p.message), {}))
        else:
            lines.append(in_words(p, {}))
    return lines


class Refused(Exception):
    """A write refused, with its lines in the user's words."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def refusal(exc: Exception, names: Mapping[str, str] = SESSION_OPTIONS, when: str = "DATE") -> Refused:
    """The user's words for what the library refused."""
    if isinstance(exc, Refused):
        return exc
    if isinstance(exc, SameDayError):
        return Refused([f"--date: {when_words(_day(date))} already has a session ({' and '.join(keys)}). To "
                        f"change that session, give --date {keys[0]}; to add a second session on that day, add "
                        "--another-on-same-day" for date, keys in exc.conflicts])
    if isinstance(exc, RecordError):
        return Refused([in_words(p, names, when) for p in exc.found])
    return Refused([str(exc)])


def _day(when: Any) -> dt.date:
    return when.date() if isinstance(when, dt.datetime) else when


def write(ctx: typer.Context, change: Callable[[Record], Change | Sequence[Change]],
          names: Mapping[str, str] = SESSION_OPTIONS, when: str = "DATE",
          lead: Callable[[], None] | None = None) -> tuple[str, list[Change]]:
    """Apply a change to the stored record in one locked transaction and say what changed, for which
    client; any problem is an error in the user's words and changes nothing. `lead` is said first,
    once the write has succeeded (crisis resources lead, always)."""
    from midcourse.store import StoreError

    opts: Options = ctx.obj
    changes: list[Change] = []

    def work(record: Record) -> None:
        changes.clear()  # a transaction retried from the start runs this again
        try:
            result = change(record)
        except (RecordError, EntryNotFound) as exc:
            raise refusal(exc, names, when) from None
        changes.extend([result] if isinstance(result, Change) else result)
        try:
            parse_record(record.to_dict())
        except RecordError as exc:
            raise Refused(record_in_words(exc, record)) from None

    with opts.store() as store:
        try:
            key = store.resolve_client(opts.client)
            store.update(key, work)
        except Refused as exc:
            for line in exc.lines:
                err.print(f"Error: {line}", markup=False)
            raise typer.Exit(1) from None
        except StoreError as exc:
            raise fail(str(exc)) from None
    if lead is not None:
        lead()
    for c in changes:
        say(key, c)
    return key, changes


def say(key: str, change: Change) -> None:
    """One change, with the client whose record it is."""
    out.print(f"Record '{key}': {change}.", markup=False)


def today() -> dt.date:
    """The date on this machine (the CLI's clock: only planned sessions may lie after it)."""
    return dt.date.today()


def now() -> str:
    """This minute, as the record writes a date-time."""
    return format_when(dt.datetime.now().replace(second=0, microsecond=0))


def entry_number(text: str, items: Sequence[Any], kind: str, listing: str) -> int:
    """The position (0-based) of the entry a user names by its number in `midcourse list ...` or by its
    date when that date has one entry."""
    from midcourse.entries import parse_date

    if text.isdigit():
        n = int(text)
        if not 1 <= n <= len(items):
            raise Refused([f"no {kind} number {n}: there {'is' if len(items) == 1 else 'are'} "
                           f"{count(len(items), kind)} (see `midcourse list {listing}`)"])
        return n - 1
    try:
        when = parse_date(text)
    except RecordError:
        raise Refused([f"'{text}' is neither a number nor a date: give the number `midcourse list {listing}` "
                       "shows"]) from None
    matches = [i for i, item in enumerate(items) if format_when(item.date) == format_when(when)
               or (not isinstance(when, dt.datetime) and _day(item.date) == when)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise Refused([f"no {kind} on {text} (see `midcourse list {listing}`)"])
    numbers = ", ".join(str(i + 1) for i in matches)
    raise Refused([f"{text} has {count(len(matches), kind)} (numbers {numbers}): give its number"])

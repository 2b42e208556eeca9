"""`midcourse list`: the record's sessions, journal, defense notes, safety answers or instruments, as
tables that wrap (never drop a column) in a narrow terminal. The numbers shown for journal entries,
defense notes and safety answers are what `midcourse edit` and `midcourse remove` take."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from midcourse.cli._common import Options, app, fail, out, table
from midcourse.record import Record, format_when
from midcourse.wording import count, number


class Listing(str, Enum):
    sessions = "sessions"
    journal = "journal"
    defenses = "defenses"
    safety = "safety"
    instruments = "instruments"


@app.command("list")
def list_record(
    ctx: typer.Context,
    what: Annotated[Listing, typer.Argument(help="What to list: sessions, journal, defenses, safety (the "
                                                 "answers to 'are you safe?') or instruments.")] = Listing.sessions,
) -> None:
    """Show the record's sessions (or its journal, defense notes, safety answers, instruments)."""
    from midcourse.store import StoreError

    opts: Options = ctx.obj
    with opts.store() as store:
        try:
            key = store.resolve_client(opts.client)
            record = store.load(key)
        except StoreError as exc:
            raise fail(str(exc)) from None
    {Listing.sessions: _sessions, Listing.journal: _journal, Listing.defenses: _defenses,
     Listing.safety: _safety, Listing.instruments: _instruments}[what](key, record)


def _sessions(key: str, record: Record) -> None:
    rows = []
    for s in record.sessions:
        c = s.checkin
        alliance = c.alliance_index() if c else None
        ratings = [number(v) if c and (v := getattr(c, n)) is not None else "" for n in ("depth", "insight", "quit")]
        rows.append([s.key, s.status.replace("_", " "), number(s.minutes_late) if s.minutes_late else "",
                     number(alliance, 1) if alliance is not None else "", *ratings, (c.after or "") if c else "",
                     ", ".join(f"{k} {number(v)}" for k, v in sorted(s.measures.items()))])
    out.print(table(f"{key}: {count(len(record.sessions), 'session')}, {count(len(record.journal), 'journal entry')}, "
                    f"{count(len(record.defenses), 'defense note')}",
                    ["date", "status", "late", "alliance", "depth", "insight", "quit", "after", "scores"], rows))


def _journal(key: str, record: Record) -> None:
    rows = [[str(n), format_when(j.date), j.text, ", ".join(j.tags)] for n, j in enumerate(record.journal, start=1)]
    out.print(table(f"{key}: {count(len(record.journal), 'journal entry')}", ["#", "date", "text", "tags"], rows))


def _defenses(key: str, record: Record) -> None:
    rows = [[str(n), format_when(d.date), d.defense, d.note] for n, d in enumerate(record.defenses, start=1)]
    out.print(table(f"{key}: {count(len(record.defenses), 'defense note')}", ["#", "date", "defense", "note"],
                    rows))


def _safety(key: str, record: Record) -> None:
    rows = [[str(n), format_when(a.date), a.answer.replace("_", " "), a.text,
             a.text_date.isoformat() if a.text_date else ""] for n, a in enumerate(record.safety_answers, start=1)]
    out.print(table(f"{key}: {count(len(record.safety_answers), 'safety answer')}",
                    ["#", "date", "answer", "the words it answers", "written"], rows))


def _instruments(key: str, record: Record) -> None:
    from midcourse.instruments import BUILT_IN

    names = [*BUILT_IN, *(k for k in record.instruments if k not in BUILT_IN)]
    rows = []
    for name in names:
        i = record.instrument(name)
        assert i is not None
        threshold = i.rc_threshold()
        rows.append([name, f"{number(i.min)}-{number(i.max)}", i.worse, "" if i.cutoff is None else number(i.cutoff),
                     "" if threshold is None else number(threshold, 2), f"{i.items} items, 0-{i.item_max}"
                     if i.items else "", i.source])
    out.print(table(f"{key}: instruments (built in, and the record's own)",
                    ["id", "range", "worse", "cutoff", "reliable change", "by item", "source"], rows, unbroken=()))

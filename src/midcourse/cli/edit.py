"""`midcourse edit ...` and `midcourse remove ...`: change or remove any item of the record.

Sessions are named by their date-time (a date alone names the one session of that day); journal
entries, defense notes and safety answers by the number `midcourse list journal|defenses|safety`
shows (or by their date, when that date has one). Every write says what it changed, for which client.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any

import typer

from midcourse import entries
from midcourse.cli._common import Bond, Depth, Goals, Insight, Options, Quit, Safety, Tasks, app, fail
from midcourse.cli._write import Refused, entry_number, instrument_named, refusal, today, write
from midcourse.record import SCALES, Record
from midcourse.validation import RecordError

edit_app = typer.Typer(help="Change a session, check-in, score, journal entry, defense note or safety answer.",
                       no_args_is_help=True)
remove_app = typer.Typer(help="Remove a session, check-in, score, journal entry, defense note, safety answer or "
                              "instrument.", no_args_is_help=True)
app.add_typer(edit_app, name="edit")
app.add_typer(remove_app, name="remove")

When = Annotated[str, typer.Argument(help="The session's date-time, e.g. 2026-03-02T17:00 (a date alone: the one "
                                          "session of that day).", show_default=False)]
Number = Annotated[str, typer.Argument(help="Its number in `midcourse list ...` (or its date, when that date has "
                                            "one).", show_default=False)]
Yes = Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")]


class SessionField(str, Enum):
    late = "late"
    notice_hours = "notice-hours"
    reason = "reason"
    note = "note"


_SESSION_FIELDS = {"late": "minutes_late", "notice-hours": "notice_hours", "reason": "reason", "note": "note"}


@edit_app.command("session")
def edit_session(
    ctx: typer.Context,
    when: When,
    status: Annotated[str | None, typer.Option(help="attended, no_show, cancelled_by_client, cancelled_by_therapist "
                                                    "or planned.", show_default=False)] = None,
    late: Annotated[float | None, typer.Option(help="Minutes late (attended).", show_default=False)] = None,
    notice_hours: Annotated[float | None, typer.Option(help="Hours of notice (cancellations).",
                                                       show_default=False)] = None,
    reason: Annotated[str | None, typer.Option(help="Reason (cancellations).", show_default=False)] = None,
    note: Annotated[str | None, typer.Option(help="The session note.", show_default=False)] = None,
    move_to: Annotated[str | None, typer.Option("--move-to", help="A new scheduled date-time for it.",
                                                show_default=False)] = None,
    clear: Annotated[list[SessionField] | None, typer.Option(
        help="Remove a field: late, notice-hours, reason or note (repeatable).", show_default=False)] = None,
    another_on_same_day: Annotated[bool, typer.Option("--another-on-same-day",
                                                      help="Move it to a day that has a session already.")] = False,
) -> None:
    """Change a session: what you give replaces, the rest stays (its check-in and scores too)."""
    given: dict[str, Any] = {_SESSION_FIELDS[f.value]: None for f in clear or []}
    for field, value in (("status", status), ("minutes_late", late), ("notice_hours", notice_hours),
                         ("reason", reason), ("note", note)):
        if value is not None:
            given[field] = value
    if not given and move_to is None:
        raise fail("nothing to change: give what changes (see `midcourse edit session --help`)")

    def change(record: Record) -> list[entries.Change]:
        session = _session(record, when)
        done = []
        if given:
            done.append(entries.save_session(record, {"date": session.key, **given}, today=today()))
        if move_to is not None:
            try:
                done.append(entries.move_session(record, session.key, move_to, today=today(),
                                                 another_on_same_day=another_on_same_day))
            except RecordError as exc:
                raise refusal(exc, {"date": "--move-to"}) from None
        return done

    write(ctx, change, when=when)


def _session(record: Record, when: str) -> Any:
    try:
        return entries.find_session(record, when)
    except (entries.EntryNotFound, RecordError) as exc:
        raise Refused([f"{exc}; `midcourse list` shows the sessions"]) from None


class CheckinField(str, Enum):
    bond = "bond"
    goals = "goals"
    tasks = "tasks"
    depth = "depth"
    insight = "insight"
    quit = "quit"
    safety = "safety"
    after = "after"
    note = "note"


@edit_app.command("checkin")
def edit_checkin(
    ctx: typer.Context,
    when: When,
    bond: Bond = None,
    goals: Goals = None,
    tasks: Tasks = None,
    depth: Depth = None,
    insight: Insight = None,
    quit: Quit = None,
    safety: Safety = None,
    after: Annotated[str | None, typer.Option(help="How you felt after.", show_default=False)] = None,
    note: Annotated[str | None, typer.Option(help="The check-in note.", show_default=False)] = None,
    clear: Annotated[list[CheckinField] | None, typer.Option(help="Remove a rating (repeatable).",
                                                             show_default=False)] = None,
) -> None:
    """Change ratings of a session's check-in, one by one (`--clear quit` removes one)."""
    given: dict[str, Any] = {f.value: None for f in clear or []}
    for name, value in zip((*SCALES, "safety", "after", "note"), (bond, goals, tasks, depth, insight, quit, safety,
                                                                   after, note), strict=True):
        if value is not None:
            given[name] = value
    if not given:
        raise fail("nothing to change: give a rating (see `midcourse edit checkin --help`)")

    def change(record: Record) -> entries.Change:
        session = _session(record, when)
        if session.checkin is None:
            raise Refused([f"the session of {session.key} has no check-in; add one with `midcourse add checkin "
                           f"--date {session.key}`"])
        return entries.save_session(record, {"date": session.key, "checkin": given}, today=today())

    write(ctx, change, when=when)


@edit_app.command("measure")
def edit_measure(
    ctx: typer.Context,
    when: When,
    instrument: Annotated[str, typer.Argument(help="The instrument, e.g. PHQ-9.", show_default=False)],
    score: Annotated[float | None, typer.Argument(help="The new total score.", show_default=False)] = None,
    items: Annotated[str | None, typer.Option(help="The new item scores (PHQ-9, GAD-7), e.g. 1,2,1,0,1,2,0,1,1.",
                                              show_default=False)] = None,
) -> None:
    """Change a score of a session (or its item scores)."""
    from midcourse.cli.record import _item_list

    if score is None and items is None:
        raise fail("nothing to change: give the new score, or --items")

    def change(record: Record) -> entries.Change:
        session = _session(record, when)
        name = instrument_named(instrument, record)
        if name not in session.measures:
            raise Refused([f"the session of {session.key} has no {name} score; add it with `midcourse add measure "
                           f"{name} SCORE --date {session.key}`"])
        given: dict[str, Any] = {"date": session.key}
        if items is not None:
            given["items"] = {name: _item_list(items, name)}
        if score is not None:
            given["measures"] = {name: score}
        return entries.save_session(record, given, today=today())

    write(ctx, change, names={"items": "--items", "measures": "SCORE"}, when=when)


@edit_app.command("journal")
def edit_journal(
    ctx: typer.Context,
    number: Number,
    text: Annotated[str | None, typer.Option(help="The new text.", show_default=False)] = None,
    date: Annotated[str | None, typer.Option(help="A new date.", show_default=False)] = None,
    tag: Annotated[list[str] | None, typer.Option(help="The tags, replacing the old ones (repeatable).",
                                                  show_default=False)] = None,
    no_tags: Annotated[bool, typer.Option("--no-tags", help="Remove every tag.")] = False,
) -> None:
    """Change a journal entry (its number: `midcourse list journal`)."""
    given: dict[str, Any] = {k: v for k, v in (("text", text), ("date", date)) if v is not None}
    if tag:
        given["tags"] = list(tag)
    if no_tags:
        given["tags"] = None
    if not given:
        raise fail("nothing to change: give --text, --date or --tag")
    write(ctx, lambda r: entries.save_journal_entry(r, given, entry_number(number, r.journal, "journal entry",
                                                                           "journal"), today=today()),
          names={"date": "--date", "text": "--text", "tags": "--tag"})


@edit_app.command("defense")
def edit_defense(
    ctx: typer.Context,
    number: Number,
    defense: Annotated[str | None, typer.Option(help="Another defense (see `midcourse defenses`).",
                                                show_default=False)] = None,
    date: Annotated[str | None, typer.Option(help="A new date.", show_default=False)] = None,
    note: Annotated[str | None, typer.Option(help="The new note.", show_default=False)] = None,
    no_note: Annotated[bool, typer.Option("--no-note", help="Remove the note.")] = False,
) -> None:
    """Change a defense note (its number: `midcourse list defenses`)."""
    given: dict[str, Any] = {k: v for k, v in (("defense", defense), ("date", date), ("note", note)) if v is not None}
    if no_note:
        given["note"] = None
    if not given:
        raise fail("nothing to change: give --defense, --date, --note or --no-note")
    write(ctx, lambda r: entries.save_defense(r, given, entry_number(number, r.defenses, "defense note", "defenses"),
                                              today=today()),
          names={"date": "--date", "defense": "--defense", "note": "--note"})


@edit_app.command("safety")
def edit_safety(
    ctx: typer.Context,
    number: Number,
    safe: Annotated[bool | None, typer.Option("--safe/--not-safe", help="The answer.", show_default=False)] = None,
    date: Annotated[str | None, typer.Option(help="A new date-time.", show_default=False)] = None,
    text: Annotated[str | None, typer.Option(help="The words it answers.", show_default=False)] = None,
) -> None:
    """Change a safety answer (its number: `midcourse list safety`)."""
    given: dict[str, Any] = {k: v for k, v in (("date", date), ("text", text)) if v is not None}
    if safe is not None:
        given["answer"] = "safe" if safe else "not_safe"
    if not given:
        raise fail("nothing to change: give --safe or --not-safe, --date or --text")
    write(ctx, lambda r: entries.save_safety_answer(r, given, entry_number(number, r.safety_answers,
                                                                           "safety answer", "safety"), today=today()),
          names={"date": "--date", "text": "--text", "answer": "--safe/--not-safe"})


# Removing ------------------------------------------------------------------------------------

def _remove(ctx: typer.Context, removal: Callable[[Record], entries.Change], yes: bool) -> None:
    """Show what would go, ask, then remove it (and only it: if the record changed meanwhile, nothing)."""
    from midcourse.store import StoreError

    if not yes:
        opts: Options = ctx.obj
        with opts.store() as store:
            try:
                preview = removal(copy.deepcopy(store.load(opts.client)))
            except StoreError as exc:
                raise fail(str(exc)) from None
            except Refused as exc:
                raise fail(exc.lines[0]) from None
            except (RecordError, entries.EntryNotFound) as exc:
                raise fail(refusal(exc).lines[0]) from None
        typer.confirm(f"Remove {str(preview).removeprefix('removed ')}?", abort=True)

        def checked(record: Record) -> entries.Change:
            done = removal(record)
            if str(done) != str(preview):
                raise Refused(["the record changed while you were asked; nothing was removed: run the command "
                               "again"])
            return done

        write(ctx, checked)
    else:
        write(ctx, removal)


def _found(find: Callable[[], entries.Change]) -> entries.Change:
    try:
        return find()
    except (entries.EntryNotFound, RecordError) as exc:
        raise refusal(exc) from None


@remove_app.command("session")
def remove_session(ctx: typer.Context, when: When, yes: Yes = False) -> None:
    """Remove a session with everything in it (check-in, scores, note)."""
    _remove(ctx, lambda r: entries.remove_session(r, _session(r, when).key), yes)


@remove_app.command("checkin")
def remove_checkin(ctx: typer.Context, when: When, yes: Yes = False) -> None:
    """Remove a session's check-in (the session stays)."""
    _remove(ctx, lambda r: _found(lambda: entries.remove_checkin(r, _session(r, when).key)), yes)


@remove_app.command("measure")
def remove_measure(ctx: typer.Context, when: When,
                   instrument: Annotated[str, typer.Argument(help="The instrument, e.g. PHQ-9.")],
                   yes: Yes = False) -> None:
    """Remove a score (and its item scores) from a session."""
    _remove(ctx, lambda r: _found(lambda: entries.remove_measure(r, _session(r, when).key, instrument)), yes)


@remove_app.command("journal")
def remove_journal(ctx: typer.Context, number: Number, yes: Yes = False) -> None:
    """Remove a journal entry (its number: `midcourse list journal`)."""
    _remove(ctx, lambda r: entries.remove_journal_entry(r, entry_number(number, r.journal, "journal entry",
                                                                        "journal")), yes)


@remove_app.command("defense")
def remove_defense(ctx: typer.Context, number: Number, yes: Yes = False) -> None:
    """Remove a defense note (its number: `midcourse list defenses`)."""
    _remove(ctx, lambda r: entries.remove_defense(r, entry_number(number, r.defenses, "defense note", "defenses")),
            yes)


@remove_app.command("safety")
def remove_safety(ctx: typer.Context, number: Number, yes: Yes = False) -> None:
    """Remove a safety answer (its number: `midcourse list safety`)."""
    _remove(ctx, lambda r: entries.remove_safety_answer(r, entry_number(number, r.safety_answers, "safety answer",
                                                                        "safety")), yes)


@remove_app.command("instrument")
def remove_instrument(ctx: typer.Context,
                      instrument: Annotated[str, typer.Argument(help="An instrument the record defines.")],
                      yes: Yes = False) -> None:
    """Remove an instrument the record defines (once no session has a score of it)."""
    _remove(ctx, lambda r: _found(lambda: entries.remove_instrument(r, instrument)), yes)


"""Keeping the record: init, add (session, check-in, score, journal entry, defense), the defense
catalogue and the demo. Every write goes through the library's one upsert (midcourse.entries)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from midcourse import entries
from midcourse.cli._common import (
    Bond,
    Depth,
    Goals,
    Insight,
    Options,
    Quit,
    Safety,
    SettingsFile,
    Tasks,
    app,
    date_option,
    err,
    fail,
    out,
)
from midcourse.cli._write import Refused, instrument_named, today, write
from midcourse.instruments import BUILT_IN, ITEM_LABELS
from midcourse.questions import ANSWER_CHOICES, SAFETY_QUESTION, SCALE_QUESTIONS
from midcourse.record import AFTER_FEELINGS, SAFETY_MAX, SAFETY_MIN, SCALES, STATUSES, Record

add_app = typer.Typer(help="Add a session, check-in, score, journal entry or defense.", no_args_is_help=True)
app.add_typer(add_app, name="add")

ANOTHER = Annotated[bool, typer.Option("--another-on-same-day",
                                       help="Add a second session on a day that has one already.")]
SessionDate = Annotated[str | None, typer.Option(
    "--date", help="The session's date-time (default: the latest attended session). A date alone finds the "
                   "one session of that day.", show_default=False)]


def crisis_resources_first(settings_file: Any = None) -> None:
    """The crisis resources of the user's locale, before anything else is said."""
    from midcourse.cli._common import load_settings
    from midcourse.resources import crisis_resources

    for line in crisis_resources(load_settings(settings_file).crisis_locale):
        out.print(line, markup=False)
    out.print("Please tell your therapist too; you do not have to wait for your next session.", markup=False)


@app.command()
def init(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option(help="The client's name (or a pseudonym).", show_default=False)]
    = None,
    started: Annotated[str | None, typer.Option(help="The date therapy started.", show_default=False)] = None,
    crisis_country: Annotated[str | None, typer.Option(
        "--crisis-country", help="Where you live, for the crisis resources midcourse shows: international, "
                                 "US, CA, UK, IE, AU, NZ or EU (asked when not given).", show_default=False)] = None,
    settings_file: SettingsFile = None,
) -> None:
    """Create an empty record, and choose the crisis resources for where you live."""
    from midcourse import settings as settings_module
    from midcourse.record import Client
    from midcourse.resources import LOCALES
    from midcourse.store import DEFAULT_CLIENT, StoreError

    opts: Options = ctx.obj
    key = opts.client or name or DEFAULT_CLIENT
    start = date_option(started, "--started")
    current = _settings(settings_file if settings_file is None or settings_file.exists() else None)
    if crisis_country is None:
        crisis_country = str(typer.prompt(f"Crisis resources for where you live ({', '.join(LOCALES)})",
                                          default=current.crisis_locale))
    locale = next((loc for loc in LOCALES if loc.lower() == crisis_country.strip().lower()), None)
    if locale is None:
        raise fail(f"--crisis-country: '{crisis_country}' is not one of {', '.join(LOCALES)} (international "
                   "lists emergency numbers for many countries)")
    record = Record(client=Client(name=name, therapy_started=start.date()
                                  if isinstance(start, dt.datetime) else start))
    with opts.store() as store:
        try:
            store.create_client(key, record)
        except StoreError as exc:
            raise fail(str(exc)) from None
        out.print(f"Created the record '{key}' in {store.display_url()}", markup=False)
    path = settings_file or settings_module.default_path()
    values = {f: _typed(getattr(current, f)) for f, *_ in settings_module.documented()}
    try:
        settings_module.save(path, values | {"crisis_locale": locale})
    except settings_module.SettingsError as exc:
        raise fail(str(exc)) from None
    out.print(f"Crisis resources: {locale} (saved in {path})", markup=False)


def _settings(settings_file: Any) -> Any:
    """The settings there are (a file not made yet has the defaults)."""
    from midcourse import settings as settings_module
    from midcourse.cli._common import load_settings

    return load_settings(settings_file) if settings_file is not None else settings_module.load(None)


def _typed(value: Any) -> str:
    """A setting as a form would type it (what settings.save reads)."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


@add_app.command("session")
def add_session(
    ctx: typer.Context,
    date: Annotated[str | None, typer.Option(help="Scheduled date-time, e.g. 2026-03-02T17:00 (asked when not "
                                                  "given).", show_default=False)] = None,
    status: Annotated[str | None, typer.Option(
        help="One of: " + ", ".join(STATUSES) + ". A new session is attended unless you say otherwise; an "
             "existing one keeps its status. Only a planned session may lie after today.",
        show_default=False)] = None,
    late: Annotated[float | None, typer.Option(help="Minutes late (attended).", show_default=False)] = None,
    notice_hours: Annotated[float | None, typer.Option(help="Hours of notice (cancellations).",
                                                       show_default=False)] = None,
    reason: Annotated[str | None, typer.Option(help="Reason (cancellations).", show_default=False)] = None,
    note: Annotated[str | None, typer.Option(help="A free-text session note.", show_default=False)] = None,
    another_on_same_day: ANOTHER = False,
) -> None:
    """Add a session, or change the one at that date-time: what you give replaces, the rest stays."""
    if date is None:
        date = str(typer.prompt("Scheduled date-time (YYYY-MM-DDTHH:MM)"))
        if status is None:
            status = str(typer.prompt("Status (" + ", ".join(STATUSES) + ")", default="attended"))
    given: dict[str, Any] = {"date": date.strip()}
    for field, value in (("status", status), ("minutes_late", late), ("notice_hours", notice_hours),
                         ("reason", reason), ("note", note)):
        if value is not None:
            given[field] = value
    write(ctx, lambda r: entries.save_session(r, given, today=today(), another_on_same_day=another_on_same_day),
          when=date)


def _target(record: Record, date: str | None) -> str:
    """The key of the session a check-in or score is for (default: the latest attended, up to today)."""
    try:
        session = entries.find_session(record, date) if date else entries.latest_held_session(record, today())
    except entries.EntryNotFound as exc:
        raise Refused([f"--date: {exc}; add the session first with `midcourse add session`" if date
                       else f"{exc}; add one with `midcourse add session`"]) from None
    if not session.attended:
        raise Refused([f"--date: the session of {session.key} is {session.status.replace('_', ' ')}, and a "
                       "check-in or score belongs to an attended session; if it took place, mark it: "
                       f"`midcourse edit session {session.key} --status attended`"])
    return session.key


def _ask_number(question: str, low: int, high: int, whole: bool = False) -> float | None:
    """A rating asked for; Enter skips it (a rating not given is absent, never a default)."""
    while True:
        text = str(typer.prompt(f"{question} ({low}-{high}, Enter to skip)", default="", show_default=False))
        if not text.strip():
            return None
        try:
            value = float(text)
        except ValueError:
            err.print(f"'{text}' is not a number: give {low} to {high}, or press Enter to skip", markup=False)
            continue
        if low <= value <= high and (not whole or value.is_integer()):
            return int(value) if whole else value
        err.print(f"{text} is outside {low}-{high}{' (a whole number)' if whole else ''}", markup=False)


def _ask_checkin() -> dict[str, Any]:
    """Every question of the check-in, each skippable."""
    given: dict[str, Any] = {}
    for name in SCALES:
        value = _ask_number(f"{name.capitalize()}: {SCALE_QUESTIONS[name]}", 0, 10)
        if value is not None:
            given[name] = value
    safety = _ask_number(f"Safety: {SAFETY_QUESTION} {ANSWER_CHOICES}", SAFETY_MIN, SAFETY_MAX, whole=True)
    if safety is not None:
        given["safety"] = int(safety)
    while True:
        after = str(typer.prompt(f"How I felt after ({', '.join(AFTER_FEELINGS)}; Enter to skip)", default="",
                                 show_default=False)).strip().lower()
        if not after or after in AFTER_FEELINGS:
            break
        err.print(f"'{after}' is not one of {', '.join(AFTER_FEELINGS)}", markup=False)
    if after:
        given["after"] = after
    note = str(typer.prompt("A note (Enter to skip)", default="", show_default=False)).strip()
    if note:
        given["note"] = note
    return given


@add_app.command("checkin")
def add_checkin(
    ctx: typer.Context,
    bond: Bond = None,
    goals: Goals = None,
    tasks: Tasks = None,
    depth: Depth = None,
    insight: Insight = None,
    quit: Quit = None,
    safety: Safety = None,
    after: Annotated[str | None, typer.Option(help="How you felt after: " + ", ".join(AFTER_FEELINGS) + ".",
                                              show_default=False)] = None,
    date: SessionDate = None,
    note: Annotated[str | None, typer.Option(help="An optional note.", show_default=False)] = None,
    settings_file: SettingsFile = None,
) -> None:
    """Add the check-in after a session. With no rating given, asks each question (Enter skips one: a
    rating you do not give stays empty). Given for a session with a check-in, merges rating by rating."""
    ratings = {"bond": bond, "goals": goals, "tasks": tasks, "depth": depth, "insight": insight, "quit": quit,
               "safety": safety, "after": after, "note": note}
    given: dict[str, Any] = {k: v for k, v in ratings.items() if v is not None}
    if not given:
        given = _ask_checkin()
        if not given:
            raise fail("nothing given: the check-in was not recorded")

    def change(record: Record) -> entries.Change:
        return entries.save_session(record, {"date": _target(record, date), "checkin": given}, today=today())

    crisis = int(given.get("safety") or 0) >= 1
    write(ctx, change, when=date or "DATE", lead=(lambda: crisis_resources_first(settings_file)) if crisis else None)


@add_app.command("measure")
def add_measure(
    ctx: typer.Context,
    instrument: Annotated[str | None, typer.Argument(help="Instrument, e.g. PHQ-9 (asked if missing; `midcourse "
                                                          "instrument list` shows them).", show_default=False)] = None,
    score: Annotated[float | None, typer.Argument(
        help="The total score (asked if missing; PHQ-9 and GAD-7 are then asked item by item).",
        show_default=False)] = None,
    items: Annotated[str | None, typer.Option(
        help="The item scores of a PHQ-9 or GAD-7, in order, e.g. 1,2,1,0,1,2,0,1,1 (the total is their sum).",
        show_default=False)] = None,
    date: SessionDate = None,
    settings_file: SettingsFile = None,
) -> None:
    """Add a questionnaire's score to a session (or change it), as a total or item by item."""
    if instrument is None:
        instrument = str(typer.prompt("Instrument (e.g. PHQ-9)"))
    name = _known_instrument(ctx, instrument)
    scores: list[int] | None = _item_list(items, name) if items is not None else None
    if score is None and scores is None:
        if name in ITEM_LABELS:
            scores = _ask_items(name)
        else:
            score = float(typer.prompt(f"{name} total score", type=float))
    given: dict[str, Any] = {}
    if scores is not None:
        given["items"] = {name: scores}
    if score is not None:
        given["measures"] = {name: score}

    def change(record: Record) -> entries.Change:
        return entries.save_session(record, {"date": _target(record, date), **given}, today=today())

    crisis = name == "PHQ-9" and scores is not None and scores[8] >= 1
    write(ctx, change, names={"items": "--items", "measures": name, "date": "--date"}, when=date or "DATE",
          lead=(lambda: crisis_resources_first(settings_file)) if crisis else None)


def _known_instrument(ctx: typer.Context, name: str) -> str:
    """The instrument a name means, in the stored record's terms (a clear error when unknown)."""
    from midcourse.validation import RecordError

    opts: Options = ctx.obj
    record = opts.load_record()
    try:
        return instrument_named(name, record)
    except RecordError as exc:
        raise fail(exc.found[0].message) from None


def _item_list(text: str, name: str) -> list[int]:
    instrument = BUILT_IN.get(name)
    if instrument is None or instrument.items is None:
        itemised = ", ".join(k for k, i in BUILT_IN.items() if i.items)
        raise fail(f"--items: {name} cannot be entered item by item (these can: {itemised}); give its total score")
    try:
        values = [int(v) for v in text.replace(",", " ").split()]
    except ValueError:
        raise fail(f"--items: '{text}' is not a list of whole numbers (e.g. 1,2,1,0,1,2,0,1,1)") from None
    if len(values) != instrument.items or any(not 0 <= v <= (instrument.item_max or 0) for v in values):
        raise fail(f"--items: '{text}': {name} has {instrument.items} items, each scored 0 to {instrument.item_max} "
                   f"({ANSWER_CHOICES}); give all {instrument.items} in order")
    return values


def _ask_items(name: str) -> list[int]:
    """Each item of a PHQ-9 or GAD-7, asked with the project's own short label."""
    out.print(f"{name}: over the last two weeks, how often? {ANSWER_CHOICES}", markup=False)
    scores = []
    for n, label in enumerate(ITEM_LABELS[name], start=1):
        while True:
            text = str(typer.prompt(f"{n}. {label} (0-3)")).strip()
            if text in ("0", "1", "2", "3"):
                scores.append(int(text))
                break
            err.print(f"'{text}' is not 0, 1, 2 or 3", markup=False)
    return scores


@add_app.command("journal")
def add_journal(
    ctx: typer.Context,
    text: Annotated[str, typer.Option(prompt="Entry", help="The entry's text (asked when not given).")],
    date: Annotated[str | None, typer.Option(help="Its date (default: today).", show_default=False)] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag (repeatable).", show_default=False)] = None,
) -> None:
    """Add a journal entry."""
    given = {"date": date or today().isoformat(), "text": text, "tags": list(tag or [])}
    write(ctx, lambda r: entries.save_journal_entry(r, given, today=today()),
          names={"date": "--date", "text": "--text", "tags": "--tag"})


@add_app.command("defense")
def add_defense(
    ctx: typer.Context,
    defense: Annotated[str | None, typer.Argument(help="A defense from `midcourse defenses` (asked if missing).",
                                                  show_default=False)] = None,
    date: Annotated[str | None, typer.Option(help="Its date (default: today).", show_default=False)] = None,
    note: Annotated[str | None, typer.Option(help="An optional note.", show_default=False)] = None,
) -> None:
    """Add a defense you noticed in yourself."""
    from midcourse.defenses import CATALOGUE, normalize_name

    if defense is None:
        defense = str(typer.prompt("Defense (see `midcourse defenses`)"))
    if normalize_name(defense) not in CATALOGUE:
        import difflib

        near = difflib.get_close_matches(normalize_name(defense), list(CATALOGUE), n=1)
        raise fail(f"'{defense}' is not in the DMRS catalogue{f' (did you mean {near[0]}?)' if near else ''}; "
                   "`midcourse defenses` lists them")
    given = {"date": date or today().isoformat(), "defense": defense, **({"note": note} if note else {})}
    write(ctx, lambda r: entries.save_defense(r, given, today=today()),
          names={"date": "--date", "defense": "DEFENSE", "note": "--note"})


@app.command("defenses")
def list_defenses() -> None:
    """The defense catalogue (DMRS), level by level, in plain words."""
    from midcourse.defenses import CATALOGUE, LEVEL_NAMES

    for level in sorted(LEVEL_NAMES, reverse=True):
        out.print(f"Level {level}: {LEVEL_NAMES[level]}", markup=False)
        for d in CATALOGUE.values():
            if d.level == level:
                out.print(f"  {d.id}: {d.description}", markup=False)


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


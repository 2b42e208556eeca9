"""An Obsidian vault (or any folder of Markdown notes) read as a record; rules in docs/vault.md."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from midcourse import safe_yaml, vault_files
from midcourse.defenses import CATALOGUE, normalize_name
from midcourse.instruments import BUILT_IN
from midcourse.limits import MAX_CONFIG_BYTES, MAX_NAME_CHARS, MAX_NOTE_BYTES
from midcourse.markdown import FrontMatterError, plain_text, read_body, split_front_matter
from midcourse.record import FORMAT, SCALES, Record, format_when, parse_when
from midcourse.validation import RecordError, parse_record
from midcourse.vault_files import VaultFileError

CONFIG = "midcourse.yaml"
OUTPUT_FOLDER = "Midcourse"  # where midcourse writes its own notes; never read back
IGNORED_FOLDERS = {".obsidian", ".trash", ".git", OUTPUT_FOLDER}
MAX_BYTES = MAX_NOTE_BYTES
SESSION_FIELDS = ("status", "minutes_late", "notice_hours", "reason")
CHECKIN_FIELDS = (*SCALES, "safety", "after", "checkin_note")
# Every property midcourse reads, by its canonical name; Obsidian users write them in any case,
# with spaces or hyphens ("Minutes late", "checkin-note").
KNOWN = ("session", *SESSION_FIELDS, *CHECKIN_FIELDS, "journal", "date", "tags", "defense", "defense_note")
CONFIG_KEYS = ("client", "therapy_started", "instruments", "include", "exclude", "daily_format")
DAILY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# `- [defense:: NAME] a note` or `- defense:: NAME — a note` (the name ends at ; | — or –). No part can
# match the same characters as the next, so a line is scanned once (a lazy name followed by optional
# spaces took seconds on a line of 20,000 spaces).
DEFENSE_ITEM = re.compile(
    r"^[ \t]*[-*+][ \t]+(?:\[defense::[ \t]*(?P<a>[^\]\n]+)\](?P<anote>[^\n]*)|defense::(?P<b>[^\n]*))$",
    re.MULTILINE | re.IGNORECASE)
_DEFENSE_SEPARATOR = re.compile("[;|\u2014\u2013]")


@dataclass
class VaultConfig:
    """midcourse.yaml at the vault root (every key optional)."""

    client: str | None = None
    therapy_started: str | None = None
    instruments: dict[str, dict[str, Any]] = field(default_factory=dict)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    daily_format: str | None = None


@dataclass
class NoteResult:
    """What one note contributes to the record, and what was wrong with it."""

    kind: str  # session, journal, defense, other, skipped
    sessions: list[dict[str, Any]] = field(default_factory=list)
    journal: list[dict[str, Any]] = field(default_factory=list)
    defenses: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "sessions": self.sessions, "journal": self.journal,
                "defenses": self.defenses, "warnings": self.warnings}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> NoteResult:
        return cls(d["kind"], d["sessions"], d["journal"], d["defenses"], d["warnings"])


@dataclass(frozen=True)
class NoteState:
    """How a note was when it was last read: enough to tell whether it changed."""

    mtime_ns: int
    size: int
    sha256: str
    result: NoteResult


@dataclass
class VaultRead:
    record: Record
    refs: dict[str, str]  # evidence ref (session key, "journal DATE") -> note name for [[links]]
    notes: dict[str, NoteState]
    warnings: list[str]
    counts: dict[str, int]


def read_config(root: Path) -> tuple[VaultConfig, list[str]]:
    """midcourse.yaml, key by key: a bad key is a warning and the others still count."""
    path = root / CONFIG
    if not os.path.lexists(path):
        return VaultConfig(), []
    try:
        data_bytes, _ = vault_files.read(Path(os.path.realpath(root)), CONFIG, MAX_CONFIG_BYTES)
    except VaultFileError as exc:
        return VaultConfig(), [f"{CONFIG}: {exc}; using defaults"]
    if len(data_bytes) > MAX_CONFIG_BYTES:
        return VaultConfig(), [f"{CONFIG}: larger than {MAX_CONFIG_BYTES // 1024} KiB; using defaults"]
    try:
        data = safe_yaml.load(data_bytes.decode("utf-8-sig")) or {}
    except UnicodeDecodeError as exc:
        return VaultConfig(), [f"{CONFIG}: not UTF-8 text (byte {exc.start}); using defaults"]
    except safe_yaml.YamlError as exc:
        return VaultConfig(), [f"{CONFIG} {exc}; using defaults"]
    if not isinstance(data, dict):
        return VaultConfig(), [f"{CONFIG}: expected key: value settings; using defaults"]
    config = VaultConfig()
    warnings = [f"{CONFIG}: unknown setting '{k}'" for k in data if k not in CONFIG_KEYS]

    def bad(key: str, why: str) -> None:
        warnings.append(f"{CONFIG}: {key}: {why}; ignored")

    for key in CONFIG_KEYS:
        value = data.get(key)
        if value is None:
            continue
        refused = safe_yaml.plain(value)
        if refused is not None:
            bad(key, f"{refused} is not a value midcourse reads")
        elif key == "client":
            if isinstance(value, (dict, list)) or len(str(value)) > MAX_NAME_CHARS:
                bad(key, f"expected a name of at most {MAX_NAME_CHARS} characters")
            else:
                config.client = str(value)
        elif key == "therapy_started":
            started = _when_text(value) if not isinstance(value, (dict, list)) else None
            try:
                parse_record({"format": FORMAT, "client": {"therapy_started": started}})
            except RecordError as exc:
                bad(key, exc.located()[0][1])
            else:
                config.therapy_started = started
        elif key == "instruments":
            config.instruments = _config_instruments(value, bad, warnings)
        elif key in ("include", "exclude"):
            items = value if isinstance(value, list) else [value]
            if any(isinstance(x, (dict, list)) for x in items):
                bad(key, "expected a list of folder names")
                continue
            folders = [_when_text(x).strip("/") for x in items]
            found = [f for f in folders if _vault_folder(root, f)]
            for folder in folders:
                if folder not in found:
                    bad(key, f"no folder '{folder[:MAX_NAME_CHARS]}' in the vault")
            setattr(config, key, found)
        elif key == "daily_format":
            if isinstance(value, str):
                config.daily_format = value
            else:
                bad(key, "expected a date format such as '%d.%m.%Y'")
    return config, warnings


def _vault_folder(root: Path, folder: str) -> bool:
    """Whether a folder named in midcourse.yaml is a folder inside the vault (a name too long for the
    file system, or one it cannot look up, is not)."""
    try:
        return (root / folder).is_dir() and vault_files.inside(root, root / folder)
    except (OSError, ValueError):
        return False


def _config_instruments(value: Any, bad: Any, warnings: list[str]) -> dict[str, dict[str, Any]]:
    """The valid instrument definitions of midcourse.yaml; each invalid one is a warning."""
    if not isinstance(value, dict):
        bad("instruments", "expected instrument ids with their settings, e.g. MY-SCALE: {min: 0, max: 50, "
                           "worse: higher}")
        return {}
    out: dict[str, dict[str, Any]] = {}
    for key, fields in value.items():
        try:
            parsed = parse_record({"format": FORMAT, "instruments": {str(key): fields}})
        except RecordError as exc:
            warnings.extend(f"{CONFIG}: {problem}; instrument {key} ignored" for problem in exc.problems)
            continue
        out.update(parsed.instruments)
    return out


def note_paths(root: Path, config: VaultConfig) -> tuple[list[str], int]:
    """Relative paths of the Markdown notes to read, and how many other files were passed over."""
    paths, other, _ = _note_paths(root, config)
    return paths, other


def _note_paths(root: Path, config: VaultConfig) -> tuple[list[str], int, list[str]]:
    def skip(rel_folder: Path, name: str) -> bool:
        return (rel_folder == Path(".") and name in IGNORED_FOLDERS) or name.startswith(".")

    files, warnings = vault_files.walk(root, skip)
    found: list[str] = []
    other = 0
    for rel in files:
        if not rel.lower().endswith(".md"):
            if rel != CONFIG:
                other += 1  # attachments and anything else
            continue
        if config.include and not any(rel == p or rel.startswith(p + "/") for p in config.include):
            continue
        if any(rel == p or rel.startswith(p + "/") for p in config.exclude):
            continue
        found.append(rel)
    return found, other, warnings


def _date_of_daily(stem: str, config: VaultConfig) -> dt.date | None:
    if DAILY.match(stem):
        try:
            return dt.date.fromisoformat(stem)
        except ValueError:
            return None
    if config.daily_format:
        try:
            return dt.datetime.strptime(stem, config.daily_format).date()
        except (ValueError, OverflowError):
            return None
    return None


def _when_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return format_when(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value
    return value


def _field_key(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _instrument_key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


@dataclass
class _Properties:
    """A note's properties as midcourse reads them: by canonical name, with the name the user wrote."""

    fields: dict[str, tuple[str, Any]] = field(default_factory=dict)
    scores: dict[str, tuple[str, Any]] = field(default_factory=dict)
    items: dict[str, tuple[str, Any]] = field(default_factory=dict)
    unknown_numbers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def value(self, name: str) -> Any:
        found = self.fields.get(name)
        return None if found is None else found[1]

    def written(self, name: str) -> str:
        found = self.fields.get(name) or self.scores.get(name) or self.items.get(name)
        return found[0] if found else name


def _properties(props: dict[str, Any], instruments: set[str], rel: str) -> _Properties:
    by_key = {_instrument_key(i): i for i in sorted(instruments)}
    out = _Properties()
    for name, value in props.items():
        key = _field_key(name)
        target: dict[str, tuple[str, Any]] | None = None
        canonical = key
        if key in KNOWN:
            target = out.fields
        else:
            compact = _instrument_key(name)
            if compact in by_key:
                target, canonical = out.scores, by_key[compact]
            elif compact.endswith("items") and compact[:-len("items")] in by_key:
                target, canonical = out.items, by_key[compact[:-len("items")]]
        if target is None:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                out.unknown_numbers.append(name)
            continue
        if value is None:
            continue  # an empty property, as Obsidian's Properties panel leaves them
        if canonical in target:
            out.warnings.append(f"{rel}: properties '{target[canonical][0]}' and '{name}' both give {canonical}; "
                                f"kept '{target[canonical][0]}'")
            continue
        refused = safe_yaml.plain(value)
        if refused is not None:
            out.warnings.append(f"{rel}: property {name}: {refused} is not a value midcourse reads; "
                                "property skipped")
            continue
        if isinstance(value, dict) or (isinstance(value, list) and target is not out.items
                                       and canonical not in ("tags", "defense")):
            out.warnings.append(f"{rel}: property {name}: expected one value, got "
                                f"{'a list' if isinstance(value, list) else 'a set of properties'}; property skipped")
            continue
        target[canonical] = (name, value)
    return out


def _tags(p: _Properties, body_tags: tuple[str, ...], rel: str, warnings: list[str]) -> list[str]:
    raw = p.value("tags") or []
    if isinstance(raw, str):
        raw = [t for t in re.split(r"[,\s]+", raw) if t]
    elif not isinstance(raw, list):
        raw = [raw]  # `tags: 2026` is one tag
    tags: list[str] = []
    for t in raw:
        if t is None:
            continue
        if isinstance(t, (dict, list)):
            warnings.append(f"{rel}: property {p.written('tags')}: a tag cannot be a list; that tag skipped")
            continue
        tags.append(_when_text(t).lstrip("#"))
    seen: dict[str, None] = dict.fromkeys(tags)
    for t in body_tags:
        seen.setdefault(t, None)
    return list(seen)


def read_note(text: str, rel: str, config: VaultConfig, instruments: set[str]) -> NoteResult:
    """One note's contribution to the record. Its problems become warnings that name the note and the
    property; a bad property is skipped and the rest of the note still counts."""
    try:
        props, body = split_front_matter(text)
    except FrontMatterError as exc:
        return NoteResult("skipped", warnings=[f"{rel}: {exc}; note skipped"])
    if any(isinstance(v, str) and "{{" in v for v in props.values()):
        return NoteResult("other")  # a template (Obsidian fills {{date}} when it is used)
    p = _properties(props, instruments, rel)
    result = NoteResult("other", warnings=list(p.warnings))
    stem = Path(rel).stem
    note_date: Any = None
    read = read_body(body)
    if p.value("session") is not None:
        session = _session_note(p, read.text, rel, config, result.warnings)
        if session is None:
            result.kind = "skipped"
            return result
        result.kind, result.sessions, note_date = "session", [session], session["date"]
        if p.unknown_numbers:
            names = ", ".join(p.unknown_numbers)
            result.warnings.append(f"{rel}: {'property' if len(p.unknown_numbers) == 1 else 'properties'} {names}: "
                                   "not a check-in field or a known instrument (declare an instrument in "
                                   f"{CONFIG}); ignored")
    else:
        when = p.value("journal")
        daily = _date_of_daily(stem, config)
        if when is not None or daily is not None:
            note_date = _when_text(when) if when is not None and when is not True else (
                daily.isoformat() if daily else None)
            if note_date is None:
                result.warnings.append(f"{rel}: property {p.written('journal')} has no date; note skipped")
                result.kind = "skipped"
                return result
            entry = _journal_note(p, note_date, read, rel, result.warnings)
            if entry is None:
                result.kind = "skipped"
                return result
            result.kind = "journal"
            result.journal = [entry] if entry["text"] or entry["tags"] else []
    if note_date is None and p.value("date") is not None:
        note_date = _when_text(p.value("date"))
    _defenses(p, body, rel, note_date, result)
    return result


def _checked(doc_key: str, item: dict[str, Any], instruments: dict[str, dict[str, Any]] | None = None
             ) -> list[tuple[str, str]]:
    """(field, problem) of one session, journal entry or defense note; [] when it is valid."""
    doc: dict[str, Any] = {"format": FORMAT, doc_key: [item]}
    if instruments:
        doc["instruments"] = instruments
    try:
        parse_record(doc)
    except RecordError as exc:
        return [(where.field if not where.measure else f"measure:{where.field}", what)
                for where, what in exc.located()]
    return []


def _session_note(p: _Properties, text: str, rel: str, config: VaultConfig, warnings: list[str]
                  ) -> dict[str, Any] | None:
    """The session of a session note, without the properties that are wrong (each a warning); None
    when its date or status is wrong (then there is no session to keep)."""
    session: dict[str, Any] = {"date": _when_text(p.value("session")), "status": p.value("status") or "attended"}
    if isinstance(session["status"], str):
        session["status"] = session["status"].strip().lower().replace(" ", "_")
    for key in ("minutes_late", "notice_hours"):
        if p.value(key) is not None:
            session[key] = _number(p.value(key))
    if p.value("reason") is not None:
        session["reason"] = _when_text(p.value("reason"))
    checkin = {k: _number(p.value(k)) for k in (*SCALES, "safety") if p.value(k) is not None}
    if p.value("after") is not None:
        checkin["after"] = str(p.value("after")).strip().lower()
    if p.value("checkin_note") is not None:
        checkin["note"] = _when_text(p.value("checkin_note"))
    if checkin:
        session["checkin"] = checkin
    scores = {k: _number(v) for k, (_, v) in p.scores.items()}
    if scores:
        session["measures"] = scores
    items = {k: v for k, (_, v) in p.items.items()}
    if items:
        session["items"] = items
    if text:
        session["note"] = text
    for _ in range(len(KNOWN) + len(scores) + len(items) + 4):  # each round drops at least one property
        problems = _checked("sessions", session, config.instruments)
        if not problems:
            return session
        for where, what in problems:
            if where in ("date", "status"):
                name = "session" if where == "date" else "status"
                warnings.append(f"{rel}: property {p.written(name)}: {what}; session note skipped")
                return None
            warnings.append(_drop(session, where, what, p, rel))
    warnings.append(f"{rel}: the session could not be read; session note skipped")
    return None


def _drop(session: dict[str, Any], where: str, what: str, p: _Properties, rel: str) -> str:
    """Remove what a problem is about from the session; the warning that says so."""
    checkin = session.get("checkin", {})
    if where.startswith("measure:"):
        instrument = where[len("measure:"):]
        session.get("measures", {}).pop(instrument, None)
        return f"{rel}: property {p.written(instrument)}: {what}; property skipped"
    if where.endswith(" items"):
        instrument = where[:-len(" items")]
        session.get("items", {}).pop(instrument, None)
        return f"{rel}: property {p.items[instrument][0] if instrument in p.items else where}: {what}; " \
               "property skipped"
    if where in ("checkin", "measures", "items"):
        dropped = {"checkin": [p.written(k) for k in CHECKIN_FIELDS if k in p.fields],
                   "measures": [n for n, _ in p.scores.values()] + [n for n, _ in p.items.values()],
                   "items": [n for n, _ in p.items.values()]}[where]
        session.pop(where, None)
        if where == "measures":
            session.pop("items", None)
        return f"{rel}: {'properties' if len(dropped) != 1 else 'property'} {', '.join(dropped) or where}: {what}; " \
               f"{'properties' if len(dropped) != 1 else 'property'} skipped"
    if where == "note":
        session.pop("note", None)
        return f"{rel}: the note's text: {what}; text skipped, the rest of the note kept"
    if where in CHECKIN_FIELDS or where == "checkin_note":
        checkin.pop("note" if where == "checkin_note" else where, None)
        if not checkin:
            session.pop("checkin", None)
        return f"{rel}: property {p.written(where)}: {what}; property skipped"
    session.pop(where, None)
    return f"{rel}: property {p.written(where)}: {what}; property skipped"


def _journal_note(p: _Properties, date: str, read: Any, rel: str, warnings: list[str]) -> dict[str, Any] | None:
    """The journal entry of a daily or journal note; None when its date is wrong."""
    entry: dict[str, Any] = {"date": date, "text": read.text, "tags": _tags(p, read.tags, rel, warnings)}
    for _ in range(3):
        problems = _checked("journal", entry)
        if not problems:
            return entry
        for where, what in problems:
            if where == "date":
                name = p.written("journal") if p.value("journal") is not None else "file name"
                warnings.append(f"{rel}: {'property ' if name != 'file name' else ''}{name}: {what}; "
                                "journal note skipped")
                return None
            if where == "text":
                warnings.append(f"{rel}: the note's text: {what}; journal note skipped")
                return None
            warnings.append(f"{rel}: property {p.written('tags')}: {what}; tags skipped")
            entry["tags"] = []
    return None


def _defenses(p: _Properties, body: str, rel: str, note_date: Any, result: NoteResult) -> None:
    found: list[tuple[str, str]] = []
    prop = p.value("defense")
    if prop:
        for name in prop if isinstance(prop, list) else [prop]:
            found.append((_when_text(name), _when_text(p.value("defense_note") or "")))
    for m in DEFENSE_ITEM.finditer(body):
        if m.group("a") is not None:
            found.append((m.group("a").strip(), m.group("anote").strip()))
        else:
            text = m.group("b")
            sep = _DEFENSE_SEPARATOR.search(text)
            found.append((text[:sep.start()].strip(), text[sep.end():].strip()) if sep else (text.strip(), ""))
    for name, note in found:
        if not name.strip():
            continue  # an empty field, as in a template
        if note_date is None:
            result.warnings.append(f"{rel}: defense '{name}' has no date (give the note a date property)")
            continue
        defense = normalize_name(name)
        if defense not in CATALOGUE:
            result.warnings.append(f"{rel}: '{name[:80]}' is not in the DMRS catalogue; skipped")
            continue
        item = {"date": note_date, "defense": defense}
        if note:
            item["note"] = plain_text(note)
        problems = _checked("defenses", item)
        if any(where == "note" for where, _ in problems):
            item.pop("note")
            problems = _checked("defenses", item)
        if problems:
            where, what = problems[0]
            prop_name = p.written("date") if where == "date" else where
            result.warnings.append(f"{rel}: defense '{name}': property {prop_name}: {what}; skipped")
            continue
        result.defenses.append(item)
    if result.kind == "other" and result.defenses:
        result.kind = "defense"


def read_vault(root: str | Path, previous: dict[str, NoteState] | None = None) -> VaultRead:
    """The vault as a record. Notes whose size and modification time match `previous` are not read
    again; notes whose content hash matches are not parsed again. Only regular files inside the
    vault are read: FIFOs, devices and links that leave the vault are skipped with a warning."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: not a folder")
    root = Path(os.path.realpath(root))
    previous = previous or {}
    config, warnings = read_config(root)
    instruments = set(BUILT_IN) | set(config.instruments)
    paths, other_files, walk_warnings = _note_paths(root, config)
    warnings.extend(walk_warnings)
    notes: dict[str, NoteState] = {}
    counts = {"notes": len(paths), "read": 0, "unchanged": 0, "other_files": other_files}
    for rel in paths:
        try:
            state = vault_files.status(root, rel)
        except VaultFileError as exc:
            notes[rel] = NoteState(0, 0, "", NoteResult("skipped", warnings=[f"{rel}: {exc}"]))
            continue
        old = previous.get(rel)
        if old is not None and old.mtime_ns == state.mtime_ns and old.size == state.size and old.sha256:
            notes[rel] = old
            counts["unchanged"] += 1
            continue
        if state.size > MAX_NOTE_BYTES:
            result = NoteResult("skipped", warnings=[f"{rel}: larger than 1 MiB ({state.size:,} bytes); skipped"])
            notes[rel] = NoteState(state.mtime_ns, state.size, "", result)
            continue
        try:
            data, state = vault_files.read(root, rel, MAX_NOTE_BYTES)
        except VaultFileError as exc:
            notes[rel] = NoteState(0, 0, "", NoteResult("skipped", warnings=[f"{rel}: {exc}"]))
            continue
        if len(data) > MAX_NOTE_BYTES:  # it grew while being read
            result = NoteResult("skipped", warnings=[f"{rel}: larger than 1 MiB; skipped"])
            notes[rel] = NoteState(state.mtime_ns, state.size, "", result)
            continue
        digest = hashlib.sha256(data).hexdigest()
        counts["read"] += 1
        if old is not None and old.sha256 == digest:
            notes[rel] = NoteState(state.mtime_ns, state.size, digest, old.result)
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            result = NoteResult("skipped", warnings=[f"{rel}: not UTF-8 text (byte {exc.start}); skipped"])
        else:
            result = read_note(text.replace("\r\n", "\n"), rel, config, instruments)
        notes[rel] = NoteState(state.mtime_ns, state.size, digest, result)
    record, refs, more = assemble(notes, config)
    for state_ in notes.values():
        warnings.extend(state_.result.warnings)
    warnings.extend(more)
    for kind in ("session", "journal", "defense", "other", "skipped"):
        counts[kind] = sum(1 for s in notes.values() if s.result.kind == kind)
    counts["problems"] = sum(1 for s in notes.values() if s.result.warnings)
    return VaultRead(record, refs, notes, warnings, counts)


def assemble(notes: dict[str, NoteState], config: VaultConfig) -> tuple[Record, dict[str, str], list[str]]:
    """The record that the notes' contributions make, with links back to their notes. Each piece was
    valid when its note was read; one that no longer is (its instrument left midcourse.yaml) is
    skipped with a warning naming its note."""
    warnings: list[str] = []
    sessions: dict[str, tuple[str, dict[str, Any]]] = {}
    journal: list[tuple[str, dict[str, Any]]] = []
    defenses: list[tuple[str, dict[str, Any]]] = []
    refs: dict[str, str] = {}
    for rel in sorted(notes):
        result = notes[rel].result
        name = rel[:-3] if rel.lower().endswith(".md") else rel
        for s in result.sessions:
            key = format_when(parse_when(s["date"]))
            if key in sessions:
                warnings.append(f"{rel}: session {key} is also in {sessions[key][0]}; kept that one")
                continue
            sessions[key] = (rel, s)
            refs[key] = name
        for j in result.journal:
            journal.append((rel, j))
            refs.setdefault(f"journal {j['date']}", name)
        defenses.extend((rel, d) for d in result.defenses)
    parts = {"sessions": list(sessions.values()), "journal": journal, "defenses": defenses}
    doc: dict[str, Any] = {"format": FORMAT}
    client = {k: v for k, v in (("name", config.client), ("therapy_started", config.therapy_started)) if v}
    if client:
        doc["client"] = client
    if config.instruments:
        doc["instruments"] = config.instruments
    while True:
        doc.update({section: [item for _, item in items] for section, items in parts.items()})
        try:
            return parse_record(doc), refs, warnings
        except RecordError as exc:
            dropped: dict[str, set[int]] = {}
            for problem, (where, _) in zip(exc.problems, exc.located(), strict=True):
                if where.section in parts and where.index is not None:
                    rel = parts[where.section][where.index][0]
                    warnings.append(f"{rel}: {problem}; skipped")
                    dropped.setdefault(where.section, set()).add(where.index)
                elif where.section in ("client", "instruments") and where.section in doc:
                    warnings.append(f"{CONFIG}: {problem}; ignored")
                    doc.pop(where.section)
                    dropped.setdefault(where.section, set())
            if not dropped:
                raise
            for section, indexes in dropped.items():
                if section in parts:
                    parts[section] = [x for i, x in enumerate(parts[section]) if i not in indexes]


def skeleton(notes: dict[str, NoteState]) -> Record:
    """Just the identities (dates, texts, defenses) of what notes contributed: enough to tell what a
    later import no longer has, without validating again."""
    from midcourse.record import DefenseObservation, JournalEntry, Session

    record = Record()
    for state in notes.values():
        r = state.result
        record.sessions += [Session(parse_when(s["date"]), "attended") for s in r.sessions]
        record.journal += [JournalEntry(parse_when(j["date"]), j["text"]) for j in r.journal]
        record.defenses += [DefenseObservation(parse_when(d["date"]), d["defense"]) for d in r.defenses]
    return record


SESSION_TEMPLATE = """---
session: "{{date:YYYY-MM-DD}}T{{time:HH:mm}}"
status: attended
minutes_late: 0
bond:
goals:
tasks:
depth:
insight:
quit:
safety:
after:
PHQ-9:
tags:
  - therapy
---
## What we talked about

## What I noticed
"""

DAILY_TEMPLATE = """---
tags:
  - journal
---
## Today

## Defenses I noticed
- defense:: 
"""

CONFIG_TEMPLATE = """# midcourse reads this vault as your therapy record. Every setting is optional.
# client: Sam
# therapy_started: 2026-01-05
# instruments:
#   MY-SCALE: {min: 0, max: 50, worse: higher, cutoff: 20, reliable_change: 6}
# include: [Therapy]          # only these folders
# exclude: [Archive]          # never these folders
# daily_format: "%d.%m.%Y"    # daily notes not named YYYY-MM-DD
"""


def init_vault(root: str | Path) -> list[str]:
    """Add the templates and a midcourse.yaml; never overwrites anything. Returns what was written."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: not a folder")
    written = []
    for folder, name, text in (("Templates", "midcourse session.md", SESSION_TEMPLATE),
                               ("Templates", "midcourse daily.md", DAILY_TEMPLATE), ("", CONFIG, CONFIG_TEMPLATE)):
        if os.path.lexists(root / folder / name):
            continue
        try:
            vault_files.write(root, folder, name, text, replace=False)
        except FileExistsError:
            continue
        written.append(f"{folder}/{name}" if folder else name)
    return written


def write_note(root: str | Path, name: str, text: str) -> Path:
    """Write midcourse's own note into the vault's Midcourse/ folder (replacing an earlier one
    of the same name: it is midcourse's, never the user's); never through a link, into a FIFO or out
    of the vault (VaultFileError)."""
    return vault_files.write(Path(root), OUTPUT_FOLDER, f"{name}.md", text)

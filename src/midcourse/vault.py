"""An Obsidian vault (or any folder of Markdown notes) read as a record; rules in docs/vault.md."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from midcourse.defenses import CATALOGUE, normalize_name
from midcourse.instruments import BUILT_IN
from midcourse.markdown import FrontMatterError, inline_tags, plain_text, split_front_matter
from midcourse.record import FORMAT, SCALES, Record, format_when, parse_when
from midcourse.validation import RecordError, parse_record

CONFIG = "midcourse.yaml"
OUTPUT_FOLDER = "Midcourse"  # where midcourse writes its own notes; never read back
IGNORED_FOLDERS = {".obsidian", ".trash", ".git", OUTPUT_FOLDER}
MAX_BYTES = 1024 * 1024
SESSION_FIELDS = ("status", "minutes_late", "notice_hours", "reason")
DAILY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DEFENSE_ITEM = re.compile(
    r"^\s*[-*+]\s+(?:\[defense::\s*(?P<a>[^\]]+)\]\s*(?P<anote>.*)|defense::\s*(?P<b>[^;|\u2014\u2013]+?)"
    r"\s*(?:[;|\u2014\u2013]\s*(?P<bnote>.*))?)$", re.MULTILINE | re.IGNORECASE)


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
    path = root / CONFIG
    if not path.exists():
        return VaultConfig(), []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return VaultConfig(), [f"{CONFIG}: not readable YAML ({str(exc).splitlines()[0]}); using defaults"]
    if not isinstance(data, dict):
        return VaultConfig(), [f"{CONFIG}: expected key: value settings; using defaults"]
    warnings = [f"{CONFIG}: unknown setting '{k}'" for k in data
                if k not in ("client", "therapy_started", "instruments", "include", "exclude", "daily_format")]
    started = data.get("therapy_started")
    return VaultConfig(
        client=str(data["client"]) if data.get("client") is not None else None,
        therapy_started=started.isoformat() if isinstance(started, dt.date) else started,
        instruments=data.get("instruments") or {},
        include=[str(x).strip("/") for x in data.get("include") or []],
        exclude=[str(x).strip("/") for x in data.get("exclude") or []],
        daily_format=data.get("daily_format"),
    ), warnings


def note_paths(root: Path, config: VaultConfig) -> tuple[list[str], int]:
    """Relative paths of the Markdown notes to read, and how many other files were passed over."""
    found: list[str] = []
    other = 0
    for folder, dirs, files in os.walk(root):
        rel_folder = Path(folder).relative_to(root)
        dirs[:] = sorted(d for d in dirs if not (rel_folder == Path(".") and d in IGNORED_FOLDERS)
                         and not d.startswith("."))
        for name in sorted(files):
            rel = (rel_folder / name).as_posix()
            if not name.lower().endswith(".md"):
                if name != CONFIG:
                    other += 1  # attachments and anything else
                continue
            if config.include and not any(rel == p or rel.startswith(p + "/") for p in config.include):
                continue
            if any(rel == p or rel.startswith(p + "/") for p in config.exclude):
                continue
            found.append(rel)
    return found, other


def _date_of_daily(stem: str, config: VaultConfig) -> dt.date | None:
    if DAILY.match(stem):
        try:
            return dt.date.fromisoformat(stem)
        except ValueError:
            return None
    if config.daily_format:
        try:
            return dt.datetime.strptime(stem, config.daily_format).date()
        except ValueError:
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


def _tags(props: dict[str, Any], body: str) -> list[str]:
    raw = props.get("tags") or []
    if isinstance(raw, str):
        raw = [t for t in re.split(r"[,\s]+", raw) if t]
    tags = [str(t).lstrip("#") for t in raw if t is not None]
    seen: dict[str, None] = dict.fromkeys(tags)
    for t in inline_tags(body):
        seen.setdefault(t, None)
    return list(seen)


def _problem(exc: RecordError, rel: str, kind: str) -> str:
    """One warning for a note: its problems, phrased in terms of its properties."""
    problems = [f"property {where.field}: {what}" for where, what in exc.located()]
    return f"{rel}: {'; '.join(problems)}; {kind} note skipped"


def read_note(text: str, rel: str, config: VaultConfig, instruments: set[str]) -> NoteResult:
    """One note's contribution to the record (its problems become warnings, never errors)."""
    try:
        props, body = split_front_matter(text)
    except FrontMatterError as exc:
        return NoteResult("skipped", warnings=[f"{rel}: {exc}; note skipped"])
    if any(isinstance(v, str) and "{{" in v for v in props.values()):
        return NoteResult("other")  # a template (Obsidian fills {{date}} when it is used)
    stem = Path(rel).stem
    result = NoteResult("other")
    note_date: Any = None
    clean = plain_text(body)
    if props.get("session") is not None:
        session: dict[str, Any] = {"date": _when_text(props["session"]),
                                   "status": props.get("status") or "attended"}
        note_date = session["date"]
        for key in SESSION_FIELDS[2:]:
            if props.get(key) is not None:
                session[key] = _number(props[key])
        if props.get("minutes_late") is not None:
            session["minutes_late"] = _number(props["minutes_late"])
        checkin = {k: _number(props[k]) for k in (*SCALES, "safety") if props.get(k) is not None}
        if props.get("after") is not None:
            checkin["after"] = str(props["after"]).strip().lower()
        if props.get("checkin_note"):
            checkin["note"] = str(props["checkin_note"])
        if checkin:
            session["checkin"] = checkin
        scores = {k: _number(v) for k, v in props.items() if k in instruments and v is not None}
        if scores:
            session["measures"] = scores
        items = {k[: -len(" items")]: v for k, v in props.items()
                 if k.endswith(" items") and k[: -len(" items")] in instruments and v is not None}
        if items:
            session["items"] = items
        if clean:
            session["note"] = clean
        try:
            parse_record({"format": FORMAT, "instruments": config.instruments, "sessions": [session]})
        except RecordError as exc:
            return NoteResult("skipped", warnings=[_problem(exc, rel, "session")])
        result = NoteResult("session", sessions=[session])
    else:
        when = props.get("journal")
        daily = _date_of_daily(stem, config)
        if when is not None or daily is not None:
            note_date = _when_text(when) if when is not None and when is not True else (
                daily.isoformat() if daily else None)
            if note_date is None:
                return NoteResult("skipped", warnings=[f"{rel}: property journal has no date; note skipped"])
            entry = {"date": note_date, "text": clean, "tags": _tags(props, body)}
            try:
                parse_record({"format": FORMAT, "journal": [entry]})
            except RecordError as exc:
                return NoteResult("skipped", warnings=[_problem(exc, rel, "journal")])
            result = NoteResult("journal", journal=[entry] if clean or entry["tags"] else [])
    if note_date is None and props.get("date") is not None:
        note_date = _when_text(props["date"])
    _defenses(props, body, rel, note_date, result)
    return result


def _defenses(props: dict[str, Any], body: str, rel: str, note_date: Any, result: NoteResult) -> None:
    found: list[tuple[str, str]] = []
    prop = props.get("defense")
    if prop:
        for name in prop if isinstance(prop, list) else [prop]:
            found.append((str(name), str(props.get("defense_note") or "")))
    for m in DEFENSE_ITEM.finditer(body):
        found.append(((m.group("a") or m.group("b") or "").strip(), (m.group("anote") or m.group("bnote") or "").strip()))
    for name, note in found:
        if not name.strip():
            continue  # an empty field, as in a template
        if note_date is None:
            result.warnings.append(f"{rel}: defense '{name}' has no date (give the note a date property)")
            continue
        defense = normalize_name(name)
        if defense not in CATALOGUE:
            result.warnings.append(f"{rel}: '{name}' is not in the DMRS catalogue; skipped")
            continue
        item = {"date": note_date, "defense": defense}
        if note:
            item["note"] = plain_text(note)
        result.defenses.append(item)
    if result.kind == "other" and result.defenses:
        result.kind = "defense"


def read_vault(root: str | Path, previous: dict[str, NoteState] | None = None) -> VaultRead:
    """The vault as a record. Notes whose size and modification time match `previous` are not read
    again; notes whose content hash matches are not parsed again."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: not a folder")
    previous = previous or {}
    config, warnings = read_config(root)
    instruments = set(BUILT_IN) | set(config.instruments)
    paths, other_files = note_paths(root, config)
    notes: dict[str, NoteState] = {}
    counts = {"notes": len(paths), "read": 0, "unchanged": 0, "other_files": other_files}
    for rel in paths:
        path = root / rel
        try:
            stat = path.stat()
        except OSError as exc:
            warnings.append(f"{rel}: cannot be read ({exc.strerror})")
            continue
        old = previous.get(rel)
        if old is not None and old.mtime_ns == stat.st_mtime_ns and old.size == stat.st_size:
            notes[rel] = old
            counts["unchanged"] += 1
            continue
        if stat.st_size > MAX_BYTES:
            result = NoteResult("skipped", warnings=[f"{rel}: larger than 1 MiB ({stat.st_size:,} bytes); skipped"])
            notes[rel] = NoteState(stat.st_mtime_ns, stat.st_size, "", result)
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        counts["read"] += 1
        if old is not None and old.sha256 == digest:
            notes[rel] = NoteState(stat.st_mtime_ns, stat.st_size, digest, old.result)
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            result = NoteResult("skipped", warnings=[f"{rel}: not UTF-8 text (byte {exc.start}); skipped"])
        else:
            result = read_note(text.replace("\r\n", "\n"), rel, config, instruments)
        notes[rel] = NoteState(stat.st_mtime_ns, stat.st_size, digest, result)
    record, refs, more = assemble(notes, config)
    for state in notes.values():
        warnings.extend(state.result.warnings)
    warnings.extend(more)
    for kind in ("session", "journal", "defense", "other", "skipped"):
        counts[kind] = sum(1 for s in notes.values() if s.result.kind == kind)
    return VaultRead(record, refs, notes, warnings, counts)


def assemble(notes: dict[str, NoteState], config: VaultConfig) -> tuple[Record, dict[str, str], list[str]]:
    """The record that the notes' contributions make, with links back to their notes."""
    warnings: list[str] = []
    sessions: dict[str, tuple[str, dict[str, Any]]] = {}
    journal: list[dict[str, Any]] = []
    defenses: list[dict[str, Any]] = []
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
            journal.append(j)
            refs.setdefault(f"journal {j['date']}", name)
        defenses.extend(result.defenses)
    doc: dict[str, Any] = {"format": FORMAT, "sessions": [s for _, s in sessions.values()],
                           "journal": journal, "defenses": defenses}
    client = {k: v for k, v in (("name", config.client), ("therapy_started", config.therapy_started)) if v}
    if client:
        doc["client"] = client
    if config.instruments:
        doc["instruments"] = config.instruments
    try:
        record = parse_record(doc)
    except RecordError as exc:  # e.g. a midcourse.yaml instrument or client field that is invalid
        warnings.extend(f"{CONFIG}: {p}" for p in exc.problems if not p.startswith("sessions"))
        doc.pop("instruments", None)
        doc.pop("client", None)
        record = parse_record(doc)
    return record, refs, warnings


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
    for rel, text in (("Templates/midcourse session.md", SESSION_TEMPLATE),
                      ("Templates/midcourse daily.md", DAILY_TEMPLATE), (CONFIG, CONFIG_TEMPLATE)):
        path = root / rel
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(rel)
    return written


def write_note(root: str | Path, name: str, text: str) -> Path:
    """Write midcourse's own note into the vault's Midcourse/ folder (replacing an earlier one
    of the same name: it is midcourse's, never the user's)."""
    folder = Path(root) / OUTPUT_FOLDER
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path

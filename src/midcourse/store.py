"""Storage of records in SQLite (default) or any SQLAlchemy database, PostgreSQL included."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

import sqlalchemy as sa

from midcourse.merge import ImportSummary, merge, remove_entries
from midcourse.record import (
    SCALES,
    CheckIn,
    Client,
    DefenseObservation,
    JournalEntry,
    Record,
    Session,
    format_when,
    moment,
    parse_when,
)

HEAD_REVISION = "0003"
DEFAULT_CLIENT = "me"

metadata = sa.MetaData()

clients = sa.Table(
    "clients", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(200), nullable=False, unique=True),
    sa.Column("name", sa.Text),
    sa.Column("therapy_started", sa.String(10)),
    sa.Column("instruments", sa.Text, nullable=False, server_default="{}"),
)

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
    sa.Column("scheduled", sa.String(40), nullable=False),
    sa.Column("sort_at", sa.DateTime, nullable=False),
    sa.Column("status", sa.String(40), nullable=False),
    sa.Column("minutes_late", sa.Float),
    sa.Column("notice_hours", sa.Float),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("has_checkin", sa.Boolean, nullable=False, server_default=sa.false()),
    *[sa.Column(name, sa.Float) for name in SCALES],
    sa.Column("after", sa.String(20)),
    sa.Column("checkin_note", sa.Text, nullable=False, server_default=""),
    sa.UniqueConstraint("client_id", "scheduled", name="uq_sessions_client_scheduled"),
    sa.Index("ix_sessions_client", "client_id", "sort_at"),
)

measures = sa.Table(
    "measures", metadata,
    sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("instrument", sa.String(100), primary_key=True),
    sa.Column("score", sa.Float, nullable=False),
)

journal = sa.Table(
    "journal", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
    sa.Column("date", sa.String(40), nullable=False),
    sa.Column("sort_at", sa.DateTime, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("tags", sa.Text, nullable=False, server_default="[]"),
    sa.Index("ix_journal_client", "client_id", "sort_at"),
)

defenses = sa.Table(
    "defenses", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
    sa.Column("date", sa.String(40), nullable=False),
    sa.Column("sort_at", sa.DateTime, nullable=False),
    sa.Column("defense", sa.String(100), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_defenses_client", "client_id", "sort_at"),
)


vault_notes = sa.Table(
    "vault_notes", metadata,
    sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("path", sa.String(1000), primary_key=True),
    sa.Column("mtime_ns", sa.BigInteger, nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("result", sa.Text, nullable=False),
)


meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


class StoreError(LookupError):
    """A client that cannot be found or chosen."""


def default_db_path() -> Path:
    """The SQLite file in the user's data directory (MIDCOURSE_DATA_DIR overrides)."""
    override = os.environ.get("MIDCOURSE_DATA_DIR")
    if override:
        return Path(override) / "midcourse.db"
    import platformdirs

    return Path(platformdirs.user_data_dir("midcourse", appauthor=False)) / "midcourse.db"


def database_url(db: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL from a path, a URL, MIDCOURSE_DB, or the default location."""
    target = str(db) if db is not None else os.environ.get("MIDCOURSE_DB") or None
    if target is None:
        path = default_db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" in target:
        for prefix in ("postgresql://", "postgres://"):
            if target.startswith(prefix):
                return "postgresql+psycopg://" + target[len(prefix):]
        return target
    path = Path(target).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _insert(conn: sa.Connection, statement: sa.Insert) -> int:
    """Run an INSERT and return the new row's id."""
    key = conn.execute(statement).inserted_primary_key
    assert key is not None
    return int(key[0])


class Store:
    """Records of many clients in one database; every write is one transaction."""

    def __init__(self, db: str | os.PathLike[str] | None = None, passphrase: str | None = None):
        self.url = database_url(db)
        self.engine = sa.create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.migrate()
        self.cipher = self._open_cipher(passphrase if passphrase is not None
                                        else os.environ.get("MIDCOURSE_PASSPHRASE"))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # schema -----------------------------------------------------------------
    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()

    def migrate(self) -> None:
        """Bring the schema to the latest revision (alembic is imported only when needed)."""
        if self.schema_revision() == HEAD_REVISION:
            return
        from midcourse.migrations import upgrade

        with self.engine.begin() as conn:
            upgrade(conn)

    # encryption at rest -----------------------------------------------------
    @property
    def encrypted(self) -> bool:
        return self._meta("encryption") is not None

    def _meta(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(meta.c.value).where(meta.c.key == key)).scalar()

    def _open_cipher(self, passphrase: str | None) -> Any:
        settings = self._meta("encryption")
        if settings is None:
            return None
        if not passphrase:
            raise StoreError(f"the record in {self.display_url()} is encrypted: set MIDCOURSE_PASSPHRASE "
                             "to its passphrase")
        from midcourse.crypto import CryptoError, open_settings

        try:
            return open_settings(settings, passphrase)
        except CryptoError as exc:
            raise StoreError(f"{self.display_url()}: {exc}") from exc

    def enable_encryption(self, passphrase: str, cost: int | None = None) -> None:
        """Encrypt every free text of every client from now on, rewriting what is stored; one transaction."""
        from midcourse.crypto import SCRYPT_N, new_settings

        if self.encrypted:
            raise StoreError(f"{self.display_url()} is encrypted already")
        if len(passphrase) < 8:
            raise StoreError("choose a passphrase of at least 8 characters")
        settings, cipher = new_settings(passphrase, cost or SCRYPT_N)
        records = {key: self.load(key) for key in self.clients()}
        states = {key: self.vault_notes(key) for key in records}
        with self.engine.begin() as conn:
            conn.execute(meta.insert().values(key="encryption", value=settings))
            self.cipher = cipher
            for key, record in records.items():
                self._write(conn, key, record, create=False)
                if states[key]:
                    self._replace_notes(conn, key, states[key])

    def _enc(self, text: str | None) -> str | None:
        if self.cipher is None or not text:
            return text
        result: str = self.cipher.encrypt(text)
        return result

    def _dec(self, text: str | None) -> str | None:
        if self.cipher is None or not text:
            return text
        result: str = self.cipher.decrypt(text)
        return result

    # clients ----------------------------------------------------------------
    def clients(self) -> list[str]:
        """The keys of every stored client, in order of creation."""
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(clients.c.key).order_by(clients.c.id)).scalars())

    def resolve_client(self, key: str | None = None) -> str:
        """The client a command works on: the one named, else the only one."""
        keys = self.clients()
        if key is not None:
            if key not in keys:
                raise StoreError(f"no client '{key}' in {self.display_url()}"
                                 + (f" (clients: {', '.join(keys)})" if keys else ""))
            return key
        if not keys:
            raise StoreError(f"no record yet in {self.display_url()}: run `midcourse init` "
                             "or `midcourse import FILE` first")
        if len(keys) > 1:
            raise StoreError(f"{len(keys)} clients are stored ({', '.join(keys)}): choose one with --client")
        return keys[0]

    def display_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def create_client(self, key: str, record: Record | None = None) -> None:
        """Create a client with an (optionally non-empty) record; fails if the key exists."""
        if key in self.clients():
            raise StoreError(f"client '{key}' already exists")
        with self.engine.begin() as conn:
            self._write(conn, key, record or Record(), create=True)

    def delete_client(self, key: str) -> None:
        """Delete a client and everything stored for them."""
        with self.engine.begin() as conn:
            client_id = self._client_id(conn, key)
            self._clear(conn, client_id)
            conn.execute(vault_notes.delete().where(vault_notes.c.client_id == client_id))
            conn.execute(clients.delete().where(clients.c.id == client_id))

    # records ----------------------------------------------------------------
    def load(self, key: str | None = None) -> Record:
        """The stored record of a client."""
        key = self.resolve_client(key)
        with self.engine.connect() as conn:
            return self._read(conn, key)

    def save(self, key: str, record: Record) -> None:
        """Replace a client's record (created if new) in one transaction."""
        with self.engine.begin() as conn:
            exists = conn.execute(sa.select(clients.c.id).where(clients.c.key == key)).first()
            self._write(conn, key, record, create=exists is None)

    def update(self, key: str | None, change: Callable[[Record], None]) -> Record:
        """Load a client's record, apply a change, validate the result and save it, in one
        transaction; raises RecordError (and changes nothing) when the result is invalid."""
        from midcourse.validation import parse_record

        key = self.resolve_client(key)
        with self.engine.begin() as conn:
            record = self._read(conn, key)
            change(record)
            record = parse_record(record.to_dict())
            self._write(conn, key, record, create=False)
        return record

    def import_record(self, incoming: Record, key: str | None = None) -> ImportSummary:
        """Merge a record into a client's (created if new): all of it, or nothing."""
        key = key or self._client_for(incoming)
        with self.engine.begin() as conn:
            exists = conn.execute(sa.select(clients.c.id).where(clients.c.key == key)).first()
            existing = self._read(conn, key) if exists else Record()
            merged, summary = merge(existing, incoming)
            if summary.changed or not exists:
                self._write(conn, key, merged, create=exists is None)
        return summary

    def _client_for(self, incoming: Record) -> str:
        """Whose record an import belongs to: its named client, else the only one, else new."""
        keys = self.clients()
        name = (incoming.client.name or "").strip()
        if name in keys:
            return name
        if len(keys) == 1:
            return keys[0]
        return name or DEFAULT_CLIENT

    # vaults -----------------------------------------------------------------
    def vault_notes(self, key: str) -> dict[str, Any]:
        """What was read from each note of the client's vault last time (path -> NoteState)."""
        from midcourse.vault import NoteResult, NoteState

        with self.engine.connect() as conn:
            found = conn.execute(sa.select(clients.c.id).where(clients.c.key == key)).first()
            if found is None:
                return {}
            rows = conn.execute(sa.select(vault_notes).where(vault_notes.c.client_id == found[0]))
            return {r.path: NoteState(r.mtime_ns, r.size, r.sha256,
                                      NoteResult.from_dict(json.loads(self._dec(r.result) or "{}")))
                    for r in rows}

    def import_vault(self, root: str | os.PathLike[str], key: str | None = None) -> tuple[ImportSummary, Any]:
        """Import a vault: only changed notes are read; what was deleted in the vault is removed;
        entries added by other means stay. All of it, or nothing."""
        from midcourse.vault import read_vault, skeleton

        keys = self.clients()
        if key is None:
            key = keys[0] if len(keys) == 1 else DEFAULT_CLIENT
        previous = self.vault_notes(key)
        read = read_vault(Path(root), previous)
        unchanged = set(previous) == set(read.notes) and all(
            previous[p].sha256 == read.notes[p].sha256 for p in previous)
        if unchanged and key in keys:
            summary = ImportSummary()
            if any(previous[p].mtime_ns != read.notes[p].mtime_ns for p in previous):
                self._save_notes(key, read.notes)
            return summary, read
        old_record = skeleton(previous)
        with self.engine.begin() as conn:
            exists = conn.execute(sa.select(clients.c.id).where(clients.c.key == key)).first()
            stored = self._read(conn, key) if exists else Record()
            removed = remove_entries(stored, old_record, read.record)
            merged, summary = merge(stored, read.record)
            for kind, n in removed.items():
                summary.count("removed", kind, n)
            self._write(conn, key, merged, create=exists is None)
            self._replace_notes(conn, key, read.notes)
        return summary, read

    def _save_notes(self, key: str, notes: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            self._replace_notes(conn, key, notes)

    def _replace_notes(self, conn: sa.Connection, key: str, notes: dict[str, Any]) -> None:
        client_id = self._client_id(conn, key)
        conn.execute(vault_notes.delete().where(vault_notes.c.client_id == client_id))
        if notes:
            conn.execute(vault_notes.insert(), [
                {"client_id": client_id, "path": path, "mtime_ns": s.mtime_ns, "size": s.size,
                 "sha256": s.sha256, "result": self._enc(json.dumps(s.result.to_dict()))}
                for path, s in notes.items()])

    # internals --------------------------------------------------------------
    def _client_id(self, conn: sa.Connection, key: str) -> int:
        row = conn.execute(sa.select(clients.c.id).where(clients.c.key == key)).first()
        if row is None:
            raise StoreError(f"no client '{key}' in {self.display_url()}")
        return int(row[0])

    def _clear(self, conn: sa.Connection, client_id: int) -> None:
        """Remove a client's record rows (not its vault note states)."""
        session_ids = sa.select(sessions.c.id).where(sessions.c.client_id == client_id)
        conn.execute(measures.delete().where(measures.c.session_id.in_(session_ids)))
        for table in (sessions, journal, defenses):
            conn.execute(table.delete().where(table.c.client_id == client_id))

    def _write(self, conn: sa.Connection, key: str, record: Record, create: bool) -> None:
        values = {
            "name": self._enc(record.client.name),
            "therapy_started": record.client.therapy_started.isoformat()
            if record.client.therapy_started else None,
            "instruments": json.dumps(record.instruments, sort_keys=True),
        }
        if create:
            client_id = _insert(conn, clients.insert().values(key=key, **values))
        else:
            client_id = self._client_id(conn, key)
            conn.execute(clients.update().where(clients.c.id == client_id).values(**values))
            self._clear(conn, client_id)
        for s in record.sessions:
            c = s.checkin
            row: dict[str, Any] = {
                "client_id": client_id, "scheduled": s.key, "sort_at": moment(s.date),
                "status": s.status, "minutes_late": s.minutes_late, "notice_hours": s.notice_hours,
                "reason": self._enc(s.reason), "note": self._enc(s.note), "has_checkin": c is not None,
                "after": c.after if c else None, "checkin_note": self._enc(c.note) if c else "",
            }
            for name in SCALES:
                row[name] = getattr(c, name) if c else None
            session_id = _insert(conn, sessions.insert().values(**row))
            if s.measures:
                conn.execute(measures.insert(), [
                    {"session_id": session_id, "instrument": k, "score": v} for k, v in s.measures.items()
                ])
        if record.journal:
            conn.execute(journal.insert(), [
                {"client_id": client_id, "date": format_when(j.date), "sort_at": moment(j.date),
                 "text": self._enc(j.text), "tags": self._enc(json.dumps(j.tags))} for j in record.journal
            ])
        if record.defenses:
            conn.execute(defenses.insert(), [
                {"client_id": client_id, "date": format_when(d.date), "sort_at": moment(d.date),
                 "defense": d.defense, "note": self._enc(d.note)} for d in record.defenses
            ])

    def _read(self, conn: sa.Connection, key: str) -> Record:
        """A client's record; a value that does not decrypt is an error naming the database and client."""
        from midcourse.crypto import CryptoError

        try:
            return self._read_rows(conn, key)
        except CryptoError as exc:
            raise StoreError(f"{self.display_url()}: the record '{key}': {exc}") from exc

    def _read_rows(self, conn: sa.Connection, key: str) -> Record:
        found = conn.execute(sa.select(clients).where(clients.c.key == key)).mappings().first()
        if found is None:
            raise StoreError(f"no client '{key}' in {self.display_url()}")
        row = found
        client_id = row["id"]
        scores: dict[int, dict[str, float]] = {}
        query = (sa.select(measures).join(sessions, sessions.c.id == measures.c.session_id)
                 .where(sessions.c.client_id == client_id))
        for m in conn.execute(query).mappings():
            scores.setdefault(m["session_id"], {})[m["instrument"]] = m["score"]
        session_list = []
        for s in conn.execute(sa.select(sessions).where(sessions.c.client_id == client_id)
                              .order_by(sessions.c.sort_at, sessions.c.id)).mappings():
            checkin = None
            if s["has_checkin"]:
                checkin = CheckIn(**{name: s[name] for name in SCALES}, after=s["after"],
                                  note=self._dec(s["checkin_note"]) or "")
            session_list.append(Session(
                date=parse_when(s["scheduled"]), status=s["status"], minutes_late=s["minutes_late"],
                notice_hours=s["notice_hours"], reason=self._dec(s["reason"]) or "", checkin=checkin,
                measures=scores.get(s["id"], {}), note=self._dec(s["note"]) or ""))
        entries = [JournalEntry(date=parse_when(j["date"]), text=self._dec(j["text"]) or "",
                                tags=json.loads(self._dec(j["tags"]) or "[]"))
                   for j in conn.execute(sa.select(journal).where(journal.c.client_id == client_id)
                                         .order_by(journal.c.sort_at, journal.c.id)).mappings()]
        observed = [DefenseObservation(date=parse_when(d["date"]), defense=d["defense"],
                                       note=self._dec(d["note"]) or "")
                    for d in conn.execute(sa.select(defenses).where(defenses.c.client_id == client_id)
                                          .order_by(defenses.c.sort_at, defenses.c.id)).mappings()]
        started = row["therapy_started"]
        return Record(
            client=Client(name=self._dec(row["name"]),
                          therapy_started=dt.date.fromisoformat(started) if started else None),
            instruments=json.loads(row["instruments"]),
            sessions=session_list, journal=entries, defenses=observed)


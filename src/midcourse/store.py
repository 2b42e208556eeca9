"""Storage of records in SQLite (default) or any SQLAlchemy database, PostgreSQL included.

Every write is one transaction under a write lock, and reads the record it changes inside that
lock, so that two writers (two commands, two browser tabs) never lose each other's changes:
SQLite takes its write lock at the start (`BEGIN IMMEDIATE`, waiting up to `BUSY_SECONDS`);
PostgreSQL takes a transaction-scoped advisory lock. A write that still meets a transient
conflict (a lock wait that ran out, a serialisation failure, two clients created at once) is
retried from the start.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from midcourse.merge import ImportSummary, merge
from midcourse.record import (
    SCALES,
    CheckIn,
    Client,
    DefenseObservation,
    JournalEntry,
    Record,
    SafetyAnswer,
    Session,
    format_when,
    moment,
    parse_when,
)
from midcourse.tables import (
    RECORD_TABLES,
    clients,
    defenses,
    journal,
    measures,
    meta,
    safety_answers,
    sessions,
    vault_notes,
)
from midcourse.wording import number

HEAD_REVISION = "0005"
# meta 'encryption_format' "2": values sealed to their place (AES-GCM associated data), client keys
# and vault paths stored as keyed hashes. An older encrypted database is resealed when next opened.
ENCRYPTION_FORMAT = "2"
DEFAULT_CLIENT = "me"
BUSY_SECONDS = 30.0
RETRIES = 5
# Every midcourse writer takes this advisory lock on PostgreSQL (any constant shared by all).
PG_LOCK = 0x6D69_6463  # "midc"

T = TypeVar("T")


class StoreError(LookupError):
    """A client that cannot be found or chosen, or a database that cannot be used."""


@dataclass(frozen=True)
class StoredNote:
    """What was read from one vault note last time (the vault module gives `result` its meaning)."""

    mtime_ns: int
    size: int
    sha256: str
    result: dict[str, Any]


def default_db_path() -> Path:
    """The SQLite file in the user's data directory (MIDCOURSE_DATA_DIR moves it)."""
    from midcourse.paths import data_dir

    return data_dir() / "midcourse.db"


def _private_file(path: Path, ours: bool) -> None:
    """Create a SQLite file readable by its user only (0600; SQLite gives its -wal and -shm files the
    same mode), in a folder only its user can enter when midcourse creates it (0700). The default
    data folder is midcourse's own, so an existing one is made private too."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
    elif ours and folder.stat().st_mode & 0o077:
        os.chmod(folder, 0o700)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass  # another process created it a moment ago


def database_url(db: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL from a path or a URL (default: the SQLite file in the data directory)."""
    if db is None:
        return f"sqlite:///{default_db_path()}"
    target = str(db)
    if "://" in target:
        for prefix in ("postgresql://", "postgres://"):
            if target.startswith(prefix):
                return "postgresql+psycopg://" + target[len(prefix):]
        return target
    return f"sqlite:///{Path(target).expanduser()}"


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun by hand (see _sqlite_begin), so that a writer can take the lock first.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Readers and a writer do not block each other; deleted text is overwritten, not left in the file.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    writing = conn.get_execution_options().get("midcourse_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def _transient(error: Exception) -> bool:
    """Whether a failed write may succeed if tried again from the start."""
    text = str(getattr(error, "orig", error)).lower()
    if isinstance(error, sa_exc.OperationalError) and ("database is locked" in text or "busy" in text):
        return True
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    # serialization_failure, deadlock_detected, unique_violation (two creators of one client)
    return code in ("40001", "40P01", "23505")


def storage_error(url: str, error: Exception) -> StoreError:
    """A database failure in words, with a way out. Never the SQL or its parameters: the client's
    words would be in them."""
    orig = getattr(error, "orig", error)
    text = str(orig).splitlines()[0].lower() if str(orig) else type(orig).__name__.lower()
    code = getattr(orig, "sqlstate", None)
    if "disk is full" in text or "disk full" in text or code in ("53100", "53200") or "no space left" in text:
        return StoreError(f"{url}: the disk is full: nothing was written. Free some space and try again "
                          "(`midcourse doctor` checks the database afterwards)")
    if "locked" in text or "busy" in text or code in ("55P03",):
        return StoreError(f"{url} is busy: another program kept it locked for more than {number(BUSY_SECONDS)} "
                          "seconds; try again (is another midcourse still writing?)")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{url}: the database cannot be written (the file or its folder is read-only); "
                          "check its permissions")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(f"{url}: the database file is damaged or not a midcourse database ({text}). Run "
                          "`midcourse doctor` to check it and for what to do; a backup (`midcourse backup`) "
                          "or an export restores the record")
    if "unable to open" in text:
        return StoreError(f"{url}: the database file cannot be opened (does its folder exist, and may you "
                          "write there?)")
    if isinstance(error, sa_exc.OperationalError) and code is None and "connect" in text:
        return StoreError(f"{url}: cannot reach the database server ({text})")
    return StoreError(f"{url}: the database failed ({type(orig).__name__}: {text[:200]}); nothing was "
                      "changed. `midcourse doctor` checks it")


@contextmanager
def _in_words(url: str) -> Iterator[None]:
    """Database failures inside as StoreError, said in words."""
    try:
        yield
    except sa_exc.DBAPIError as error:
        raise storage_error(url, error) from None


def _insert(conn: sa.Connection, statement: sa.Insert) -> int:
    """Run an INSERT and return the new row's id."""
    key = conn.execute(statement).inserted_primary_key
    assert key is not None
    return int(key[0])


class Store:
    """Records of many clients in one database; every write is one locked transaction."""

    def __init__(self, db: str | os.PathLike[str] | None = None, passphrase: str | None = None):
        self.url = database_url(db)
        url = sa.engine.make_url(self.url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            _private_file(Path(url.database).expanduser(), ours=db is None)
        connect_args = {"timeout": BUSY_SECONDS} if url.get_backend_name() == "sqlite" else {}
        try:
            # hide_parameters: an error message must never print a client's words.
            self.engine = sa.create_engine(self.url, hide_parameters=True, connect_args=connect_args)
        except ModuleNotFoundError as exc:  # the driver is an extra: `pip install "midcourse[postgres]"`
            raise StoreError(f"{self.url.split('://')[0]}: its database driver is not installed ({exc.name}); "
                             "for PostgreSQL: pip install \"midcourse[postgres]\"") from exc
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_connect)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        self._writer = self.engine.execution_options(midcourse_write=True)
        self.cipher: Any = None
        self._legacy: Any = None  # while resealing: the key of values written by an earlier version
        try:
            with _in_words(self.display_url()):
                self.migrate()
                self.cipher = self._open_cipher(passphrase)
        except BaseException:
            self.engine.dispose()  # a store that could not open keeps no connection
            raise

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
            revision: str | None = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            return revision

    def migrate(self) -> None:
        """Bring the schema to the latest revision (alembic is imported only when needed); a database
        written by a newer midcourse is left as it is, with an error that says so."""
        revision = self.schema_revision()
        if revision == HEAD_REVISION:
            return
        from midcourse.migrations import revisions, upgrade

        if revision is not None and revision not in revisions():
            raise StoreError(f"{self.display_url()} was written by a newer midcourse (its schema is {revision}; "
                             f"this version knows up to {HEAD_REVISION}). Nothing was changed: upgrade midcourse "
                             "(pip install -U midcourse), or export the record with the newer version")

        with self._writer.begin() as conn:
            if self.engine.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK})
            upgrade(conn)

    # transactions -----------------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[sa.Connection]:
        with self._writer.begin() as conn:
            if self.engine.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK})
            yield conn

    def transact(self, work: Callable[[Transaction], T]) -> T:
        """Run `work` in one write transaction under the lock, retrying it from the start when a
        concurrent writer got in the way; everything it wrote is kept, or nothing."""
        for attempt in range(RETRIES):
            try:
                with self._locked() as conn:
                    return work(Transaction(self, conn))
            except (sa_exc.OperationalError, sa_exc.IntegrityError) as error:
                if not _transient(error) or attempt == RETRIES - 1:
                    raise storage_error(self.display_url(), error) from None
                time.sleep(0.05 * (attempt + 1))
            except sa_exc.DBAPIError as error:
                raise storage_error(self.display_url(), error) from None
        raise AssertionError("unreachable")

    # encryption at rest -----------------------------------------------------
    @property
    def encrypted(self) -> bool:
        return self._meta("encryption") is not None

    def _meta(self, key: str) -> str | None:
        with _in_words(self.display_url()), self.engine.connect() as conn:
            value: str | None = conn.execute(sa.select(meta.c.value).where(meta.c.key == key)).scalar()
            return value

    def _open_cipher(self, passphrase: str | None) -> Any:
        settings = self._meta("encryption")
        if settings is None:
            return None
        if not passphrase:
            raise StoreError(f"the record in {self.display_url()} is encrypted: set MIDCOURSE_PASSPHRASE "
                             "to its passphrase")
        from midcourse.crypto import CryptoError, open_settings

        try:
            cipher = open_settings(settings, passphrase)
        except CryptoError as exc:
            raise StoreError(f"{self.display_url()}: {exc}") from exc
        if self._meta("encryption_format") != ENCRYPTION_FORMAT:
            self._reseal(cipher)
        return cipher

    def _reseal(self, cipher: Any) -> None:
        """Rewrite what an earlier version encrypted: values sealed to their place, client keys and
        vault paths hashed (one transaction; a second process opening it at once finds it done)."""
        def work(txn: Transaction) -> None:
            found = txn.conn.execute(sa.select(meta.c.value).where(meta.c.key == "encryption_format")).scalar()
            if found == ENCRYPTION_FORMAT:
                return
            self.cipher = None  # read as stored: legacy values decrypt without associated data
            self._legacy = cipher
            held = txn.held()
            self.cipher, self._legacy = cipher, None
            txn.rewrite(held)
            from midcourse.crypto import CHECK, CHECK_WHERE

            settings = json.loads(txn.conn.execute(sa.select(meta.c.value).where(meta.c.key == "encryption"))
                                  .scalar_one())
            txn.set_meta("encryption", json.dumps(settings | {"check": cipher.encrypt(CHECK, CHECK_WHERE)}))
            txn.set_meta("encryption_format", ENCRYPTION_FORMAT)

        try:
            self.transact(work)
        finally:
            self._legacy = None

    def enable_encryption(self, passphrase: str, cost: int | None = None) -> None:
        """Encrypt every free text of every client from now on, rewriting what is stored; one
        transaction. Client names become keyed hashes (their text encrypted), vault paths too."""
        from midcourse.crypto import SCRYPT_N, new_settings

        if len(passphrase) < 8:
            raise StoreError("choose a passphrase of at least 8 characters")
        settings, cipher = new_settings(passphrase, cost or SCRYPT_N)

        def work(txn: Transaction) -> None:
            if txn.conn.execute(sa.select(meta.c.value).where(meta.c.key == "encryption")).first():
                raise StoreError(f"{self.display_url()} is encrypted already")
            held = txn.held()
            txn.set_meta("encryption", settings)
            txn.set_meta("encryption_format", ENCRYPTION_FORMAT)
            self.cipher = cipher
            txn.rewrite(held)

        previous = self.cipher
        try:
            self.transact(work)
        except BaseException:
            self.cipher = previous
            raise

    def _enc(self, text: str | None, where: str = "") -> str | None:
        if self.cipher is None or not text:
            return text
        result: str = self.cipher.encrypt(text, where)
        return result

    def _dec(self, text: str | None, where: str = "") -> str | None:
        cipher = self.cipher or self._legacy
        if cipher is None or not text:
            return text
        result: str = cipher.decrypt(text, where)
        return result

    def key_of(self, name: str) -> str:
        """The key a client is stored under: the name itself, or with encryption on a keyed hash."""
        if self.cipher is None:
            return name
        digest: str = self.cipher.mac("client", name)
        return "h:" + digest

    def cache_secret(self) -> bytes | None:
        """A secret for the embedding cache when encryption is on (its keys hashed with it, its
        vectors encrypted), so the cache confirms no sentence; None when encryption is off."""
        if self.cipher is None:
            return None
        secret: bytes = self.cipher.derive("embedding cache")
        return secret

    # clients ----------------------------------------------------------------
    def clients(self) -> list[str]:
        """The names of every stored client (as given with --client), in order of creation."""
        with _in_words(self.display_url()), self.engine.connect() as conn:
            return Transaction(self, conn).clients()

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
        def work(txn: Transaction) -> None:
            if txn.exists(key):
                raise StoreError(f"client '{key}' already exists")
            txn.write(key, record or Record())

        self.transact(work)

    def delete_client(self, key: str) -> None:
        """Delete a client and everything stored for them, then compact the database so that the
        deleted words do not stay in its file."""
        def work(txn: Transaction) -> None:
            client_id = txn.client_id(key)
            txn.clear(client_id)
            txn.conn.execute(vault_notes.delete().where(vault_notes.c.client_id == client_id))
            txn.conn.execute(clients.delete().where(clients.c.id == client_id))

        self.transact(work)
        self.compact()

    def compact(self) -> None:
        """Rewrite the database without the space of deleted rows. SQLite: VACUUM, then a checkpoint
        that empties the write-ahead log (secure_delete is on as well). PostgreSQL: VACUUM FULL of
        midcourse's tables (the server's write-ahead log and backups are the administrator's)."""
        if self.engine.dialect.name == "sqlite":
            raw = self.engine.raw_connection()
            try:
                driver = raw.driver_connection
                assert driver is not None
                driver.execute("VACUUM")
                driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        elif self.engine.dialect.name == "postgresql":
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                names = ", ".join(t.name for t in (clients, *RECORD_TABLES, measures, vault_notes))
                conn.execute(sa.text(f"VACUUM FULL {names}"))

    # records ----------------------------------------------------------------
    def load(self, key: str | None = None) -> Record:
        """The stored record of a client."""
        key = self.resolve_client(key)
        with _in_words(self.display_url()), self.engine.connect() as conn:
            return Transaction(self, conn).read(key)

    def save(self, key: str, record: Record) -> None:
        """Replace a client's record (created if new) in one transaction."""
        self.transact(lambda txn: txn.write(key, record))

    def update(self, key: str | None, change: Callable[[Record], None]) -> Record:
        """Apply a change to the client's current record, validate the result and save it, in one
        locked transaction; raises RecordError (and changes nothing) when the result is invalid."""
        from midcourse.validation import parse_record

        key = self.resolve_client(key)

        def work(txn: Transaction) -> Record:
            record = txn.read(key)
            change(record)
            record = parse_record(record.to_dict())
            txn.write(key, record)
            return record

        return self.transact(work)

    def import_record(self, incoming: Record, key: str | None = None, *, today: dt.date | None = None,
                      another_on_same_day: bool = False) -> ImportSummary:
        """Merge a record into a client's (created if new): all of it, or nothing. The client is
        `key`, else the one the record names (see `client_for_import`)."""
        key = self.client_for_import(incoming.client.name, key)

        def work(txn: Transaction) -> ImportSummary:
            exists = txn.exists(key)
            merged, summary = merge(txn.read(key) if exists else Record(), incoming, today=today,
                                    another_on_same_day=another_on_same_day)
            if summary.changed or not exists:
                txn.write(key, merged)
            summary.client = key
            return summary

        return self.transact(work)

    def client_for_import(self, named: str | None, key: str | None = None) -> str:
        """Whose record an import goes into, never mixing clients: `key` when given (created if new);
        else the client the data names, if stored or if no client is stored yet; else the only stored
        client when the data names nobody. Data that names another client than the stored ones, or
        names nobody while several are stored, is an error that asks for --client."""
        if key is not None:
            return key
        keys = self.clients()
        name = (named or "").strip()
        if name in keys or (name and not keys):
            return name
        if not keys:
            return DEFAULT_CLIENT
        stored = ", ".join(f"'{k}'" for k in keys)
        if name:
            only = "only " if len(keys) == 1 else ""
            into = (f"--client {_shown(keys[0])} adds it to the record '{keys[0]}'" if len(keys) == 1
                    else "--client NAME adds it to that client's record")
            raise StoreError(f"the data is for the client '{name}', and this database holds {only}{stored}: "
                             f"choose with --client: --client {_shown(name)} starts a record for {name}; {into}")
        if len(keys) == 1:
            return keys[0]
        raise StoreError(f"the data names no client, and {len(keys)} are stored ({stored}): choose one with "
                         "--client")

    def notes(self, key: str) -> dict[str, StoredNote]:
        """What was read from each note of the client's vault last time, by path."""
        with _in_words(self.display_url()), self.engine.connect() as conn:
            return Transaction(self, conn).notes(key)


def _shown(key: str) -> str:
    """A client key as typed on a command line (quoted when it has spaces or quotes)."""
    import shlex

    return shlex.quote(key)


def _where(table: str, column: str, client_key: str, row: str = "") -> str:
    """The associated data of an encrypted value: the record (client key), table, field and row."""
    return f"{table}.{column}|{client_key}|{row}"


@dataclass
class _Held:
    """A client's stored record and vault note states, with its name, while the store is rewritten."""

    client_id: int
    name: str
    record: Record
    notes: dict[str, StoredNote]


class Transaction:
    """Reads and writes of one transaction (a write lock is held when it comes from `Store.transact`)."""

    def __init__(self, store: Store, conn: sa.Connection):
        self.store = store
        self.conn = conn

    # clients -----------------------------------------------------------------
    def clients(self) -> list[str]:
        rows = self.conn.execute(sa.select(clients.c.key, clients.c.label).order_by(clients.c.id))
        return [self._name(key, label) for key, label in rows]

    def _name(self, key: str, label: str | None) -> str:
        if not label:
            return key
        return self.store._dec(label, _where("clients", "label", key)) or key

    def exists(self, key: str) -> bool:
        return self._id(key) is not None

    def _id(self, key: str) -> int | None:
        row = self.conn.execute(sa.select(clients.c.id).where(clients.c.key == self.store.key_of(key))).first()
        return None if row is None else int(row[0])

    def client_id(self, key: str) -> int:
        found = self._id(key)
        if found is None:
            raise StoreError(f"no client '{key}' in {self.store.display_url()}")
        return found

    def set_meta(self, key: str, value: str) -> None:
        if self.conn.execute(sa.select(meta.c.key).where(meta.c.key == key)).first():
            self.conn.execute(meta.update().where(meta.c.key == key).values(value=value))
        else:
            self.conn.execute(meta.insert().values(key=key, value=value))

    def held(self) -> list[_Held]:
        """Every client's record and note states as stored (for a rewrite under another key)."""
        out = []
        for row in self.conn.execute(sa.select(clients.c.id, clients.c.key, clients.c.label)).all():
            name = self._name(row.key, row.label)
            out.append(_Held(row.id, name, self._read_id(row.id, row.key, name), self._notes_id(row.id, row.key)))
        return out

    def rewrite(self, held: list[_Held]) -> None:
        """Store every held client again under the store's present cipher (keys, values, paths)."""
        for h in held:
            key = self.store.key_of(h.name)
            self.conn.execute(clients.update().where(clients.c.id == h.client_id).values(
                key=key, label=self.store._enc(h.name, _where("clients", "label", key))))
            self.write(h.name, h.record)
            self.replace_notes(h.name, h.notes)

    def clear(self, client_id: int) -> None:
        """Remove a client's record rows (not its vault note states)."""
        session_ids = sa.select(sessions.c.id).where(sessions.c.client_id == client_id)
        self.conn.execute(measures.delete().where(measures.c.session_id.in_(session_ids)))
        for table in RECORD_TABLES:
            self.conn.execute(table.delete().where(table.c.client_id == client_id))

    # records -------------------------------------------------------------------
    def write(self, key: str, record: Record) -> None:
        """Store a client's whole record (the client is created if new)."""
        stored_key = self.store.key_of(key)

        def enc(text: str | None, table: str, column: str, row: str = "") -> str | None:
            return self.store._enc(text, _where(table, column, stored_key, row))

        values = {
            "name": enc(record.client.name, "clients", "name"),
            "therapy_started": record.client.therapy_started.isoformat()
            if record.client.therapy_started else None,
            "instruments": json.dumps(record.instruments, sort_keys=True),
        }
        client_id = self._id(key)
        if client_id is None:
            _check_name(key)
            client_id = _insert(self.conn, clients.insert().values(
                key=stored_key, label=enc(key, "clients", "label"), **values))
        else:
            self.conn.execute(clients.update().where(clients.c.id == client_id).values(**values))
            self.clear(client_id)
        for s in record.sessions:
            c = s.checkin
            row: dict[str, Any] = {
                "client_id": client_id, "scheduled": s.key, "sort_at": moment(s.date),
                "status": s.status, "minutes_late": s.minutes_late, "notice_hours": s.notice_hours,
                "reason": enc(s.reason, "sessions", "reason", s.key), "note": enc(s.note, "sessions", "note", s.key),
                "has_checkin": c is not None, "after": c.after if c else None,
                "checkin_note": enc(c.note, "sessions", "checkin_note", s.key) if c else "",
                "safety": c.safety if c else None,
            }
            for name in SCALES:
                row[name] = getattr(c, name) if c else None
            session_id = _insert(self.conn, sessions.insert().values(**row))
            if s.measures:
                self.conn.execute(measures.insert(), [
                    {"session_id": session_id, "instrument": k, "score": v,
                     "items": json.dumps(s.items[k]) if k in s.items else None}
                    for k, v in s.measures.items()])
        if record.journal:
            self.conn.execute(journal.insert(), [
                {"client_id": client_id, "date": format_when(j.date), "sort_at": moment(j.date),
                 "text": enc(j.text, "journal", "text", format_when(j.date)),
                 "tags": enc(json.dumps(j.tags), "journal", "tags", format_when(j.date))} for j in record.journal])
        if record.defenses:
            self.conn.execute(defenses.insert(), [
                {"client_id": client_id, "date": format_when(d.date), "sort_at": moment(d.date),
                 "defense": d.defense, "note": enc(d.note, "defenses", "note", format_when(d.date))}
                for d in record.defenses])
        if record.safety_answers:
            self.conn.execute(safety_answers.insert(), [
                {"client_id": client_id, "date": format_when(a.date), "sort_at": moment(a.date),
                 "answer": a.answer, "text": enc(a.text, "safety_answers", "text", format_when(a.date)),
                 "text_date": a.text_date.isoformat() if a.text_date else None} for a in record.safety_answers])

    def read(self, key: str) -> Record:
        """A client's record; a value that does not decrypt is an error naming the database and client."""
        row = self.conn.execute(sa.select(clients.c.id, clients.c.key)
                                .where(clients.c.key == self.store.key_of(key))).first()
        if row is None:
            raise StoreError(f"no client '{key}' in {self.store.display_url()}")
        return self._read_id(row.id, row.key, key)

    def _rows(self, table: sa.Table, client_id: int) -> sa.CursorResult[Any]:
        return self.conn.execute(sa.select(table).where(table.c.client_id == client_id)
                                 .order_by(table.c.sort_at, table.c.id))

    def _read_id(self, client_id: int, stored_key: str, name: str) -> Record:
        from midcourse.crypto import CryptoError

        try:
            return self._read_rows(client_id, stored_key)
        except CryptoError as exc:
            raise StoreError(f"{self.store.display_url()}: the record '{name}': {exc}") from exc

    def _read_rows(self, client_id: int, stored_key: str) -> Record:
        def dec(text: str | None, table: str, column: str, row: str = "") -> str:
            return self.store._dec(text, _where(table, column, stored_key, row)) or ""

        client = self.conn.execute(sa.select(clients).where(clients.c.id == client_id)).mappings().one()
        scores: dict[int, dict[str, float]] = {}
        items: dict[int, dict[str, list[int]]] = {}
        query = (sa.select(measures).join(sessions, sessions.c.id == measures.c.session_id)
                 .where(sessions.c.client_id == client_id))
        for m in self.conn.execute(query).mappings():
            scores.setdefault(m["session_id"], {})[m["instrument"]] = m["score"]
            if m["items"]:
                items.setdefault(m["session_id"], {})[m["instrument"]] = json.loads(m["items"])
        session_list = []
        for s in self._rows(sessions, client_id).mappings():
            key = s["scheduled"]
            checkin = None
            if s["has_checkin"]:
                checkin = CheckIn(**{name: s[name] for name in SCALES}, after=s["after"],
                                  note=dec(s["checkin_note"], "sessions", "checkin_note", key), safety=s["safety"])
            session_list.append(Session(
                date=parse_when(key), status=s["status"], minutes_late=s["minutes_late"],
                notice_hours=s["notice_hours"], reason=dec(s["reason"], "sessions", "reason", key), checkin=checkin,
                measures=scores.get(s["id"], {}), note=dec(s["note"], "sessions", "note", key),
                items=items.get(s["id"], {})))
        entries = [JournalEntry(date=parse_when(j["date"]), text=dec(j["text"], "journal", "text", j["date"]),
                                tags=json.loads(dec(j["tags"], "journal", "tags", j["date"]) or "[]"))
                   for j in self._rows(journal, client_id).mappings()]
        observed = [DefenseObservation(date=parse_when(d["date"]), defense=d["defense"],
                                       note=dec(d["note"], "defenses", "note", d["date"]))
                    for d in self._rows(defenses, client_id).mappings()]
        answers = [SafetyAnswer(date=parse_when(a["date"]), answer=a["answer"],
                                text=dec(a["text"], "safety_answers", "text", a["date"]),
                                text_date=dt.date.fromisoformat(a["text_date"]) if a["text_date"] else None)
                   for a in self._rows(safety_answers, client_id).mappings()]
        started = client["therapy_started"]
        return Record(
            client=Client(name=dec(client["name"], "clients", "name") or None,
                          therapy_started=dt.date.fromisoformat(started) if started else None),
            instruments=json.loads(client["instruments"]),
            sessions=session_list, journal=entries, defenses=observed, safety_answers=answers)

    # vault note states -------------------------------------------------------
    def notes(self, key: str) -> dict[str, StoredNote]:
        """What was read from each note of the client's vault last time, by path ({} for a new client)."""
        row = self.conn.execute(sa.select(clients.c.id, clients.c.key)
                                .where(clients.c.key == self.store.key_of(key))).first()
        if row is None:
            return {}
        from midcourse.crypto import CryptoError

        try:
            return self._notes_id(row.id, row.key)
        except CryptoError as exc:
            raise StoreError(f"{self.store.display_url()}: the vault notes of '{key}': {exc}") from exc

    def _notes_id(self, client_id: int, stored_key: str) -> dict[str, StoredNote]:
        out: dict[str, StoredNote] = {}
        for r in self.conn.execute(sa.select(vault_notes).where(vault_notes.c.client_id == client_id)):
            payload = json.loads(self.store._dec(r.result, _where("vault_notes", "result", stored_key, r.path))
                                 or "{}")
            if "stored_path" in payload:  # a hashed path: the path and its content hash are inside
                out[payload["stored_path"]] = StoredNote(r.mtime_ns, r.size, payload["sha256"], payload["result"])
            else:
                out[r.path] = StoredNote(r.mtime_ns, r.size, r.sha256, payload)
        return out

    def replace_notes(self, key: str, notes: dict[str, StoredNote]) -> None:
        """Replace what is kept of the client's vault notes. With encryption on, a note's path and
        content hash are stored as keyed hashes and the real ones only inside the encrypted value
        (a path names what a note is about: 'Session about my abortion with Dr Klein.md')."""
        client_id = self.client_id(key)
        stored_key = self.store.key_of(key)
        self.conn.execute(vault_notes.delete().where(vault_notes.c.client_id == client_id))
        cipher = self.store.cipher
        rows = []
        for path, n in notes.items():
            payload: dict[str, Any] = n.result
            column_path, column_sha = path, n.sha256
            if cipher is not None or len(path) > MAX_PLAIN_PATH:
                import hashlib

                column_path = ("h:" + cipher.mac("vault path", path) if cipher is not None
                               else "s:" + hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest())
                column_sha = cipher.mac("vault content", n.sha256) if cipher is not None else n.sha256
                payload = {"stored_path": path, "sha256": n.sha256, "result": n.result}
            rows.append({"client_id": client_id, "path": column_path, "mtime_ns": n.mtime_ns, "size": n.size,
                         "sha256": column_sha,
                         "result": self.store._enc(json.dumps(payload),
                                                   _where("vault_notes", "result", stored_key, column_path))})
        if rows:
            self.conn.execute(vault_notes.insert(), rows)


MAX_PLAIN_PATH = 900  # longer vault paths are stored hashed (vault_notes.path is VARCHAR(1000))


def _check_name(name: str) -> None:
    """A client's name must fit every database (clients.key is VARCHAR(200) on PostgreSQL too)."""
    from midcourse.limits import MAX_NAME_CHARS, surrogate

    if not name.strip():
        raise StoreError("a client's name cannot be empty")
    if len(name) > MAX_NAME_CHARS or "\x00" in name or surrogate(name):
        raise StoreError(f"a client's name is at most {MAX_NAME_CHARS} characters of text (no NUL, no half "
                         f"characters); got {len(name):,} characters")

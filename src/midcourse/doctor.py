"""The health of a database, and a consistent copy of it: `midcourse doctor` and `midcourse backup`.

The doctor only reads: it opens a SQLite file read-only (never migrating it) and says, check by
check, what it found and what to do. A backup uses SQLite's online backup API, so the copy is
consistent even while the app or another command is writing; PostgreSQL has its own tools.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from midcourse.store import ENCRYPTION_FORMAT, HEAD_REVISION, database_url, storage_error

SQLITE_HEADER = b"SQLite format 3\x00"
LOW_SPACE = 100 * 1024 * 1024
LARGE_WAL = 64 * 1024 * 1024


@dataclass(frozen=True)
class Check:
    """One thing the doctor looked at: ok (True), a problem (False) or for information (None)."""

    name: str
    ok: bool | None
    detail: str
    advice: str = ""


class BackupError(ValueError):
    """A backup that cannot be made; the message says why and what to do instead."""


def sqlite_path(db: str | os.PathLike[str] | None) -> Path | None:
    """The file of a SQLite database (None for any other database)."""
    url = sa.engine.make_url(database_url(db))
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).expanduser()


def examine(db: str | os.PathLike[str] | None = None) -> list[Check]:
    """Every check of the database, in the order a person would look."""
    path = sqlite_path(db)
    if path is None:
        return _examine_server(database_url(db))
    return _examine_file(path)


def _examine_file(path: Path) -> list[Check]:
    checks: list[Check] = []
    if not path.exists():
        return [Check("file", False, f"{path} does not exist", "run `midcourse init` or `midcourse demo` to "
                                                                "start a record, or give --db the right file")]
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    size = path.stat().st_size
    if size and header != SQLITE_HEADER:
        return [Check("file", False, f"{path} ({size:,} bytes) is not a SQLite database",
                      "check --db points at midcourse.db; restore a backup if this file was overwritten")]
    checks.append(Check("file", True, f"{path}, {size:,} bytes"))
    checks.append(_permissions(path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error as exc:
        return [*checks, Check("open", False, f"cannot be opened read-only ({exc})", "check its permissions")]
    try:
        checks += _integrity(conn)
        checks += _schema(conn)
        checks.append(_lock(path))
    finally:
        conn.close()
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > LARGE_WAL:
        checks.append(Check("write-ahead log", None, f"{wal.stat().st_size:,} bytes",
                            "it shrinks when every program using the database has closed it"))
    free = shutil.disk_usage(path.parent).free
    checks.append(Check("disk space", free >= LOW_SPACE, f"{free / 1024 / 1024:,.0f} MiB free",
                        "" if free >= LOW_SPACE else "free some space: a full disk makes every write fail"))
    return checks


def _permissions(path: Path) -> Check:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return Check("permissions", False, f"{oct(mode)[2:]}: other users of this machine may read it",
                     f"chmod 600 '{path}'")
    return Check("permissions", True, f"{oct(mode)[2:]} (only you can read it)")


def _integrity(conn: sqlite3.Connection) -> list[Check]:
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        rows, foreign = [str(exc)], []
    repair = ("make a copy of the file first; then `sqlite3 BROKEN.db .recover | sqlite3 recovered.db` "
              "rescues what can be read (check it with `midcourse --db recovered.db doctor`), or restore "
              "the last backup (`midcourse backup`) or re-import your last export")
    if rows != ["ok"]:
        shown = "; ".join(rows[:3]) + (f" (and {len(rows) - 3} more)" if len(rows) > 3 else "")
        return [Check("integrity", False, f"damaged: {shown}", repair)]
    if foreign:
        return [Check("integrity", False, f"{len(foreign)} rows point at rows that are gone", repair)]
    return [Check("integrity", True, "ok (every page and index checked)")]


def _schema(conn: sqlite3.Connection) -> list[Check]:
    from midcourse.migrations import revisions

    try:
        found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return [Check("schema", False, "no midcourse schema in this file",
                      "is this a midcourse database? `midcourse init` creates one")]
    revision = found[0] if found else None
    if revision == HEAD_REVISION:
        checks = [Check("schema", True, f"revision {revision} (current)")]
    elif revision in revisions():
        checks = [Check("schema", None, f"revision {revision}; this version upgrades it to {HEAD_REVISION} "
                                        "when it next opens it", "make a backup first if you may go back")]
    else:
        checks = [Check("schema", False, f"revision {revision}: written by a newer midcourse",
                        "upgrade midcourse (pip install -U midcourse); this version changes nothing in it")]
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        count = conn.execute("SELECT count(*) FROM clients").fetchone()[0]
    except sqlite3.DatabaseError:
        return checks
    if "encryption" not in meta:
        checks.append(Check("encryption", None, "off: free text is stored in clear",
                            "`midcourse encrypt` encrypts it (docs/security.md)"))
    elif meta.get("encryption_format") != ENCRYPTION_FORMAT:
        checks.append(Check("encryption", None, "on, in an earlier format",
                            "it is resealed (names and paths hashed) when next opened with the passphrase"))
    else:
        checks.append(Check("encryption", True, "on: free text, client names and vault paths are protected"))
    checks.append(Check("records", None, f"{count} client{'s' if count != 1 else ''}"))
    return checks


def _lock(path: Path) -> Check:
    conn = sqlite3.connect(path, timeout=1, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return Check("lock", True, "no other program is writing")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return Check("lock", False, "another program holds the write lock",
                         "wait for it to finish, or close the other midcourse (serve, import)")
        if "readonly" in str(exc):
            return Check("lock", False, "the file or its folder is read-only", "check its permissions")
        return Check("lock", False, str(exc), "")
    finally:
        conn.close()


def _examine_server(url: str) -> list[Check]:
    from midcourse.migrations import revisions

    engine = sa.create_engine(url, hide_parameters=True)
    shown = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as conn:
            version = conn.execute(sa.text("SELECT version()")).scalar()
            checks = [Check("server", True, f"{shown}: {str(version).split(',')[0]}")]
            inspector = sa.inspect(conn)
            if not inspector.has_table("alembic_version"):
                return [*checks, Check("schema", False, "no midcourse schema", "`midcourse init` creates one")]
            revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            newer = revision not in revisions()
            checks.append(Check("schema", False if newer else revision == HEAD_REVISION or None,
                                f"revision {revision}" + (": written by a newer midcourse" if newer else ""),
                                "upgrade midcourse" if newer else ""))
            encrypted = conn.execute(sa.text("SELECT count(*) FROM meta WHERE key = 'encryption'")).scalar()
            checks.append(Check("encryption", True if encrypted else None, "on" if encrypted else "off"))
            checks.append(Check("integrity", None, "PostgreSQL checks its own pages",
                                "pg_amcheck checks indexes and tables if you suspect damage"))
            checks.append(Check("backup", None, "not by midcourse on a server",
                                "pg_dump (or `midcourse export` for each client)"))
            return checks
    except sa.exc.DBAPIError as error:
        return [Check("server", False, str(storage_error(shown, error)), "check the URL and that the server runs")]
    finally:
        engine.dispose()


def backup(db: str | os.PathLike[str] | None, target: str | os.PathLike[str]) -> Path:
    """A consistent copy of a SQLite database, readable by its user only, checked after copying.
    The target must not exist (a backup never replaces anything)."""
    source = sqlite_path(db)
    if source is None:
        raise BackupError("a PostgreSQL database is backed up with its own tools: pg_dump 'URL' > midcourse.sql "
                          "(or `midcourse export` for each client)")
    if not source.exists():
        raise BackupError(f"{source} does not exist: nothing to back up")
    target = Path(target).expanduser()
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name (a backup never replaces one)")
    if target.resolve() == source.resolve():
        raise BackupError("the backup must be another file than the database")
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise BackupError(f"{target}: cannot be created ({exc.strerror})") from None
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # page by page, consistent even while others write (it restarts if they do)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            ok = dst.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        message = str(storage_error(str(source), exc))
        raise BackupError(f"no backup was made: {message}") from None
    if not ok:
        target.unlink(missing_ok=True)
        raise BackupError(f"no backup was made: {source} is damaged (run `midcourse doctor`)")
    return target



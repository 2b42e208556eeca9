"""`midcourse doctor` and `midcourse backup` on real SQLite files: healthy, damaged, locked, newer."""

import sqlite3
import threading

import pytest
from typer.testing import CliRunner

from midcourse.cli import app
from midcourse.demo import demo_record
from midcourse.doctor import BackupError, backup, examine
from midcourse.store import Store

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    """A SQLite database holding the demo record."""
    path = tmp_path / "m.db"
    with Store(path) as store:
        store.save("demo", demo_record())
    return path


def by_name(checks):
    return {c.name: c for c in checks}


def test_a_healthy_database_passes_every_check(db):
    checks = by_name(examine(db))
    assert [checks[n].ok for n in ("file", "permissions", "integrity", "schema", "lock", "disk space")] == [True] * 6
    assert checks["encryption"].detail == "off: free text is stored in clear"
    result = runner.invoke(app, ["--db", str(db), "doctor"])
    assert result.exit_code == 0 and result.output.endswith("No problems found.\n")


def test_a_damaged_page_fails_integrity_with_repair_advice(db):
    data = bytearray(db.read_bytes())
    page = 4096
    for start in range(page, len(data), page):  # every b-tree page header but the schema's
        data[start:start + 8] = b"\x0d\xff\xff\xff\xff\xff\xff\xff"
    db.write_bytes(bytes(data))
    check = by_name(examine(db))["integrity"]
    assert check.ok is False and check.detail.startswith("damaged: ")
    assert "sqlite3 BROKEN.db .recover | sqlite3 recovered.db" in check.advice
    result = runner.invoke(app, ["--db", str(db), "doctor"])
    assert result.exit_code == 1 and "FAIL integrity: damaged" in result.output


def test_a_file_that_is_not_a_database_is_said_in_words_by_every_command(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("These are my notes, not a database.\n" * 200)
    result = runner.invoke(app, ["--db", str(path), "list"])
    assert result.exit_code == 1
    assert result.output == (f"Error: sqlite:///{path}: the database file is damaged or not a midcourse database "
                             "(file is not a database). Run `midcourse doctor` to check it and for what to do; a "
                             "backup (`midcourse backup`) or an export restores the record\n")
    assert by_name(examine(path))["file"].ok is False


def test_a_database_of_a_newer_midcourse_is_left_alone(db):
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    before = db.read_bytes()
    result = runner.invoke(app, ["--db", str(db), "list"])
    assert result.exit_code == 1
    assert result.output == (f"Error: sqlite:///{db} was written by a newer midcourse (its schema is 0099; this "
                             "version knows up to 0005). Nothing was changed: upgrade midcourse (pip install -U "
                             "midcourse), or export the record with the newer version\n")
    assert db.read_bytes() == before
    assert by_name(examine(db))["schema"].ok is False


def test_a_locked_database_says_who_to_wait_for(db, monkeypatch):
    import midcourse.store as store_module

    monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert by_name(examine(db))["lock"].ok is False
        result = runner.invoke(app, ["--db", str(db), "add", "journal", "--text", "hello", "--date", "2026-08-09"])
        assert result.exit_code == 1
        assert "is busy: another program kept it locked" in result.output
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_world_readable_permissions_are_a_problem_with_the_fix(db):
    db.chmod(0o644)
    check = by_name(examine(db))["permissions"]
    assert check.ok is False and check.advice == f"chmod 600 '{db}'"


def test_backup_is_consistent_while_another_program_writes(db, tmp_path):
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE journal SET text = 'half-written'")  # not committed while the backup runs
    try:
        copy = backup(db, tmp_path / "backup.db")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    with Store(copy) as store:
        assert store.load("demo").to_dict() == demo_record().to_dict()
    assert oct(copy.stat().st_mode)[-3:] == "600"


def test_backup_under_load_copies_a_whole_record(db, tmp_path):
    stop = threading.Event()

    def keep_writing():
        with Store(db) as store:
            while not stop.is_set():
                store.save("demo", demo_record())

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        copies = [backup(db, tmp_path / f"b{i}.db") for i in range(3)]
    finally:
        stop.set()
        thread.join()
    for copy in copies:
        with Store(copy) as store:
            assert store.load("demo").to_dict() == demo_record().to_dict()


@pytest.mark.parametrize(("target", "message"), [
    ("exists", "exists already: choose a new file name (a backup never replaces one)"),
])
def test_backup_never_replaces_a_file(db, tmp_path, target, message):
    existing = tmp_path / "exists"
    existing.write_text("keep me")
    with pytest.raises(BackupError, match=message.replace("(", r"\(").replace(")", r"\)")):
        backup(db, existing)
    assert existing.read_text() == "keep me"


def test_backup_command_and_postgresql_advice(db, tmp_path):
    result = runner.invoke(app, ["--db", str(db), "backup", str(tmp_path / "copy.db")])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Wrote a backup of the database to {tmp_path / 'copy.db'} (")
    pg = runner.invoke(app, ["--db", "postgresql://u@127.0.0.1:1/none", "backup", str(tmp_path / "x.sql")])
    assert pg.exit_code == 1
    assert pg.output == ("Error: a PostgreSQL database is backed up with its own tools: pg_dump 'URL' > "
                         "midcourse.sql (or `midcourse export` for each client)\n")

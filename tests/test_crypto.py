"""Free text encrypted at rest, on SQLite and PostgreSQL."""

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from midcourse.cli import app
from midcourse.crypto import Cipher, CryptoError, new_settings, open_settings
from midcourse.demo import demo_record
from midcourse.store import Store, StoreError
from midcourse.sync import import_vault
from midcourse.validation import parse_record
from tests.strategies import records

FAST = 2**10  # scrypt cost for tests; the default is 2**15


def raw_text(store):
    """Every text column as stored, joined."""
    with store.engine.connect() as conn:
        parts = []
        for table, cols in (("sessions", "note, reason, checkin_note"), ("journal", "text, tags"),
                            ("defenses", "note"), ("clients", "name")):
            for row in conn.execute(sa.text(f"SELECT {cols} FROM {table}")):
                parts += [str(v) for v in row]
        return "\n".join(parts)


def test_cipher_round_trip_and_wrong_passphrase():
    meta, cipher = new_settings("correct horse", FAST)
    token = cipher.encrypt("Cried about my father.")
    assert token.startswith("enc:v2:") and "father" not in token
    assert open_settings(meta, "correct horse").decrypt(token) == "Cried about my father."
    with pytest.raises(CryptoError, match="wrong passphrase"):
        open_settings(meta, "wrong horse")
    assert Cipher(b"k" * 32).decrypt("plain text stays") == "plain text stays"


def test_encrypting_a_store_hides_the_words_and_keeps_the_record(db_url):
    with Store(db_url) as store:
        store.save("demo", demo_record())
        assert "work deadline" in raw_text(store)
        store.enable_encryption("correct horse", FAST)
        stored = raw_text(store)
        assert "work deadline" not in stored and "father" not in stored and "enc:v2:" in stored
        assert store.load("demo").to_dict() == demo_record().to_dict()
    with Store(db_url, passphrase="correct horse") as again:
        assert again.load("demo").to_dict() == demo_record().to_dict()
    with pytest.raises(StoreError, match="is encrypted: set MIDCOURSE_PASSPHRASE"):
        Store(db_url, passphrase="")
    with pytest.raises(StoreError, match="wrong passphrase"):
        Store(db_url, passphrase="wrong horse")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=records())
def test_every_valid_record_survives_encrypted_storage(db_url, doc):
    with Store(db_url, passphrase="correct horse") as store:
        if not store.encrypted:
            store.enable_encryption("correct horse", FAST)
        key = f"c{abs(hash(json.dumps(doc, sort_keys=True)))}"
        if key in store.clients():
            store.delete_client(key)
        store.import_record(parse_record(doc), key)
        assert store.load(key).to_dict() == doc


def test_cli_encrypt_then_use_with_the_passphrase(tmp_path, monkeypatch):
    db = str(tmp_path / "e.db")
    runner = CliRunner()
    runner.invoke(app, ["--db", db, "demo"])
    monkeypatch.setenv("MIDCOURSE_PASSPHRASE", "correct horse battery")
    result = runner.invoke(app, ["--db", db, "encrypt"])
    assert result.output.startswith(f"Encrypted the free text in sqlite:///{db}.")
    assert runner.invoke(app, ["--db", db, "export"]).exit_code == 0
    monkeypatch.delenv("MIDCOURSE_PASSPHRASE")
    locked = runner.invoke(app, ["--db", db, "export"])
    assert locked.exit_code == 1
    assert locked.output == (f"Error: the record in sqlite:///{db} is encrypted: set MIDCOURSE_PASSPHRASE "
                             "to its passphrase\n")


def test_what_is_read_from_a_vault_is_encrypted_too(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "2026-03-10.md").write_text("Thinking about my sister's wedding.\n")
    with Store(tmp_path / "v.db", passphrase="correct horse") as store:
        store.create_client("me")
        store.enable_encryption("correct horse", FAST)
        import_vault(store, vault, "me")
        with store.engine.connect() as conn:
            stored = " ".join(conn.execute(sa.text("SELECT result FROM vault_notes")).scalars())
        assert "wedding" not in stored
        assert store.load("me").journal[0].text == "Thinking about my sister's wedding."
        summary, _ = import_vault(store, vault, "me")
        assert not summary.changed


def test_a_damaged_encrypted_value_is_an_error_that_says_where(tmp_path):
    with Store(tmp_path / "d.db") as store:
        store.save("demo", demo_record())
        store.enable_encryption("correct horse", FAST)
        with store.engine.begin() as conn:
            value = conn.execute(sa.text("SELECT note FROM sessions WHERE note != '' LIMIT 1")).scalar()
            damaged = value[:-6] + ("AAAA==" if not value.endswith("AAAA==") else "BBBB==")
            conn.execute(sa.text("UPDATE sessions SET note = :d WHERE note = :v"), {"d": damaged, "v": value})
        with pytest.raises(StoreError) as info:
            store.load("demo")
    assert str(info.value) == (f"sqlite:///{tmp_path / 'd.db'}: the record 'demo': a stored value could not "
                               "be decrypted with this passphrase")


# Encryption that covers everything (issue 16): names, paths, hashes, the cache; values bound to their place.

SENTENCE = "I told Dr Klein about the abortion for the first time."
NOTE_PATH = "Therapy/Session about my abortion with Dr Klein.md"


def stored_values(store):
    """Every value of every table as stored, as text (what someone with the database file sees)."""
    with store.engine.connect() as conn:
        parts = []
        for table in ("clients", "sessions", "measures", "journal", "defenses", "safety_answers", "vault_notes",
                      "meta"):
            for row in conn.execute(sa.text(f"SELECT * FROM {table}")):
                parts += [str(v) for v in row]
    return "\n".join(parts)


def file_bytes(db):
    """The bytes of a SQLite database and its write-ahead log."""
    return b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal")) if p.exists())


@pytest.fixture
def private_vault(tmp_path):
    """A vault whose note path and words say what they are about."""
    vault = tmp_path / "vault"
    (vault / "Therapy").mkdir(parents=True)
    (vault / NOTE_PATH).write_text(f"---\nsession: 2026-03-02T17:00\nbond: 7\n---\n{SENTENCE}\n")
    return vault


def test_after_encrypt_no_name_path_hash_or_sentence_is_readable(db_url, private_vault):
    import hashlib

    with Store(db_url) as store:
        store.create_client("Sam Jones")
        import_vault(store, private_vault, "Sam Jones")
        plain = stored_values(store)
        assert "Sam Jones" in plain and "Klein" in plain
        store.enable_encryption("correct horse", FAST)
        stored = stored_values(store)
        content_hash = hashlib.sha256((private_vault / NOTE_PATH).read_bytes()).hexdigest()
        for secret in ("Sam Jones", "Klein", "abortion", content_hash):
            assert secret not in stored, secret
        assert store.clients() == ["Sam Jones"]
        assert store.load("Sam Jones").sessions[0].note == SENTENCE
        assert set(store.notes("Sam Jones")) == {NOTE_PATH}
        summary, _ = import_vault(store, private_vault, "Sam Jones")
        assert not summary.changed  # the note states still match: nothing re-imported
    if "://" not in db_url:
        raw = file_bytes(Path(db_url))
        for secret in (b"Sam Jones", b"Klein", b"abortion"):
            assert secret not in raw, secret


def test_client_names_still_work_on_the_command_line_after_encrypt(tmp_path, monkeypatch):
    db = str(tmp_path / "names.db")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "init", "--name", "Sam Jones", "--crisis-country", "UK",
                                        "--settings", str(tmp_path / "s.toml")]).exit_code == 0
    monkeypatch.setenv("MIDCOURSE_PASSPHRASE", "correct horse battery")
    assert runner.invoke(app, ["--db", db, "encrypt"]).exit_code == 0
    listed = runner.invoke(app, ["--db", db, "--client", "Sam Jones", "list"])
    assert listed.exit_code == 0, listed.output
    missing = runner.invoke(app, ["--db", db, "--client", "Someone", "list"])
    assert missing.exit_code == 1 and missing.output.endswith("(clients: Sam Jones)\n")
    assert b"Sam Jones" not in file_bytes(Path(db))


def test_a_value_moved_to_another_field_or_client_does_not_decrypt(tmp_path):
    with Store(tmp_path / "aad.db") as store:
        store.save("demo", demo_record())
        store.save("other", demo_record())
        store.enable_encryption("correct horse", FAST)
        with store.engine.begin() as conn:
            note = conn.execute(sa.text("SELECT note FROM sessions WHERE note != '' LIMIT 1")).scalar()
            conn.execute(sa.text("UPDATE journal SET text = :v"), {"v": note})  # same client, other field
        with pytest.raises(StoreError, match="could not be decrypted"):
            store.load("demo")


@pytest.mark.parametrize("damaged", ["enc:v2:!!!not base64!!!", "enc:v2:QUJD", "enc:v1:", "enc:v2:" + "A" * 64])
def test_a_malformed_ciphertext_is_an_error_naming_the_record(tmp_path, damaged):
    with Store(tmp_path / "bad.db") as store:
        store.save("demo", demo_record())
        store.enable_encryption("correct horse", FAST)
        with store.engine.begin() as conn:
            conn.execute(sa.text("UPDATE journal SET text = :v"), {"v": damaged})
        with pytest.raises(StoreError) as info:
            store.load("demo")
    assert str(info.value).startswith(f"sqlite:///{tmp_path / 'bad.db'}: the record 'demo': a stored value ")


def test_a_database_encrypted_by_an_earlier_version_is_resealed_when_opened(tmp_path):
    """Values without associated data (enc:v1:), the client key and vault paths in clear: the next
    open with the passphrase rewrites them; the record reads the same."""
    import base64
    import os

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    db = tmp_path / "old.db"
    with Store(db) as store:
        store.save("Sam Jones", demo_record())
        meta, cipher = new_settings("correct horse", FAST)
        aead = AESGCM(cipher._key)

        def v1(text):
            nonce = os.urandom(12)
            return "enc:v1:" + base64.b64encode(nonce + aead.encrypt(nonce, text.encode(), None)).decode()

        with store.engine.begin() as conn:
            old_meta = json.loads(meta) | {"check": v1("midcourse")}
            conn.execute(sa.text("INSERT INTO meta VALUES ('encryption', :v)"), {"v": json.dumps(old_meta)})
            for table, column in (("sessions", "note"), ("sessions", "reason"), ("journal", "text"),
                                  ("journal", "tags"), ("clients", "name")):
                for rowid, value in conn.execute(sa.text(f"SELECT rowid, {column} FROM {table}")).all():
                    if value:
                        conn.execute(sa.text(f"UPDATE {table} SET {column} = :v WHERE rowid = :r"),
                                     {"v": v1(value), "r": rowid})
    with Store(db, passphrase="correct horse") as store:
        assert store.load("Sam Jones").to_dict() == demo_record().to_dict()
        stored = stored_values(store)
        assert "enc:v1:" not in stored and "Sam Jones" not in stored
        assert store._meta("encryption_format") == "2"
    with Store(db, passphrase="correct horse") as again:
        assert again.clients() == ["Sam Jones"]


def test_files_are_private_to_their_user(tmp_path, monkeypatch):
    import stat

    from midcourse import settings as settings_module
    from midcourse.text.cache import VectorCache

    monkeypatch.setenv("MIDCOURSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MIDCOURSE_CACHE", str(tmp_path / "cache"))
    with Store() as store:
        store.save("demo", demo_record())
        with store.engine.connect():  # the write-ahead log exists while a connection is open
            wal_mode = stat.S_IMODE((tmp_path / "data" / "midcourse.db-wal").stat().st_mode)
    VectorCache().close()
    settings_module.save(tmp_path / "config" / "settings.toml", {"late_minutes": "12"})

    def mode(path):
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(tmp_path / "data") == 0o700 and mode(tmp_path / "data" / "midcourse.db") == 0o600
    assert wal_mode == 0o600
    assert mode(tmp_path / "cache") == 0o700 and mode(tmp_path / "cache" / "embeddings.sqlite") == 0o600
    assert mode(tmp_path / "config") == 0o700 and mode(tmp_path / "config" / "settings.toml") == 0o600


def test_no_sql_parameter_reaches_a_message_when_the_disk_is_full(tmp_path, monkeypatch):
    import midcourse.store as store_module

    connect = store_module._sqlite_connect

    def tiny(dbapi_connection, record):
        connect(dbapi_connection, record)
        dbapi_connection.execute("PRAGMA max_page_count = 40")  # about 160 KiB: "database or disk is full"

    monkeypatch.setattr(store_module, "_sqlite_connect", tiny)
    db = str(tmp_path / "full.db")
    record = demo_record()
    secret = "My sister must never read this sentence."
    record.journal[0].text = secret + " " + "x" * 400_000
    runner = CliRunner()
    with Store(db) as store:
        store.save("demo", demo_record())
        with pytest.raises(StoreError) as info:
            store.save("demo", record)
    assert secret not in str(info.value) and "INSERT" not in str(info.value)
    assert str(info.value).startswith(f"sqlite:///{db}: the disk is full")
    assert runner is not None

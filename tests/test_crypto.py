"""Free text encrypted at rest, on SQLite and PostgreSQL."""

import json

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
    assert token.startswith("enc:v1:") and "father" not in token
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
        assert "work deadline" not in stored and "father" not in stored and "enc:v1:" in stored
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

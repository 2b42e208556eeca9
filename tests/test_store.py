import json

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings

from midcourse.demo import demo_record
from midcourse.record import Record
from midcourse.store import HEAD_REVISION, Store, StoreError, Transaction, database_url
from midcourse.tables import metadata
from midcourse.validation import parse_record
from tests.strategies import records

EXAMPLE = {
    "format": "midcourse/1",
    "client": {"name": "Sam", "therapy_started": "2026-01-05"},
    "instruments": {"MY-SCALE": {"min": 0, "max": 50, "worse": "higher", "cutoff": 20, "reliable_change": 6}},
    "sessions": [
        {"date": "2026-01-05T17:00", "status": "attended", "minutes_late": 0,
         "checkin": {"bond": 8, "goals": 7, "tasks": 7, "depth": 6, "insight": 7, "quit": 0,
                     "after": "good", "note": "ok"},
         "measures": {"MY-SCALE": 30, "PHQ-9": 15}, "note": "First session."},
        {"date": "2026-01-12T17:00", "status": "cancelled_by_client", "notice_hours": 5, "reason": "work"},
        {"date": "2026-01-19", "status": "attended", "minutes_late": 12.5},
    ],
    "journal": [{"date": "2026-01-07", "text": "Felt lighter.", "tags": ["therapy"]},
                {"date": "2026-01-07", "text": "Felt lighter.", "tags": ["therapy"]}],
    "defenses": [{"date": "2026-01-07", "defense": "intellectualization", "note": "abstract"}],
}


def test_example_record_survives_import_and_export(store):
    store.import_record(parse_record(EXAMPLE))
    assert store.load().to_dict() == EXAMPLE


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=records())
def test_every_valid_record_survives_import_and_export(store, doc):
    key = f"c{abs(hash(json.dumps(doc, sort_keys=True)))}"
    if key in store.clients():
        store.delete_client(key)
    store.import_record(parse_record(doc), key)
    assert store.load(key).to_dict() == doc


def test_import_twice_changes_nothing(store):
    first = store.import_record(parse_record(EXAMPLE))
    second = store.import_record(parse_record(EXAMPLE))
    assert first.describe() == "added 1 instrument, 3 sessions, 2 journal entries, 1 defense note"
    assert second.describe() == "skipped 1 instrument, 3 sessions, 2 journal entries, 1 defense note"
    assert not second.changed
    assert store.load().to_dict() == EXAMPLE


def test_import_updates_a_session_with_the_same_date_time(store):
    store.import_record(parse_record(EXAMPLE))
    changed = json.loads(json.dumps(EXAMPLE))
    changed["sessions"][2]["minutes_late"] = 20
    changed["sessions"].append({"date": "2026-01-26", "status": "no_show"})
    summary = store.import_record(parse_record(changed))
    assert summary.added == {"session": 1}
    assert summary.updated == {"session": 1}
    record = store.load()
    assert [s.minutes_late for s in record.sessions] == [0, None, 20, None]


def test_failed_import_changes_nothing(store, monkeypatch):
    store.import_record(parse_record(EXAMPLE))
    before = store.load().to_dict()
    incoming = demo_record()
    incoming.client.name = "Sam"

    calls = {"n": 0}
    original = Transaction.write

    def write_then_fail(self, key, record):
        original(self, key, record)
        calls["n"] += 1
        raise RuntimeError("disk full")

    monkeypatch.setattr(Transaction, "write", write_then_fail)
    with pytest.raises(RuntimeError):
        store.import_record(incoming)
    assert calls["n"] == 1
    monkeypatch.undo()
    assert store.load().to_dict() == before


def test_many_clients_in_one_database(store):
    store.import_record(parse_record(EXAMPLE))
    other = dict(EXAMPLE, client={"name": "Robin"})
    store.import_record(parse_record(other), "Robin")
    assert store.clients() == ["Sam", "Robin"]
    with pytest.raises(StoreError, match="2 clients are stored"):
        store.resolve_client()
    assert store.load("Robin").client.name == "Robin"
    store.delete_client("Sam")
    assert store.clients() == ["Robin"]
    assert store.resolve_client() == "Robin"


def test_import_into_the_only_client_when_the_file_names_nobody(store):
    store.create_client("me")
    summary = store.import_record(parse_record({"format": "midcourse/1", "sessions": [
        {"date": "2026-01-05", "status": "attended"}]}))
    assert store.clients() == ["me"] and summary.client == "me"
    assert len(store.load().sessions) == 1


def test_an_import_for_another_client_asks_and_never_mixes_clients(store):
    store.save("demo", demo_record())
    sam = parse_record({"format": "midcourse/1", "client": {"name": "Sam"},
                        "sessions": [{"date": "2026-01-05", "status": "attended"}]})
    with pytest.raises(StoreError) as info:
        store.import_record(sam)
    assert str(info.value) == (
        "the data is for the client 'Sam', and this database holds only 'demo': choose with --client: "
        "--client Sam starts a record for Sam; --client demo adds it to the record 'demo'")
    assert store.clients() == ["demo"] and len(store.load("demo").sessions) == 20
    assert store.import_record(sam, "Sam").client == "Sam"
    assert store.clients() == ["demo", "Sam"]
    nobody = parse_record({"format": "midcourse/1", "sessions": [{"date": "2026-01-12", "status": "attended"}]})
    with pytest.raises(StoreError, match=r"the data names no client, and 2 are stored \('demo', 'Sam'\): choose"):
        store.import_record(nobody)


def test_missing_client_has_a_clear_error(store):
    with pytest.raises(StoreError, match=r"no record yet in .*: run `midcourse init`"):
        store.load()
    store.create_client("me")
    with pytest.raises(StoreError, match=r"no client 'you' in .* \(clients: me\)"):
        store.load("you")


def test_delete_removes_every_row(store):
    store.save("demo", demo_record())
    store.delete_client("demo")
    with store.engine.connect() as conn:
        for table in ("clients", "sessions", "measures", "journal", "defenses"):
            assert conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar() == 0


def test_schema_is_migrated_to_head_and_matches_the_tables(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    assert store.schema_revision() == HEAD_REVISION
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_reopening_a_store_keeps_the_data(db_url):
    with Store(db_url) as first:
        first.save("demo", demo_record())
    with Store(db_url) as second:
        assert second.load("demo").to_dict() == demo_record().to_dict()


def test_database_url_accepts_paths_urls_and_the_data_directory(tmp_path, monkeypatch):
    assert database_url(tmp_path / "a.db") == f"sqlite:///{tmp_path / 'a.db'}"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("MIDCOURSE_DATA_DIR", str(tmp_path / "data"))
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'midcourse.db'}"
    assert not (tmp_path / "data").exists()  # building a URL creates nothing


def test_opening_a_store_creates_its_folder(tmp_path):
    with Store(tmp_path / "new" / "folder" / "m.db") as store:
        store.create_client("me")
    assert (tmp_path / "new" / "folder" / "m.db").is_file()


def test_save_replaces_a_record(store):
    store.save("me", demo_record())
    store.save("me", Record())
    assert store.load("me").to_dict() == {"format": "midcourse/1", "sessions": []}


def test_a_missing_database_driver_names_the_extra(monkeypatch):
    """PostgreSQL's driver is the `postgres` extra: without it the error says what to install."""
    import midcourse.store as store_module

    def no_driver(url, *args, **kwargs):
        raise ModuleNotFoundError("No module named 'psycopg'", name="psycopg")

    monkeypatch.setattr(store_module.sa, "create_engine", no_driver)
    with pytest.raises(store_module.StoreError, match=r'driver is not installed \(psycopg\); for PostgreSQL: '
                                                      r'pip install "midcourse\[postgres\]"'):
        store_module.Store("postgresql://someone@127.0.0.1/db")
# The same limits on SQLite and PostgreSQL (issue 16): what one accepts, the other does too.


def test_a_client_name_over_200_characters_is_refused_on_every_database(store):
    with pytest.raises(StoreError, match="^a client's name is at most 200 characters of text"):
        store.create_client("N" * 201)
    store.create_client("N" * 200)
    assert store.clients() == ["N" * 200]


def test_an_instrument_id_over_100_characters_is_refused_before_any_database_sees_it(store):
    from midcourse.validation import RecordError

    long_id = "I" * 101
    with pytest.raises(RecordError, match="an id of at most 100 characters"):
        parse_record({"format": "midcourse/1", "instruments": {long_id: {"min": 0, "max": 5, "worse": "higher"}}})


def test_a_vault_path_longer_than_the_column_is_stored_hashed_and_read_back(store):
    from midcourse.store import StoredNote

    path = "/".join(["A folder with a long name"] * 60) + "/note.md"
    assert len(path) > 1000
    store.create_client("me")
    store.transact(lambda txn: txn.replace_notes("me", {path: StoredNote(1, 2, "ab" * 32, {"kind": "other"})}))
    assert store.notes("me") == {path: StoredNote(1, 2, "ab" * 32, {"kind": "other"})}

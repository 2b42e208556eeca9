"""Vault synchronisation through the one upsert: deleted properties, future notes, whose record."""

import datetime as dt
from pathlib import Path

import pytest

from midcourse.store import Store, StoreError
from midcourse.sync import import_vault

NOTE = "---\nsession: {date}\nstatus: {status}\nbond: 7\ngoals: 6\n{extra}---\nWe talked.\n"


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def vault(tmp_path):
    """A vault of one session note with a PHQ-9 score."""
    root = tmp_path / "vault"
    write(root, "Session 1.md", NOTE.format(date="2026-03-02T17:00", status="attended", extra="PHQ-9: 11\n"))
    return root


def test_a_property_deleted_in_a_note_is_removed_from_the_record_and_said(vault, db_url):
    with Store(db_url) as store:
        import_vault(store, vault)
        write(vault, "Session 1.md", NOTE.format(date="2026-03-02T17:00", status="attended", extra="")
              .replace("goals: 6\n", ""))
        summary, _ = import_vault(store, vault)
        assert [str(c) for c in summary.changes] == [
            "the session of Mon 2 Mar 2026, 17:00: removed goals 6; removed PHQ-9 11"]
        assert store.load().sessions[0].to_dict() == {"date": "2026-03-02T17:00", "status": "attended",
                                                      "checkin": {"bond": 7}, "note": "We talked."}


def test_what_was_added_by_hand_to_a_vault_session_stays(vault, db_url):
    from midcourse import entries

    with Store(db_url) as store:
        import_vault(store, vault)
        store.update(None, lambda r: entries.save_session(r, {"date": "2026-03-02T17:00",
                                                              "checkin": {"insight": 8}}))
        write(vault, "Session 1.md", NOTE.format(date="2026-03-02T17:00", status="attended", extra="PHQ-9: 9\n"))
        summary, _ = import_vault(store, vault)
        assert [str(c) for c in summary.changes] == ["the session of Mon 2 Mar 2026, 17:00: changed PHQ-9 11 → 9"]
        assert store.load().sessions[0].checkin.insight == 8


def test_a_future_session_note_waits_for_its_day(vault, tmp_path):
    write(vault, "Session 2.md", NOTE.format(date="2026-03-09T17:00", status="attended", extra=""))
    with Store(tmp_path / "db.sqlite") as store:
        summary, read = import_vault(store, vault, today=dt.date(2026, 3, 5))
        assert summary.added == {"session": 1}
        assert read.warnings == ["Session 2.md: session 2026-03-09T17:00 is after today (2026-03-05); left out "
                                 "(write status: planned for an appointment ahead)"]
        summary, _ = import_vault(store, vault, today=dt.date(2026, 3, 10))
        assert summary.added == {"session": 1}
        assert [s.key for s in store.load().sessions] == ["2026-03-02T17:00", "2026-03-09T17:00"]


def test_a_vault_of_another_client_asks_for_client(vault, tmp_path):
    write(vault, "midcourse.yaml", "client: Sam\n")
    with Store(tmp_path / "db.sqlite") as store:
        store.create_client("demo")
        with pytest.raises(StoreError, match="the data is for the client 'Sam', and this database holds only 'demo'"):
            import_vault(store, vault)
        summary, _ = import_vault(store, vault, "Sam")
        assert summary.client == "Sam" and store.clients() == ["demo", "Sam"]

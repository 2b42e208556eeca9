"""Real vault trees in temporary folders, read as records, imported incrementally, written back."""

import hashlib
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from midcourse.assess import assess
from midcourse.cli import app, main  # noqa: F401
from midcourse.store import Store, Transaction
from midcourse.sync import import_vault
from midcourse.validation import parse_record
from midcourse.vault import init_vault, read_vault

SESSION = """---
session: {date}
status: {status}
minutes_late: {late}
bond: {bond}
goals: 7
tasks: 7
depth: {depth}
insight: 6
quit: {quit}
after: {after}
PHQ-9: {phq}
aliases: [Session {n:02d}]
tags:
  - therapy
  - therapy/session
---
# Session {n:02d}
We talked about [[People/Dad|my father]] again. ^blk{n}
%%only for me%%
![[scan.png]]
> [!note]+ Homework
> Notice when I go quiet.
"""

EXPECTED = [  # what each session note should become
    {"date": "2026-03-02T17:00", "status": "attended", "minutes_late": 0,
     "checkin": {"bond": 8, "goals": 7, "tasks": 7, "depth": 6, "insight": 6, "quit": 0, "after": "good"},
     "measures": {"PHQ-9": 16}},
    {"date": "2026-03-09T17:00", "status": "attended", "minutes_late": 15,
     "checkin": {"bond": 8, "goals": 7, "tasks": 7, "depth": 3, "insight": 6, "quit": 6, "after": "irritated"},
     "measures": {"PHQ-9": 16}},
    {"date": "2026-03-16T17:00", "status": "attended", "minutes_late": 12,
     "checkin": {"bond": 8, "goals": 7, "tasks": 7, "depth": 2, "insight": 6, "quit": 5, "after": "upset"},
     "measures": {"PHQ-9": 15}},
]
NOTE = "Session {n:02d}\nWe talked about my father again.\nHomework\nNotice when I go quiet."


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


REFERENCE = """---
aliases:
  - Why therapy is hard
tags:
  - reference-material
  - health/mental-health
description:
---
# Why therapy is hard
People feel like [[Rumination|they talk about the same things over and over]]. ^ref1
> [!note] Source %%not mine%%
"""


@pytest.fixture
def vault(tmp_path):
    """A vault with session notes, daily notes, a journal note, defenses, a reference note and noise
    (the reference note is the real one from the shared data where it is there)."""
    from tests.conftest import SHARED_DATA

    root = tmp_path / "vault"
    write(root, ".obsidian/app.json", "{}")
    write(root, ".trash/Old.md", "---\nsession: 2026-01-01\n---\nDeleted long ago.")
    write(root, "attachments/scan.png", b"\x89PNG fake")
    for n, (late, bond, depth, quit, after, phq) in enumerate(
            [(0, 8, 6, 0, "good", 16), (15, 8, 3, 6, "irritated", 16), (12, 8, 2, 5, "upset", 15)], start=1):
        write(root, f"Therapy/Session {n:02d}.md", SESSION.format(
            date=f"2026-03-{2 + 7 * (n - 1):02d}T17:00", status="attended", late=late, bond=bond, depth=depth,
            quit=quit, after=after, phq=phq, n=n))
    write(root, "Therapy/Session 04.md", "---\nsession: 2026-03-23T17:00\nstatus: cancelled_by_client\n"
                                         "notice_hours: 2\nreason: work\n---\n")
    write(root, "Daily/2026-03-10.md", "---\ntags: [journal, mood/low]\n---\n"
                                       "I keep thinking about quitting therapy. #therapy\n"
                                       "- defense:: rationalization — the work excuse\n")
    write(root, "Notes/Thoughts.md", "---\njournal: 2026-03-17\n---\nSame things over and over. [[Dad]]\n")
    write(root, "Notes/Noticed.md", "---\ndefense: intellectualization\ndate: 2026-03-18\n---\n")
    (root / "Reference").mkdir()
    shared_note = SHARED_DATA / "obsidian" / "Why Therapy is so Difficult.md"
    (root / "Reference" / "Why Therapy is so Difficult.md").write_bytes(
        shared_note.read_bytes() if shared_note.exists() else REFERENCE.encode("utf-8"))
    return root


def test_a_vault_reads_as_the_record_it_describes(vault):
    read = read_vault(vault)
    doc = read.record.to_dict()
    assert [{k: v for k, v in s.items() if k != "note"} for s in doc["sessions"][:3]] == EXPECTED
    assert doc["sessions"][0]["note"] == NOTE.format(n=1)
    assert doc["sessions"][3] == {"date": "2026-03-23T17:00", "status": "cancelled_by_client",
                                  "notice_hours": 2, "reason": "work"}
    assert doc["journal"] == [
        {"date": "2026-03-10", "text": "I keep thinking about quitting therapy.",
         "tags": ["journal", "mood/low", "therapy"]},
        {"date": "2026-03-17", "text": "Same things over and over. Dad"},
    ]
    assert doc["defenses"] == [{"date": "2026-03-10", "defense": "rationalization", "note": "the work excuse"},
                               {"date": "2026-03-18", "defense": "intellectualization"}]
    assert read.counts == {"notes": 8, "read": 8, "unchanged": 0, "other_files": 1, "session": 4,
                           "journal": 2, "defense": 1, "other": 1, "skipped": 0}
    assert read.warnings == []
    assert read.refs["2026-03-09T17:00"] == "Therapy/Session 02"


def test_a_vault_analyzes_exactly_as_the_same_record_as_json(vault, tmp_path):
    record = read_vault(vault).record
    path = tmp_path / "same.json"
    path.write_text(json.dumps(record.to_dict()))
    from midcourse.validation import load_record

    assert assess(record).to_dict() == assess(load_record(path)).to_dict()
    runner = CliRunner()
    a = runner.invoke(app, ["analyze", str(vault), "--json"]).stdout
    b = runner.invoke(app, ["analyze", str(path), "--json"]).stdout
    assert json.loads(a) == json.loads(b)
    assert json.loads(a)["flags"][:2] == ["attendance", "quitting"]


@pytest.mark.parametrize(("rel", "content", "warning"), [
    ("Therapy/Broken.md", "---\nsession: [2026\n---\n", "Therapy/Broken.md: front matter is not valid YAML"),
    ("Therapy/Bad date.md", "---\nsession: next tuesday\n---\n",
     "Therapy/Bad date.md: property date: 'next tuesday' is not an ISO 8601 date or date-time; session note skipped"),
    ("Therapy/Range.md", "---\nsession: 2026-04-06T17:00\nbond: 12\n---\n",
     "Therapy/Range.md: property bond: 12 is above the scale's maximum 10; session note skipped"),
    ("Therapy/Latin1.md", "---\nsession: 2026-04-06\n---\nCaf\xe9".encode("latin-1"),
     "Therapy/Latin1.md: not UTF-8 text (byte 31); skipped"),
    ("Therapy/Huge.md", "x" * (1024 * 1024 + 1), "Therapy/Huge.md: larger than 1 MiB (1,048,577 bytes); skipped"),
    ("Daily/2026-02-30.md", "Not a real day.", None),
    ("Notes/Odd defense.md", "---\ndefense: sulking\ndate: 2026-03-01\n---\n",
     "Notes/Odd defense.md: 'sulking' is not in the DMRS catalogue; skipped"),
])
def test_a_bad_note_gives_one_warning_and_the_rest_imports(vault, tmp_path, rel, content, warning):
    write(vault, rel, content)
    store = Store(tmp_path / "db.sqlite")
    summary, read = import_vault(store, vault)
    mine = [w for w in read.warnings if w.startswith(rel)]
    if warning is None:
        assert mine == []
    else:
        assert len(mine) == 1 and mine[0].startswith(warning)
    assert read.warnings == mine
    assert summary.added["session"] == 4
    assert len(store.load().journal) == 2


def test_reimport_reads_only_what_changed_and_removes_what_was_deleted(vault, tmp_path):
    store = Store(tmp_path / "db.sqlite")
    import_vault(store, vault)
    summary, read = import_vault(store, vault)
    assert (read.counts["read"], read.counts["unchanged"], summary.changed) == (0, 8, False)

    note = vault / "Therapy" / "Session 02.md"
    note.write_text(note.read_text().replace("minutes_late: 15", "minutes_late: 20"))
    os.utime(vault / "Notes" / "Thoughts.md")  # touched, not changed: hashed, not parsed again
    (vault / "Therapy" / "Session 04.md").unlink()
    summary, read = import_vault(store, vault)
    assert read.counts["read"] == 2
    assert summary.updated == {"session": 1} and summary.removed == {"session": 1}
    record = store.load()
    assert [s.minutes_late for s in record.sessions] == [0, 20, 12]


def test_reimport_keeps_what_was_added_by_hand(vault, tmp_path):
    store = Store(tmp_path / "db.sqlite")
    import_vault(store, vault)
    record = store.load()
    record.journal.append(parse_record({"format": "midcourse/1", "journal": [
        {"date": "2026-03-20", "text": "Added with the CLI."}]}).journal[0])
    store.save("me", record)
    (vault / "Notes" / "Thoughts.md").unlink()
    summary, _ = import_vault(store, vault)
    assert summary.removed == {"journal entry": 1}
    assert [j.text for j in store.load().journal] == ["I keep thinking about quitting therapy.",
                                                      "Added with the CLI."]


def test_a_failed_vault_import_changes_nothing(vault, tmp_path, monkeypatch):
    store = Store(tmp_path / "db.sqlite")
    import_vault(store, vault)
    before = store.load().to_dict()
    notes_before = {p: s.sha256 for p, s in store.notes("me").items()}
    (vault / "Therapy" / "Session 03.md").unlink()

    def broken(self, key, notes):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Transaction, "replace_notes", broken)
    with pytest.raises(RuntimeError):
        import_vault(store, vault)
    monkeypatch.undo()
    assert store.load().to_dict() == before
    assert {p: s.sha256 for p, s in store.notes("me").items()} == notes_before


def tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


def test_report_writes_one_note_and_never_edits_the_users_notes(vault):
    before = tree_hashes(vault)
    result = CliRunner().invoke(app, ["report", "--vault", str(vault)])
    assert result.exit_code == 0, result.output
    after = tree_hashes(vault)
    added = set(after) - set(before)
    assert added == {"Midcourse/Assessment 2026-03-23.md"}
    assert {k: after[k] for k in before} == before
    note = (vault / "Midcourse" / "Assessment 2026-03-23.md").read_text()
    assert "[[Therapy/Session 02|Session 02]]" in note
    assert "[[Daily/2026-03-10|2026-03-10]]" in note
    assert "> [!quote] Conversation starter" in note
    assert read_vault(vault).counts["notes"] == 8  # midcourse's own folder is never read back


def test_vault_init_adds_templates_that_are_not_read_as_sessions(vault):
    written = init_vault(vault)
    assert written == ["Templates/midcourse session.md", "Templates/midcourse daily.md", "midcourse.yaml"]
    assert init_vault(vault) == []
    read = read_vault(vault)
    assert read.warnings == [] and read.counts["session"] == 4


def test_midcourse_yaml_names_the_client_declares_instruments_and_filters_folders(vault):
    write(vault, "midcourse.yaml", "client: Sam\ntherapy_started: 2026-03-02\n"
                                   "instruments:\n  MY-SCALE: {min: 0, max: 50, worse: higher, reliable_change: 6}\n"
                                   "exclude: [Reference]\ndaily_format: '%d.%m.%Y'\n")
    write(vault, "Therapy/Session 05.md", "---\nsession: 2026-03-30T17:00\nMY-SCALE: 30\n---\n")
    write(vault, "Daily/31.03.2026.md", "A day note named the European way.")
    read = read_vault(vault)
    assert read.record.client.name == "Sam"
    assert read.record.sessions[-1].measures == {"MY-SCALE": 30}
    assert read.record.journal[-1].text == "A day note named the European way."
    assert read.counts["other"] == 0  # the reference note is excluded, not merely skipped


def test_cli_import_of_a_vault_reports_counts_and_warnings(vault, tmp_path):
    write(vault, "Therapy/Range.md", "---\nsession: 2026-04-06T17:00\nbond: 12\n---\n")
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "c.db"), "import", str(vault)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"Imported the vault {vault} into the record 'me': added 4 sessions, 2 journal entries, 2 defense notes.",
        "9 notes (9 read, 0 unchanged): 4 sessions, 2 journal, 1 defense, 1 other notes skipped, "
        "1 with problems; 1 warnings.",
    ]
    assert "warning: Therapy/Range.md: property bond: 12 is above the scale's maximum 10" in result.stderr

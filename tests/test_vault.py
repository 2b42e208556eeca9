"""Real vault trees in temporary folders, read as records, imported incrementally, written back."""

import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from midcourse.assess import assess
from midcourse.cli import app, main  # noqa: F401
from midcourse.instruments import BUILT_IN
from midcourse.store import Store, Transaction
from midcourse.sync import import_vault
from midcourse.validation import parse_record
from midcourse.vault import VaultConfig, init_vault, read_config, read_note, read_vault
from tests.strategies import notes, yaml_documents, yaml_keys

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
                           "journal": 2, "defense": 1, "other": 1, "skipped": 0, "problems": 0}
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


@pytest.mark.parametrize(("rel", "content", "warning", "sessions"), [
    ("Therapy/Broken.md", "---\nsession: [2026\n---\n", "Therapy/Broken.md: front matter is not valid YAML", 4),
    ("Therapy/Bad date.md", "---\nsession: next tuesday\n---\n",
     "Therapy/Bad date.md: property session: 'next tuesday' is not an ISO 8601 date or date-time; "
     "session note skipped", 4),
    ("Therapy/No such day.md", "---\nsession: 2026-02-30\n---\n",
     "Therapy/No such day.md: property session: '2026-02-30' is not an ISO 8601 date or date-time; "
     "session note skipped", 4),
    ("Therapy/Range.md", "---\nsession: 2026-04-06T17:00\nbond: 12\n---\n",
     "Therapy/Range.md: property bond: 12 is above the scale's maximum 10; property skipped", 5),
    ("Therapy/Binary.md", "---\nsession: 2026-04-06T17:00\nbond: !!binary aGVsbG8=\n---\n",
     "Therapy/Binary.md: property bond: binary data is not a value midcourse reads; property skipped", 5),
    ("Therapy/Digits.md", "---\nsession: 2026-04-06T17:00\nPHQ-9: " + "7" * 400 + "\n---\n",
     "Therapy/Digits.md: property PHQ-9: a number of 400 digits is not a value midcourse reads; "
     "property skipped", 5),
    ("Therapy/Python.md", "---\nsession: 2026-04-06T17:00\nnote: !!python/object/apply:os.system [ls]\n---\n",
     None, 5),
    ("Therapy/Latin1.md", "---\nsession: 2026-04-06\n---\nCaf\xe9".encode("latin-1"),
     "Therapy/Latin1.md: not UTF-8 text (byte 31); skipped", 4),
    ("Therapy/Huge.md", "x" * (1024 * 1024 + 1), "Therapy/Huge.md: larger than 1 MiB (1,048,577 bytes); skipped", 4),
    ("Daily/2026-02-30.md", "Not a real day.", None, 4),
    ("Notes/Odd defense.md", "---\ndefense: sulking\ndate: 2026-03-01\n---\n",
     "Notes/Odd defense.md: 'sulking' is not in the DMRS catalogue; skipped", 4),
    ("Notes/Bad defense date.md", "---\ndefense: denial\ndate: someday\n---\n",
     "Notes/Bad defense date.md: defense 'denial': property date: 'someday' is not an ISO 8601 date", 4),
])
def test_a_bad_note_gives_one_warning_and_the_rest_imports(vault, tmp_path, rel, content, warning, sessions):
    write(vault, rel, content)
    store = Store(tmp_path / "db.sqlite")
    summary, read = import_vault(store, vault)
    mine = [w for w in read.warnings if w.startswith(rel)]
    if warning is None:
        assert mine == []
    else:
        assert len(mine) == 1 and mine[0].startswith(warning), mine
    assert read.warnings == mine
    assert summary.added["session"] == sessions
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
    assert "> [!quote] A draft: change it as you like" in note  # Obsidian's callout
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
        f"Imported the vault {vault} into the record 'me': added 5 sessions, 2 journal entries, 2 defense notes.",
        "9 notes (9 read, 0 unchanged): 5 sessions, 2 journal, 1 defense, 1 other notes skipped, "
        "1 with problems; 1 warnings.",
    ]
    assert "warning: Therapy/Range.md: property bond: 12 is above the scale's maximum 10" in result.stderr


# A hostile or unlucky vault (issue 16): one bad note or property is a warning naming it; the rest goes on.

def session_of(store, key):
    return next(s for s in store.load().sessions if s.key == key)


def test_a_bad_property_skips_that_property_and_keeps_the_session(vault, tmp_path):
    write(vault, "Therapy/Session 05.md", "---\nsession: 2026-03-30T17:00\nminutes_late: 20\nbond: eleven\n"
                                          "goals: 7\ntasks: 7\nafter: cross\nPHQ-9 items: [1, 2]\n---\nHard one.")
    store = Store(tmp_path / "db.sqlite")
    _, read = import_vault(store, vault)
    assert read.warnings == [
        "Therapy/Session 05.md: property bond: expected a number, got \"eleven\"; property skipped",
        "Therapy/Session 05.md: property after: \"cross\" is not one of good, calm, neutral, drained, anxious, "
        "irritated, upset; property skipped",
        "Therapy/Session 05.md: property PHQ-9 items: expected a list of 9 item scores, got [1, 2]; property skipped",
    ]
    session = session_of(store, "2026-03-30T17:00")
    assert (session.status, session.minutes_late, session.note) == ("attended", 20, "Hard one.")
    assert (session.checkin.bond, session.checkin.goals, session.checkin.after) == (None, 7, None)


def test_property_names_are_matched_as_obsidian_users_write_them(vault, tmp_path):
    write(vault, "midcourse.yaml", "instruments:\n  MY-SCALE: {min: 0, max: 50, worse: higher}\n")
    write(vault, "Therapy/Session 05.md", "---\nSession: 2026-03-30T17:00\nStatus: Attended\nMinutes late: 5\n"
                                          "Bond: 6\nphq-9: 11\ngad7: 9\nmy_scale: 30\nBDI: 20\n---\n")
    store = Store(tmp_path / "db.sqlite")
    _, read = import_vault(store, vault)
    assert read.warnings == ["Therapy/Session 05.md: property BDI: not a check-in field or a known instrument "
                             "(declare an instrument in midcourse.yaml); ignored"]
    session = session_of(store, "2026-03-30T17:00")
    assert (session.minutes_late, session.checkin.bond) == (5, 6)
    assert session.measures == {"PHQ-9": 11, "GAD-7": 9, "MY-SCALE": 30}


def test_two_spellings_of_one_property_keep_the_first_with_a_warning(vault):
    write(vault, "Therapy/Session 05.md", "---\nsession: 2026-03-30T17:00\nPHQ-9: 11\nphq9: 12\n---\n")
    read = read_vault(vault)
    assert read.warnings == ["Therapy/Session 05.md: properties 'PHQ-9' and 'phq9' both give PHQ-9; kept 'PHQ-9'"]
    assert read.record.sessions[-1].measures == {"PHQ-9": 11}


def test_tags_given_as_one_number_are_one_tag(vault):
    write(vault, "Daily/2026-03-11.md", "---\ntags: 2026\n---\nA year of it.")
    read = read_vault(vault)
    assert read.warnings == []
    assert read.record.journal[1].to_dict() == {"date": "2026-03-11", "text": "A year of it.", "tags": ["2026"]}


def test_the_yaml_alias_bomb_is_refused_quickly_and_the_database_stays_small(vault, tmp_path):
    levels = ["tags: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"] + [
        f"l{i}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    write(vault, "Daily/2026-03-12.md", "---\n" + "\n".join(levels) + "\n---\nBoom.")
    store = Store(tmp_path / "db.sqlite")
    _, read = import_vault(store, vault)
    assert read.warnings == ["Daily/2026-03-12.md: front matter has more than 20,000 values once its aliases are "
                             "expanded; note skipped"]
    assert (tmp_path / "db.sqlite").stat().st_size < 1024 * 1024


def test_a_text_over_the_limit_is_skipped_by_name_and_the_session_kept(vault, tmp_path):
    write(vault, "Therapy/Session 05.md", "---\nsession: 2026-03-30T17:00\nbond: 7\n---\n" + "word " * 50_000)
    read = read_vault(vault)
    assert read.warnings == ["Therapy/Session 05.md: the note's text: 249,999 characters is longer than the limit "
                             "of 200,000; text skipped, the rest of the note kept"]
    assert read.record.sessions[-1].to_dict() == {"date": "2026-03-30T17:00", "status": "attended",
                                                  "checkin": {"bond": 7}}


@pytest.mark.parametrize(("config", "warning"), [
    ("include: 5\n", "midcourse.yaml: include: no folder '5' in the vault; ignored"),
    ("instruments: [PHQ-9, GAD-7]\n", "midcourse.yaml: instruments: expected instrument ids with their settings, "
                                     "e.g. MY-SCALE: {min: 0, max: 50, worse: higher}; ignored"),
    ("instruments:\n  X: {min: 0, max: 5, worse: higher, reliability: 1, sd: 2}\n",
     "midcourse.yaml: instruments.X.reliability: 1: a reliability lies between 0 and 1, both excluded; "
     "instrument X ignored"),
    ("client: !!binary aGk=\n", "midcourse.yaml: client: binary data is not a value midcourse reads; ignored"),
    ("therapy_started: 2026-02-30\n", "midcourse.yaml: therapy_started: '2026-02-30' is not an ISO 8601 date; "
                                      "ignored"),
    ("- a list\n", "midcourse.yaml: expected key: value settings; using defaults"),
    ("a: &a [*a]\n", "midcourse.yaml has a value that contains itself (a recursive alias); using defaults"),
])
def test_a_bad_midcourse_yaml_is_a_warning_and_the_vault_still_imports(vault, tmp_path, config, warning):
    write(vault, "midcourse.yaml", config)
    store = Store(tmp_path / "db.sqlite")
    summary, read = import_vault(store, vault)
    assert read.warnings == [warning]
    assert summary.added["session"] == 4


@pytest.fixture
def outside(tmp_path):
    """A folder next to the vault with a private file in it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    return folder


def test_only_regular_files_inside_the_vault_are_read(vault, outside):
    os.mkfifo(vault / "Daily" / "2026-03-13.md")
    (vault / "Daily" / "2026-03-14.md").symlink_to(outside / "passwd")
    (vault / "Daily" / "2026-03-15.md").symlink_to("/dev/zero")
    (vault / "Linked").symlink_to(outside, target_is_directory=True)
    (vault / "Daily" / "2026-03-16.md").symlink_to(vault / "Notes" / "Thoughts.md")  # inside: read
    read = read_vault(vault)
    assert read.warnings == [
        "Linked/: a link to a folder outside the vault; skipped",
        "Daily/2026-03-13.md: not a regular file (a FIFO); skipped",
        "Daily/2026-03-14.md: a link to a file outside the vault; skipped",
        "Daily/2026-03-15.md: a link to a file outside the vault; skipped",
    ]
    assert "root" not in json.dumps(read.record.to_dict())
    # the link inside the vault is read: it is Notes/Thoughts.md again, dated by its journal property
    assert [j.date.isoformat() for j in read.record.journal] == ["2026-03-10", "2026-03-17", "2026-03-17"]


def test_report_never_writes_through_a_link_out_of_the_vault(vault, outside):
    (vault / "Midcourse").symlink_to(outside, target_is_directory=True)
    result = CliRunner().invoke(app, ["report", "--vault", str(vault)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {vault.resolve()}/Midcourse: not a real folder inside the vault (a link, "
                             "or not a folder); nothing was written\n")
    assert sorted(p.name for p in outside.iterdir()) == ["passwd"]


def test_report_never_writes_into_a_fifo_or_through_a_linked_note(vault, outside):
    (vault / "Midcourse").mkdir()
    (vault / "Midcourse" / "Assessment 2026-03-23.md").symlink_to(outside / "passwd")
    result = CliRunner().invoke(app, ["report", "--vault", str(vault)])
    assert result.exit_code == 1 and "a link, FIFO or device is never written through" in result.stderr
    assert (outside / "passwd").read_text().startswith("root:")


def test_vault_init_never_writes_through_a_linked_templates_folder(vault, outside):
    (vault / "Templates").symlink_to(outside, target_is_directory=True)
    result = CliRunner().invoke(app, ["vault", "init", str(vault)])
    assert result.exit_code == 1 and "not a real folder inside the vault" in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["passwd"]


@pytest.mark.fuzz
@given(text=notes())
def test_fuzz_any_note_is_read_with_warnings_never_an_exception(text):
    result = read_note(text, "Fuzz/2026-03-10.md", VaultConfig(), set(BUILT_IN))
    assert result.kind in ("session", "journal", "defense", "other", "skipped")
    for warning in result.warnings:
        assert warning.startswith("Fuzz/2026-03-10.md: ")
        warning.encode("utf-8")
    if result.sessions or result.journal or result.defenses:  # what a note gives is a valid record
        parse_record({"format": "midcourse/1", "sessions": result.sessions, "journal": result.journal,
                      "defenses": result.defenses})


@pytest.fixture(scope="module")
def config_vault(tmp_path_factory):
    """A vault whose midcourse.yaml the fuzz test rewrites (with folders Therapy and Daily)."""
    root = tmp_path_factory.mktemp("vault")
    (root / "Therapy").mkdir()
    (root / "Daily").mkdir()
    return root


@pytest.mark.fuzz
@given(text=yaml_documents(keys=st.sampled_from(["client", "therapy_started", "instruments", "include",
                                                 "exclude", "daily_format", "other"]) | yaml_keys))
def test_fuzz_any_midcourse_yaml_is_read_with_warnings_never_an_exception(config_vault, text):
    (config_vault / "midcourse.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    config, warnings = read_config(config_vault)
    assert all(w.startswith("midcourse.yaml") for w in warnings)
    parse_record({"format": "midcourse/1", "instruments": config.instruments})
    assert all(isinstance(p, str) for p in config.include + config.exclude)


def test_a_defense_item_with_a_long_run_of_spaces_is_read_in_linear_time(vault):
    """The old pattern (a lazy name, then optional spaces) took 4.7 s on 20,000 spaces, quadratic."""
    write(vault, "Daily/2026-03-11.md", "- defense:: denial" + " " * 200_000 + "— a note\n")
    read = read_vault(vault)
    assert read.record.defenses[1].to_dict() == {"date": "2026-03-11", "defense": "denial", "note": "a note"}


def test_a_folder_name_too_long_for_the_file_system_is_a_warning(config_vault):
    (config_vault / "midcourse.yaml").write_text('include: "' + "a" * 400 + '"\n', encoding="utf-8")
    config, warnings = read_config(config_vault)
    assert config.include == [] and len(warnings) == 1
    assert warnings[0].startswith("midcourse.yaml") and "no folder 'aaa" in warnings[0]

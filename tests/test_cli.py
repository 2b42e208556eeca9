import json

import pytest
from typer.testing import CliRunner

from midcourse.cli import app
from tests.test_store import EXAMPLE

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    """A path for a fresh SQLite database."""
    return str(tmp_path / "cli.db")


def run(db, *args, input=None):
    return runner.invoke(app, ["--db", db, *args], input=input)


def test_init_add_and_export(db):
    assert run(db, "init", "--name", "Sam", "--started", "2026-01-05").output == (
        f"Created the record 'Sam' in sqlite:///{db}\n")
    result = run(db, "add", "session", "--date", "2026-01-05T17:00", "--status", "attended", "--late", "12")
    assert result.output == "Recorded the session of 2026-01-05T17:00 (attended).\n"
    result = run(db, "add", "checkin", "--bond", "8", "--goals", "7", "--tasks", "6", "--depth", "5",
                 "--insight", "4", "--quit", "1", "--after", "calm", "--note", "fine")
    assert result.output == "Recorded the check-in for 2026-01-05T17:00.\n"
    assert run(db, "add", "measure", "PHQ-9", "14").output == "Recorded PHQ-9 = 14 for 2026-01-05T17:00.\n"
    assert run(db, "add", "journal", "--text", "Lighter today", "--date", "2026-01-06",
               "--tag", "mood").output == "Recorded a journal entry for 2026-01-06.\n"
    assert run(db, "add", "defense", "Intellectualization", "--date", "2026-01-06").output == (
        "Recorded intellectualization on 2026-01-06.\n")
    exported = json.loads(run(db, "export").output)
    assert exported == {
        "format": "midcourse/1",
        "client": {"name": "Sam", "therapy_started": "2026-01-05"},
        "sessions": [{"date": "2026-01-05T17:00", "status": "attended", "minutes_late": 12,
                      "checkin": {"bond": 8, "goals": 7, "tasks": 6, "depth": 5, "insight": 4, "quit": 1,
                                  "after": "calm", "note": "fine"},
                      "measures": {"PHQ-9": 14}}],
        "journal": [{"date": "2026-01-06", "text": "Lighter today", "tags": ["mood"]}],
        "defenses": [{"date": "2026-01-06", "defense": "intellectualization"}],
    }


def test_checkin_prompts_for_what_is_missing(db):
    run(db, "init")
    run(db, "add", "session", "--date", "2026-01-05", "--status", "attended")
    result = run(db, "add", "checkin", "--bond", "8", "--goals", "7", "--tasks", "6",
                 input="5\n4\n1\ngood\n")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("Recorded the check-in for 2026-01-05.\n")
    assert "Depth: talked about what really matters (0-10): " in result.output


def test_out_of_range_flag_is_refused(db):
    run(db, "init")
    run(db, "add", "session", "--date", "2026-01-05", "--status", "attended")
    result = run(db, "add", "checkin", "--bond", "11", "--goals", "7", "--tasks", "6", "--depth", "5",
                 "--insight", "4", "--quit", "1", "--after", "calm")
    assert result.exit_code == 2
    assert "Invalid value for '--bond': Input should be less than or equal to 10" in result.output


def test_measure_of_unknown_instrument_is_refused_and_nothing_changes(db):
    run(db, "init")
    run(db, "add", "session", "--date", "2026-01-05", "--status", "attended")
    before = run(db, "export").output
    result = run(db, "add", "measure", "BDI", "20")
    assert result.exit_code == 1
    assert result.output == ("Error: sessions[0].measures.BDI: unknown instrument 'BDI' "
                             "(not built in and not defined in \"instruments\")\n")
    assert run(db, "export").output == before


def test_import_reports_and_is_idempotent(db, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(EXAMPLE))
    assert run(db, "import", str(path)).output == (
        f"Imported {path}: added 1 instrument, 3 sessions, 2 journal entries, 1 defense note.\n")
    assert run(db, "import", str(path)).output == (
        f"Imported {path}: skipped 1 instrument, 3 sessions, 2 journal entries, 1 defense note.\n")
    assert json.loads(run(db, "export").output) == EXAMPLE


def test_invalid_import_names_problems_and_changes_nothing(db, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(EXAMPLE))
    run(db, "import", str(good))
    before = run(db, "export").output
    bad = json.loads(json.dumps(EXAMPLE))
    bad["sessions"].append({"date": "2026-02-02", "status": "attended", "checkin": {"bond": 11}})
    bad["sessions"][0]["status"] = "came"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    result = run(db, "import", str(path))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path} was not imported; nothing was changed:\n"
        f"{path}: sessions[0].status: \"came\" is not one of attended, no_show, cancelled_by_client, "
        "cancelled_by_therapist, planned\n"
        f"{path}: sessions[3].checkin.bond: 11 is above the scale's maximum 10\n")
    assert run(db, "export").output == before


def test_csv_export_and_import(db, tmp_path):
    run(db, "demo")
    csv_path = tmp_path / "s.csv"
    run(db, "--client", "demo", "export", "--format", "csv", "-o", str(csv_path))
    other = str(tmp_path / "other.db")
    assert run(other, "import", str(csv_path)).output == f"Imported {csv_path}: added 20 sessions.\n"
    assert run(other, "export", "--format", "csv").output == csv_path.read_text()


def test_missing_file(db):
    result = run(db, "import", "nope.json")
    assert result.exit_code == 1
    assert result.output == "Error: nope.json: no such file or folder\n"


def test_commands_without_a_record_say_what_to_do(db):
    result = run(db, "list")
    assert result.exit_code == 1
    assert result.output == (f"Error: no record yet in sqlite:///{db}: run `midcourse init` "
                             "or `midcourse import FILE` first\n")


def test_list_shows_sessions(db):
    run(db, "demo")
    result = runner.invoke(app, ["--db", db, "list"], env={"COLUMNS": "140"})
    lines = result.output.splitlines()
    assert lines[0].strip() == "demo: 20 sessions, 8 journal entries, 3 defense notes"
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines if line.startswith("│")]
    assert rows[7] == ["2026-07-20T17:00", "cancelled by client", "", "", "", "", "", "", ""]
    assert rows[11] == ["2026-08-17T17:00", "attended", "20", "4.3", "3", "3", "7", "upset", "PHQ-9 16"]


def test_delete_needs_confirmation(db):
    run(db, "demo")
    assert run(db, "delete", input="n\n").exit_code == 1
    assert run(db, "delete", "--yes").output == "Deleted the record 'demo' and the cached embeddings of its words.\n"
    assert run(db, "list").exit_code == 1


def test_demo_refuses_to_overwrite(db):
    run(db, "demo")
    result = run(db, "demo")
    assert result.exit_code == 1
    assert result.output == "Error: a demo record exists already; use --replace to write it again\n"


def test_defenses_lists_the_catalogue(db):
    output = run(db, "defenses").output
    assert output.splitlines()[0] == "Level 7: high-adaptive"
    assert "  passive aggression: Showing anger indirectly" in output


def test_measure_and_defense_ask_for_what_is_missing(db):
    run(db, "init")
    run(db, "add", "session", "--date", "2026-01-05", "--status", "attended")
    result = run(db, "add", "measure", input="GAD-7\n9\n")
    assert result.output.endswith("Recorded GAD-7 = 9 for 2026-01-05.\n")
    result = run(db, "add", "defense", "--date", "2026-01-06", input="humour\n")
    assert result.output.endswith("Recorded humour on 2026-01-06.\n")

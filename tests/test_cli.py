import json

import pytest
from typer.testing import CliRunner

from midcourse.cli import app
from tests.test_store import EXAMPLE

runner = CliRunner()
S = "2026-01-05T17:00"


@pytest.fixture
def db(tmp_path):
    """A path for a fresh SQLite database."""
    return str(tmp_path / "cli.db")


@pytest.fixture
def sam(db_url):
    """A record 'Sam' with one attended session (12 minutes late) on Mon 5 Jan 2026, 17:00, in SQLite and
    in PostgreSQL."""
    assert run(db_url, "init", "--name", "Sam", "--crisis-country", "international").exit_code == 0
    run(db_url, "add", "session", "--date", S, "--late", "12")
    return db_url


def run(db, *args, input=None, env=None):
    return runner.invoke(app, ["--db", db, *args], input=input, env=env)


def test_init_add_and_export(db, tmp_path):
    settings = tmp_path / "settings.toml"
    assert run(db, "init", "--name", "Sam", "--started", "2026-01-05", "--crisis-country", "uk",
               "--settings", str(settings)).output == (
        f"Created the record 'Sam' in sqlite:///{db}\n"
        f"Crisis resources: UK (saved in {settings})\n")
    assert 'crisis_locale = "UK"' in settings.read_text()
    result = run(db, "add", "session", "--date", S, "--status", "attended", "--late", "12")
    assert result.output == "Record 'Sam': added the session of Mon 5 Jan 2026, 17:00: attended, minutes late 12.\n"
    result = run(db, "add", "checkin", "--bond", "8", "--goals", "7", "--tasks", "6", "--depth", "5",
                 "--insight", "4", "--quit", "1", "--after", "calm", "--note", "fine")
    assert result.output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: added the check-in: bond 8, goals 7, tasks 6, depth 5, "
        "insight 4, quit 1, feeling after calm, check-in note 'fine'.\n")
    assert run(db, "add", "measure", "phq9", "14").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: added PHQ-9 14.\n")
    assert run(db, "add", "journal", "--text", "Lighter today", "--date", "2026-01-06", "--tag", "mood").output == (
        "Record 'Sam': added the journal entry of Tue 6 Jan 2026 ('Lighter today'): tags mood.\n")
    assert run(db, "add", "defense", "Intellectualization", "--date", "2026-01-06").output == (
        "Record 'Sam': added the defense note of Tue 6 Jan 2026 (intellectualization).\n")
    exported = json.loads(run(db, "export").output)
    assert exported == {
        "format": "midcourse/1",
        "client": {"name": "Sam", "therapy_started": "2026-01-05"},
        "sessions": [{"date": S, "status": "attended", "minutes_late": 12,
                      "checkin": {"bond": 8, "goals": 7, "tasks": 6, "depth": 5, "insight": 4, "quit": 1,
                                  "after": "calm", "note": "fine"},
                      "measures": {"PHQ-9": 14}}],
        "journal": [{"date": "2026-01-06", "text": "Lighter today", "tags": ["mood"]}],
        "defenses": [{"date": "2026-01-06", "defense": "intellectualization"}],
    }


def test_init_asks_where_the_client_lives(db, tmp_path):
    settings = tmp_path / "s.toml"
    settings.write_text("[thresholds]\nrecent_sessions = 5\n")
    result = run(db, "init", "--settings", str(settings), input="NZ\n")
    assert result.output == (
        "Crisis resources for where you live (international, US, CA, UK, IE, AU, NZ, EU) [international]: NZ\n"
        f"Created the record 'me' in sqlite:///{db}\n"
        f"Crisis resources: NZ (saved in {settings})\n")
    assert settings.read_text().splitlines()[2:] == ["recent_sessions = 5", 'crisis_locale = "NZ"']
    result = run(str(tmp_path / "other.db"), "init", "--crisis-country", "Mars", "--settings", str(settings))
    assert result.exit_code == 1
    assert result.output == ("Error: --crisis-country: 'Mars' is not one of international, US, CA, UK, IE, AU, NZ, "
                             "EU (international lists emergency numbers for many countries)\n")


def test_add_session_merges_and_says_what_changed(sam):
    assert run(sam, "add", "session", "--date", S, "--note", "First session.").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: added note 'First session.'.\n")
    assert run(sam, "add", "session", "--date", S, "--late", "5").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: changed minutes late 12 → 5.\n")
    assert run(sam, "add", "session", "--date", S, "--late", "5").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: nothing changed.\n")


def test_add_session_asks_when_the_date_is_missing_and_its_help_says_so(sam):
    result = run(sam, "add", "session", input="2026-01-12T17:00\nno_show\n")
    assert result.output == ("Scheduled date-time (YYYY-MM-DDTHH:MM): 2026-01-12T17:00\n"
                             "Status (attended, no_show, cancelled_by_client, cancelled_by_therapist, planned) "
                             "[attended]: no_show\n"
                             "Record 'Sam': added the session of Mon 12 Jan 2026, 17:00: no show.\n")
    help_text = " ".join(run(sam, "add", "session", "--help").output.split())
    assert "[default: attended]" not in help_text
    assert "A new session is attended unless you say otherwise; an existing one keeps its status." in help_text


def test_a_second_session_on_the_same_day_is_asked_first(sam):
    result = run(sam, "add", "session", "--date", "2026-01-05")
    assert result.exit_code == 1
    assert result.output == (
        "Error: --date: Mon 5 Jan 2026 already has a session (2026-01-05T17:00). To change that session, give "
        "--date 2026-01-05T17:00; to add a second session on that day, add --another-on-same-day\n")
    assert run(sam, "add", "session", "--date", "2026-01-05T19:00", "--another-on-same-day").output == (
        "Record 'Sam': added the session of Mon 5 Jan 2026, 19:00: attended.\n")


def test_a_future_date_needs_status_planned(sam):
    result = run(sam, "add", "session", "--date", "2099-01-05T17:00")
    assert result.exit_code == 1
    assert result.output.startswith("Error: --date: 2099-01-05T17:00 is after today (")
    assert result.output.endswith("): only a planned session can lie in the future (for an appointment ahead, add "
                                  "--status planned)\n")
    assert run(sam, "add", "session", "--date", "2099-01-05T17:00", "--status", "planned").output == (
        "Record 'Sam': added the session of Mon 5 Jan 2099, 17:00: planned.\n")
    result = run(sam, "add", "checkin", "--date", "2099-01-05", "--bond", "3")
    assert result.output == (
        "Error: --date: the session of 2099-01-05T17:00 is planned, and a check-in or score belongs to an attended "
        "session; if it took place, mark it: `midcourse edit session 2099-01-05T17:00 --status attended`\n")
    # The default session of a check-in is the latest attended one, never the planned one ahead.
    assert run(sam, "add", "checkin", "--bond", "7").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: added the check-in: bond 7.\n")


def test_checkin_asks_each_question_and_enter_skips_it(sam):
    result = run(sam, "add", "checkin", input="8\n\n6\n\n\n\n0\ncalm\n\n")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Bond: I felt understood and respected (0-10, Enter to skip): 8\n"
        "Goals: We worked on what I want (0-10, Enter to skip): \n"
        "Tasks: The way we work fits me (0-10, Enter to skip): 6\n"
        "Depth: We talked about what really matters (0-10, Enter to skip): \n"
        "Insight: I learned something about myself (0-10, Enter to skip): \n"
        "Quit: I'm thinking about stopping therapy (0-10, Enter to skip): \n"
        "Safety: Since the last session, how often have you had thoughts that you would be better off dead, or of "
        "hurting yourself? 0 not at all, 1 some days, 2 more than half the days, 3 nearly every day "
        "(0-3, Enter to skip): 0\n"
        "How I felt after (good, calm, neutral, drained, anxious, irritated, upset; Enter to skip): calm\n"
        "A note (Enter to skip): \n"
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: added the check-in: bond 8, tasks 6, safety rating 0, "
        "feeling after calm.\n")


def test_a_checkin_merges_rating_by_rating(sam):
    run(sam, "add", "checkin", "--bond", "6", "--goals", "7")
    assert run(sam, "add", "checkin", "--bond", "8", "--insight", "7").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: changed bond 6 → 8; added insight 7.\n")


def test_a_safety_rating_shows_the_resources_first(sam):
    result = run(sam, "add", "checkin", "--safety", "2")
    assert result.output.splitlines()[0].startswith("If you might act on thoughts of ending your life")
    assert result.output.splitlines()[-2:] == [
        "Please tell your therapist too; you do not have to wait for your next session.",
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: added the check-in: safety rating 2."]
    result = run(sam, "add", "checkin", "--safety", "5")
    assert result.output == ("Error: --safety: expected a whole number from 0 to 3 (0 not at all, 1 some days, "
                             "2 more than half the days, 3 nearly every day), got 5\n")


def test_errors_name_the_option_the_value_and_what_is_allowed(sam):
    result = run(sam, "add", "checkin", "--bond", "11", "--goals", "7")
    assert result.exit_code == 1
    assert result.output == "Error: --bond: 11 is above the scale's maximum 10\n"
    result = run(sam, "add", "checkin", "--after", "meh")
    assert result.output == ('Error: --after: "meh" is not one of good, calm, neutral, drained, anxious, irritated, '
                             "upset\n")
    result = run(sam, "add", "session", "--date", "next tuesday")
    assert result.output == ("Error: --date: 'next tuesday' is not an ISO 8601 date or date-time (e.g. 2026-03-02 or "
                             "2026-03-02T17:00)\n")


def test_measure_of_unknown_instrument_is_refused_with_a_suggestion_and_nothing_changes(sam):
    before = run(sam, "export").output
    result = run(sam, "add", "measure", "BDI", "20")
    assert result.exit_code == 1
    assert result.output == (
        "Error: unknown instrument 'BDI'; built in: PHQ-9, GAD-7, ORS, SRS, CORE-10, OQ-45; define it with "
        "`midcourse instrument add BDI --min LOW --max HIGH --worse higher` (or lower)\n")
    assert run(sam, "add", "measure", "PHQ8", "20").output.startswith(
        "Error: unknown instrument 'PHQ8' (did you mean PHQ-9?); built in: PHQ-9,")
    assert run(sam, "export").output == before


def test_a_questionnaire_item_by_item(sam):
    assert run(sam, "add", "measure", "GAD-7", "--items", "1,2,1,0,1,2,0").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: added GAD-7 7; added GAD-7 items 1 2 1 0 1 2 0.\n")
    result = run(sam, "add", "measure", "phq-9", input="1\n2\n1\n0\n1\n2\n0\n1\n0\n")
    assert result.output == (
        "PHQ-9: over the last two weeks, how often? 0 not at all, 1 some days, 2 more than half the days, 3 nearly "
        "every day\n"
        "1. little interest or joy in doing things (0-3): 1\n"
        "2. feeling low, down or without hope (0-3): 2\n"
        "3. sleeping badly, or far too much (0-3): 1\n"
        "4. tired, or low on energy (0-3): 0\n"
        "5. eating too little or too much (0-3): 1\n"
        "6. feeling bad about myself, or a failure (0-3): 2\n"
        "7. hard to keep my mind on things (0-3): 0\n"
        "8. slowed down, or too restless to sit still (0-3): 1\n"
        "9. thoughts of being better off dead, or of hurting myself (0-3): 0\n"
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: added PHQ-9 8; added PHQ-9 items 1 2 1 0 1 2 0 1 0.\n")
    result = run(sam, "add", "measure", "PHQ-9", "--items", "1,2,1,0,1,2,0,1,1")
    assert result.output.splitlines()[0].startswith("If you might act on thoughts")  # item 9 above 0
    assert result.output.splitlines()[-1] == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: changed PHQ-9 8 → 9; changed PHQ-9 items "
        "1 2 1 0 1 2 0 1 0 → 1 2 1 0 1 2 0 1 1.")
    assert run(sam, "add", "measure", "PHQ-9", "--items", "1,2,1").output == (
        "Error: --items: '1,2,1': PHQ-9 has 9 items, each scored 0 to 3 (0 not at all, 1 some days, 2 more than half "
        "the days, 3 nearly every day); give all 9 in order\n")


def test_instruments_are_listed_defined_and_used(sam):
    result = run(sam, "instrument", "add", "BDI", "--min", "0", "--max", "63", "--worse", "higher", "--cutoff", "14",
                 "--reliability", "0.9", "--sd", "8")
    assert result.output == ("Record 'Sam': added the instrument BDI: min 0, max 63, worse higher, cutoff 14, "
                             "reliability 0.9, SD 8.\n")
    assert run(sam, "add", "measure", "bdi", "20").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: added BDI 20.\n")
    assert run(sam, "instrument", "add", "BDI", "--min", "0", "--max", "10", "--worse", "higher").output == (
        "Error: the session of Mon 5 Jan 2026, 17:00, BDI: 20 is above the instrument's maximum 10\n")
    lines = run(sam, "instrument", "list", env={"COLUMNS": "200"}).output.splitlines()
    assert lines[0] == "Sam: instruments (built in, and the record's own)"
    assert lines[3].split() == ["PHQ-9", "0-27", "higher", "10", "6", "9", "items,", "0-3", "NHS", "Talking",
                                "Therapies", "thresholds", "(Kroenke", "et", "al.", "2001)"]
    assert lines[-1].split() == ["BDI", "0-63", "higher", "14", "7.01", "defined", "in", "the", "record"]


def test_edit_and_remove_every_item(sam):
    run(sam, "add", "checkin", "--bond", "6", "--quit", "2")
    run(sam, "add", "measure", "PHQ-9", "14")
    run(sam, "add", "journal", "--text", "Lighter today", "--date", "2026-01-06")
    run(sam, "add", "journal", "--text", "Second", "--date", "2026-01-06")
    run(sam, "add", "defense", "humour", "--date", "2026-01-07", "--note", "joked")
    run(sam, "safety", "--safe", "--date", "2026-01-08T09:00", "--text", "I wish I could disappear.")
    assert run(sam, "edit", "session", "2026-01-05", "--note", "Hard one.", "--clear", "late").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: removed minutes late 12; added note 'Hard one.'.\n")
    assert run(sam, "edit", "checkin", S, "--bond", "8", "--clear", "quit").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: changed bond 6 → 8; removed quit 2.\n")
    assert run(sam, "edit", "measure", S, "phq9", "12").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: changed PHQ-9 14 → 12.\n")
    assert run(sam, "edit", "journal", "2026-01-06", "--text", "x").output == (
        "Error: 2026-01-06 has 2 journal entries (numbers 1, 2): give its number\n")
    assert run(sam, "edit", "journal", "2", "--text", "Second, edited").output == (
        "Record 'Sam': the journal entry of Tue 6 Jan 2026 ('Second'): changed text 'Second' → 'Second, edited'.\n")
    assert run(sam, "edit", "defense", "1", "--no-note").output == (
        "Record 'Sam': the defense note of Wed 7 Jan 2026 (humour): removed note 'joked'.\n")
    assert run(sam, "edit", "safety", "1", "--not-safe").output == (
        "Record 'Sam': the safety answer of Thu 8 Jan 2026, 09:00: changed answer safe → not safe.\n")
    assert run(sam, "remove", "journal", "3", "--yes").output == (
        "Error: no journal entry number 3: there are 2 journal entries (see `midcourse list journal`)\n")
    assert run(sam, "remove", "journal", "1", "--yes").output == (
        "Record 'Sam': removed the journal entry of Tue 6 Jan 2026 ('Lighter today').\n")
    assert run(sam, "remove", "defense", "2026-01-07", "--yes").output == (
        "Record 'Sam': removed the defense note of Wed 7 Jan 2026 (humour).\n")
    assert run(sam, "remove", "safety", "1", "--yes").output == (
        "Record 'Sam': removed the safety answer of Thu 8 Jan 2026, 09:00: answer not safe, text 'I wish I could "
        "disappear.'.\n")
    assert run(sam, "remove", "measure", S, "PHQ-9", "--yes").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: removed PHQ-9 12.\n")
    assert run(sam, "remove", "checkin", S, "--yes").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: removed the check-in: bond 8.\n")
    result = run(sam, "remove", "session", S, input="n\n")
    assert result.exit_code == 1
    assert result.output == ("Remove the session of Mon 5 Jan 2026, 17:00: attended, note 'Hard one.'? [y/N]: n\n"
                             "Aborted!\n")
    assert run(sam, "remove", "session", S, input="y\n").output.endswith(
        "Record 'Sam': removed the session of Mon 5 Jan 2026, 17:00: attended, note 'Hard one.'.\n")
    assert json.loads(run(sam, "export").output) == {
        "format": "midcourse/1", "client": {"name": "Sam"}, "sessions": [],
        "journal": [{"date": "2026-01-06", "text": "Second, edited"}]}


def test_a_status_that_does_not_fit_says_what_to_do(sam):
    run(sam, "add", "checkin", "--bond", "6")
    result = run(sam, "edit", "session", S, "--status", "no_show")
    assert result.output == (
        "Error: --late: lateness applies only to attended sessions; remove it with `midcourse edit session "
        f"{S} --clear late`\n"
        "Error: --status: a check-in belongs to an attended session; remove the check-in first (`midcourse remove "
        f"checkin {S}`), or keep the status attended\n")
    assert run(sam, "edit", "session", "2026-02-01", "--note", "x").output == (
        "Error: no session at 2026-02-01; `midcourse list` shows the sessions\n")
    assert run(sam, "edit", "session", S, "--move-to", "2026-01-06T17:00").output == (
        "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: moved to Tue 6 Jan 2026, 17:00.\n")


def test_safety_answers_are_recorded_and_not_safe_shows_resources_first(sam):
    assert run(sam, "safety", "--safe", "--date", "2026-01-08T09:10", "--text", "I wish I could disappear.",
               "--text-date", "2026-01-07").output == (
        "Record 'Sam': added the safety answer of Thu 8 Jan 2026, 09:10: answer safe, text 'I wish I could "
        "disappear.', date of the text 2026-01-07.\n")
    result = run(sam, "safety", "--not-safe", "--date", "2026-01-09T08:00")
    assert result.output.splitlines()[0].startswith("If you might act on thoughts of ending your life")
    assert result.output.splitlines()[-1] == (
        "Record 'Sam': added the safety answer of Fri 9 Jan 2026, 08:00: answer not safe.")
    assert run(sam, "safety").output == "Error: give your answer: --safe, or --not-safe\n"
    lines = run(sam, "list", "safety", env={"COLUMNS": "80"}).output.splitlines()
    assert lines[0] == "Sam: 2 safety answers"
    assert lines[3].split() == ["1", "2026-01-08T09:10", "safe", "I", "wish", "I", "could", "disappear.", "2026-01-07"]


def test_global_options_go_after_the_command_too(db_url):
    run(db_url, "demo")
    run(db_url, "init", "--name", "Sam", "--crisis-country", "US")
    assert run(db_url, "list", "--client", "demo", env={"COLUMNS": "80"}).output.splitlines()[0] == (
        "demo: 20 sessions, 8 journal entries, 3 defense notes")
    result = runner.invoke(app, ["analyze", "--client", "demo", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("State: breakthrough")
    result = runner.invoke(app, ["analyze", f"--db={db_url}"])
    assert result.output == "Error: 2 clients are stored (demo, Sam): choose one with --client\n"


def test_import_reports_and_is_idempotent(db, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(EXAMPLE))
    assert run(db, "import", str(path)).output == (
        f"Imported {path} into the record 'Sam': added 1 instrument, 3 sessions, 2 journal entries, 1 defense note.\n")
    assert run(db, "import", str(path)).output == (
        f"Imported {path} into the record 'Sam': skipped 1 instrument, 3 sessions, 2 journal entries, "
        "1 defense note.\n")
    assert json.loads(run(db, "export").output) == EXAMPLE


def test_an_import_changes_fields_not_whole_sessions_and_names_each_change(db_url, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps(EXAMPLE))
    run(db_url, "import", str(path))
    less = {"format": "midcourse/1", "client": {"name": "Sam"},
            "sessions": [{"date": S, "status": "attended", "minutes_late": 5}]}
    path.write_text(json.dumps(less))
    assert run(db_url, "import", str(path)).output == (
        f"Imported {path} into the record 'Sam': updated 1 session.\n"
        "  the session of Mon 5 Jan 2026, 17:00: changed minutes late 0 → 5\n")
    assert json.loads(run(db_url, "export").output)["sessions"][0]["checkin"] == EXAMPLE["sessions"][0]["checkin"]


def test_an_import_for_another_client_asks_for_client(db_url, tmp_path):
    run(db_url, "demo")
    path = tmp_path / "sam.json"
    path.write_text(json.dumps(EXAMPLE))
    result = run(db_url, "import", str(path))
    assert result.exit_code == 1
    assert result.output == (
        "Error: the data is for the client 'Sam', and this database holds only 'demo': choose with --client: "
        "--client Sam starts a record for Sam; --client demo adds it to the record 'demo'\n")
    assert run(db_url, "import", str(path), "--client", "Sam").output == (
        f"Imported {path} into the record 'Sam': added 1 instrument, 3 sessions, 2 journal entries, 1 defense note.\n")


def test_an_import_asks_before_a_second_session_on_a_stored_day(sam, tmp_path):
    path = tmp_path / "day.csv"
    path.write_text("date,status\n2026-01-05,attended\n")
    result = run(sam, "import", str(path))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path} was not imported; nothing was changed:\n"
        "Mon 5 Jan 2026 already has a session (2026-01-05T17:00). To change that session, give the file that "
        "date-time 2026-01-05T17:00; to add a second session on that day, import with --another-on-same-day\n")
    assert run(sam, "import", str(path), "--another-on-same-day").output == (
        f"Imported {path} into the record 'Sam': added 1 session.\n")


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
    assert run(other, "import", str(csv_path)).output == (
        f"Imported {csv_path} into the record 'me': added 20 sessions.\n")
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


def test_list_wraps_instead_of_dropping_columns_at_80_columns(db):
    run(db, "demo")
    result = run(db, "list", env={"COLUMNS": "80"})
    lines = result.output.splitlines()
    assert lines[0] == "demo: 20 sessions, 8 journal entries, 3 defense notes"
    assert lines[1].split() == ["date", "status", "late", "alliance", "depth", "insight", "quit", "after", "scores"]
    assert max(len(line) for line in lines) <= 80
    rows = _rows(lines[3:])
    assert rows[0] == ["2026-06-01T17:00", "attended", "7.3", "6", "6", "0", "good", "PHQ-9", "18"]
    assert rows[7] == ["2026-07-20T17:00", "cancelled", "by", "client"]  # wrapped over lines, nothing cut
    wide = run(db, "list", env={"COLUMNS": "140"}).output.splitlines()
    assert wide[14].split() == ["2026-08-17T17:00", "attended", "20", "4.3", "3", "3", "7", "upset", "PHQ-9", "16"]


def _rows(lines):
    """The words of each row of a table whose rows start at the left edge (wrapped cells continue on
    indented lines)."""
    rows = []
    for line in lines:
        if line and not line[0].isspace():
            rows.append([])
        rows[-1] += line.split()
    return rows


def test_list_journal_numbers_the_entries(db):
    run(db, "demo")
    lines = run(db, "list", "journal", env={"COLUMNS": "80"}).output.splitlines()
    assert lines[0] == "demo: 8 journal entries"
    assert lines[3].split()[:3] == ["1", "2026-06-03", "First"]
    assert max(len(line) for line in lines) <= 80
    assert run(db, "list", "defenses", env={"COLUMNS": "80"}).output.splitlines()[3].split()[:3] == [
        "1", "2026-07-15", "intellectualization"]


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


def test_measure_and_defense_ask_for_what_is_missing(sam):
    result = run(sam, "add", "measure", input="ORS\n31\n")
    assert result.output == ("Instrument (e.g. PHQ-9): ORS\nORS total score: 31\n"
                             "Record 'Sam': the session of Mon 5 Jan 2026, 17:00: added ORS 31.\n")
    result = run(sam, "add", "defense", "--date", "2026-01-06", input="humour\n")
    assert result.output.endswith("Record 'Sam': added the defense note of Tue 6 Jan 2026 (humour).\n")
    assert run(sam, "add", "defense", "sulking", "--date", "2026-01-06").output == (
        "Error: 'sulking' is not in the DMRS catalogue; `midcourse defenses` lists them\n")


def test_gains_table_wraps_at_80_columns(shared_data):
    path = shared_data / "suddengains" / "sgdata.csv"
    columns = ",".join(f"bdi_s{i}" for i in range(1, 13))
    result = runner.invoke(app, ["gains", str(path), "--id-column", "id", "--columns", columns, "--cutoff", "7"],
                           env={"COLUMNS": "80"})
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0] == "24 sudden gains in 15 of 43 people (cutoff 7)"
    assert [w for line in lines[1:3] for w in line.split()] == [
        "score", "score", "mean", "mean", "critical", "id", "kind", "from", "to", "from", "to", "size", "reversal",
        "before", "after", "value"]
    assert lines[4].split() == ["1", "gain", "bdi_s3", "bdi_s4", "34", "23", "11", "True", "35.3333", "22.6667",
                                "2.7764"]

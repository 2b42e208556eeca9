import json

import pytest
from typer.testing import CliRunner

from midcourse.cli import app
from midcourse.demo import demo_document

runner = CliRunner()
BDI = ",".join(f"bdi_s{i}" for i in range(1, 13))


@pytest.fixture
def demo_file(tmp_path):
    """The demo record as a midcourse/1 file."""
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(demo_document()))
    return path


def test_analyze_json_contract(demo_file):
    result = runner.invoke(app, ["analyze", str(demo_file), "--as-of", "2026-08-10", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {"state", "flags", "findings", "next_step", "conversation_starter", "as_of", "measures"} <= set(doc)
    assert doc["state"] == "wall"
    assert doc["as_of"] == "2026-08-10"
    assert doc["flags"] == ["attendance", "quitting", "surface", "stale", "irritation", "not_on_track"]
    assert all({"kind", "summary", "evidence"} <= set(f) for f in doc["findings"])
    phq = doc["measures"][0]
    assert (phq["instrument"], phq["first"], phq["latest"], phq["change"], phq["category"]) == (
        "PHQ-9", 18, 17, -1, "unchanged")
    assert {"rci", "sudden_gains", "sudden_losses"} <= set(phq)


def test_analyze_stored_record_plain_output(tmp_path):
    db = str(tmp_path / "a.db")
    runner.invoke(app, ["--db", db, "demo"])
    result = runner.invoke(app, ["--db", db, "analyze", "--as-of", "2026-07-27"])
    lines = result.output.splitlines()
    assert lines[:9] == [
        "State: wall - You may have hit a wall: a hard but common stage (as of",
        "  2026-07-27)",
        "Next step: This is common, and often a sign of progress. Say it out loud in your",
        "  next session.",
        "Flags: attendance, quitting, surface, stale, irritation",
        "",
        "What midcourse saw:",
        "- Missed, cancelled or late sessions (attendance): 3 avoidance events in the",
        "  last 4 sessions (late, missed or cancelled by me), against 0 in the first 4",
    ]
    assert "    2026-07-20T17:00  session: cancelled with 3 hours' notice (work deadline)" in lines
    assert max(len(line) for line in lines) <= 80  # a terminal of 80 columns


def test_analyze_bad_as_of_and_settings(demo_file, tmp_path):
    result = runner.invoke(app, ["analyze", str(demo_file), "--as-of", "yesterday"])
    assert (result.exit_code, result.output) == (1, "Error: --as-of: 'yesterday' is not an ISO 8601 date\n")
    bad = tmp_path / "s.toml"
    bad.write_text("nope = 1\n")
    result = runner.invoke(app, ["analyze", str(demo_file), "--settings", str(bad)])
    assert result.output == f"Error: {bad}: unknown setting 'nope' (see docs/assessment.md)\n"


def test_analyze_crisis_leads_with_safety(tmp_path):
    doc = demo_document()
    doc["journal"].append({"date": "2026-10-13", "text": "I don't want to be alive anymore."})
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc))
    lines = runner.invoke(app, ["analyze", str(path)]).output.splitlines()
    assert lines[0] == "SAFETY FIRST"
    assert lines[1].startswith("  If you might act on thoughts of ending your life")


def test_gains_json_on_sgdata(shared_data):
    path = shared_data / "suddengains" / "sgdata.csv"
    result = runner.invoke(app, ["gains", str(path), "--id-column", "id", "--columns", BDI, "--cutoff", "7",
                                 "--format", "json"])
    rows = json.loads(result.output)
    assert len(rows) == 24
    assert rows[0] == {"id": "1", "pregain_column": "bdi_s3", "postgain_column": "bdi_s4", "kind": "gain",
                       "pregain_index": 2, "postgain_index": 3, "pregain_score": 34, "postgain_score": 23,
                       "magnitude": 11, "reversal": True, "pre_mean": 35.3333, "post_mean": 22.6667,
                       "critical_value": 2.7764}
    assert sum(r["reversal"] for r in rows) == 4


def test_gains_cutoff_from_reliability(shared_data):
    path = shared_data / "suddengains" / "sgdata.csv"
    result = runner.invoke(app, ["gains", str(path), "--id-column", "id", "--columns", BDI,
                                 "--reliability", "0.931", "--sd-column", "bdi_s0"])
    assert "(cutoff 4.657)" in result.output


def test_gains_csv_and_losses(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("pid,s1,s2,s3,s4,s5,s6\na,10,10,10,25,25,25\nb,30,30,30,10,10,NA\n")
    args = ["gains", str(path), "--id-column", "pid", "--columns", "s1,s2,s3,s4,s5,s6", "--cutoff", "7"]
    gains_csv = runner.invoke(app, [*args, "--format", "csv"]).output.splitlines()
    assert gains_csv[1] == "b,gain,s3,s4,30,10,20,False,30.0,10.0,3.1824"
    losses = json.loads(runner.invoke(app, [*args, "--losses", "--format", "json"]).output)
    assert [(r["id"], r["kind"], r["magnitude"]) for r in losses] == [("a", "loss", -15)]


def test_gains_errors(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("pid,s1,s2,s3,s4\na,10,x,10,25\n")
    base = ["gains", str(path), "--id-column", "pid", "--columns", "s1,s2,s3,s4"]
    assert runner.invoke(app, base).output == "Error: give either --cutoff, or --reliability with --sd-column\n"
    assert runner.invoke(app, [*base, "--cutoff", "7"]).output == (
        f"Error: {path}: line 2, column s2: 'x' is not a number\n")
    result = runner.invoke(app, ["gains", str(path), "--id-column", "id", "--columns", "s1,s2,s3,s4",
                                 "--cutoff", "7"])
    assert result.output == f"Error: {path}: no column id (columns: pid, s1, s2, s3, s4)\n"


def test_reliable_change_json(tmp_path):
    path = tmp_path / "rc.csv"
    path.write_text("id,pre,post\n1,50,42\n2,50,46\n3,50,58\n4,,40\n5,40,30\n")
    result = runner.invoke(app, ["reliable-change", str(path), "--id-column", "id", "--pre", "pre",
                                 "--post", "post", "--worse", "higher", "--reliability", "0.8", "--sd", "5",
                                 "--cutoff", "45", "--format", "json"])
    doc = json.loads(result.output)
    assert [p["rci"] for p in doc["people"]] == [-2.5298, -1.2649, 2.5298, None, -3.1623]
    assert [p["category"] for p in doc["people"]] == ["recovered", "unchanged", "deteriorated", None,
                                                      "recovered"]
    assert doc["summary"] == {"recovered": 2, "improved": 0, "unchanged": 1, "deteriorated": 1, "harmed": 0,
                              "missing": 1}


def test_reliable_change_functional_population_and_default_sd(tmp_path):
    path = tmp_path / "rc.csv"
    path.write_text("id,pre,post\n1,30,60\n2,40,45\n3,50,52\n")
    result = runner.invoke(app, ["reliable-change", str(path), "--id-column", "id", "--pre", "pre",
                                 "--post", "post", "--worse", "lower", "--reliability", "0.8",
                                 "--functional-mean", "60", "--functional-sd", "10", "--format", "json"])
    doc = json.loads(result.output)
    assert doc["parameters"]["sd"] == 10.0
    assert doc["parameters"]["cutoff"] == 50.0  # c = (10*60 + 10*40) / 20
    assert [p["category"] for p in doc["people"]] == ["recovered", "unchanged", "unchanged"]


def test_reliable_change_threshold_table(tmp_path):
    path = tmp_path / "rc.csv"
    path.write_text("id,pre,post\n1,20,10\n")
    result = runner.invoke(app, ["reliable-change", str(path), "--id-column", "id", "--pre", "pre",
                                 "--post", "post", "--worse", "higher", "--threshold", "6"],
                           env={"COLUMNS": "120"})
    assert "improved 1; unchanged 0; deteriorated 0; missing 0" in result.output


def test_report_formats(demo_file, tmp_path):
    md = runner.invoke(app, ["report", str(demo_file), "--as-of", "2026-08-10"])
    assert md.stdout.startswith("# midcourse assessment, 2026-08-10\n")
    assert "*A draft: change it as you like.*" in md.stdout and "[!" not in md.stdout  # plain Markdown
    html = tmp_path / "r.html"
    runner.invoke(app, ["report", str(demo_file), "--format", "html", "-o", str(html)])
    page = html.read_text()
    assert "<style>" in page and "<svg" in page and "You may have hit a wall" not in page
    assert "Something has shifted for the better" in page
    pdf = tmp_path / "r.pdf"
    result = runner.invoke(app, ["report", str(demo_file), "--format", "pdf", "-o", str(pdf)])
    assert result.exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_caseload_lists_clients_most_urgent_first(tmp_path):
    from midcourse.store import Store
    from midcourse.validation import parse_record

    db = str(tmp_path / "clinic.db")
    with Store(db) as store:
        store.save("Robin", parse_record(demo_document()))
        doc = demo_document()
        doc["journal"].append({"date": "2026-10-13", "text": "I don't want to be alive anymore."})
        store.save("Alex", parse_record(doc))
        store.save("Sam", parse_record({"format": "midcourse/1", "sessions": [
            {"date": "2026-10-01", "status": "attended"}]}))
    rows = json.loads(runner.invoke(app, ["--db", db, "caseload", "--json"]).stdout)
    assert [(r["client"], r["state"]) for r in rows] == [("Alex", "crisis"), ("Robin", "breakthrough"),
                                                         ("Sam", "early")]
    assert rows[0]["flags"][0] == "crisis" and rows[0]["last_session"] == "2026-10-12T17:00"
    later = json.loads(runner.invoke(app, ["--db", db, "caseload", "--as-of", "2026-12-01", "--json"]).stdout)
    assert [(r["client"], r["state"], r["as_of"]) for r in later] == [
        ("Alex", "paused", "2026-12-01"), ("Robin", "paused", "2026-12-01"), ("Sam", "paused", "2026-12-01")]
    earlier = json.loads(runner.invoke(app, ["--db", db, "caseload", "--as-of", "2026-08-10", "--json"]).stdout)
    assert [(r["client"], r["state"], r["last_session"]) for r in earlier] == [
        ("Alex", "wall", "2026-08-10T17:00"), ("Robin", "wall", "2026-08-10T17:00"), ("Sam", "insufficient_data", None)]


def test_analyze_each_session_writes_one_json_line_per_session_date(demo_file, tmp_path):
    from midcourse.history import session_dates
    from midcourse.validation import load_record

    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "midcourse/1", "sessions": [
        {"date": "2026-10-01T17:00", "status": "attended"}, {"date": "2026-10-08T17:00", "status": "no_show"},
        {"date": "2026-10-15T17:00", "status": "planned"}]}))
    result = runner.invoke(app, ["analyze", str(demo_file), str(other), "--each-session", "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    dates = [d.isoformat() for d in session_dates(load_record(demo_file))]
    assert [(x["record"], x["as_of"]) for x in lines] == [(str(demo_file), d) for d in dates] + [
        (str(other), "2026-10-01"), (str(other), "2026-10-08")]
    assert lines[0]["state"] == "early" and lines[len(dates) - 1]["state"] == "breakthrough"
    assert {"state", "flags", "findings", "next_step"} <= set(lines[0])


def test_analyze_several_records_need_each_session(demo_file):
    result = runner.invoke(app, ["analyze", str(demo_file), str(demo_file)])
    assert (result.exit_code, result.output) == (1, "Error: give one record, or several with --each-session\n")


# Research parameters are checked before anything divides by them (issue 16).

@pytest.fixture
def change_file(tmp_path):
    """Pre and post scores; two people share the same pre score, one has none."""
    path = tmp_path / "change.csv"
    path.write_text("id,pre,post,same,empty\n1,20,10,5,\n2,20,18,5,NA\n3,,12,5,\n")
    return path


@pytest.mark.parametrize(("extra", "message"), [
    (["--reliability", ".8", "--sd", "0"], "--sd: 0 is out of range (it must be above 0)"),
    (["--reliability", "1", "--sd", "5"], "--reliability: 1 is out of range (it must be above 0 and below 1)"),
    (["--reliability", "-3", "--sd", "5"], "--reliability: -3 is out of range (it must be above 0 and below 1)"),
    (["--reliability", ".8"], "{path}: the pre scores of the complete cases do not vary (SD 0): give --sd"),
    (["--threshold", "5", "--cutoff", "nan"], "--cutoff: nan is not a finite number"),
    (["--threshold", "5", "--functional-mean", "3", "--functional-sd", "2", "--pre", "empty"],
     "{path}: column empty has no scores: the clinical mean for the cutoff cannot be computed"),
])
def test_reliable_change_refuses_parameters_that_break_it(change_file, extra, message):
    pre = [] if "--pre" in extra else ["--pre", "pre"]
    base = ["reliable-change", str(change_file), "--id-column", "id", *pre, "--post", "post", "--worse", "higher"]
    result = runner.invoke(app, base + extra)
    if "--reliability" in extra and "--sd" not in extra:  # identical pre scores of the complete cases
        result = runner.invoke(app, ["reliable-change", str(change_file), "--id-column", "id", "--pre", "same",
                                     "--post", "post", "--worse", "higher", *extra])
    assert result.exit_code == 1
    assert result.output == f"Error: {message.format(path=change_file)}\n"


@pytest.mark.parametrize(("extra", "message"), [
    (["--reliability", "2", "--sd-column", "s1"], "--reliability: 2 is out of range (it must be above 0 and below 1)"),
    (["--cutoff", "nan"], "--cutoff: nan is not a finite number"),
    (["--cutoff", "-1"], "--cutoff: -1 is out of range (it must be above 0)"),
    (["--cutoff", "5", "--pct", "inf"], "--pct: inf is not a finite number"),
])
def test_gains_refuses_parameters_that_break_it(tmp_path, extra, message):
    path = tmp_path / "wide.csv"
    path.write_text("id,s1,s2,s3,s4\na,30,28,10,9\n")
    result = runner.invoke(app, ["gains", str(path), "--id-column", "id", "--columns", "s1,s2,s3,s4", *extra])
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"


def test_research_csv_may_be_semicolon_separated_and_cells_may_be_long(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("id;pre;post;note\n1;20,5;10;" + "x" * 200_000 + "\n")
    result = runner.invoke(app, ["reliable-change", str(path), "--id-column", "id", "--pre", "pre", "--post", "post",
                                 "--worse", "higher", "--threshold", "5", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["people"][0]["pre"] == 20.5


def test_a_stored_instrument_with_reliability_1_does_not_break_analyze_or_caseload(tmp_path):
    from midcourse.demo import demo_record
    from midcourse.store import Store

    record = demo_record()
    record.instruments = {"PHQ-9": {"min": 0, "max": 27, "worse": "higher", "reliability": 1, "sd": 0}}
    db = str(tmp_path / "old.db")
    with Store(db) as store:
        store.save("demo", record)  # as a record stored before validation refused it
    for command in (["analyze", "--json"], ["report"], ["caseload"]):
        result = runner.invoke(app, ["--db", db, *command])
        assert result.exit_code == 0, (command, result.output)


def test_as_of_in_year_one_is_an_error_not_an_overflow(demo_file):
    result = runner.invoke(app, ["analyze", str(demo_file), "--as-of", "0001-01-01"])
    assert result.exit_code == 1
    assert result.output == "Error: --as-of: the year 0001 is outside 1900-2999\n"

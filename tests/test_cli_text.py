import json

from typer.testing import CliRunner

from midcourse.cli import app

runner = CliRunner()


def test_signals_answers_every_line_in_order(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "I keep thinking about quitting therapy."}\n'
                    "oops\n"
                    '{"id": "b", "text": "I quit smoking."}\n'
                    '{"id": 3, "text": "I felt judged. Some nights I hope I don\'t wake up."}\n')
    result = runner.invoke(app, ["text", "signals", str(path)])
    assert result.exit_code == 0
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert lines[0]["id"] == "a" and lines[0]["signals"] == ["quitting"]
    assert lines[0]["evidence"] == {"quitting": "I keep thinking about quitting therapy."}
    assert lines[1] == {"id": None, "line": 2, "error": "line 2: not JSON (Expecting value at column 1)"}
    assert lines[2] == {"id": "b", "signals": [], "evidence": {}, "spans": {}}
    assert lines[3]["signals"] == ["irritation", "crisis"]


def test_signals_reads_standard_input():
    result = runner.invoke(app, ["text", "signals", "-"], input='{"id": 1, "text": "Same old stuff."}\n')
    assert json.loads(result.output)["signals"] == ["stale"]


def test_talk_type_lines(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 1, "text": "I really want to cut down, for my kids."}\n{"id": 2}\n')
    lines = [json.loads(x) for x in runner.invoke(app, ["text", "talk-type", str(path)]).output.splitlines()]
    assert lines[0]["id"] == 1 and lines[0]["talk_type"] == "change"
    assert 0 < lines[0]["confidence"] <= 1
    assert lines[1] == {"id": 2, "line": 2, "error": 'line 2: "text" is missing or not a string'}


def test_missing_file():
    result = runner.invoke(app, ["text", "signals", "nope.jsonl"])
    assert (result.exit_code, result.output) == (1, "Error: nope.jsonl: no such file\n")


def test_talk_type_reads_the_context_and_says_how_far_to_trust_the_label(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 1, "text": "Yeah.", "context": "So you would like to drink less?"}\n'
                    '{"id": 2, "text": "Yeah."}\n'
                    '{"id": 3, "text": "   "}\n'
                    '{"id": 4, "text": "Some nights I think everyone would be better off without me."}\n')
    lines = [json.loads(x) for x in runner.invoke(app, ["text", "talk-type", str(path)]).output.splitlines()]
    assert lines[0]["context_used"] is True and lines[1]["context_used"] is False
    assert all(0 < line["trust"] < 1 for line in lines[:2])
    assert lines[2] == {"id": 3, "line": 3, "error": 'line 3: "text" is empty'}
    assert lines[3]["crisis"] is True and lines[3]["trust"] is None
    assert lines[3]["note"] == "a crisis statement: change, neutral and sustain talk do not describe it"


def test_signals_catch_new_wording_by_meaning(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 1, "text": "Good week. I keep finding reasons to move my Thursday slot."}\n'
                    '{"id": 2, "text": "I keep finding reasons to move my Thursday slot."}\n')
    by_meaning = [json.loads(x) for x in runner.invoke(app, ["text", "signals", str(path)]).output.splitlines()]
    assert by_meaning[0] == {"id": 1, "signals": ["quitting"],
                             "evidence": {"quitting": "I keep finding reasons to move my Thursday slot."},
                             "spans": {"quitting": [11, 59]}}
    rules = [json.loads(x) for x in runner.invoke(app, ["text", "signals", "--rules-only", str(path)]).output.splitlines()]
    assert rules[1]["signals"] == []

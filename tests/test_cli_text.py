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

import json

from midcourse.text.jsonl import answer


def upper(texts):
    return [{"upper": t.upper()} for t in texts]


def test_every_line_is_answered_in_order_with_errors_naming_the_line():
    lines = ['{"id": 1, "text": "a"}', "not json", "", '{"id": 2}', '["x"]', '{"id": "c", "text": "b"}']
    out = [json.loads(line) for line in answer(lines, upper, batch=2)]
    assert out == [
        {"id": 1, "upper": "A"},
        {"id": None, "line": 2, "error": "line 2: not JSON (Expecting value at column 1)"},
        {"id": 2, "line": 4, "error": 'line 4: "text" is missing or not a string'},
        {"id": None, "line": 5, "error": 'line 5: expected an object with "id" and "text"'},
        {"id": "c", "upper": "B"},
    ]

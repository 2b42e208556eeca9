import json

import pytest
from hypothesis import given

from midcourse.text.jsonl import answer, parse_lines
from tests.strategies import jsonl_lines


def upper(items):
    """A handler that answers each text in upper case (and its context, when given)."""
    return [{"upper": i.text.upper(), **({"context": i.context} if i.context is not None else {})} for i in items]


def test_every_line_is_answered_in_order_with_errors_naming_the_line():
    lines = ['{"id": 1, "text": "a"}', "not json", "", '{"id": 2}', '["x"]', '{"id": "c", "text": "b"}',
             '{"id": 7, "text": "   "}', '{"id": 8, "text": "x", "context": 3}', '{"id": 9, "text": "y", "context": "q"}']
    out = [json.loads(line) for line in answer(lines, upper, batch=2)]
    assert out == [
        {"id": 1, "upper": "A"},
        {"id": None, "line": 2, "error": "line 2: not JSON (Expecting value at column 1)"},
        {"id": 2, "line": 4, "error": 'line 4: "text" is missing or not a string'},
        {"id": None, "line": 5, "error": 'line 5: expected an object with "id" and "text"'},
        {"id": "c", "upper": "B"},
        {"id": 7, "line": 7, "error": 'line 7: "text" is empty'},
        {"id": 8, "line": 8, "error": 'line 8: "context" is not a string'},
        {"id": 9, "upper": "Y", "context": "q"},
    ]


def test_context_is_read_when_given():
    [with_context, without] = parse_lines(['{"id": 1, "text": "Yes.", "context": "Do you want to cut down?"}',
                                           '{"id": 2, "text": "Yes."}'])
    assert (with_context.context, without.context) == ("Do you want to cut down?", None)


def test_a_line_the_handler_fails_on_loses_nothing_else():
    """The handler fails on one text: that line gets an error naming it, the batch's others are answered."""

    def fragile(items):
        if any(i.text == "boom" for i in items):
            raise RuntimeError("cannot read this")
        return upper(items)

    lines = ['{"id": 1, "text": "a"}', '{"id": 2, "text": "boom"}', '{"id": 3, "text": "c"}']
    out = [json.loads(line) for line in answer(lines, fragile, batch=10)]
    assert out == [{"id": 1, "upper": "A"},
                   {"id": 2, "line": 2, "error": "line 2: could not be read (RuntimeError: cannot read this)"},
                   {"id": 3, "upper": "C"}]


def test_hostile_lines_are_error_lines_and_the_rest_is_answered():
    lines = ['{"id": NaN, "text": "a"}', '{"id": 1e400, "text": "b"}', '{"id": ' + "9" * 30 + ', "text": "c"}',
             '{"id": [1], "text": "d"}', '{"id": 5, "text": "half \\udc80"}', "[" * 100_000,
             '{"id": 6, "text": "' + "x" * 200_001 + '"}', '{"id": 7, "text": "fine"}']
    out = [json.loads(line) for line in answer(lines, upper)]
    assert out == [
        {"id": None, "line": 1, "error": "line 1: NaN is not a JSON value (write null for a missing number)"},
        {"id": None, "line": 2, "error": 'line 2: "id" is a number too large to echo exactly: give it as text'},
        {"id": None, "line": 3, "error": 'line 3: "id" is a number too large to echo exactly: give it as text'},
        {"id": None, "line": 4, "error": 'line 4: "id" must be text or a number'},
        {"id": None, "line": 5, "error": "line 5: column 25: \\udc80 is half of a character (a lone surrogate), "
                                         "not text"},
        {"id": None, "line": 6, "error": "line 6: column 65: nested deeper than 64 levels"},
        {"id": 6, "line": 7, "error": "line 7: the text has 200,001 characters, more than the limit of 200,000"},
        {"id": 7, "upper": "FINE"},
    ]


@pytest.mark.fuzz
@given(lines=jsonl_lines())
def test_fuzz_every_line_is_answered_with_valid_json(lines):
    from midcourse.text.signals import find_signals

    def rules(items):
        return [{"signals": sorted({s.kind for s in find_signals(i.text)})} for i in items]

    out = list(answer(lines, rules, batch=3))
    assert len(out) == sum(1 for line in lines if line.strip())
    for line in out:
        item = json.loads(line, parse_constant=lambda name: pytest.fail(f"{name} in the output"))
        assert "signals" in item or item["error"].startswith(f"line {item['line']}: ")
        assert "could not be read" not in item.get("error", "")  # the rules never failed on a text

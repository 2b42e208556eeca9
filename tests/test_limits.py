import json

import pytest

from midcourse.limits import InputError, line_col, read_json, surrogate


def test_read_json_reads_ordinary_json_with_brackets_and_quotes_inside_strings():
    text = '{"a": [1, "x]]]\\"[{", {"b": -2.5e3}], "c": "\\ud83d\\ude00"}'
    assert read_json(text) == {"a": [1, 'x]]]"[{', {"b": -2500.0}], "c": "\U0001F600"}


def test_read_json_bounds_the_nesting_in_linear_time():
    with pytest.raises(InputError, match=r"^line 2, column 66: nested deeper than 64 levels$"):
        read_json("\n " + "[" * 100_000)
    assert read_json("[" * 64 + "]" * 64) is not None


def test_long_integers_become_floats_that_range_checks_can_refuse():
    assert read_json("1" * 20) == int("1" * 20)
    assert read_json("1" * 21) == float("1" * 21)
    assert read_json("9" * 5000) == float("inf")


def test_an_unterminated_string_is_left_to_json_to_report():
    with pytest.raises(json.JSONDecodeError):
        read_json('["' + '\\"' * 100_000)


def test_lone_surrogates_are_refused_with_their_place():
    with pytest.raises(InputError, match=r"^line 3, column 6: \\udc00 is half"):
        read_json('{\n"k":\n "ok \\uDC00"}')
    assert surrogate("fine \U0001F600") is None and surrogate("x\udc80") == "\\udc80"


def test_line_col_counts_from_one():
    assert line_col("ab\ncd", 0) == (1, 1) and line_col("ab\ncd", 4) == (2, 2)

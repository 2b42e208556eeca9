import datetime as dt

import pytest

from midcourse.safe_yaml import Refused, YamlError, load, plain


def test_plain_yaml_reads_as_usual():
    assert load("a: 1\nb: [x, 2026-03-01]\nc: {d: true}\n") == {
        "a": 1, "b": ["x", dt.date(2026, 3, 1)], "c": {"d": True}}


@pytest.mark.parametrize(("text", "message"), [
    ("a: &a [*a]", "has a value that contains itself (a recursive alias)"),
    ("x: &x 1\n" + "".join(f"k{i}: *x\n" for i in range(101)), "has more than 100 aliases (*name)"),
    ("a: &a [" + ", ".join(["l"] * 200) + "]\nb: [" + ", ".join(["*a"] * 100) + "]",
     "has more than 20,000 values once its aliases are expanded"),
    ("ok: 1\nbad: b: c", "is not valid YAML (line 2): mapping values are not allowed in this context"),
])
def test_what_yaml_cannot_or_must_not_build_is_a_yaml_error(text, message):
    with pytest.raises(YamlError, match="^" + message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*")):
        load(text)


def test_what_is_not_plain_data_is_refused_by_value():
    data = load("a: !!set {x}\nb: !!omap [{x: 1}]\nc: 0x" + "f" * 30 + "\nd: 12345\n")
    assert data == {"a": Refused("a set"), "b": Refused("an ordered map"), "c": Refused("a number of 32 digits"),
                    "d": 12345}
    assert plain(data) is not None and plain({"d": [1, {"e": dt.date(2026, 1, 1)}]}) is None


def test_impossible_dates_stay_text():
    assert load("d: 2026-02-30\nt: 2026-13-01 10:00:00") == {"d": "2026-02-30", "t": "2026-13-01 10:00:00"}

import copy
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from midcourse.demo import demo_document
from midcourse.validation import RecordError, parse_record
from tests.strategies import records
from tests.test_store import EXAMPLE

ROOT = Path(__file__).resolve().parents[1]


def schema():
    return json.loads(resources.files("midcourse").joinpath("schema/midcourse-1.schema.json").read_text())


def test_schema_in_docs_is_the_one_in_the_package():
    assert json.loads((ROOT / "docs" / "midcourse-1.schema.json").read_text()) == schema()


@pytest.mark.parametrize("doc", [EXAMPLE, demo_document(), {"format": "midcourse/1"}])
def test_valid_records_match_the_schema(doc):
    jsonschema.validate(doc, schema())


@pytest.mark.parametrize("doc", [
    {"sessions": []},
    {"format": "midcourse/1", "sessions": [{"date": "2026-01-05"}]},
    {"format": "midcourse/1", "sessions": [{"date": "2026-01-05", "status": "late"}]},
    {"format": "midcourse/1", "sessions": [{"date": "2026-01-05", "status": "attended", "checkin": {"bond": 11}}]},
    {"format": "midcourse/1", "instruments": {"X": {"min": 0, "max": 5, "worse": "higher", "sd": 3}}},
])
def test_invalid_records_fail_the_schema(doc):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema())


@settings(max_examples=60, deadline=None)
@given(doc=records())
def test_every_valid_record_matches_the_schema(doc):
    jsonschema.validate(doc, schema())


# What the validator checks beyond the schema: rules across fields and values the schema cannot
# express (a calendar date that matches the pattern but does not exist, names of a catalogue, ...).
BEYOND_THE_SCHEMA = (
    "appears twice", "unknown instrument", "the instrument's minimum", "the instrument's maximum",
    "not in the DMRS catalogue", "is not an ISO 8601 date", "the items add up to",
    "a check-in belongs to an attended session", "lateness applies only to attended sessions",
    "a planned session has no scores yet", "is not above min", "contains a NUL character",
    "the scale's minimum", "the scale's maximum",  # a cutoff outside its instrument's range
)
MUTANTS = [None, "x", "", -1, 11, 1.5, 4, True, [], {}, [1], {"zz": 1}, "2026-13-05", "2026-01-05T17",
           "2026-01-05", "attended", "planned", "safe", "higher", 10**6]


def _paths(value, path=()):
    """Every place in a JSON document (objects' keys and lists' positions), the root excepted."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield (*path, key)
            yield from _paths(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield (*path, i)
            yield from _paths(inner, (*path, i))


@st.composite
def mutated(draw):
    """A valid document with one change: a value replaced, a field removed, or an unknown field added."""
    doc = copy.deepcopy(draw(records()))
    paths = list(_paths(doc))
    path = draw(st.sampled_from(paths))
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    how = draw(st.sampled_from(["replace", "remove", "add"]))
    if how == "replace":
        parent[path[-1]] = draw(st.sampled_from(MUTANTS))
    elif how == "remove":
        del parent[path[-1]]
    elif isinstance(parent[path[-1]], dict):
        parent[path[-1]]["zz"] = 1
    else:
        parent[path[-1]] = draw(st.sampled_from(MUTANTS))
    return doc


def _validator_accepts(doc):
    try:
        parse_record(doc)
    except RecordError as exc:
        return exc
    return None


@settings(max_examples=60, deadline=None)
@given(doc=records())
def test_the_validator_accepts_every_generated_record(doc):
    assert _validator_accepts(doc) is None


@settings(max_examples=400, deadline=None)
@given(doc=mutated())
def test_schema_and_validator_agree_on_mutated_records(doc):
    """The validator never accepts what the schema refuses; where it refuses what the schema accepts,
    it is for a rule the schema cannot express."""
    schema_errors = list(Draft202012Validator(schema(), format_checker=None).iter_errors(doc))
    problem = _validator_accepts(doc)
    if schema_errors:
        assert problem is not None, f"the validator accepted what the schema refuses: {schema_errors[0].message}"
    elif problem is not None:
        for line in problem.problems:
            assert any(rule in line for rule in BEYOND_THE_SCHEMA), line

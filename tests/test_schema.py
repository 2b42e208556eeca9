import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

from midcourse.demo import demo_document
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
